"""Administrators invite people to set a password, and see which emails failed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import EmailStatus, OutboxEmail, PasswordLink, User
from tests.conftest import html, text_of

NEW_PASSWORD = "harbour kettle lantern"


@pytest.fixture
def admin(login_as):
    return login_as("admin")


def add_people(team, count: int, start: int = 1) -> list[User]:
    people = [
        User(email=f"new{n}@example.org", name=f"New Person {n}", team=team)
        for n in range(start, start + count)
    ]
    db.session.add_all(people)
    db.session.commit()
    return people


def statuses() -> list[tuple[str, str]]:
    return db.session.execute(
        select(OutboxEmail.recipient, OutboxEmail.status).order_by(OutboxEmail.id)
    ).all()


def test_an_administrator_invites_one_person_and_they_set_a_password(admin, team, mail):
    browser, _ = admin
    [person] = add_people(team, 1)
    page = browser.page(f"/admin/people/{person.id}")
    assert page.find("button", string=lambda s: s and "Send an invitation to New Person 1" in s)
    response = browser.submit(
        f"/admin/people/{person.id}/invite", form_url=f"/admin/people/{person.id}"
    )
    assert response.status_code == 302
    page = browser.page(f"/admin/people/{person.id}")
    assert "1 invitation sent." in text_of(page)
    assert "Invitation, sent" in text_of(page)
    assert page.find("button", string=lambda s: s and "Send a new invitation to New Person 1" in s)
    [received] = mail.to(person.email)
    assert received.subject == "Set your password for Briefing Quiz"
    assert "expires in 72 hours" in received.body
    path = received.password_link().removeprefix("http://127.0.0.1:5000")

    from tests.conftest import Browser

    newcomer = Browser(browser.app)
    newcomer.submit(path, {"new_password": NEW_PASSWORD})
    newcomer.sign_in(db.session.get(User, person.id), NEW_PASSWORD)


def test_resending_an_invitation_makes_the_first_link_stop_working(admin, team, mail):
    browser, _ = admin
    [person] = add_people(team, 1)
    url = f"/admin/people/{person.id}"
    browser.submit(f"{url}/invite", form_url=url)
    browser.submit(f"{url}/invite", form_url=url)
    first, second = (r.password_link() for r in mail.to(person.email))
    assert first != second
    prefix = "http://127.0.0.1:5000"
    assert "already been used" in text_of(browser.page(first.removeprefix(prefix)))
    assert "Set your password" in text_of(browser.page(second.removeprefix(prefix)))


def test_someone_with_a_password_is_not_invited(admin, make_user, team, mail):
    browser, _ = admin
    person = make_user(team=team)
    url = f"/admin/people/{person.id}"
    assert not html(browser.get(url)).find(
        "button", string=lambda s: s and "Send an invitation" in s
    )
    browser.submit(f"{url}/invite", form_url=url)
    assert mail.received == []
    assert "cannot be invited" in text_of(browser.page(url))


def test_invite_everyone_without_a_password(admin, team, mail):
    browser, _ = admin
    people = add_people(team, 12)
    people[0].active = False  # left: not invited
    db.session.commit()
    page = browser.page("/admin/people")
    assert page.find(
        "button", string=lambda s: s and "Invite the 11 people who have no password yet" in s
    )
    browser.submit("/admin/people/invite", form_url="/admin/people")
    assert sorted(r.recipients[0] for r in mail.received) == sorted(p.email for p in people[1:])
    page = browser.page("/admin/people")
    assert "11 invitations sent." in text_of(page)
    # Everyone has a link they can still use: no button, and pressing it again sends nothing.
    assert not page.find("button", string=lambda s: s and "Invite the" in s)
    browser.submit("/admin/people/invite", form_url="/admin/people/new")
    assert len(mail.received) == 11


def test_a_refusing_mail_server_marks_nothing_sent_and_the_administrator_sees_why(
    admin, team, mail
):
    browser, _ = admin
    people = add_people(team, 3)
    mail.refuse_recipient = lambda address: address == "new2@example.org"
    browser.submit("/admin/people/invite", form_url="/admin/people")
    assert statuses() == [
        ("new1@example.org", EmailStatus.SENT),
        ("new2@example.org", EmailStatus.FAILED),
        ("new3@example.org", EmailStatus.SENT),
    ]
    assert [r.recipients for r in mail.received] == [["new1@example.org"], ["new3@example.org"]]
    people_page = text_of(browser.page("/admin/people"))
    assert "2 invitations sent." in people_page
    assert "1 invitation could not be sent" in people_page
    assert "1 email could not be sent in the last 7 days" in people_page
    failed = browser.page("/admin/people/emails?status=failed")
    rows = failed.select("tbody tr")
    assert len(rows) == 1
    assert "new2@example.org" in text_of(rows[0]) and "550" in text_of(rows[0])
    # The person's page says so too, and sending again works once the server takes it.
    person_url = f"/admin/people/{people[1].id}"
    assert "Invitation, failed (Refused: 550" in text_of(browser.page(person_url))
    mail.refuse_recipient = lambda address: False
    browser.submit(f"{person_url}/invite", form_url=person_url)
    assert mail.to("new2@example.org")


def test_a_mail_server_that_is_down_fails_every_invitation(admin, team, app):
    from tests.mailserver import free_port

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    browser, _ = admin
    add_people(team, 2)
    browser.submit("/admin/people/invite", form_url="/admin/people")
    assert {status for _, status in statuses()} == {EmailStatus.FAILED}
    # The links exist: the next invitation replaces them.
    assert db.session.query(PasswordLink).count() == 2
    assert "2 invitations could not be sent" in text_of(browser.page("/admin/people"))


def test_without_a_mail_server_the_page_says_where_the_invitation_went(admin, team, capsys):
    browser, _ = admin
    [person] = add_people(team, 1)
    url = f"/admin/people/{person.id}"
    browser.submit(f"{url}/invite", form_url=url)
    assert "Email is not set up: the message was written to the server's console." in text_of(
        browser.page(url)
    )
    assert "/set-password/" in capsys.readouterr().out
    assert statuses() == [(person.email, EmailStatus.CONSOLE)]


def test_the_emails_page_lists_newest_first_and_filters(admin, team, mail):
    browser, _ = admin
    add_people(team, 2)
    browser.submit("/admin/people/invite", form_url="/admin/people")
    page = browser.page("/admin/people/emails")
    assert "2 emails" in text_of(page)
    assert "No emails match" in text_of(browser.page("/admin/people/emails?status=failed"))
    assert browser.get("/admin/people/emails?status=nonsense&page=99999999999").status_code in (
        200,
        404,
    )
