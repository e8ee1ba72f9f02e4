"""Sign-in, sign-out and who may open which page."""

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import LoginSession
from tests.conftest import PASSWORD, Browser, html, text_of

PROTECTED_PAGES = [
    "/",
    "/briefings/joe-aged-six",
    "/briefings/joe-aged-six/confidence",
    "/briefings/joe-aged-six/questions/1",
    "/briefings/joe-aged-six/check",
    "/briefings/joe-aged-six/result",
    "/briefings/joe-aged-six/reflect",
    "/briefings/joe-aged-six/record",
    "/teams/",
    "/teams/1",
    "/teams/1/report.csv",
    "/authoring/",
    "/authoring/themes/1/questions/new",
    "/authoring/questions/1",
    "/admin/people",
]


@pytest.mark.parametrize("path", PROTECTED_PAGES)
def test_every_page_asks_for_sign_in(web, bank, path):
    response = web.get(path)
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_sign_in_page_has_a_title_and_form(web):
    page = web.page("/sign-in")
    assert page.title.string.startswith("Sign in")
    assert page.find("input", attrs={"name": "email", "autocomplete": "email"})


def test_wrong_password_gets_one_clear_message(web, make_user):
    user = make_user("practitioner")
    response = web.submit("/sign-in", {"email": user.email, "password": "wrong password"})
    assert response.status_code == 200
    page = html(response)
    assert "The email address or password is not right" in text_of(page)
    assert page.title.string.startswith("Error:")


def test_unknown_email_gets_the_same_message(web):
    response = web.submit("/sign-in", {"email": "nobody@example.org", "password": "x" * 12})
    assert "The email address or password is not right" in text_of(html(response))


def test_empty_sign_in_names_both_fields(web):
    response = web.submit("/sign-in", {"email": "", "password": ""})
    summary = text_of(html(response).find(class_="govuk-error-summary"))
    assert "Enter your email address" in summary and "Enter your password" in summary


def test_email_is_matched_without_regard_to_case(web, make_user):
    user = make_user("practitioner")
    response = web.submit("/sign-in", {"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302


def test_sign_in_starts_a_new_session(web, make_user):
    user = make_user("practitioner")
    web.get("/sign-in")
    with web.client.session_transaction() as before:
        before["planted"] = "by someone else"
    web.sign_in(user)
    with web.client.session_transaction() as after:
        assert "planted" not in after
        assert after["sid"]


def test_sign_out_ends_the_session_on_the_server(app, make_user):
    user = make_user("practitioner")
    client = Browser(app)
    client.sign_in(user)
    with client.client.session_transaction() as live:
        stolen = dict(live)
    response = client.submit("/sign-out", form_url="/")
    assert response.headers["Location"].endswith("/sign-in")
    ended = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    assert ended.ended_at is not None
    # Someone replays the cookie they copied before sign-out.
    replay = Browser(app)
    with replay.client.session_transaction() as session:
        session.update(stolen)
    response = replay.get("/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_next_page_after_sign_in_stays_on_this_site(web, make_user):
    user = make_user("practitioner")
    response = web.submit(
        "/sign-in?next=https://evil.example/",
        {"email": user.email, "password": PASSWORD},
        form_url="/sign-in",
    )
    assert response.headers["Location"] == "/"


def test_deactivated_person_cannot_sign_in(web, make_user):
    user = make_user("practitioner")
    user.active = False
    db.session.commit()
    response = web.submit("/sign-in", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("practitioner", "/teams/", 403),
        ("practitioner", "/authoring/", 403),
        ("practitioner", "/admin/people", 403),
        ("supervisor", "/authoring/", 403),
        ("supervisor", "/admin/people", 403),
        ("trainer", "/admin/people", 403),
        ("trainer", "/authoring/", 200),
        ("admin", "/admin/people", 200),
    ],
)
def test_roles_open_only_their_pages(login_as, bank, role, path, status):
    client, _ = login_as(role)
    assert client.get(path).status_code == status


def test_unknown_page_is_a_kind_404(web):
    response = web.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in text_of(html(response))


def test_a_sign_in_expires_on_the_server_after_the_session_lifetime(app, make_user):
    from datetime import timedelta

    user = make_user("practitioner")
    client = Browser(app)
    client.sign_in(user)
    login = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    login.created_at = login.created_at - app.permanent_session_lifetime - timedelta(minutes=1)
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
