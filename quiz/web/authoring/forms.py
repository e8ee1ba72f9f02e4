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
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from quiz.briefings.limits import MAX_CHARACTERS as MAX_SOURCE_TEXT
from quiz.question import (
    MAX_FEEDBACK,
    MAX_OPTION_TEXT,
    MAX_PROMPT,
    MAX_ROLE,
    MAX_SCENARIO,
    OPTION_LETTERS,
    TRUE_FALSE_KEYS,
    OptionContent,
    QuestionContent,
    QuestionKind,
    QuestionProblem,
)
from quiz.services.briefing_import import MAX_THEME_LENGTH, MAX_THEMES, MAX_TITLE
from quiz.services.content import (
    MAX_QUESTIONS_PER_THEME,
    MAX_VOID_REASON,
)


def at_most(limit: int, what: str) -> Length:
    """A length limit the app checks before saving, whatever the database would accept."""
    return Length(max=limit, message=f"Keep {what} to {limit:,} characters or fewer")


KIND_CHOICES = [
    SelectChoice(QuestionKind.SINGLE, "Single best answer"),
    SelectChoice(
        QuestionKind.MULTIPLE, "Multiple response: select all that apply (all or nothing)"
    ),
    SelectChoice(QuestionKind.TRUE_FALSE, "True or false: two options, True and False"),
]


class QuestionForm(FlaskForm):
    kind = RadioField(
        "Kind of question",
        choices=KIND_CHOICES,
        default=QuestionKind.SINGLE,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose the kind of question")],
        description="Most scenario questions are single best answer.",
    )
    role = StringField(
        "Practitioner role in the scenario",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the practitioner's role"),
            at_most(MAX_ROLE, "the role"),
        ],
        description="For example: Health visitor, GP, School designated safeguarding lead",
    )
    scenario = TextAreaField(
        "Scenario",
        widget=GovTextArea(),
        validators=[
            DataRequired(message="Enter the scenario"),
            at_most(MAX_SCENARIO, "the scenario"),
        ],
        description="2 to 5 sentences, written to the reader: 'You are a health visitor…'. "
        "Do not use details that could identify a real family. You can use **bold** and "
        "lists (Markdown).",
    )
    prompt = StringField(
        "Question",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the question"),
            at_most(MAX_PROMPT, "the question"),
        ],
        description="For example: What should you do now?",
    )
    submit = SubmitField("Save and preview", widget=GovSubmitInput())

    option_letters = OPTION_LETTERS

    def to_content(self) -> QuestionContent:
        """The question as the trainer wrote it; empty option slots are left out."""
        filled = [k for k in OPTION_LETTERS if (self[f"option_{k}"].data or "").strip()]
        written = [
            (
                self[f"option_{k}"].data.strip(),
                bool(self[f"correct_{k}"].data),
                (self[f"feedback_{k}"].data or "").strip(),
            )
            for k in filled
        ]
        keys = list(OPTION_LETTERS)
        if self.kind.data == QuestionKind.TRUE_FALSE and len(written) == len(TRUE_FALSE_KEYS):
            keys = _true_false_keys([text for text, _, _ in written])
        return QuestionContent(
            kind=self.kind.data,
            role=self.role.data.strip(),
            scenario=self.scenario.data.strip(),
            prompt=self.prompt.data.strip(),
            options=tuple(
                OptionContent(key, text, correct, feedback)
                for key, (text, correct, feedback) in zip(keys, written, strict=False)
            ),
        )

    def fill_from(self, content: QuestionContent) -> None:
        self.kind.data = content.kind
        self.role.data = content.role
        self.scenario.data = content.scenario
        self.prompt.data = content.prompt
        if len(content.options) > len(OPTION_LETTERS):
            raise ValueError(f"the form has room for {len(OPTION_LETTERS)} options")
        for letter, option in zip(OPTION_LETTERS, content.options, strict=False):
            self[f"option_{letter}"].data = option.text
            self[f"feedback_{letter}"].data = option.feedback
            self[f"correct_{letter}"].data = option.correct

    def show_problems(self, problems: list[QuestionProblem]) -> None:
        """Each problem beside the field it concerns."""
        for problem in problems:
            if problem.field == "option" and problem.option:
                name = f"option_{OPTION_LETTERS[problem.option - 1]}"
            else:
                name = {"options": "option_a", "correct": "correct_a"}.get(
                    problem.field, problem.field
                )
            if name in self and problem.message not in self[name].errors:
                self[name].errors.append(problem.message)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for key in OPTION_LETTERS:
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


def _true_false_keys(texts: list[str]) -> list[str]:
    """True and False by what the options say, else in the order written."""
    said = [text.strip().lower() for text in texts]
    if sorted(said) == sorted(TRUE_FALSE_KEYS):
        return said
    return list(TRUE_FALSE_KEYS)


for _position, _key in enumerate(OPTION_LETTERS, start=1):
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
            + [at_most(MAX_OPTION_TEXT, f"option {_key.upper()}")],
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
            validators=[at_most(MAX_FEEDBACK, f"the feedback on option {_key.upper()}")],
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


class QuizSettingsForm(FlaskForm):
    questions_per_theme = IntegerField(
        "Questions on each theme",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter how many questions to ask on each theme"),
            NumberRange(
                min=1,
                max=MAX_QUESTIONS_PER_THEME,
                message=f"Ask from 1 to {MAX_QUESTIONS_PER_THEME} questions on each theme",
            ),
        ],
        description="Each person is asked this many, drawn for their profession first.",
    )
    pass_mark_percent = IntegerField(
        "Pass mark for each theme (percent right)",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the pass mark as a percentage"),
            NumberRange(min=0, max=100, message="Enter a pass mark from 0 to 100"),
        ],
        description="A theme with fewer right is named on the result, with a retake of it. "
        "50 means at least half right.",
    )
    submit = SubmitField("Save quiz settings", widget=GovSubmitInput())


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
        validators=[at_most(MAX_SOURCE_TEXT, "the briefing's text")],
        description="Copy all of it, from the title to the last section.",
    )
    submit = SubmitField("Find the sections and themes", widget=GovSubmitInput())


class ReviewImportForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the briefing's title"),
            at_most(MAX_TITLE, "the title"),
        ],
        description="Practitioners see this in their list of briefings.",
    )
    slug = StringField(
        "Short name",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter a short name"), at_most(80, "the short name")],
        description="Used in web addresses and question bank files: lowercase letters, "
        "numbers and hyphens.",
    )
    themes = TextAreaField(
        "Learning themes, one per line",
        widget=GovTextArea(),
        validators=[
            # Empty is allowed here: the trainer may tick suggested themes instead, and
            # save_import says so when there are none at all.
            # Room for every theme at its longest, one per line, and a few blank lines.
            at_most(MAX_THEMES * (MAX_THEME_LENGTH + 2), "the learning themes"),
        ],
        description="Rename a theme by editing its line. Merge two by joining them on one "
        "line; split one by putting each part on its own line; add, remove or reorder lines "
        "as you need.",
    )
    source_text = HiddenField(validators=[at_most(MAX_SOURCE_TEXT, "the briefing's text")])
    submit = SubmitField("Save as a draft briefing", widget=GovSubmitInput())


class VoidForm(FlaskForm):
    reason = TextAreaField(
        "Why is this version withdrawn from scoring?",
        widget=GovTextArea(),
        validators=[
            DataRequired(message="Say why this version is withdrawn from scoring"),
            at_most(MAX_VOID_REASON, "the reason"),
        ],
        description="For example: the best answer was wrong for our local procedure. "
        "This is kept in the audit log.",
    )
    submit = SubmitField("Withdraw from scoring", widget=GovSubmitInput())
