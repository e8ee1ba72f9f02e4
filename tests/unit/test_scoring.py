import pytest

from quiz.scoring import QuestionScore, score_by_theme, score_question


def test_the_single_right_option_scores_a_point():
    assert score_question({3}, {3}) == QuestionScore(correct=True, points=1)


def test_a_wrong_option_scores_nothing():
    assert score_question({3}, {4}) == QuestionScore(correct=False, points=0)


def test_multiple_response_needs_exactly_the_right_options():
    assert score_question({1, 2}, {1, 2}).correct
    assert not score_question({1, 2}, {1}).correct
    assert not score_question({1, 2}, {1, 2, 3}).correct


def test_nothing_chosen_scores_nothing():
    assert score_question({1}, set()).points == 0


def test_a_question_without_a_right_answer_cannot_be_scored():
    with pytest.raises(ValueError):
        score_question(set(), {1})


def test_theme_totals_keep_the_order_themes_first_appear():
    right, wrong = QuestionScore(True, 1), QuestionScore(False, 0)
    totals = score_by_theme([("B", right), ("A", wrong), ("B", wrong), ("A", right)])
    assert [(t.theme, t.points, t.max_points) for t in totals] == [("B", 1, 2), ("A", 1, 2)]
    assert totals[0].percent == 50
