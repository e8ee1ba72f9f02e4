from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from quiz.content import OPTION_KEYS

OPTION_COUNT = 4


class QuestionForm(FlaskForm):
    role = StringField(
        "Practitioner role in the scenario",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the practitioner's role"), Length(max=100)],
        description="For example: Health visitor, GP, School designated safeguarding lead",
    )
    scenario = TextAreaField(
        "Scenario",
        widget=GovTextArea(),
        validators=[DataRequired(message="Enter the scenario"), Length(max=3000)],
        description="2 to 5 sentences, written to the reader: 'You are a health visitor…'. "
        "Do not use details that could identify a real family.",
    )
    prompt = StringField(
        "Question",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the question"), Length(max=500)],
        description="For example: What should you do now?",
    )
    correct = RadioField(
        "Which option is the best answer?",
        choices=[SelectChoice(k, f"Option {k.upper()}") for k in OPTION_KEYS[:OPTION_COUNT]],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose which option is the best answer")],
        description="The other three should be plausible mistakes that reviews find.",
    )
    submit = SubmitField("Save and preview", widget=GovSubmitInput())


for _key in OPTION_KEYS[:OPTION_COUNT]:
    setattr(
        QuestionForm,
        f"option_{_key}",
        TextAreaField(
            f"Option {_key.upper()}",
            widget=GovTextArea(),
            validators=[
                DataRequired(message=f"Enter the text of option {_key.upper()}"),
                Length(max=1000),
            ],
            description="What the practitioner might do.",
        ),
    )
    setattr(
        QuestionForm,
        f"feedback_{_key}",
        TextAreaField(
            f"Feedback on option {_key.upper()}",
            widget=GovTextArea(),
            validators=[
                DataRequired(message=f"Enter the feedback on option {_key.upper()}"),
                Length(max=1000),
            ],
            description="One or two sentences: why this is or is not the right response.",
        ),
    )


class PublishForm(FlaskForm):
    submit = SubmitField("Publish this question", widget=GovSubmitInput())
