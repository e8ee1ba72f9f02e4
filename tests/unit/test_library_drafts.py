"""Draft scenario questions from the library's seeds, for a briefing's learning themes."""

from __future__ import annotations

import re

import pytest

from quiz.bank.reader import ID_PATTERN, QUESTION_KEYS
from quiz.briefings import parse_briefing, parse_briefing_file
from quiz.briefings.context import BriefingContext, extract_context
from quiz.library import REFLECTION_PROMPT, draft_briefing, draft_questions, load_library
from tests.library_samples import (
    SAR_BRIEFING,
    SEED,
    SEED_THEMES,
    SEED_THEMES_LIST,
    UNMATCHED,
    sentences,
)


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def seed():
    return parse_briefing_file(SEED)


@pytest.fixture(scope="module")
def context(seed) -> BriefingContext:
    return extract_context(seed)


def assert_well_formed(draft, context: BriefingContext):
    assert draft.status == "draft"
    assert ID_PATTERN.match(draft.id) and len(draft.id) <= 100, draft.id
    if draft.kind == "reflection":
        assert draft.options == ()
        return
    assert draft.kind == "single"
    assert draft.role and draft.prompt and draft.library_theme
    assert draft.scenario.startswith("You are "), draft.scenario
    assert 2 <= sentences(draft.scenario) <= 5, draft.scenario
    assert "{" not in draft.scenario and "}" not in draft.scenario
    assert [o.key for o in draft.options] == ["a", "b", "c", "d"]
    assert sum(o.correct for o in draft.options) == 1
    for option in draft.options:
        assert option.text and option.feedback
    for name in context.names:
        assert not re.search(rf"\b{re.escape(name)}\b", draft.text()), name


@pytest.mark.parametrize("theme", list(SEED_THEMES))
def test_each_seed_theme_gets_well_formed_drafts_without_the_childs_name(library, context, theme):
    result = draft_questions(theme, context, library)
    assert result.theme == theme
    assert not result.flagged and result.reason == ""
    assert set(SEED_THEMES[theme]) <= set(result.tags)
    assert 1 <= len(result.drafts) <= 3
    for draft in result.drafts:
        assert_well_formed(draft, context)
        assert draft.library_theme in result.tags
        assert "Joe" not in draft.text()


def test_drafts_echo_the_briefing_age_where_the_vignette_allows(library, context):
    theme = "Lack of appropriate response to physical abuse"
    scenarios = [d.scenario for d in draft_questions(theme, context, library).drafts]
    assert any("six-year-old" in s for s in scenarios), scenarios


def test_drafts_prefer_roles_from_agencies_the_briefing_names(library, context):
    voice = SEED_THEMES_LIST[1]
    first = draft_questions(voice, context, library).drafts[0]
    assert first.role == "Social worker"  # the briefing names children's social care


def test_an_unmatched_theme_gets_a_flagged_reflective_draft(library, context):
    result = draft_questions(UNMATCHED, context, library)
    assert result.flagged
    assert "matched no theme in the library" in result.reason
    assert result.tags == []
    [draft] = result.drafts
    assert draft.kind == "reflection"
    assert draft.prompt == REFLECTION_PROMPT
    assert draft.library_theme is None
    assert_well_formed(draft, context)


def test_drafts_are_deterministic(library, context, seed):
    for theme in [*SEED_THEMES, UNMATCHED]:
        assert draft_questions(theme, context, library) == draft_questions(theme, context, library)
    assert draft_briefing(seed, library) == draft_briefing(seed, library)


def test_the_best_answer_is_not_always_in_the_same_place(library, seed):
    keys = [d.correct_key for result in draft_briefing(seed, library) for d in result.drafts]
    assert len(set(keys)) >= 3, keys
    for result in draft_briefing(seed, library):
        in_theme = [d.correct_key for d in result.drafts]
        assert len(in_theme) == len(set(in_theme)), in_theme


def test_draft_briefing_covers_every_theme_with_unique_ids(library, seed):
    results = draft_briefing(seed, library)
    assert [r.theme for r in results] == list(seed.learning_themes)
    ids = [d.id for r in results for d in r.drafts]
    assert len(ids) == len(set(ids))
    seeds = [d.seed for r in results for d in r.drafts]
    assert len(seeds) == len(set(seeds)), "a seed was used for two themes"


def test_draft_json_has_the_question_bank_fields(library, context):
    draft = draft_questions(SEED_THEMES_LIST[2], context, library).drafts[0]
    data = draft.to_json()
    assert list(data)[: len(QUESTION_KEYS)] == list(QUESTION_KEYS)
    assert data["status"] == "draft"
    assert data["library_theme"] == "physical-abuse-injuries"
    assert {"id", "text", "correct", "feedback"} == set(data["options"][0])


def test_an_adults_review_gets_adult_roles_where_the_theme_allows(library):
    briefing = parse_briefing(SAR_BRIEFING)
    context = extract_context(briefing)
    adult_seeds = {seed.id for theme in library for seed in theme.seeds_for("adults")}
    for result in draft_briefing(briefing, library):
        assert result.drafts and not result.flagged, result.theme
        for draft in result.drafts:
            assert_well_formed(draft, context)
            assert draft.seed in adult_seeds, (result.theme, draft.seed)
            assert "Adult B" not in draft.text()


def test_a_childrens_review_gets_childrens_seeds_for_themes_that_cover_both(library, context):
    theme = "Professionals did not share information in a timely way"
    children = {seed.id for t in library for seed in t.seeds_for("children")}
    for draft in draft_questions(theme, context, library).drafts:
        assert draft.seed in children
