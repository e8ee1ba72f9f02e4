"""Time spent on a briefing and the CPD minutes it is worth, from the moments saved."""

from datetime import datetime, timedelta

import pytest

from quiz.services.cpd_records import (
    BriefingCompletions,
    Completion,
    active_time,
    cpd_minutes,
)
from quiz.web.records.routes import minutes_in_words

NINE = datetime(2026, 3, 3, 9, 0)


def at(*minutes: float) -> list[datetime]:
    return [NINE + timedelta(minutes=m) for m in minutes]


def test_time_spent_adds_the_gaps_between_saved_steps():
    assert active_time(at(0, 2, 5, 12)) == timedelta(minutes=12)


def test_the_order_the_moments_come_in_does_not_matter():
    # An answer changed later is saved with its new time, out of question order.
    assert active_time(at(12, 0, 5, 2)) == timedelta(minutes=12)


def test_a_break_longer_than_half_an_hour_is_left_out():
    # Half the questions on Monday morning, the rest the next day.
    moments = at(0, 5, 10) + [m + timedelta(days=1) for m in at(0, 4)]
    assert active_time(moments) == timedelta(minutes=14)


def test_a_gap_of_exactly_half_an_hour_still_counts():
    assert active_time(at(0, 30)) == timedelta(minutes=30)
    assert active_time(at(0, 31)) == timedelta()


def test_one_moment_is_no_time():
    assert active_time(at(0)) == timedelta()


@pytest.mark.parametrize(
    ("minutes", "cpd"),
    [(0, 5), (2, 5), (7.4, 5), (7.5, 10), (12.5, 15), (18, 20), (61, 60), (93, 95)],
)
def test_cpd_minutes_round_to_the_nearest_five_and_are_at_least_five(minutes, cpd):
    assert cpd_minutes(timedelta(minutes=minutes)) == cpd


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0.5, "Less than a minute"),
        (1, "1 minute"),
        (18, "18 minutes"),
        (60, "1 hour"),
        (65, "1 hour 5 minutes"),
        (121, "2 hours 1 minute"),
    ],
)
def test_time_spent_in_words(minutes, words):
    assert minutes_in_words(timedelta(minutes=minutes)) == words


def test_retakes_keep_the_first_completion_and_find_the_best_and_latest():
    first = Completion(1, NINE, 8, 16)
    best = Completion(2, NINE + timedelta(days=30), 16, 16)
    same_again = Completion(3, NINE + timedelta(days=60), 16, 16)
    latest = Completion(4, NINE + timedelta(days=90), 12, 16)
    group = BriefingCompletions("A briefing", [first, best, same_again, latest])
    assert group.first is first
    assert group.best is best  # the first time they did that well
    assert group.latest is latest
