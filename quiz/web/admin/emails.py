"""Administrators: inviting people to set a password, and the emails the service sent."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from sqlalchemy import func, select
from wtforms import SubmitField

from quiz.extensions import db
from quiz.models import EmailKind, EmailStatus, OutboxEmail, Role, User
from quiz.models.people import utcnow
from quiz.services.outbox import Sending, console_notice, emails_page, emails_to, send
from quiz.services.password_links import (
    can_be_invited,
    count_to_invite,
    invite,
    people_to_invite,
)
from quiz.web.access import role_required
from quiz.web.admin import bp
from quiz.web.admin.forms import page_number

# The People page warns about emails that failed this recently.
RECENT_FAILURES = timedelta(days=7)


class InviteForm(FlaskForm):
    submit = SubmitField("Send an invitation", widget=GovSubmitInput())


def recent_failures() -> int:
    since = utcnow() - RECENT_FAILURES
    return db.session.scalar(
        select(func.count(OutboxEmail.id)).where(
            OutboxEmail.status == EmailStatus.FAILED, OutboxEmail.created_at > since
        )
    )


@bp.context_processor
def email_helpers():
    # Functions, so only the pages that show them run their queries.
    return {
        "invite_form": InviteForm,
        "can_be_invited": can_be_invited,
        "count_to_invite": count_to_invite,
        "emails_to": emails_to,
        "recent_email_failures": recent_failures,
        "EmailKind": EmailKind,
        "EmailStatus": EmailStatus,
    }


def _invitations(number: int) -> str:
    return f"{number:,} invitation" + ("" if number == 1 else "s")


def tell_about_invitations(sending: Sending) -> None:
    """What happened to the invitations, as notices on the next page."""
    if sending.console:
        flash(f"{console_notice(sending.console)} ({_invitations(sending.console)}).")
    if sending.sent:
        flash(f"{_invitations(sending.sent)} sent.", "success")
    if sending.failed:
        flash(
            f"{_invitations(sending.failed)} could not be sent. "
            "See Emails for the reason, then send them again."
        )


@bp.route("/people/<int:person_id>/invite", methods=["POST"])
@role_required(Role.ADMIN)
def invite_person(person_id: int):
    person = db.get_or_404(User, person_id)
    if InviteForm().validate_on_submit():
        if not can_be_invited(person):
            flash(f"{person.name} cannot be invited: only active people without a password.")
        else:
            messages = invite([person], current_user)
            db.session.commit()
            tell_about_invitations(send(messages))
            db.session.commit()
    return redirect(url_for(".person", person_id=person_id))


@bp.route("/people/invite", methods=["POST"])
@role_required(Role.ADMIN)
def invite_everyone():
    """Invite every active person without a password whose last invitation has run out."""
    if InviteForm().validate_on_submit():
        messages = invite(people_to_invite(), current_user)
        db.session.commit()
        if messages:
            tell_about_invitations(send(messages))
            db.session.commit()
        else:
            flash("Everyone without a password has an invitation they can still use.")
    return redirect(url_for(".people"))


@bp.route("/people/emails")
@role_required(Role.ADMIN)
def emails():
    status = request.args.get("status")
    chosen = status if status in set(EmailStatus) else None
    return render_template(
        "admin/emails.html",
        listing=emails_page(chosen, page_number(request.args)),
        chosen=chosen,
        statuses=list(EmailStatus),
        kinds={kind.value: kind.label for kind in EmailKind},
    )
