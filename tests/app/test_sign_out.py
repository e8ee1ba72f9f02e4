"""Finding 4: signing out always ends the caller's own session, and only theirs.

A page left open past the form token's hour used to answer 400 and leave the session live.
Sign-out needs no token now; it can only end the session the caller's own cookie names,
and a request the browser says came from another site is refused.
"""

from __future__ import annotations

import time

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import LoginSession
from tests.conftest import Browser, html, text_of


def live_sessions(user) -> int:
    query = select(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)
    )
    return len(db.session.scalars(query).all())


def is_signed_in(client: Browser) -> bool:
    return client.get("/").status_code == 200


def signed_in(app, user) -> Browser:
    client = Browser(app)
    client.sign_in(user)
    return client


def test_sign_out_with_an_expired_token_still_ends_the_session(app, make_user):
    app.config["WTF_CSRF_TIME_LIMIT"] = 1
    user = make_user("practitioner")
    client = signed_in(app, user)
    token = client.csrf_token("/")
    time.sleep(2)  # the page was left open until its form token expired
    response = client.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in")
    assert live_sessions(user) == 0
    assert not is_signed_in(client)
    page = html(client.get("/sign-in"))
    assert "You have signed out" in text_of(page)


def test_sign_out_without_a_token_still_ends_the_session(app, make_user):
    user = make_user("practitioner")
    client = signed_in(app, user)
    response = client.post("/sign-out")
    assert response.status_code == 302
    assert live_sessions(user) == 0
    assert not is_signed_in(client)


def test_sign_out_ends_only_this_browsers_session(app, make_user):
    user, someone_else = make_user("practitioner"), make_user("practitioner")
    this_browser, their_phone = signed_in(app, user), signed_in(app, user)
    other_person = signed_in(app, someone_else)
    this_browser.post("/sign-out")
    assert not is_signed_in(this_browser)
    assert is_signed_in(their_phone)
    assert is_signed_in(other_person)
    assert live_sessions(user) == 1 and live_sessions(someone_else) == 1


def test_another_site_cannot_sign_a_person_out(app, make_user):
    user = make_user("practitioner")
    client = signed_in(app, user)
    for headers in (
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ):
        response = client.post("/sign-out", headers=headers)
        assert response.status_code == 302, headers
        assert is_signed_in(client), headers
    assert live_sessions(user) == 1


def test_with_a_good_token_sign_out_works_whatever_the_headers_say(app, make_user):
    user = make_user("practitioner")
    client = signed_in(app, user)
    client.submit("/sign-out", form_url="/", headers={"Origin": "https://proxy.example"})
    assert live_sessions(user) == 0


def test_sign_out_from_this_site_without_a_token(app, make_user):
    user = make_user("practitioner")
    client = signed_in(app, user)
    client.post(
        "/sign-out", headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}
    )
    assert live_sessions(user) == 0


def test_signing_out_when_the_session_had_already_ended_is_harmless(app, make_user):
    user = make_user("practitioner")
    client = signed_in(app, user)
    other = signed_in(app, user)
    client.post("/sign-out")
    response = client.post("/sign-out")
    assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in")
    assert is_signed_in(other)


def test_sign_out_is_post_only(app, make_user):
    user = make_user("practitioner")
    client = signed_in(app, user)
    assert client.get("/sign-out").status_code == 405
    assert is_signed_in(client)
