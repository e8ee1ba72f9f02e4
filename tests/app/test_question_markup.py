"""The answer field is written out by hand (templates/practice/_question.html) because GOV.UK
Frontend's radios and checkboxes macros cost more than the rest of a question page together.
It must stay the markup those macros make, whitespace aside: the same labels, ids, hint,
error message and checked state that screen readers and the error summary rely on."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from markupsafe import Markup

from quiz.models import QuestionKind
from quiz.web.practice.forms import answer_form

HAND_WRITTEN = (
    '{% from "practice/_question.html" import scenario_question %}'
    "{{ scenario_question(version, form, heading_level=level, caption=caption) }}"
)
# The field as GOV.UK Frontend's macros render it (through govuk-frontend-wtf's widgets),
# with the same legend and scenario.
GOVUK_MACRO = """
{% set size = 'l' if level == 1 else 'm' %}
{% set legend_html %}
<span class="govuk-caption-{{ size }} app-question-caption">
{% if caption %}{{ caption }}<br>{% endif %}
{{ version.role }} · Theme: {{ version.question.theme.text }}</span> {{ version.prompt }}
{% endset %}
{% set scenario_html %}
<div class="app-scenario govuk-!-margin-bottom-4">{{ version.scenario | markdown }}</div>
{% endset %}
{{ form.answer(params={
  "fieldset": {"legend": {"html": legend_html, "isPageHeading": level == 1,
                          "classes": "govuk-fieldset__legend--" ~ size}},
  "formGroup": {"beforeInputs": {"html": scenario_html}},
}) }}
"""


def normalised(html: str) -> str:
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def a_version(kind: QuestionKind):
    options = [SimpleNamespace(id=i, text=f"Option {i} <b>&</b> more") for i in (11, 12, 13)]
    theme = SimpleNamespace(text="Seeing <the> child")
    return SimpleNamespace(
        id=7,
        kind=kind,
        prompt="What & now?",
        role="Social worker",
        scenario="A *scenario* & more.",
        options=options,
        question=SimpleNamespace(theme=theme),
    )


@pytest.mark.parametrize(
    ("kind", "chosen"),
    [
        (QuestionKind.SINGLE, []),
        (QuestionKind.SINGLE, ["12"]),
        (QuestionKind.MULTIPLE, []),
        (QuestionKind.MULTIPLE, ["12"]),
        (QuestionKind.MULTIPLE, ["11", "13"]),
    ],
)
@pytest.mark.parametrize("error", [None, "Choose an answer"])
@pytest.mark.parametrize(("level", "caption"), [(1, "Question 1 of 8"), (2, "")])
def test_the_answer_field_is_the_govuk_macros_markup(app, kind, chosen, error, level, caption):
    with app.test_request_context("/"):
        version = a_version(kind)
        form = answer_form(version)
        if chosen:
            form.answer.data = chosen if kind == QuestionKind.MULTIPLE else chosen[0]
        if error:
            form.answer.errors = [error]
        context = {"version": version, "form": form, "level": level, "caption": caption}
        ours = app.jinja_env.from_string(HAND_WRITTEN).render(context)
        theirs = app.jinja_env.from_string(GOVUK_MACRO).render(context)
    assert normalised(ours) == normalised(theirs)
    assert Markup.escape("<the>") in ours and "<b>" not in ours  # escaped, as the macros do
    assert ours.count(" checked") == len(chosen)


@pytest.mark.parametrize("version_id", [None, "7", '7" onclick="x'])
@pytest.mark.parametrize("csrf", [True, False])
def test_the_hidden_fields_are_the_wtforms_markup(app, version_id, csrf):
    app.config["WTF_CSRF_ENABLED"] = csrf  # Off, the form has no CSRF field at all.
    with app.test_request_context("/"):
        form = answer_form(a_version(QuestionKind.SINGLE))
        form.version_id.data = version_id
        ours = app.jinja_env.from_string(
            '{% from "practice/_question.html" import hidden_fields %}{{ hidden_fields(form) }}'
        ).render(form=form)
        theirs = app.jinja_env.from_string("{{ form.csrf_token }}{{ form.version_id }}").render(
            form=form
        )
    assert normalised(ours) == normalised(theirs)
    assert (form.csrf_token.current_token in ours) if csrf else "csrf_token" not in ours
