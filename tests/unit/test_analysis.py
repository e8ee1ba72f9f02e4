from quiz.services.analysis import Response, analyse

RIGHT, WRONG, TRAP = 1, 2, 3


def _people(count, score, chosen, correct, version=10, start=0):
    return [Response(start + i, score, version, frozenset({chosen}), correct) for i in range(count)]


def test_figures_are_hidden_below_the_minimum():
    stats = analyse(_people(9, 5, RIGHT, True), {10: frozenset({RIGHT})}, minimum=10)[10]
    assert stats.hidden and stats.answered == 9 and stats.facility is None


def test_facility_and_option_shares():
    responses = _people(6, 8, RIGHT, True) + _people(4, 2, WRONG, False, start=100)
    stats = analyse(responses, {10: frozenset({RIGHT})}, minimum=10)[10]
    assert stats.facility == 0.6
    assert stats.option_shares == {RIGHT: 0.6, WRONG: 0.4}
    assert stats.discrimination == 1.0
    assert stats.flags == []


def test_easy_and_hard_questions_are_flagged():
    easy = analyse(_people(20, 5, RIGHT, True), {10: frozenset({RIGHT})})[10]
    hard = analyse(_people(20, 5, WRONG, False), {10: frozenset({RIGHT})})[10]
    assert any("Too easy" in f for f in easy.flags)
    assert any("Too hard" in f for f in hard.flags)


def test_a_wrong_option_that_draws_the_strongest_is_flagged():
    # The strongest people (high scores) choose the trap; the weakest choose the best answer.
    responses = _people(5, 10, TRAP, False) + _people(5, 1, RIGHT, True, start=100)
    stats = analyse(responses, {10: frozenset({RIGHT})}, minimum=10)[10]
    assert stats.discrimination < 0
    assert any("draws the strongest" in f for f in stats.flags)
