"""Signing in (password, then a code for people who have an authenticator app) and out."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from quiz.extensions import csrf, db
from quiz.models import User
from quiz.services import two_factor
from quiz.services.accounts import audit, authenticate, end_session, start_session
from quiz.web.auth import bp
from quiz.web.auth.forms import CodeForm, SignInForm
from quiz.web.auth.throttle import (
    PENDING_SIGN_IN,
    record_failure,
    throttled,
    throttled_codes,
    typed_account,
)

WRONG_DETAILS = "The email address or password is not right"
# Between the password and the code: long enough to find the phone, short enough to go stale.
PENDING_SECONDS = 5 * 60


def safe_next(target: str | None) -> str | None:
    """A path on this site to go back to after signing in, or None."""
    if not target or "\\" in target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def client_address() -> str | None:
    return request.remote_addr


def _finish_sign_in(user: User, next_page: str | None, how: str, notice: str | None = None):
    # A fresh session on every sign-in, so an earlier cookie cannot ride along.
    session.clear()
    session["sid"] = start_session(user, client_address(), request.user_agent.string)
    session.permanent = True
    login_user(user)
    audit(user, "sign-in", f"user:{user.id}", how, client_address())
    db.session.commit()
    if notice:
        flash(notice)
    return redirect(next_page or url_for("practice.home"))


def _sign_in_had_ended() -> bool:
    """Whether this browser was signed in, and that sign-in has ended (idle, expired, or
    ended from elsewhere): say so once, instead of a bare "sign in"."""
    if "sid" not in session or current_user.is_authenticated:
        return False
    session.pop("sid")
    # Flask-Login's "Sign in to see that page" says less than the notice shown instead.
    session.pop("_flashes", None)
    return True


@bp.route("/sign-in", methods=["GET", "POST"])
@throttled(typed_account)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("practice.home"))
    had_ended = _sign_in_had_ended()
    form = SignInForm()
    if form.validate_on_submit():
        next_page = safe_next(request.args.get("next"))
        user = authenticate(form.email.data, form.password.data, client_address())
        if user is None:
            record_failure()
            form.email.errors.append(WRONG_DETAILS)
            db.session.commit()  # the failure stays in the audit log
        elif user.has_two_factor:
            db.session.commit()  # a rehashed password, if any
            session[PENDING_SIGN_IN] = {
                "user_id": user.id,
                "email": user.email,
                "since": time.time(),
                "next": next_page,
            }
            return redirect(url_for("auth.sign_in_code"))
        else:
            return _finish_sign_in(user, next_page, "password")
    return render_template("auth/sign_in.html", form=form, had_ended=had_ended)


def _pending_user() -> User | None:
    pending = session.get(PENDING_SIGN_IN)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending["user_id"])
    return user if user is not None and user.active and user.has_two_factor else None


@bp.route("/sign-in/code", methods=["GET", "POST"])
@throttled_codes
def sign_in_code():
    user = _pending_user()
    if user is None:
        session.pop(PENDING_SIGN_IN, None)
        flash("For your security, that took too long. Sign in again.")
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        kind = two_factor.check_code(user, form.code.data)
        if kind is None:
            record_failure()
            audit(user, "sign-in.code-failed", f"user:{user.id}", "", client_address())
            db.session.commit()
            form.code.errors.append("The code is not right. Check your app and try again")
        else:
            next_page = safe_next(session[PENDING_SIGN_IN].get("next"))
            if kind == two_factor.CodeKind.BACKUP:
                left = two_factor.backup_codes_left(user)
                notice = (
                    f"You used a backup code: you have {left} left. "
                    "You can make new ones in Your account."
                )
                return _finish_sign_in(user, next_page, "password and backup code", notice)
            return _finish_sign_in(user, next_page, "password and authenticator app")
    return render_template("auth/sign_in_code.html", form=form)


def _from_another_site() -> bool:
    """Whether the browser says this request came from a page on another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin:
        return origin == "null" or urlsplit(origin).netloc != request.host
    return False


def _token_is_valid() -> bool:
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (ValidationError, CSRFError):
        return False
    return True


@bp.route("/sign-out", methods=["POST"])
@csrf.exempt
def sign_out():
    """Ends the caller's own session, even when the page's form had expired.

    It can only end the session named by the caller's own cookie, so it needs no token;
    a request another site makes the browser send (which a token would catch) is refused.
    """
    if not _token_is_valid() and _from_another_site():
        return redirect(url_for("practice.home"))
    if current_user.is_authenticated:
        audit(current_user, "sign-out", f"user:{current_user.id}", "", client_address())
    end_session(session.get("sid"))
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))
