"""Forgotten passwords, and setting a password through an emailed link (an invitation or
a reset). The link signs nobody in: afterwards the person signs in as usual."""

from __future__ import annotations

import logging

from flask import current_app, flash, make_response, redirect, render_template, session, url_for
from flask_login import current_user, logout_user

from quiz.extensions import db
from quiz.models import LinkPurpose
from quiz.services.accounts import AccountError
from quiz.services.outbox import email_is_set_up, send
from quiz.services.password_links import (
    LinkRefused,
    LinkState,
    check_link,
    request_reset,
    set_password_with_link,
)
from quiz.web.auth import bp
from quiz.web.auth.forms import ForgottenPasswordForm, SetPasswordForm
from quiz.web.auth.routes import client_address
from quiz.web.auth.throttle import record_failure, throttled, typed_account

PASSWORD_SET = "Your password is set. Sign in with your email address and new password."

log = logging.getLogger(__name__)


@bp.route("/forgotten-password", methods=["GET", "POST"])
@throttled(typed_account)
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        # Every request counts, as a wrong password does: nobody can flood someone's inbox
        # or try address after address.
        record_failure()
        db.session.commit()
        response = make_response(
            render_template(
                "auth/reset_sent.html", email=form.email.data, mail_set_up=email_is_set_up()
            )
        )
        # The link is made and sent only once the page has gone: talking to the mail server
        # takes time, and a slower answer for known emails would tell who has an account.
        response.call_on_close(_reset_later(form.email.data))
        return response
    return render_template("auth/forgotten_password.html", form=form)


def _reset_later(email: str):
    app = current_app._get_current_object()

    def reset() -> None:
        with app.app_context():
            try:
                messages = request_reset(email)
                db.session.commit()
                send(messages)  # a failure is recorded for the administrators, not shown here
                db.session.commit()
            except Exception:
                db.session.rollback()
                log.exception("Could not send a password reset email")

    return reset


def _not_usable(state: LinkState):
    return render_template("auth/link_not_usable.html", state=state, LinkState=LinkState)


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    checked = check_link(token)
    if not checked.usable:
        return _not_usable(checked.state)
    person = checked.link.user
    invited = checked.link.purpose == LinkPurpose.INVITATION
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = set_password_with_link(token, form.new_password.data, address=client_address())
        except LinkRefused as refused:
            db.session.rollback()
            return _not_usable(refused.state)
        except AccountError as error:
            form.new_password.errors.append(str(error))
        else:
            user_id = user.id
            db.session.commit()
            if current_user.is_authenticated and current_user.id == user_id:
                # Their sessions have all ended, this browser's too.
                logout_user()
                session.clear()
            flash(PASSWORD_SET, "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/set_password.html", form=form, person=person, invited=invited)
