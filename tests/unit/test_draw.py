"""The draw: questions per theme fitted to a profession, unseen first, and the refresh."""

from __future__ import annotations

from datetime import datetime, timedelta

from quiz.draw import (
    Candidate,
    RefreshAnswer,
    ThemeOutcome,
    draw,
    draw_refresh,
    estimated_minutes,
    passes,
    weak_themes,
    word_count,
)
from quiz.professions import Profession

ROLES = ["Social worker", "Health visitor", "Midwife", "Police officer", "Teacher", "GP"]


def bank(themes=(1, 2, 3), roles=ROLES) -> list[Candidate]:
    """One question per role in each theme; question ids 100*theme + role number."""
    return [
        Candidate(100 * t + n, 1000 * t + n, t, role, words=50)
        for t in themes
        for n, role in enumerate(roles, start=1)
    ]


def roles_of(drawn) -> list[str]:
    return [c.role for c in drawn]


def test_a_social_worker_gets_two_per_theme_written_for_a_social_worker_first():
    drawn = draw(bank(), [1, 2, 3], 2, Profession.SOCIAL_WORKER, seed="a")
    assert [c.theme_id for c in drawn] == [1, 1, 2, 2, 3, 3]
    for theme in (1, 2, 3):
        assert "Social worker" in roles_of(c for c in drawn if c.theme_id == theme)


def test_related_professions_come_before_any_other():
    # No health visitor question: a midwife's or a GP's question fits a health visitor next.
    candidates = bank(themes=(1,), roles=["Social worker", "Police officer", "Midwife", "GP"])
    for seed in "abcdefgh":
        drawn = draw(candidates, [1], 2, Profession.HEALTH_VISITOR, seed=seed)
        assert sorted(roles_of(drawn)) == ["GP", "Midwife"]


def test_two_professions_get_different_draws():
    social = draw(bank(), [1, 2, 3], 2, Profession.SOCIAL_WORKER, seed="same")
    health = draw(bank(), [1, 2, 3], 2, Profession.HEALTH_VISITOR, seed="same")
    assert social != health
    assert all("Health visitor" in roles_of(c for c in health if c.theme_id == t) for t in (1, 2))


def test_unseen_questions_come_first():
    candidates = bank(themes=(1,))
    first = draw(candidates, [1], 2, Profession.SOCIAL_WORKER, seed="x")
    again = draw(
        candidates, [1], 2, Profession.SOCIAL_WORKER, {c.question_id for c in first}, seed="x"
    )
    assert not {c.question_id for c in first} & {c.question_id for c in again}
    # When every question has been seen, the draw still fills the theme.
    everything = {c.question_id for c in candidates}
    assert len(draw(candidates, [1], 2, Profession.SOCIAL_WORKER, everything, seed="x")) == 2


def test_the_draw_is_the_same_for_the_same_seed_and_varies_with_it():
    candidates = bank()
    one = draw(candidates, [1, 2, 3], 2, None, seed="person 1/briefing 1/0")
    assert one == draw(candidates, [1, 2, 3], 2, None, seed="person 1/briefing 1/0")
    # The bank's order sets the order questions are asked in, not which are drawn.
    shuffled = draw(list(reversed(candidates)), [1, 2, 3], 2, None, seed="person 1/briefing 1/0")
    assert set(shuffled) == set(one)
    others = {tuple(draw(candidates, [1, 2, 3], 2, None, seed=str(n))) for n in range(20)}
    assert len(others) > 1


def test_a_theme_with_fewer_questions_gives_what_it_has_and_only_the_themes_asked_for():
    candidates = bank(themes=(1,), roles=["GP"]) + bank(themes=(2,))
    drawn = draw(candidates, [2, 1], 2, Profession.GP, seed="s")
    assert [c.theme_id for c in drawn] == [2, 2, 1]
    assert {c.theme_id for c in draw(candidates, [2], 2, None)} == {2}


def test_the_pass_mark_is_a_share_of_the_theme_right():
    assert passes(1, 2, 50) and not passes(0, 2, 50)
    assert not passes(1, 2, 60) and passes(2, 2, 100) and passes(0, 0, 50)


NOW = datetime(2026, 11, 30, 9, 0)


def outcome(theme: int, right: int, asked: int, days_ago: int, mark: int = 50) -> ThemeOutcome:
    return ThemeOutcome(theme, right, asked, NOW - timedelta(days=days_ago), mark)


def test_weak_themes_weakest_then_oldest_first():
    outcomes = [
        outcome(1, 1, 2, days_ago=10),  # passed
        outcome(2, 0, 2, days_ago=5),  # weakest, newer
        outcome(3, 0, 2, days_ago=20),  # weakest, older
        outcome(4, 1, 3, days_ago=30),  # below the mark, less weak
    ]
    assert weak_themes(outcomes, []) == [3, 2, 4]


def test_a_theme_put_right_later_is_no_longer_weak():
    outcomes = [outcome(2, 0, 2, days_ago=20), outcome(2, 2, 2, days_ago=1)]
    assert weak_themes(outcomes, []) == []
    refreshed = [RefreshAnswer(3, True, NOW), RefreshAnswer(4, False, NOW)]
    outcomes = [outcome(3, 0, 2, days_ago=20), outcome(4, 0, 2, days_ago=20)]
    assert weak_themes(outcomes, refreshed) == [4]


def test_refresh_takes_one_question_from_each_weak_theme_in_order_up_to_two():
    by_theme = {t: bank(themes=(t,)) for t in (7, 8, 9)}
    drawn = draw_refresh([8, 7, 9], by_theme, Profession.SOCIAL_WORKER, seed="r")
    assert [d.refresh_of for d in drawn] == [8, 7]
    assert all(d.from_earlier_briefing for d in drawn)
    assert roles_of(d.candidate for d in drawn) == ["Social worker", "Social worker"]
    # One weak theme: both questions from it, different ones.
    drawn = draw_refresh([7], by_theme, Profession.SOCIAL_WORKER, seed="r")
    assert [d.refresh_of for d in drawn] == [7, 7]
    assert drawn[0].candidate != drawn[1].candidate
    assert draw_refresh([], by_theme, None) == []
    assert draw_refresh([5], by_theme, None) == []  # a weak theme with no questions left


def test_refresh_prefers_questions_not_seen():
    by_theme = {7: bank(themes=(7,))}
    seen = {c.question_id for c in by_theme[7] if c.role == "Social worker"}
    drawn = draw_refresh([7], by_theme, Profession.SOCIAL_WORKER, seen, seed="r", limit=1)
    assert drawn[0].candidate.question_id not in seen


def test_estimated_time_from_words():
    assert word_count("You are a social worker.", "What now?") == 7
    assert estimated_minutes(0) == 3
    assert estimated_minutes(1150) == 7 + 3
