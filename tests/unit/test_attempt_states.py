from datetime import date

import pytest

from quiz.models import Attempt, AttemptState, IllegalTransition
from quiz.services.reports import Status, status_of


def _attempt(state):
    return Attempt(state=state)


def test_an_attempt_moves_forward_through_its_states():
    attempt = _attempt(AttemptState.IN_PROGRESS)
    attempt.move_to(AttemptState.SUBMITTED)
    assert attempt.submitted_at is not None
    attempt.move_to(AttemptState.COMPLETED)
    assert attempt.completed_at is not None


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (AttemptState.IN_PROGRESS, AttemptState.COMPLETED),
        (AttemptState.IN_PROGRESS, AttemptState.IN_PROGRESS),
        (AttemptState.SUBMITTED, AttemptState.IN_PROGRESS),
        (AttemptState.COMPLETED, AttemptState.SUBMITTED),
        (AttemptState.COMPLETED, AttemptState.IN_PROGRESS),
    ],
)
def test_illegal_moves_are_refused(start, target):
    attempt = _attempt(start)
    with pytest.raises(IllegalTransition):
        attempt.move_to(target)
    assert attempt.state == start


DUE = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("state", "today", "expected"),
    [
        (None, date(2026, 11, 30), Status.NOT_STARTED),
        (AttemptState.IN_PROGRESS, date(2026, 11, 30), Status.IN_PROGRESS),
        (AttemptState.SUBMITTED, date(2026, 12, 1), Status.IN_PROGRESS),
        (AttemptState.COMPLETED, date(2026, 12, 9), Status.COMPLETED),
        (None, date(2026, 12, 2), Status.OVERDUE),
        (AttemptState.IN_PROGRESS, date(2026, 12, 2), Status.OVERDUE),
    ],
)
def test_status_for_a_person_and_briefing(state, today, expected):
    attempt = _attempt(state) if state else None
    assert status_of(attempt, DUE, today) is expected
