"""Who is signed in on this request: the session the cookie names, checked on the server."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, session

from quiz.extensions import request_may_write
from quiz.models import User
from quiz.services.accounts import user_for_session


def session_limits() -> tuple[timedelta, timedelta]:
    """(the longest a sign-in lasts, how long it may sit idle)."""
    idle = timedelta(minutes=current_app.config["IDLE_TIMEOUT_MINUTES"])
    return current_app.permanent_session_lifetime, idle


def signed_in_user() -> User | None:
    max_age, idle = session_limits()
    # A request that only reads never commits, so its activity is written on its own. One
    # that writes (a form, or a report that records its reading) holds SQLite's write lock
    # from its first query: a second connection would wait for it, so it is written there.
    return user_for_session(
        session.get("sid"),
        max_age,
        idle,
        note_seen_separately=not request_may_write(),
        on_seen=_sign_cookie_again,
    )


def _sign_cookie_again() -> None:
    """The cookie is sent only when it changes (SESSION_REFRESH_EACH_REQUEST is off), and
    again whenever the server notes activity (at most once a minute): so it lapses within a
    minute of when it did when it was sent on every response, after the sign-in itself, and
    a browser whose sign-in ended on the server is still told so."""
    session.modified = True
