"""The check answers and result pages are written out by hand (templates/practice/check.html,
result.html and the pieces it includes) because GOV.UK Frontend's summary list, details, table
and button macros, called per row, cost more than the rest of those pages. They must stay the
markup the macros make, whitespace aside: here each page is rendered beside the same page as
it was written with the macros (and WTForms' fields), from the same data."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace as NS

import pytest
from jinja2 import ChoiceLoader, FileSystemLoader

from quiz.models import AttemptState
from quiz.web.practice.forms import RetakeForm, SubmitAnswersForm

# The pages as they were written with GOV.UK Frontend's macros (and WTForms' fields).
WITH_MACROS = Path(__file__).parent / "pages_with_macros"


def normalised(html: str) -> str:
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def both(app, name: str, context: dict) -> tuple[str, str]:
    with_macros = app.jinja_env.overlay(
        loader=ChoiceLoader([FileSystemLoader(str(WITH_MACROS)), app.jinja_loader])
    )
    app.update_template_context(context)
    ours = app.jinja_env.get_template(name).render(context)
    theirs = with_macros.get_template(name).render(context)
    return ours, theirs


BRIEFING = NS(slug="joe-aged-six", title="Joe & <his> family")


def a_version(n: int, is_void: bool = False):
    options = [
        NS(
            id=n * 10 + i,
            text=f"Option {i} <b>&</b> 'more'",
            is_correct=i == 2,
            feedback=f"Because *{i}* & so",
        )
        for i in (1, 2, 3)
    ]
    theme = NS(text=f"Theme {n}: seeing <the> child's lived experience, always and everywhere")
    return NS(
        id=n,
        options=options,
        question=NS(theme=theme),
        role="Social worker & lead",
        scenario="A *scenario* with quite a few words & <marks> in it, more than ten.",
        prompt="What & now?",
        is_void=is_void,
    )


@pytest.mark.parametrize("missing", [None, 3])
def test_the_check_answers_page_is_the_macros_markup(app, missing):
    items = [
        NS(position=n, version_id=n, version=a_version(n), from_earlier_briefing=n == 4)
        for n in (1, 2, 3, 4)
    ]
    # Not answered, one option chosen, two chosen, one chosen.
    answered = {
        2: NS(chosen_option_ids={22}),
        3: NS(chosen_option_ids={31, 33}),
        4: NS(chosen_option_ids={41}),
    }
    with app.test_request_context("/briefings/joe-aged-six/check"):
        context = {
            "briefing": BRIEFING,
            "attempt": NS(questions=items),
            "answered": answered,
            "missing": missing,
            "form": SubmitAnswersForm(),
        }
        ours, theirs = both(app, "practice/check.html", context)
    assert normalised(ours) == normalised(theirs)
    assert ours.count('class="govuk-summary-list__row"') == 4
    assert "&lt;the&gt;" in ours and "<b>" not in ours


def a_scored_question(n: int, correct: bool, chosen: set, is_void: bool = False):
    return NS(
        position=n,
        version=a_version(n, is_void=is_void),
        score=NS(correct=correct),
        chosen_ids=chosen,
    )


@pytest.mark.parametrize("state", [AttemptState.SUBMITTED, AttemptState.COMPLETED])
@pytest.mark.parametrize("weak", [True, False])
@pytest.mark.parametrize("refresh", [True, False])
def test_the_result_page_is_the_macros_markup(app, state, weak, refresh):
    themes = [
        NS(position=1, theme="Seeing <the> child", passed=False, points=0, max_points=2),
        NS(position=2, theme="Supervision & challenge", passed=True, points=2, max_points=2),
    ]
    result = NS(
        points=3,
        max_points=4,
        below_pass_mark=themes[:1] if weak else [],
        themes=themes,
        own=[
            a_scored_question(1, False, {11}),
            a_scored_question(2, True, {12}),
            a_scored_question(3, False, {31, 32}, is_void=True),
        ],
        refresh=[a_scored_question(4, True, {42})] if refresh else [],
    )
    with app.test_request_context("/briefings/joe-aged-six/result"):
        context = {
            "briefing": BRIEFING,
            "attempt": NS(state=state, themes_only=weak),
            "result": result,
            "retake_form": RetakeForm(),
        }
        ours, theirs = both(app, "practice/result.html", context)
    assert normalised(ours) == normalised(theirs)
    assert ours.count('class="govuk-details"') == 3 + refresh
    assert "&lt;the&gt;" in ours and "<b>" not in ours
