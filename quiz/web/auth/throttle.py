"""Throttling wrong passwords and codes, per account and per client address.

Only failures count: a view calls record_failure() and Flask-Limiter deducts one after
the response. Once an account or an address has SIGN_IN_FAILURE_LIMIT failures in the
window, every further attempt (right or wrong) gets the 429 page until the window moves
on. The account is the email as typed, so an unknown email is throttled exactly like a
known one and the answers never reveal who has an account.
"""

from __future__ import annotations

import hashlib
import math
import time

from flask import current_app, g, render_template, request, session
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user

from quiz.extensions import db
from quiz.services.accounts import normalise_email
from quiz.web.auth import bp

PENDING_SIGN_IN = "pending_sign_in"
_ACCOUNT_SCOPE = "sign-in-account"
_ADDRESS_SCOPE = "sign-in-address"
_CODE_SCOPE = "sign-in-code"

limiter = Limiter(key_func=get_remote_address, strategy="moving-window")


@bp.record_once
def _init_limiter(state) -> None:
    limiter.init_app(state.app)
    # Every limit here decorates its view (_shared below), and a decorated view checks its
    # limits itself when it is called. The check Flask-Limiter also runs before every
    # request is for default, application and blueprint limits, which this service has
    # none of: on every other page it would find nothing to count.
    state.app.before_request_funcs[None].remove(limiter._check_request_limit)


def record_failure() -> None:
    """Count this request against its account and address (after the response)."""
    g.sign_in_failed = True


def _failed(_response) -> bool:
    return g.get("sign_in_failed", False)


def _key(email: str | None) -> str:
    # Hashed, so the counters' store holds no email addresses and every key is short.
    return hashlib.sha256(normalise_email(email or "").encode()).hexdigest()[:32]


def typed_account() -> str:
    """The account a sign-in form tries: the email as typed."""
    return _key(request.form.get("email"))


def pending_account() -> str:
    """The account whose password was right and whose code is awaited."""
    return _key((session.get(PENDING_SIGN_IN) or {}).get("email"))


def own_account() -> str:
    """The signed-in person's account, for forms that ask for their password again."""
    return _key(current_user.email if current_user.is_authenticated else None)


def _failure_limit() -> str:
    return current_app.config["SIGN_IN_FAILURE_LIMIT"]


def _code_daily_limit() -> str:
    return current_app.config["SIGN_IN_CODE_FAILURE_DAILY_LIMIT"]


def _shared(limit, scope: str, key_func):
    return limiter.shared_limit(
        limit, scope=scope, key_func=key_func, methods=["POST"], deduct_when=_failed
    )


def throttled(account_key):
    """Pause this form after too many failures for its account or for the client address.

    Each form names how it finds its account: a form could otherwise send an extra field
    to have its failures counted against someone else.
    """

    def decorate(view):
        view = _shared(_failure_limit, _ACCOUNT_SCOPE, account_key)(view)
        return _shared(_failure_limit, _ADDRESS_SCOPE, get_remote_address)(view)

    return decorate


def throttled_codes(view):
    """As throttled, plus a daily cap: six-digit codes can be guessed given time."""
    view = throttled(pending_account)(view)
    return _shared(_code_daily_limit, _CODE_SCOPE, pending_account)(view)


def seconds_until_allowed() -> int:
    """Until the oldest counted failure leaves the window (reset_at is rounded up a second)."""
    breached = limiter.current_limit
    return max(1, int(breached.reset_at - 1 - time.time())) if breached else 5 * 60


def wait_in_words(seconds: int) -> str:
    """ "1 minute", "5 minutes", "3 hours"."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes > 90:
        return f"{math.ceil(minutes / 60)} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


@bp.errorhandler(RateLimitExceeded)
def too_many_attempts(_error):
    db.session.rollback()
    seconds = seconds_until_allowed()
    page = render_template("auth/too_many_attempts.html", wait=wait_in_words(seconds))
    return page, 429, {"Retry-After": str(seconds)}
