from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length

from quiz.services.content import OPTION_KEYS

OPTION_COUNT = len(OPTION_KEYS)

KIND_CHOICES = [
    SelectChoice("single", "Single best answer"),
    SelectChoice("multiple", "Multiple response: select all that apply (all or nothing)"),
    SelectChoice("true_false", "True or false: two options, True and False"),
]


class QuestionForm(FlaskForm):
    kind = RadioField(
        "Kind of question",
        choices=KIND_CHOICES,
        default="single",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose the kind of question")],
        description="Most scenario questions are single best answer.",
    )
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
        "Do not use details that could identify a real family. You can use **bold** and "
        "lists (Markdown).",
    )
    prompt = StringField(
        "Question",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the question"), Length(max=500)],
        description="For example: What should you do now?",
    )
    submit = SubmitField("Save and preview", widget=GovSubmitInput())

    def option_keys_filled(self) -> list[str]:
        return [k for k in OPTION_KEYS if (self[f"option_{k}"].data or "").strip()]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for key in OPTION_KEYS:
            text = (self[f"option_{key}"].data or "").strip()
            feedback = (self[f"feedback_{key}"].data or "").strip()
            if text and not feedback:
                self[f"feedback_{key}"].errors.append(
                    f"Enter the feedback on option {key.upper()}: why it is or is not right"
                )
                valid = False
            if feedback and not text:
                self[f"option_{key}"].errors.append(f"Enter the text of option {key.upper()}")
                valid = False
        return valid


for _position, _key in enumerate(OPTION_KEYS, start=1):
    _required = _position <= 2
    setattr(
        QuestionForm,
        f"option_{_key}",
        TextAreaField(
            f"Option {_key.upper()}",
            widget=GovTextArea(),
            validators=(
                [DataRequired(message=f"Enter the text of option {_key.upper()}")]
                if _required
                else []
            )
            + [Length(max=1000)],
            description="What the practitioner might do."
            + ("" if _required else " Leave empty if you do not need it."),
        ),
    )
    setattr(
        QuestionForm,
        f"feedback_{_key}",
        TextAreaField(
            f"Feedback on option {_key.upper()}",
            widget=GovTextArea(),
            validators=[Length(max=1000)],
            description="One or two sentences: why this is or is not the right response.",
        ),
    )
    setattr(
        QuestionForm,
        f"correct_{_key}",
        BooleanField(
            f"Option {_key.upper()} is a right answer",
            widget=GovCheckboxInput(),
        ),
    )


class PublishForm(FlaskForm):
    submit = SubmitField("Publish this question", widget=GovSubmitInput())


class ImportForm(FlaskForm):
    upload = FileField(
        "Upload the briefing",
        widget=GovFileInput(),
        description="A .docx, .pdf, .txt or .md file. PDFs must contain text, not only a scan.",
    )
    pasted = TextAreaField(
        "Or paste the briefing's text",
        widget=GovTextArea(),
        description="Copy all of it, from the title to the last section.",
    )
    submit = SubmitField("Find the sections and themes", widget=GovSubmitInput())


class ReviewImportForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the briefing's title"), Length(max=300)],
        description="Practitioners see this in their list of briefings.",
    )
    slug = StringField(
        "Short name",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter a short name"), Length(max=80)],
        description="Used in web addresses and question bank files: lowercase letters, "
        "numbers and hyphens.",
    )
    themes = TextAreaField(
        "Learning themes, one per line",
        widget=GovTextArea(),
        validators=[DataRequired(message="Enter at least one learning theme, one per line")],
        description="Rename a theme by editing its line. Merge two by joining them on one "
        "line; split one by putting each part on its own line; add, remove or reorder lines "
        "as you need.",
    )
    source_text = HiddenField()
    submit = SubmitField("Save as a draft briefing", widget=GovSubmitInput())


class VoidForm(FlaskForm):
    reason = TextAreaField(
        "Why is this version withdrawn from scoring?",
        widget=GovTextArea(),
        validators=[DataRequired(message="Say why this version is withdrawn from scoring")],
        description="For example: the best answer was wrong for our local procedure. "
        "This is kept in the audit log.",
    )
    submit = SubmitField("Withdraw from scoring", widget=GovSubmitInput())
