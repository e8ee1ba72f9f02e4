"""Your account: the sessions you are signed in with, your password."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from quiz.extensions import db
from quiz.professions import label as profession_label
from quiz.services import two_factor
from quiz.services.accounts import (
    AccountError,
    WrongPassword,
    audit,
    change_password,
    end_sessions_of,
    session_id_for,
    sessions_of,
    start_session,
)
from quiz.services.people import change_own_profession
from quiz.web.auth import bp
from quiz.web.auth.forms import ChangePasswordForm, EmptyForm, ProfessionForm
from quiz.web.auth.routes import client_address
from quiz.web.auth.signed_in import session_limits
from quiz.web.auth.throttle import own_account, record_failure, throttled

LOCAL_TIME = ZoneInfo("Europe/London")
# Checked in order: Edge and Opera say "Chrome" too, Chrome says "Safari" too.
_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"))
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe_browser(user_agent: str) -> str:
    """A browser's own description, shortened to what a person recognises: "Firefox on Mac"."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    if browser is None and re.search(r"Version/[\d.]+.*Safari/", user_agent):
        browser = "Safari"
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "An unknown browser"


def local_time(value: datetime) -> str:
    """A time stored in UTC, as a clock in England shows it: "3 March 2026 at 2:05pm"."""
    shown = value.replace(tzinfo=UTC).astimezone(LOCAL_TIME)
    return shown.strftime("%-d %B %Y at %-I:%M") + shown.strftime("%p").lower()


@bp.route("/account")
@login_required
def account():
    this_session = session_id_for(session.get("sid"))
    return render_template(
        "auth/account.html",
        sessions=sessions_of(current_user, *session_limits()),
        this_session=this_session,
        two_factor_required=two_factor.required_for(current_user),
        describe_browser=describe_browser,
        local_time=local_time,
        profession=profession_label(current_user.profession) or "Not known",
        form=EmptyForm(),
    )


@bp.route("/account/profession", methods=["GET", "POST"])
@login_required
def profession():
    form = ProfessionForm()
    if request.method == "GET":
        form.profession.data = current_user.profession
    if form.validate_on_submit():
        # The form only accepts a profession from the list, which the service accepts too.
        changed = change_own_profession(current_user, form.profession.data)
        db.session.commit()
        flash("Your profession is saved." if changed else "Nothing had changed.", "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/profession.html", form=form)


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def end_session(session_id: int):
    if session_id == session_id_for(session.get("sid")):
        abort(404)  # this browser's own session ends by signing out
    ended = end_sessions_of(current_user, only_id=session_id)
    if not ended:
        abort(404)
    audit(current_user, "session.end", f"session:{session_id}", "", client_address())
    db.session.commit()
    flash("That session has ended.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    ended = end_sessions_of(current_user, except_id=session_id_for(session.get("sid")))
    audit(
        current_user, "session.end-others", f"user:{current_user.id}", str(ended), client_address()
    )
    db.session.commit()
    flash("You are now signed out everywhere else.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@throttled(own_account)
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(
                current_user, form.current_password.data, form.new_password.data, client_address()
            )
        except WrongPassword as error:
            record_failure()
            form.current_password.errors.append(str(error))
            db.session.commit()  # the failure stays in the audit log
        except AccountError as error:
            form.new_password.errors.append(str(error))
        else:
            # Every session ended, this one too: carry on in a fresh one.
            browser = request.user_agent.string
            session["sid"] = start_session(current_user, client_address(), browser)
            db.session.commit()
            flash("Your password has been changed. You are signed out everywhere else.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/password.html", form=form)
