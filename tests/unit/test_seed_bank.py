"""What the shipped bank promises beyond the question rules (issues 10 and 11)."""

import re

from quiz.bank import read_bank
from quiz.item_flaws import bank_figures, flaws
from tests.seed import QUESTIONS_DIR

MALE_CARERS = re.compile(r"\b(father|stepfather|partner|male carer)\b", re.IGNORECASE)


def seed_bank():
    [briefing] = read_bank(QUESTIONS_DIR)
    return briefing


def test_every_theme_has_questions_for_at_least_four_professions():
    briefing = seed_bank()
    for theme in briefing.themes:
        roles = {q.question.role for q in briefing.questions_for(theme)}
        assert len(roles) >= 4, (theme, roles)


def test_fathers_and_male_carers_appear_under_most_themes():
    briefing = seed_bank()
    with_men = [
        theme
        for theme in briefing.themes
        if any(MALE_CARERS.search(q.question.scenario) for q in briefing.questions_for(theme))
    ]
    assert len(with_men) >= 3


def test_the_bank_has_no_item_writing_flaws_and_no_cue_that_scores_alone():
    questions = [q.question for q in seed_bank().questions]
    assert [flaws(q) for q in questions if flaws(q)] == []
    figures = bank_figures(questions)
    assert figures["flaws"] == []
    # "Waiting" or a restrained step is sometimes right: the most cautious option is not
    # always the answer.
    assert figures["most_cautious_is_right"]["share"] < 0.5
