"""A clean "try again" when the database is busy or briefly out of reach.

SQLite locked by another writer past the busy timeout, PostgreSQL restarting, a dropped
connection: quiz.transient decides which errors those are. The request's transaction is
rolled back and the person gets a 503 that keeps what they sent:

- a view that registered a retry page with `retry_page` shows its form again, filled
  from the posted fields, with NOT_SAVED above it (reading still works while SQLite's
  write lock is held by someone else);
- otherwise, or when even reading fails (the database is down), the busy page: for the
  practitioner's own forms its "Try again" button sends the same fields again, and for
  anything else it links back.

Any other database error is a bug: it goes on to the 500 page as before.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app, g, make_response, render_template, request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from quiz.extensions import db, only_reads_from_now_on
from quiz.transient import is_transient

NOT_SAVED = "We could not save that just now. Your answer is still selected: try again."
RETRY_AFTER_SECONDS = 5

# The practitioner's forms hold only answers, ratings and a reflection, and sending one
# again is safe (an answer replaces the earlier one; a second submit is refused kindly),
# so the busy page may carry their fields back. Other forms (passwords, uploads, admin
# actions) are never echoed into a page.
RESENDABLE_BLUEPRINTS = frozenset({"practice"})
NEVER_RESENT = frozenset({"csrf_token"})  # a fresh token goes with the button instead

RetryPage = Callable[..., str | None]
_retry_pages: dict[str, RetryPage] = {}


def retry_page(endpoint: str) -> Callable[[RetryPage], RetryPage]:
    """Register how the view at endpoint shows its form again after a save failed.

    The function takes the view's arguments and returns the page (the form bound to the
    posted fields, so the person's choice stays selected), or None to fall back to the
    busy page.
    """

    def register(render: RetryPage) -> RetryPage:
        _retry_pages[endpoint] = render
        return render

    return register


def register(app: Flask) -> None:
    app.register_error_handler(DBAPIError, _database_error)
    app.register_error_handler(PoolTimeout, _database_error)
    # Registered after Flask-SQLAlchemy's own teardown, so it runs before it.
    app.teardown_appcontext(_end_transaction)


def _end_transaction(_error: BaseException | None) -> None:
    """Roll back what is left of the request's transaction, even on a dropped connection.

    A page that only read still has its transaction open when the request ends. If the
    server went away after the page was made (PostgreSQL restarting), the rollback that
    Flask-SQLAlchemy's teardown sends fails and would turn a finished page into a 500.
    The server has abandoned that transaction anyway: throw the connection away instead.

    Nothing uses the request's objects after this, so a page's are let go first, as
    Flask-SQLAlchemy's teardown would: the rollback then has none to expire one by one.
    """
    session = db.session()
    if session.in_transaction():
        session.expunge_all()
    _roll_back()


def _database_error(error: Exception):
    if not is_transient(error):
        raise error  # a bug, not a busy moment: the 500 page, logged with its traceback
    _roll_back()
    current_app.logger.warning(
        "Database busy or unreachable during %s %s: %s",
        request.method,
        request.path,
        _first_line(error),
    )
    page = _retry_page() if request.method == "POST" else None
    if page is None:
        _no_one_signed_in_unless_known()
        page = render_template(
            "errors/busy.html",
            saving=request.method not in ("GET", "HEAD"),
            resend=_fields_to_resend(),
            back=_same_site_referrer(),
        )
    response = make_response(page, 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _retry_page() -> str | None:
    render = _retry_pages.get(request.endpoint or "")
    if render is None:
        return None
    only_reads_from_now_on()
    try:
        return render(**(request.view_args or {}))
    except Exception as error:  # noqa: BLE001 - any failure here falls back to the busy page
        _roll_back()
        if not is_transient(error):
            current_app.logger.exception("Showing the form again failed")
        return None


def _roll_back() -> None:
    """End the request's transaction; on a connection that is gone, throw it away."""
    try:
        db.session.rollback()
    except DBAPIError as error:
        if not is_transient(error):
            raise
        db.session().invalidate()  # closes the connection without another round trip


def _no_one_signed_in_unless_known() -> None:
    """Let the busy page render without asking the database who is signed in.

    Flask-Login puts current_user in every template and loads it on first use; if
    that load is what failed, it would fail again. g._login_user is where Flask-Login
    keeps the person once loaded.
    """
    if "_login_user" not in g:
        g._login_user = current_app.login_manager.anonymous_user()


def _fields_to_resend() -> list[tuple[str, str]]:
    if request.method != "POST" or request.blueprint not in RESENDABLE_BLUEPRINTS:
        return []
    return [
        (name, value)
        for name, values in request.form.lists()
        if name not in NEVER_RESENT
        for value in values
    ]


def _same_site_referrer() -> str | None:
    """The page the person came from, if it is one of ours."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not referrer.path.startswith("/"):
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def _first_line(error: Exception) -> str:
    # The driver's words only: SQLAlchemy's message would add the SQL and its parameters.
    driver_error = getattr(error, "orig", None) or error
    lines = str(driver_error).strip().splitlines()
    return f"{type(driver_error).__name__}: {lines[0] if lines else ''}"
