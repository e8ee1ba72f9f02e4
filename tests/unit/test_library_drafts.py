"""Draft scenario questions from the library's seeds, for a briefing's learning themes."""

from __future__ import annotations

import re

import pytest

from quiz.bank.questions_file import QUESTION_FIELDS as QUESTION_KEYS
from quiz.bank.yaml_file import ID_PATTERN
from quiz.briefings import parse_briefing, parse_briefing_file
from quiz.briefings.context import BriefingContext, extract_context
from quiz.library import (
    REFLECTION_PROMPT,
    Draft,
    ReflectiveQuestion,
    draft_briefing,
    draft_questions,
    load_library,
)
from quiz.question import QuestionContent, QuestionKind, problems
from tests.library_samples import (
    CORPUS,
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


def scored(drafts: list[Draft]) -> list[QuestionContent]:
    return [d.question for d in drafts if isinstance(d.question, QuestionContent)]


def assert_well_formed(draft: Draft, context: BriefingContext):
    assert draft.status == "draft"
    assert ID_PATTERN.match(draft.id) and len(draft.id) <= 100, draft.id
    question = draft.question
    if isinstance(question, ReflectiveQuestion):
        assert question == ReflectiveQuestion()
        return
    assert question.kind == QuestionKind.SINGLE
    assert question.role and question.prompt and draft.library_theme
    assert question.scenario.startswith("You are "), question.scenario
    assert 2 <= sentences(question.scenario) <= 5, question.scenario
    assert "{" not in question.scenario and "}" not in question.scenario
    assert [o.key for o in question.options] == ["a", "b", "c", "d"]
    assert len(question.right_keys) == 1
    assert problems(question) == []
    for name in context.names:
        assert not re.search(rf"\b{re.escape(name)}\b", question.text()), name


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
        assert "Joe" not in draft.question.text()


def test_drafts_echo_the_briefing_age_where_the_vignette_allows(library, context):
    theme = "Lack of appropriate response to physical abuse"
    scenarios = [d.question.scenario for d in draft_questions(theme, context, library).drafts]
    assert any("six-year-old" in s for s in scenarios), scenarios


def test_drafts_prefer_roles_from_agencies_the_briefing_names(library, context):
    voice = SEED_THEMES_LIST[1]
    first = draft_questions(voice, context, library).drafts[0]
    assert first.question.role == "Social worker"  # the briefing names children's social care


def test_an_unmatched_theme_gets_a_flagged_reflective_draft(library, context):
    result = draft_questions(UNMATCHED, context, library)
    assert result.flagged
    assert "matched no theme in the library" in result.reason
    assert result.tags == []
    [draft] = result.drafts
    assert isinstance(draft.question, ReflectiveQuestion)
    assert draft.question.prompt == REFLECTION_PROMPT
    assert draft.library_theme is None
    assert_well_formed(draft, context)
    data = draft.to_json()
    assert data["kind"] == "reflection" and data["options"] == []


def test_drafts_are_deterministic(library, context, seed):
    for theme in [*SEED_THEMES, UNMATCHED]:
        assert draft_questions(theme, context, library) == draft_questions(theme, context, library)
    assert draft_briefing(seed, library) == draft_briefing(seed, library)


def test_the_best_answer_is_not_always_in_the_same_place(library, seed):
    keys = [
        q.right_keys[0] for result in draft_briefing(seed, library) for q in scored(result.drafts)
    ]
    assert len(set(keys)) >= 3, keys
    for result in draft_briefing(seed, library):
        in_theme = [q.right_keys[0] for q in scored(result.drafts)]
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
    assert data["kind"] == "single"
    assert {"id", "text", "correct", "feedback"} == set(data["options"][0])
    assert [o["id"] for o in data["options"]] == ["a", "b", "c", "d"]


def test_an_adults_review_gets_adult_roles_where_the_theme_allows(library):
    briefing = parse_briefing(SAR_BRIEFING)
    context = extract_context(briefing)
    adult_seeds = {seed.id for theme in library for seed in theme.seeds_for("adults")}
    for result in draft_briefing(briefing, library):
        assert result.drafts and not result.flagged, result.theme
        for draft in result.drafts:
            assert_well_formed(draft, context)
            assert draft.seed in adult_seeds, (result.theme, draft.seed)
            assert "Adult B" not in draft.question.text()


def test_a_childrens_review_gets_childrens_seeds_for_themes_that_cover_both(library, context):
    theme = "Professionals did not share information in a timely way"
    children = {seed.id for t in library for seed in t.seeds_for("children")}
    for draft in draft_questions(theme, context, library).drafts:
        assert draft.seed in children


@pytest.mark.parametrize("path", [SEED, *CORPUS], ids=lambda path: path.stem)
def test_every_scored_draft_meets_the_rules_of_a_question(library, path):
    # A trainer saves drafts as draft questions: each must be a question the app accepts.
    for result in draft_briefing(parse_briefing_file(path), library):
        for draft in result.drafts:
            if isinstance(draft.question, QuestionContent):
                assert problems(draft.question) == [], (path.name, draft.id)
            else:
                assert draft.question == ReflectiveQuestion(), (path.name, draft.id)
