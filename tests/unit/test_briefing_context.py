"""What a briefing says about its case: the subject's age, adults' review, agencies, names."""

from __future__ import annotations

import pytest

from quiz.ages import Age, parse_age
from quiz.briefings import parse_briefing, parse_briefing_file
from quiz.briefings.context import BriefingContext, extract_context
from tests.library_samples import SAR_BRIEFING, SEED


@pytest.fixture(scope="module")
def context() -> BriefingContext:
    return extract_context(parse_briefing_file(SEED))


def test_context_of_the_seed_briefing(context):
    assert context.age == Age(6, "year")
    assert context.age.years == 6
    assert context.age_text == "aged six"
    assert context.age.describe() == "six-year-old"
    assert not context.adults_review
    assert {"children's social care", "GP", "midwife", "health visitor"} <= set(context.agencies)
    assert {"physical abuse", "neglect", "care history"} <= set(context.concerns)
    assert "Joe" in context.names
    assert "Key Learning Themes" not in context.text


@pytest.mark.parametrize(
    ("sentence", "age"),
    [
        ("Baby D, a 6-month-old, was admitted with a fracture.", Age(6, "month")),
        ("The review concerns a 15-year-old girl known to police.", Age(15, "year")),
        ("Child C, aged 3 months, died suddenly.", Age(3, "month")),
        # Not the mother's age when she went into care: the child's.
        (
            "Mum was in care from when she was six years old. Sam was eight years old.",
            Age(8, "year"),
        ),
        ("The family had lived in the area for years.", None),
    ],
)
def test_context_finds_the_age_of_the_subject(sentence, age):
    briefing = parse_briefing(f"Briefing\n\n01 Background\n\n{sentence}\n\n03 Key learning\n\n- X")
    assert extract_context(briefing).age == age


def test_ages_read_and_describe_like_the_question_bank():
    assert parse_age("4 months").with_article() == "a four-month-old"
    assert parse_age("8 years").with_article() == "an eight-year-old"
    assert parse_age("18 years").with_article() == "an 18-year-old"
    assert parse_age("11 years").with_article() == "an 11-year-old"
    assert parse_age("19 years").with_article() == "a 19-year-old"
    assert parse_age("84 years").with_article() == "an 84-year-old"
    with pytest.raises(ValueError):
        parse_age("old")


def test_an_adults_review_is_recognised():
    context = extract_context(parse_briefing(SAR_BRIEFING))
    assert context.adults_review
    assert context.age == Age(67, "year")
    assert {"GP", "fire service", "housing", "adult social care"} <= set(context.agencies)
    assert "Adult B" in context.names
