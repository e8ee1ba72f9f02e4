"""A team's reminders page: everyone who has not completed an assigned briefing, ticked,
and a button that emails them (copying the team's supervisors).

Supervisors for the teams they supervise, trainers and administrators for any team, as
the team report. The team report links here.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SelectChoice, SelectMultipleField, SubmitField
from wtforms.validators import DataRequired

from quiz.extensions import db
from quiz.models import Role
from quiz.services.outbox import email_is_set_up
from quiz.services.reminders import choose, outstanding_in_team, send_reminders
from quiz.web.access import get_team_or_404, role_required

bp = Blueprint("reminders", __name__, url_prefix="/teams")


def remind_form(items) -> FlaskForm:
    class RemindForm(FlaskForm):
        # Rendered as one group of checkboxes per briefing (templates/reminders/team.html).
        # Not checked against the choices: someone who completed the briefing since the page
        # was shown is simply not reminded (services.reminders.choose).
        chosen = SelectMultipleField(
            "People to remind",
            choices=[SelectChoice(item.key, item.name) for item in items],
            validate_choice=False,
            validators=[DataRequired(message="Choose at least one person to remind")],
        )
        submit = SubmitField("Send reminders", widget=GovSubmitInput())

    return RemindForm()


def _people(number: int) -> str:
    return f"{number:,} " + ("person" if number == 1 else "people")


@bp.route("/<int:team_id>/reminders", methods=["GET", "POST"])
@role_required(Role.SUPERVISOR, Role.TRAINER)
def team(team_id: int):
    team = get_team_or_404(team_id, current_user)
    today = date.today()
    items = outstanding_in_team(team)
    form = remind_form(items)
    if form.validate_on_submit():
        fresh, too_recent = choose(items, form.chosen.data)
        if not fresh and not too_recent:
            form.chosen.errors.append("Everyone you chose has completed the briefing since")
        else:
            db.session.commit()  # nothing written yet: no transaction held while sending
            sending = send_reminders(fresh, today, current_user)
            db.session.commit()
            if sending.sent:
                flash(f"Reminders sent to {_people(sending.sent)}.", "success")
            if sending.console:
                flash(f"{sending.notice} ({sending.console} reminders).")
            if sending.failed:
                flash(
                    f"{_people(sending.failed)} could not be sent a reminder: the mail server "
                    "refused or did not answer. Try again later."
                )
            if too_recent:
                flash(f"{_people(too_recent)} had a reminder in the last day and were left out.")
            return redirect(url_for(".team", team_id=team_id))
    by_briefing: dict[tuple[str, date], list] = {}
    for item in items:
        by_briefing.setdefault((item.briefing_title, item.due_on), []).append(item)
    return render_template(
        "reminders/team.html",
        team=team,
        by_briefing=by_briefing,
        form=form,
        today=today,
        mail_set_up=email_is_set_up(),
    )
