"""Forms of the meeting pages: start a meeting, join with a code, keep the meeting log."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from quiz.models import Briefing, User
from quiz.services.meeting_logs import (
    ACTION_MAX_LENGTH,
    MAX_DAYS_AFTER_MEETING,
    NOTE_MAX_LENGTH,
    REFLECTION_QUESTIONS,
)
from quiz.web.assign import DueDateField

# Blank rows offered for new actions under the ones already agreed.
BLANK_ACTION_ROWS = 3


class MeetingDateField(DueDateField):
    """A GOV.UK date input whose message speaks of the date of the meeting."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("The date must be a real date, for example 27 3 2027") from error


def briefing_choice(briefings: list[Briefing], label: str) -> RadioField:
    return RadioField(
        label,
        choices=[SelectChoice(str(b.id), b.title) for b in briefings],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose a briefing assigned to this team")],
        validate_choice=False,
    )


def start_meeting_form(briefings: list[Briefing]) -> FlaskForm:
    class StartMeetingForm(FlaskForm):
        briefing = briefing_choice(briefings, "Which briefing will the team discuss?")
        submit = SubmitField("Start the meeting", widget=GovSubmitInput())

    return StartMeetingForm(prefix="start")


def new_log_form(briefings: list[Briefing]) -> FlaskForm:
    class NewLogForm(FlaskForm):
        briefing = briefing_choice(briefings, "Which briefing did the team discuss?")
        held_on = MeetingDateField(
            "Date of the meeting",
            widget=GovDateInput(),
            validators=[InputRequired(message="Enter the date of the meeting")],
            description="For example, 27 3 2027.",
        )
        submit = SubmitField("Write the meeting log", widget=GovSubmitInput())

    return NewLogForm(prefix="log")


class JoinForm(FlaskForm):
    code = StringField(
        "Meeting code",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the code shown on the presenter's screen")],
        description="The code on the presenter's screen, for example K7QM2P.",
        filters=[lambda value: value.strip() if value else value],
    )
    submit = SubmitField("Join the meeting", widget=GovSubmitInput())


class ControlForm(FlaskForm):
    """The presenter's buttons; which one was pressed arrives as `action`."""


def action_form(people: list[User]):
    class ActionForm(PlainForm):
        text = TextAreaField(
            "What will be done",
            widget=GovTextArea(),
            validators=[Length(max=ACTION_MAX_LENGTH)],
        )
        owner = SelectField(
            "Who will do it",
            choices=[SelectChoice("", "Nobody named yet")]
            + [SelectChoice(str(p.id), p.name) for p in people],
            widget=GovSelect(),
            validate_choice=False,
        )
        due_on = MeetingDateField("By when", widget=GovDateInput(), validators=[Optional()])

    return ActionForm


def meeting_log_form(people: list[User], action_rows: int) -> FlaskForm:
    class MeetingLogForm(FlaskForm):
        held_on = MeetingDateField(
            "Date of the meeting",
            widget=GovDateInput(),
            validators=[InputRequired(message="Enter the date of the meeting")],
        )
        attendees = SelectMultipleField(
            "Who attended",
            choices=[SelectChoice(str(p.id), p.name) for p in people],
            widget=GovCheckboxesInput(),
            validate_choice=False,
            description="Attending counts in each person's record.",
        )
        actions = FieldList(FormField(action_form(people)), min_entries=action_rows)
        due_days_after = IntegerField(
            "Set the self-assessment's due date this many days after the meeting",
            widget=GovTextInput(),
            validators=[
                Optional(),
                NumberRange(
                    min=1,
                    max=MAX_DAYS_AFTER_MEETING,
                    message=f"Enter a number of days from 1 to {MAX_DAYS_AFTER_MEETING}",
                ),
            ],
            description="Optional. Leave it empty to keep the team's due date as it is.",
        )
        submit = SubmitField("Save the meeting log", widget=GovSubmitInput())

    for name, question in REFLECTION_QUESTIONS.items():
        setattr(
            MeetingLogForm,
            name,
            TextAreaField(
                question,
                widget=GovCharacterCount(),
                validators=[
                    Length(
                        max=NOTE_MAX_LENGTH,
                        message=f"Keep each note under {NOTE_MAX_LENGTH:,} characters",
                    )
                ],
            ),
        )
    return MeetingLogForm()
