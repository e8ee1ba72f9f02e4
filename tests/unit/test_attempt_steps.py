"""Where a practitioner goes next, decided from the attempt alone: no request, no database."""

import pytest

from quiz.models import Answer, Attempt, AttemptQuestion, AttemptState, ConfidenceRating
from quiz.services.attempts import Page, Step, next_step, step_after_answer


def _attempt(state=AttemptState.IN_PROGRESS, *, rated=True, answered=(), questions=3) -> Attempt:
    """An attempt whose question at position n is version 100 + n."""
    return Attempt(
        state=state,
        questions=[
            AttemptQuestion(position=n, version_id=100 + n) for n in range(1, questions + 1)
        ],
        answers=[Answer(version_id=100 + n, is_correct=True) for n in answered],
        confidence=[ConfidenceRating(theme_id=1, stage="before", rating=3)] if rated else [],
    )


def test_without_an_attempt_the_briefing_page_is_next():
    assert next_step(None) == Step(Page.BRIEFING)


def test_a_completed_attempt_goes_to_the_record():
    assert next_step(_attempt(AttemptState.COMPLETED, answered=(1, 2, 3))) == Step(Page.RECORD)


def test_a_submitted_attempt_goes_to_the_result():
    assert next_step(_attempt(AttemptState.SUBMITTED, answered=(1, 2, 3))) == Step(Page.RESULT)


def test_confidence_comes_before_any_question():
    assert next_step(_attempt(rated=False)) == Step(Page.CONFIDENCE)
    assert next_step(_attempt(rated=False, answered=(1,))) == Step(Page.CONFIDENCE)


@pytest.mark.parametrize(
    ("answered", "position"), [((), 1), ((1,), 2), ((1, 3), 2), ((2, 3), 1), ((1, 2), 3)]
)
def test_the_first_unanswered_question_is_next(answered, position):
    assert next_step(_attempt(answered=answered)) == Step(Page.QUESTION, position)


def test_with_every_question_answered_the_check_page_is_next():
    assert next_step(_attempt(answered=(1, 2, 3))) == Step(Page.CHECK)


def test_after_an_answer_the_next_question_follows():
    assert step_after_answer(_attempt(), 1, from_check=False) == Step(Page.QUESTION, 2)


def test_after_the_last_answer_the_check_page_follows():
    assert step_after_answer(_attempt(), 3, from_check=False) == Step(Page.CHECK)


def test_changing_one_answer_from_the_check_page_goes_back_there():
    assert step_after_answer(_attempt(), 1, from_check=True) == Step(Page.CHECK)


def test_every_page_a_step_names_is_a_practice_view():
    from quiz.web.practice import routes

    assert all(callable(getattr(routes, page.value, None)) for page in Page)
