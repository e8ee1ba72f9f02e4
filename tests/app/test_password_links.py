"""Links to set a password (invitations and resets) and the pages that use them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import (
    AuditEvent,
    EmailStatus,
    LinkPurpose,
    LoginSession,
    OutboxEmail,
    PasswordLink,
    User,
)
from quiz.models.people import utcnow
from quiz.services.password_links import (
    LinkRefused,
    LinkState,
    check_link,
    issue_link,
    set_password_with_link,
)
from tests.conftest import Browser, html, text_of
from tests.seed import PASSWORD

NEW_PASSWORD = "harbour kettle lantern"


@pytest.fixture
def newcomer(app, team):
    """Someone an administrator added: no password yet."""
    person = User(email="nia.new@example.org", name="Nia New", team=team)
    db.session.add(person)
    db.session.commit()
    return person


# The links themselves, without a request -----------------------------------------------


def test_a_link_works_once(newcomer):
    token = issue_link(newcomer, LinkPurpose.INVITATION)
    db.session.commit()
    assert check_link(token).state is LinkState.USABLE
    set_password_with_link(token, NEW_PASSWORD)
    db.session.commit()
    assert check_link(token).state is LinkState.USED
    with pytest.raises(LinkRefused) as refused:
        set_password_with_link(token, "another quiet meadow")
    assert refused.value.state is LinkState.USED


def test_an_invitation_expires_after_72_hours(newcomer):
    issued = utcnow()
    token = issue_link(newcomer, LinkPurpose.INVITATION, now=issued)
    db.session.commit()
    assert check_link(token, issued + timedelta(hours=71, minutes=59)).usable
    assert check_link(token, issued + timedelta(hours=72)).state is LinkState.EXPIRED
    with pytest.raises(LinkRefused):
        set_password_with_link(token, NEW_PASSWORD, now=issued + timedelta(hours=73))
    db.session.rollback()
    assert db.session.get(User, newcomer.id).password_hash is None


def test_a_reset_link_expires_sooner(newcomer):
    issued = utcnow()
    token = issue_link(newcomer, LinkPurpose.PASSWORD_RESET, now=issued)
    assert check_link(token, issued + timedelta(hours=2)).state is LinkState.EXPIRED


def test_a_new_link_replaces_the_older_one(newcomer):
    first = issue_link(newcomer, LinkPurpose.INVITATION)
    second = issue_link(newcomer, LinkPurpose.INVITATION)
    assert check_link(first).state is LinkState.USED
    assert check_link(second).usable


def test_only_a_hash_of_the_token_is_stored(newcomer):
    token = issue_link(newcomer, LinkPurpose.INVITATION)
    db.session.commit()
    stored = db.session.scalars(select(PasswordLink.token_hash)).all()
    assert token not in stored and len(stored[0]) == 64


@pytest.mark.parametrize("token", ["", "nonsense", "x" * 5000])
def test_unknown_links_do_not_work(app, token):
    assert check_link(token).state is LinkState.UNKNOWN


def test_a_deactivated_persons_link_does_not_work(newcomer):
    token = issue_link(newcomer, LinkPurpose.INVITATION)
    newcomer.active = False
    db.session.commit()
    assert check_link(token).state is LinkState.UNKNOWN


def test_a_weak_password_leaves_the_link_usable(newcomer):
    from quiz.services.accounts import AccountError

    token = issue_link(newcomer, LinkPurpose.INVITATION)
    db.session.commit()
    with pytest.raises(AccountError, match="at least 12 characters"):
        set_password_with_link(token, "short")
    with pytest.raises(AccountError, match="name or email"):
        set_password_with_link(token, "nia.new is my password")
    assert check_link(token).usable


# The pages --------------------------------------------------------------------------------


def test_setting_a_password_through_the_link_then_signing_in(web, newcomer):
    token = issue_link(newcomer, LinkPurpose.INVITATION)
    db.session.commit()
    page = web.page(f"/set-password/{token}")
    assert "Set your password" in text_of(page)
    assert "nia.new@example.org" in text_of(page)
    response = web.submit(f"/set-password/{token}", {"new_password": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    # Nobody is signed in by the link itself.
    assert db.session.scalar(select(LoginSession.id)) is None
    assert "Your password is set" in text_of(web.page("/sign-in"))
    web.sign_in(db.session.get(User, newcomer.id), NEW_PASSWORD)
    events = db.session.scalars(select(AuditEvent.action)).all()
    assert "password.set" in events


def test_a_used_link_shows_a_clear_page(web, newcomer):
    token = issue_link(newcomer, LinkPurpose.INVITATION)
    db.session.commit()
    web.submit(f"/set-password/{token}", {"new_password": NEW_PASSWORD})
    response = web.get(f"/set-password/{token}")
    assert response.status_code == 200
    assert "This link has already been used" in text_of(html(response))
    again = web.submit(
        f"/set-password/{token}", {"new_password": "another quiet meadow"}, form_url="/sign-in"
    )
    assert "This link has already been used" in text_of(html(again))


def test_an_expired_link_shows_a_clear_page(web, newcomer):
    token = issue_link(newcomer, LinkPurpose.INVITATION, now=utcnow() - timedelta(hours=73))
    db.session.commit()
    page = web.page(f"/set-password/{token}")
    assert "This link has expired" in text_of(page)
    assert page.find("a", href="/forgotten-password")


@pytest.mark.parametrize("token", ["nonsense", "x" * 3000, "%00", "..%2f..%2fetc"])
def test_bad_links_show_a_clear_page(web, token):
    response = web.get(f"/set-password/{token}")
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "This link does not work" in text_of(html(response))


def test_a_weak_password_is_named_beside_the_field(web, newcomer):
    token = issue_link(newcomer, LinkPurpose.INVITATION)
    db.session.commit()
    response = web.submit(f"/set-password/{token}", {"new_password": "password1234"})
    page = html(response)
    assert response.status_code == 200
    assert page.title.text.startswith("Error:")
    assert "too common" in text_of(page.find(class_="govuk-error-summary"))
    assert check_link(token).usable


def test_a_reset_ends_every_session_of_theirs(app, web, make_user):
    person = make_user()
    elsewhere = Browser(app)
    elsewhere.sign_in(person)
    assert elsewhere.get("/account").status_code == 200
    token = issue_link(person, LinkPurpose.PASSWORD_RESET)
    db.session.commit()
    web.submit(f"/set-password/{token}", {"new_password": NEW_PASSWORD})
    assert elsewhere.get("/account").status_code == 302
    assert "reset" in " ".join(db.session.scalars(select(AuditEvent.action)).all())


# Forgotten password -------------------------------------------------------------------


def test_the_sign_in_page_offers_a_reset(web):
    page = web.page("/sign-in")
    assert page.find("a", href="/forgotten-password", string="Forgotten your password?")
    assert "Ask your administrator to reset it" not in text_of(page)


def test_a_reset_is_emailed_and_its_link_sets_the_password(web, make_user, mail):
    person = make_user()
    response = web.submit("/forgotten-password", {"email": person.email.upper()})
    assert response.status_code == 200
    assert "Check your email" in text_of(html(response))
    [received] = mail.to(person.email)
    assert received.subject == "Reset your password for Briefing Quiz"
    link = received.password_link()
    assert link.startswith("http://127.0.0.1:5000/set-password/")
    path = link.removeprefix("http://127.0.0.1:5000")
    web.submit(path, {"new_password": NEW_PASSWORD})
    web.sign_in(db.session.get(User, person.id), NEW_PASSWORD)
    [row] = db.session.scalars(select(OutboxEmail)).all()
    assert (row.status, row.kind, row.recipient) == (
        EmailStatus.SENT,
        "password-reset",
        person.email,
    )


def test_an_unknown_email_gets_the_same_answer_and_no_email(web, make_user, mail):
    person = make_user()
    known = web.submit("/forgotten-password", {"email": person.email})
    unknown = web.submit("/forgotten-password", {"email": "nobody@example.org"})

    def answer(response) -> str:
        return (
            text_of(html(response))
            .replace(person.email, "EMAIL")
            .replace("nobody@example.org", "EMAIL")
        )

    assert answer(known) == answer(unknown)
    assert [r.recipients for r in mail.received] == [[person.email]]


def test_the_page_is_answered_before_the_mail_server_is_asked(web, make_user, mail):
    """A known email's page must not take longer than an unknown one's: the link is made
    and sent only once the page has been sent (when the server closes the response)."""
    person = make_user()
    pages = {}
    for email in (person.email, "nobody@example.org"):
        token = web.csrf_token("/forgotten-password")
        with web.app.app_context():
            pages[email] = web.client.post(
                "/forgotten-password",
                data={"csrf_token": token, "email": email},
                buffered=False,
            )
        web._see_changes()
        assert "Check your email" in pages[email].get_data(as_text=True)
    assert mail.received == []
    assert db.session.scalars(select(PasswordLink)).all() == []
    for response in pages.values():
        response.close()
    assert [r.recipients for r in mail.received] == [[person.email]]
    db.session.rollback()
    [sent] = db.session.scalars(select(OutboxEmail)).all()
    assert sent.status == EmailStatus.SENT


def test_a_reset_link_is_built_from_base_url_not_the_host_header(web, make_user, mail):
    person = make_user()
    token = web.csrf_token("/forgotten-password")
    web.post(
        "/forgotten-password",
        data={"csrf_token": token, "email": person.email},
        headers={"Host": "evil.example"},
    )
    for received in mail.received:
        assert "evil.example" not in received.body


def test_without_a_mail_server_the_page_says_it_went_to_the_console(web, make_user, capsys):
    person = make_user()
    page = html(web.submit("/forgotten-password", {"email": person.email}))
    assert "Email is not set up: the message was written to the server's console." in text_of(page)
    written = capsys.readouterr().out
    assert f"To: {person.email}" in written and "/set-password/" in written
    [row] = db.session.scalars(select(OutboxEmail)).all()
    assert row.status == EmailStatus.CONSOLE


def test_a_mail_server_that_refuses_records_a_failure_and_says_nothing_else(web, make_user, mail):
    person = make_user()
    mail.refuse_messages = True
    response = web.submit("/forgotten-password", {"email": person.email})
    assert "Check your email" in text_of(html(response))
    [row] = db.session.scalars(select(OutboxEmail)).all()
    assert row.status == EmailStatus.FAILED and "554" in row.error


def test_reset_requests_are_throttled_like_sign_in(app, web, make_user):
    app.config["SIGN_IN_FAILURE_LIMIT"] = "3 per 5 minutes"
    person = make_user()
    for _ in range(3):
        assert web.submit("/forgotten-password", {"email": person.email}).status_code == 200
    response = web.submit("/forgotten-password", {"email": person.email})
    assert response.status_code == 429
    assert db.session.query(PasswordLink).count() == 3


def test_an_empty_reset_form_names_the_field(web):
    page = html(web.submit("/forgotten-password", {"email": ""}))
    assert "Enter your email address" in text_of(page.find(class_="govuk-error-summary"))


def test_a_deactivated_person_gets_no_reset(web, make_user, mail):
    person = make_user()
    person.active = False
    db.session.commit()
    web.submit("/forgotten-password", {"email": person.email})
    assert mail.received == []


def test_password_for_sign_in_is_unchanged_by_asking_for_a_reset(web, make_user, mail):
    person = make_user()
    web.submit("/forgotten-password", {"email": person.email})
    web.sign_in(person, PASSWORD)
