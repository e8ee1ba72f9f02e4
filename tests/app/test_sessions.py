"""Finding 6: sessions go idle, people can see and end their sessions, and changing a
password or deactivating someone ends every session they have."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import event, select

from quiz.extensions import db
from quiz.models import AuditEvent, LoginSession
from quiz.models.people import utcnow
from quiz.services.accounts import user_for_session
from tests.app.journey import answer, question_page, rate, start
from tests.conftest import Browser, html, text_of
from tests.seed import PASSWORD

FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"
)
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1"
)


def sessions_of(user) -> list[LoginSession]:
    query = select(LoginSession).where(LoginSession.user_id == user.id).order_by(LoginSession.id)
    return list(db.session.scalars(query))


def idle_for(user, minutes: float) -> None:
    """Every session of theirs was last used this many minutes ago."""
    for login in sessions_of(user):
        login.last_seen_at = utcnow() - timedelta(minutes=minutes)
    db.session.commit()


def signed_in(app, user, browser: str | None = None) -> Browser:
    client = Browser(app)
    if browser:
        client.client.environ_base["HTTP_USER_AGENT"] = browser
    client.sign_in(user)
    return client


def is_signed_in(client: Browser) -> bool:
    return client.get("/account").status_code == 200


def test_after_30_idle_minutes_sign_in_again_returns_to_the_same_question(app, login_as, assigned):
    client, user = login_as("practitioner")
    slug = assigned.briefing.slug
    start(client, slug)
    rate(client, slug, assigned.briefing.themes)
    _, _, options = question_page(client, slug, 1)
    answer(client, slug, 1, options[1])
    question_2 = f"/briefings/{slug}/questions/2"
    assert client.get(question_2).status_code == 200

    idle_for(user, 31)
    response = client.get(question_2)
    assert response.status_code == 302
    sign_in_url = urlsplit(response.headers["Location"])
    assert sign_in_url.path == "/sign-in"
    assert parse_qs(sign_in_url.query)["next"] == [question_2]

    page = text_of(html(client.get(response.headers["Location"])))
    assert "You were signed out" in page and "30 minutes" in page
    response = client.submit(
        response.headers["Location"], {"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == question_2
    assert client.get(question_2).status_code == 200
    # The answer given before the timeout is still there.
    page, _, _ = question_page(client, slug, 1)
    assert page.find("input", attrs={"name": "answer", "value": options[1]}).has_attr("checked")


def test_activity_keeps_a_session_alive(app, make_user):
    user = make_user("practitioner")
    client = signed_in(app, user)
    idle_for(user, 25)
    assert is_signed_in(client)
    [login] = sessions_of(user)
    assert utcnow() - login.last_seen_at < timedelta(minutes=1)
    idle_for(user, 25)
    assert is_signed_in(client)


def test_the_idle_timeout_comes_from_configuration(app, make_user):
    app.config["IDLE_TIMEOUT_MINUTES"] = 5
    user = make_user("practitioner")
    client = signed_in(app, user)
    idle_for(user, 4)
    assert is_signed_in(client)
    idle_for(user, 6)
    assert not is_signed_in(client)


def test_a_posted_answer_after_the_timeout_is_not_saved_and_asks_to_sign_in(
    app, login_as, assigned
):
    client, user = login_as("practitioner")
    slug = assigned.briefing.slug
    start(client, slug)
    rate(client, slug, assigned.briefing.themes)
    _, version_id, options = question_page(client, slug, 1)
    idle_for(user, 31)
    response = client.submit(
        f"/briefings/{slug}/questions/1",
        {"version_id": version_id, "answer": options[0]},
        form_url="/sign-in",
    )
    assert urlsplit(response.headers["Location"]).path == "/sign-in"


def statements_during(callable_) -> list[str]:
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        callable_()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return statements


def test_the_session_check_is_one_query(app, make_user):
    user = make_user("practitioner")
    client = signed_in(app, user)
    with client.client.session_transaction() as cookie:
        token = cookie["sid"]
    db.session.expire_all()
    statements = statements_during(
        lambda: user_for_session(token, timedelta(hours=8), timedelta(minutes=30))
    )
    assert len(statements) == 1, statements
    assert "JOIN" in statements[0]


def test_page_views_write_the_last_activity_at_most_once_a_minute(app, make_user):
    user = make_user("practitioner")
    client = signed_in(app, user)
    writes = statements_during(lambda: [client.get("/account") for _ in range(3)])
    assert not [s for s in writes if s.startswith("UPDATE login_sessions")]
    idle_for(user, 2)
    writes = statements_during(lambda: [client.get("/account") for _ in range(3)])
    assert len([s for s in writes if s.startswith("UPDATE login_sessions")]) == 1


def test_your_account_lists_your_sessions_and_ends_the_others(app, make_user):
    user, someone_else = make_user("practitioner"), make_user("practitioner")
    laptop = signed_in(app, user, FIREFOX_ON_WINDOWS)
    phone = signed_in(app, user, SAFARI_ON_IPHONE)
    theirs = signed_in(app, someone_else)

    page = laptop.page("/account")
    rows = [text_of(row) for row in page.select("table tbody tr")]
    assert len(rows) == 2
    assert any("Firefox on Windows" in row and "This browser" in row for row in rows)
    assert any("Safari on iPhone" in row and "End" in row for row in rows)

    [_, phone_session] = sessions_of(user)
    [their_session] = sessions_of(someone_else)
    # Someone else's session cannot be ended from here.
    response = laptop.submit(f"/account/sessions/{their_session.id}/end", form_url="/account")
    assert response.status_code == 404
    assert is_signed_in(theirs)

    response = laptop.submit(f"/account/sessions/{phone_session.id}/end", form_url="/account")
    assert response.status_code == 302
    assert "That session has ended" in text_of(laptop.page(response.headers["Location"]))
    assert not is_signed_in(phone)
    assert is_signed_in(laptop)


def test_end_all_other_sessions(app, make_user):
    user = make_user("practitioner")
    here, *elsewhere = (signed_in(app, user) for _ in range(3))
    here.submit("/account/sessions/end-others", form_url="/account")
    assert is_signed_in(here)
    assert not any(is_signed_in(client) for client in elsewhere)
    assert (
        db.session.scalar(
            select(AuditEvent.detail).where(AuditEvent.action == "session.end-others")
        )
        == "2"
    )


def test_changing_the_password_ends_every_other_session(app, make_user):
    user = make_user("practitioner")
    here, elsewhere = signed_in(app, user), signed_in(app, user)
    response = here.submit(
        "/account/password",
        {"current_password": PASSWORD, "new_password": "a brand new passphrase"},
    )
    assert response.status_code == 302
    assert "Your password has been changed" in text_of(here.page(response.headers["Location"]))
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    # Only the new password signs in now.
    fresh = Browser(app)
    assert fresh.submit("/sign-in", {"email": user.email, "password": PASSWORD}).status_code == 200
    response = fresh.submit("/sign-in", {"email": user.email, "password": "a brand new passphrase"})
    assert response.status_code == 302


def test_deactivating_someone_ends_every_session(app, make_user):
    from quiz.services.accounts import deactivate_user

    user, admin = make_user("practitioner"), make_user("admin")
    clients = [signed_in(app, user) for _ in range(2)]
    deactivate_user(user, admin, "192.0.2.1")
    db.session.commit()
    assert all(login.ended_at is not None for login in sessions_of(user))
    assert not any(is_signed_in(client) for client in clients)


def test_a_stranger_cannot_open_your_account(web):
    response = web.get("/account")
    assert urlsplit(response.headers["Location"]).path == "/sign-in"


def test_the_cookie_is_sent_again_only_when_what_it_holds_changes(app, make_user):
    """Sign-in sets a cookie that lapses with the sign-in; a page view that changes nothing
    in it does not re-sign and re-send it (the server keeps the sign-in alive or not)."""
    client = Browser(app)
    client.get("/sign-in")  # the form's CSRF token goes into the cookie
    response = client.submit(
        "/sign-in", {"email": make_user("practitioner").email, "password": PASSWORD}
    )
    assert response.status_code == 302
    [cookie] = response.headers.getlist("Set-Cookie")
    expires = parsedate_to_datetime(
        dict(part.strip().partition("=")[::2] for part in cookie.split(";"))["Expires"]
    )
    lifetime = app.permanent_session_lifetime
    assert lifetime - timedelta(minutes=1) < expires - datetime.now(UTC) <= lifetime
    client.get("/account")  # its forms put a new CSRF token in the cookie: sent again
    page = client.get("/account")
    assert page.status_code == 200
    assert "Set-Cookie" not in page.headers
    assert "Cookie" in page.headers["Vary"]


def test_the_cookie_is_sent_again_when_the_server_notes_activity(app, make_user):
    """At most once a minute, so it lapses no sooner than when it was sent on every page,
    and after the sign-in itself: a browser whose sign-in expired is still told so."""
    user = make_user("practitioner")
    client = signed_in(app, user)
    client.get("/account")  # a new CSRF token
    assert "Set-Cookie" not in client.get("/account").headers
    idle_for(user, 2)
    response = client.get("/account")
    assert response.status_code == 200
    assert "Set-Cookie" in response.headers
    assert "Set-Cookie" not in client.get("/account").headers
