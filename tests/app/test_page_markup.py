"""The pages a practitioner goes through (sign in, the briefing, confidence, check answers,
result, reflection) are written out by hand because GOV.UK Frontend's macros, and
govuk-frontend-wtf's widgets that call them, cost more than the rest of those pages, more so
when called per row. They must stay the markup the macros make, whitespace aside: here each
page is rendered beside the same page as it was written with the macros and WTForms' fields
(tests/app/pages_with_macros), from the same data. The question page's pieces are held in
test_question_markup.py, the header in test_header_markup.py, the skeleton in
test_layout_markup.py."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace as NS

import pytest
from jinja2 import ChoiceLoader, FileSystemLoader

from quiz.models import AttemptState
from quiz.web.auth.forms import SignInForm
from quiz.web.practice.forms import (
    ReflectionForm,
    RetakeForm,
    StartForm,
    SubmitAnswersForm,
    confidence_form,
)

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
@pytest.mark.parametrize("csrf", [True, False])
def test_the_check_answers_page_is_the_macros_markup(app, missing, csrf):
    app.config["WTF_CSRF_ENABLED"] = csrf
    # Not answered, one option chosen, two chosen, one chosen.
    chosen = {1: set(), 2: {22}, 3: {31, 33}, 4: {41}}
    items = [
        NS(position=n, version=a_version(n), from_earlier_briefing=n == 4, chosen_ids=chosen[n])
        for n in (1, 2, 3, 4)
    ]
    with app.test_request_context("/briefings/joe-aged-six/check"):
        context = {
            "briefing": BRIEFING,
            "result": NS(questions=items),
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
@pytest.mark.parametrize("csrf", [True, False])
def test_the_result_page_is_the_macros_markup(app, state, weak, refresh, csrf):
    app.config["WTF_CSRF_ENABLED"] = csrf
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


THEMES = [NS(id=5, text="Seeing <the> child"), NS(id=6, text="Supervision & challenge")]


@pytest.mark.parametrize("page", ["practice/confidence.html", "practice/reflect.html"])
@pytest.mark.parametrize("filled", [False, True])
@pytest.mark.parametrize("csrf", [True, False])
def test_the_confidence_and_reflection_pages_are_the_macros_markup(app, page, filled, csrf):
    app.config["WTF_CSRF_ENABLED"] = csrf
    with app.test_request_context("/briefings/joe-aged-six/reflect"):
        form = confidence_form(THEMES, submit_label="Finish")
        reflection = ReflectionForm()
        if filled:  # One rating given, one missing; a reflection too long, say.
            form["theme_5"].data = "4"
            form["theme_6"].errors = ["Rate your confidence on theme 2"]
            reflection.reflection.data = "I will <b>see</b> the child & ask.\nThen more."
            reflection.reflection.errors = ["Keep your reflection under 2,000 characters"]
        context = {"briefing": BRIEFING, "form": form, "reflection": reflection}
        ours, theirs = both(app, page, context)
    assert normalised(ours) == normalised(theirs)
    assert ours.count('type="radio"') == 10 and ours.count(" checked") == filled
    assert "&lt;the&gt;" in ours


@pytest.mark.parametrize(
    ("state", "back_to_question"),
    [
        (None, None),
        (AttemptState.IN_PROGRESS, None),
        (AttemptState.IN_PROGRESS, "/briefings/joe-aged-six/questions/3?answer=12&answer=13"),
        (AttemptState.SUBMITTED, None),
        (AttemptState.COMPLETED, None),
    ],
)
@pytest.mark.parametrize("csrf", [True, False])
def test_the_briefing_page_is_the_macros_markup(app, state, back_to_question, csrf):
    app.config["WTF_CSRF_ENABLED"] = csrf
    sections = [
        NS(
            number="1",
            heading="What <happened>",
            text="Joe & his family.\n\n- one\n- two",
            is_themes=False,
        ),
        NS(number=None, heading="Learning themes", text="", is_themes=True),
    ]
    briefing = NS(
        slug="joe-aged-six",
        title="Joe & <his> family",
        reading_order=lambda: sections,
        themes=[NS(position=1, text="Seeing <the> child")],
        questions_per_theme=2,
    )
    attempt = None if state is None else NS(state=state, completed_at=date(2026, 3, 4))
    with app.test_request_context("/briefings/joe-aged-six"):
        context = {
            "briefing": briefing,
            "assignment": NS(due_on=date(2026, 5, 6)),
            "attempt": attempt,
            "status": NS(value="In progress"),
            "minutes": 25,
            "back_to_question": back_to_question,
            "form": StartForm(),
            "retake_form": RetakeForm(),
        }
        ours, theirs = both(app, "practice/briefing.html", context)
    assert normalised(ours) == normalised(theirs)
    assert "&lt;the&gt;" in ours


@pytest.mark.parametrize(("text", "colour"), [("Completed", "green"), ("<Overdue> & late", "red")])
def test_the_coloured_tag_is_the_macros_markup(app, text, colour):
    context = {"text": text, "colour": colour}
    ours = app.jinja_env.from_string(
        '{% from "macros.html" import coloured_tag %}{{ coloured_tag(text, colour) }}'
    ).render(context)
    theirs = app.jinja_env.from_string(
        '{{ govukTag({"text": text, "classes": "govuk-tag--" ~ colour}) | trim }}'
    ).render(context)
    assert ours == theirs


@pytest.mark.parametrize("had_ended", [False, True])
@pytest.mark.parametrize("filled", [False, True])
@pytest.mark.parametrize("csrf", [True, False])
def test_the_sign_in_page_is_the_macros_markup(app, had_ended, filled, csrf):
    app.config["WTF_CSRF_ENABLED"] = csrf  # Off, the forms have no CSRF field at all.
    with app.test_request_context("/sign-in"):
        form = SignInForm()
        if filled:  # Sent back with the email address kept and the password never shown.
            form.email.data = 'a&b"<c>@example.org'
            form.password.data = "s3cret<>"
            form.email.errors = ["Enter your email address"]
            form.password.errors = ["Enter your password"]
        ours, theirs = both(app, "auth/sign_in.html", {"form": form, "had_ended": had_ended})
    assert normalised(ours) == normalised(theirs)
    assert "s3cret" not in ours
