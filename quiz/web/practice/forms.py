"""Quiz forms, generated from what each page asks."""

from __future__ import annotations

from functools import lru_cache

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
)
from wtforms import (
    HiddenField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from quiz.models import QuestionKind, QuestionVersion, Theme
from quiz.services.attempts import REFLECTION_MAX_LENGTH
from quiz.services.confidence import ThemeToRate
from quiz.services.one_question import ShownVersion
from quiz.web.routing import as_id

CONFIDENCE_LABELS = {
    1: "1 – Not confident",
    2: "2 – A little confident",
    3: "3 – Fairly confident",
    4: "4 – Confident",
    5: "5 – Very confident",
}


def theme_field_name(theme: Theme | ThemeToRate) -> str:
    return f"theme_{theme.id}"


def confidence_form(themes: list[Theme | ThemeToRate], submit_label: str = "Continue") -> FlaskForm:
    """A rating field per theme, labelled "Theme 1: ...", and the submit button."""
    return _confidence_form_class(tuple((t.id, t.text) for t in themes), submit_label)()


@lru_cache(maxsize=256)
def _confidence_form_class(themes: tuple[tuple[int, str], ...], submit_label: str):
    # Made once for each briefing's themes (a briefing has few, and they rarely change):
    # making the class cost more than the rest of the form.
    class ConfidenceForm(FlaskForm):
        pass

    for number, (theme_id, text) in enumerate(themes, start=1):
        setattr(
            ConfidenceForm,
            f"theme_{theme_id}",
            RadioField(
                f"Theme {number}: {text}",
                choices=[SelectChoice(str(k), v) for k, v in CONFIDENCE_LABELS.items()],
                widget=GovRadioInput(),
                validators=[
                    InputRequired(message=f"Rate your confidence on theme {number}"),
                    AnyOf(
                        [str(k) for k in CONFIDENCE_LABELS],
                        message=f"Choose a number from 1 to 5 for theme {number}",
                    ),
                ],
                validate_choice=False,
                description="How confident are you in this part of your practice?",
            ),
        )
    ConfidenceForm.submit = SubmitField(submit_label, widget=GovSubmitInput())
    return ConfidenceForm


def ratings_from(form: FlaskForm, themes: list[Theme | ThemeToRate]) -> dict[int, int]:
    return {t.id: int(form[theme_field_name(t)].data) for t in themes}


def fill_ratings(form: FlaskForm, themes: list[ThemeToRate]) -> None:
    """Show the ratings already given as chosen."""
    for theme in themes:
        if theme.rating is not None:
            form[theme_field_name(theme)].data = str(theme.rating)


NOTHING_CHOSEN = "Choose an answer"
NOTHING_CHOSEN_OF_SEVERAL = "Choose at least one answer"


class _AnswerForm(FlaskForm):
    version_id = HiddenField()
    submit = SubmitField("Save and continue", widget=GovSubmitInput())


class _OneAnswerForm(_AnswerForm):
    answer = RadioField(
        widget=GovRadioInput(),
        validators=[InputRequired(message=NOTHING_CHOSEN)],
        # The attempt service checks the options, with a clearer message.
        validate_choice=False,
        description="Choose the best answer.",
    )


class _AnswersForm(_AnswerForm):
    answer = SelectMultipleField(
        widget=GovCheckboxesInput(),
        validators=[DataRequired(message=NOTHING_CHOSEN_OF_SEVERAL)],
        validate_choice=False,
        description="Select all that apply. You get the mark only when you choose "
        "every right option and no others.",
    )


def answer_form(version: QuestionVersion | ShownVersion) -> FlaskForm:
    """The question's answer field: radios, or checkboxes when several may be right.

    Two classes, given the version's prompt and options when made: a class made per request
    cost a tenth of an answer's CPU."""
    form_class = _AnswersForm if version.kind == QuestionKind.MULTIPLE else _OneAnswerForm
    form = form_class()
    form.answer.label.text = version.prompt
    form.answer.choices = [SelectChoice(str(o.id), o.text) for o in version.options]
    return form


def missing_answer(version: QuestionVersion | ShownVersion, values: list[str]) -> str | None:
    """The answer form's own message when the posted answer chooses nothing, else None.

    An answer is checked without making the form: the CSRF token is checked for every post
    (CSRFProtect) and the options by the service; the form is made only to show the page
    again. Its rules, as the form's validators had them: a radio's first value is not
    empty (InputRequired); checkboxes send at least one value (DataRequired)."""
    if version.kind == QuestionKind.MULTIPLE:
        return None if values else NOTHING_CHOSEN_OF_SEVERAL
    return None if values and values[0] else NOTHING_CHOSEN


def refused(form: FlaskForm, message: str) -> None:
    """Show the answer again with why it was not saved."""
    form.answer.errors = [message]


def fill_answer(form: FlaskForm, version: ShownVersion, chosen_ids: frozenset[int]) -> None:
    """Prepare a first showing of the question, with the options already chosen (by id)."""
    form.version_id.data = str(version.id)
    if chosen_ids:
        chosen = [str(i) for i in sorted(chosen_ids)]
        form.answer.data = chosen if version.kind == QuestionKind.MULTIPLE else chosen[0]


def fill_choice(form: FlaskForm, version: ShownVersion, option_ids: list[int]) -> None:
    """Show these options chosen, when they are options of this version (others ignored)."""
    valid = {o.id for o in version.options}
    chosen = [str(i) for i in option_ids if i in valid]
    if not chosen:
        return
    form.answer.data = chosen if version.kind == QuestionKind.MULTIPLE else chosen[0]


def as_ids(values: list[str]) -> list[int]:
    """Posted ids as numbers; -1 (which matches nothing) for any that is not an id."""
    return [as_id(v) for v in values if v]


class ReflectionForm(FlaskForm):
    reflection = TextAreaField(
        "What will you do differently in your practice after this briefing?",
        widget=GovCharacterCount(),
        validators=[
            DataRequired(message="Write a short reflection: what will you do differently?"),
            Length(
                max=REFLECTION_MAX_LENGTH, message="Keep your reflection under 2,000 characters"
            ),
        ],
        description="Your supervisor can read this and may talk it through with you "
        "in supervision.",
    )


class SubmitAnswersForm(FlaskForm):
    submit = SubmitField("Submit your answers", widget=GovSubmitInput())


class StartForm(FlaskForm):
    submit = SubmitField("Start the self-assessment", widget=GovSubmitInput())


class RetakeForm(FlaskForm):
    """Try again: every theme, or only the themes below the pass mark last time."""

    themes = HiddenField(default="all")
