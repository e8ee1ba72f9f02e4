"""Assigning a briefing to teams: one page and one form for trainers (any team) and
supervisors (their own teams)."""

from __future__ import annotations

from datetime import date, datetime

from flask import flash, redirect, render_template
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovDateInput, GovSubmitInput
from wtforms import DateField, SelectChoice, SelectMultipleField, SubmitField
from wtforms.validators import DataRequired, InputRequired

from quiz.extensions import db
from quiz.models import Briefing, Team
from quiz.services.assignments import AssignmentError, assign, due_dates
from quiz.services.outbox import Sending, send
from quiz.services.reminders import assignment_messages


class DueDateField(DateField):
    """A GOV.UK date input (day, month, year boxes) with a message people can act on."""

    PARTS = 3  # day, month, year

    def process_formdata(self, valuelist):
        if len(valuelist) != self.PARTS:
            # Only a hand-made request sends the date's boxes missing or twice. Show three
            # empty boxes again (the widget needs exactly three) and ask for the date.
            self.raw_data = [""] * self.PARTS
            self.data = None
            return
        parts = [v.strip() for v in valuelist]
        if not any(parts):
            self.data = None
            return
        try:
            self.data = datetime.strptime(" ".join(parts), "%d %m %Y").date()
        except ValueError as error:
            self.data = None
            raise ValueError("The due date must be a real date, for example 27 3 2027") from error


def assignment_form(choosable_teams) -> FlaskForm:
    class AssignForm(FlaskForm):
        teams = SelectMultipleField(
            "Teams",
            choices=[SelectChoice(str(t.id), t.name) for t in choosable_teams],
            widget=GovCheckboxesInput(),
            validators=[DataRequired(message="Choose at least one team")],
            description="Each person in these teams will see the briefing with its due date.",
        )
        due_on = DueDateField(
            "Due date",
            widget=GovDateInput(),
            validators=[InputRequired(message="Enter the due date")],
            description="For example, 27 3 2027. Choosing a team again moves its due date.",
        )
        submit = SubmitField("Assign", widget=GovSubmitInput())

    return AssignForm()


def _tell_about_emails(sending: Sending) -> None:
    if sending.sent:
        flash(f"{sending.sent:,} people were told by email.", "success")
    if sending.console:
        flash(sending.notice)
    if sending.failed:
        flash(f"{sending.failed:,} emails about it could not be sent: see Emails (administrators).")


def assign_page(briefing: Briefing, teams: list[Team], back: str):
    form = assignment_form(teams)
    if form.validate_on_submit():
        by_id = {str(t.id): t for t in teams}
        chosen = [by_id[i] for i in form.teams.data if i in by_id]
        already = due_dates(briefing, chosen)
        try:
            assign(briefing, chosen, form.due_on.data, current_user, date.today())
        except AssignmentError as error:
            form[error.field].errors.append(str(error))
        else:
            # Only teams given the briefing now are told; a moved due date sends nothing.
            new_teams = [t for t in chosen if t.id not in already]
            messages = assignment_messages(briefing, new_teams, form.due_on.data)
            names = ", ".join(t.name for t in chosen)
            db.session.commit()
            sending = send(messages)
            db.session.commit()
            flash(f"Assigned to {names}, due {form.due_on.data:%-d %B %Y}.", "success")
            _tell_about_emails(sending)
            return redirect(back)
    return render_template(
        "assign.html",
        briefing=briefing,
        form=form,
        back=back,
        teams=teams,
        current=due_dates(briefing, teams),
    )
