"""Drafts written for the briefing in hand: its circumstances in the seeds' slots, one use of a
seed per briefing, varied prompts, the profession a theme names, and care history only when
the briefing says so."""

from __future__ import annotations

import json

import pytest

from quiz.briefings import parse_briefing, parse_briefing_file
from quiz.briefings.context import extract_context
from quiz.library import draft_briefing, draft_questions, load_library
from quiz.library.drafts import HAND_REASON, PROMPT_VARIANTS
from quiz.library.loading import LibraryError
from quiz.question import QuestionContent
from tests.seed import ROOT

BRIEFINGS = sorted((ROOT / "tests" / "data" / "briefings").glob("*.txt"))
POLICE = ROOT / "tests" / "data" / "briefings" / "police-information-sharing.txt"
NEGLECT = ROOT / "tests" / "data" / "briefings" / "school-neglect.txt"


@pytest.fixture(scope="module")
def library():
    return load_library()


def _briefing(themes: list[str], background: str = "A child was harmed.") -> str:
    lines = "\n".join(f"- {t}" for t in themes)
    return f"7-minute briefing\n\n01 Background\n\n{background}\n\n02 Key learning\n\n{lines}\n"


def test_the_context_holds_the_briefings_circumstances():
    police = extract_context(parse_briefing_file(POLICE))
    assert police.injury == "bruising to the face"
    assert police.explanation == "fell off the sofa"
    assert police.missed_adult == "the mother's partner"
    neglect = extract_context(parse_briefing_file(NEGLECT))
    assert neglect.neglect_signs == "hungry and in the same clothes for days"
    assert neglect.appointment == "dental appointments"
    assert neglect.substance == "alcohol"
    assert neglect.injury is None and neglect.missed_adult is None


@pytest.mark.parametrize("path", BRIEFINGS, ids=lambda p: p.stem)
def test_every_theme_gets_a_draft_naming_the_briefings_circumstances(library, path):
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    circumstances = [c.lower() for c in expected["circumstances"]]
    results = draft_briefing(parse_briefing_file(path), library)
    assert len(results) == len(expected["themes"])
    for result in results:
        texts = [d.question.text().lower() for d in result.drafts]
        assert any(c in text for text in texts for c in circumstances), result.theme
        # Tagging is scored by bench/draft_specificity.py; here, at least one tag as expected.
        assert set(expected["themes"][result.theme]) & set(result.tags), result.tags


@pytest.mark.parametrize("path", BRIEFINGS, ids=lambda p: p.stem)
def test_no_seed_twice_and_no_prompt_twice_in_a_briefing(library, path):
    drafts = [d for r in draft_briefing(parse_briefing_file(path), library) for d in r.drafts]
    seeds = [d.seed for d in drafts if d.seed]
    assert len(seeds) == len(set(seeds))
    prompts = [d.question.prompt for d in drafts]
    assert "What should you do?" not in prompts
    generic = [p for p in prompts if p in PROMPT_VARIANTS]
    assert len(generic) == len(set(generic))


def test_a_theme_left_without_seeds_is_flagged_for_a_question_written_by_hand(library):
    themes = [
        "Bruising in a non-mobile baby",
        "Bruises on babies who are not mobile",
        "Any bruise on a non-mobile infant",
        "Non-mobile babies with bruising",
        "Bruising seen on a non-mobile baby at a visit",
        "Unexplained bruising in non-mobile babies",
    ]
    results = draft_briefing(parse_briefing(_briefing(themes)), library)
    seeds = [d.seed for r in results for d in r.drafts if d.seed]
    assert len(seeds) == len(set(seeds))
    assert results[-1].flagged and results[-1].reason == HAND_REASON
    assert results[-1].drafts[0].seed is None  # a reflection to start from, no reused seed
    assert not results[0].flagged


def test_a_police_theme_gets_a_police_officers_scenario_first(library):
    context = extract_context(parse_briefing_file(POLICE))
    result = draft_questions(
        "Information sharing between the police and partner agencies", context, library
    )
    assert result.drafts[0].question.role == "Police officer"


@pytest.mark.parametrize(
    ("background", "care_history"),
    [
        ("Her grandmother looked after both children at weekends.", False),
        ("Both parents were Looked After Children (LAC).", True),
        ("The mother grew up in foster care and is a care leaver.", True),
    ],
)
def test_looked_after_means_care_history_only_when_the_briefing_says_so(
    library, background, care_history
):
    theme = "The impact of parental alcohol misuse on the care of children"
    parsed = parse_briefing(_briefing([theme], background))
    context = extract_context(parsed)
    assert ("care history" in context.concerns) is care_history
    tags = draft_questions(theme, context, library).tags
    assert "care-experienced-parents" not in tags
    assert library.match("Grandparents looked after both children") == [] or all(
        m.theme_id != "care-experienced-parents"
        for m in library.match("Grandparents looked after both children")
    )
    assert "care-experienced-parents" in [
        m.theme_id for m in library.match("Parents who were Looked After Children (LAC)")
    ]


LIBRARY_YAML = """\
themes:
  - id: physical-abuse-injuries
    title: Physical abuse and injuries
    description: injuries explained away
    scope: children
    keywords: [injury, physical abuse]
    good: [Follow the protocol.]
    mistakes: [Accepting the explanation.]
    seeds:
      - id: slot-test
        for: children
        role: Teacher
        setting: A classroom
        decision: Whether to act
        age: {default: 6 years, min: 4 years, max: 11 years}
        slots: {injury: a bruise on his arm, explanation: fell in the park}
        scenario: >-
          You are a teacher. {A_age} boy in your class has {injury}. His father says he
          {explanation}. {Injury} is the second this term.
        prompt: What should you do?
        best: {text: Tell the DSL today., feedback: The DSL decides next steps.}
        wrong:
          - {text: Wait and see., feedback: Waiting leaves him at risk.}
          - {text: Ask his father., feedback: Not your role.}
          - {text: Note it only., feedback: A note is not action.}
roles:
  - {role: Teacher, meets: classes, action: tell the DSL, title: Teacher, agencies: [school]}
"""


def test_slots_take_the_briefings_words_and_their_defaults_otherwise(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(LIBRARY_YAML, encoding="utf-8")
    library = load_library(path)
    background = "Child M, aged eight, had a head injury. His mother said he fell down the stairs."
    parsed = parse_briefing(_briefing(["Response to injuries and physical abuse"], background))
    draft = draft_questions(parsed.learning_themes[0], extract_context(parsed), library).drafts[0]
    assert isinstance(draft.question, QuestionContent)
    assert draft.question.scenario == (
        "You are a teacher. An eight-year-old boy in your class has a head injury. His father "
        "says he fell down the stairs. A head injury is the second this term."
    )
    plain = parse_briefing(_briefing(["Response to injuries and physical abuse"]))
    draft = draft_questions(plain.learning_themes[0], extract_context(plain), library).drafts[0]
    assert "has a bruise on his arm" in draft.question.scenario
    assert "fell in the park" in draft.question.scenario


def test_a_seed_using_an_unknown_slot_is_refused(tmp_path):
    path = tmp_path / "themes.yaml"
    path.write_text(LIBRARY_YAML.replace("{explanation}.", "{weather}."), encoding="utf-8")
    with pytest.raises(LibraryError, match="weather"):
        load_library(path)


def test_changed_tags_draft_for_the_new_tags_without_used_seeds(library):
    context = extract_context(parse_briefing_file(NEGLECT))
    first = draft_questions("Recognising neglect", context, library, tags=["safe-sleep-sudi"])
    used = {d.seed for d in first.drafts}
    again = draft_questions(
        "Recognising neglect", context, library, tags=["safe-sleep-sudi"], exclude_seeds=used
    )
    assert first.tags == ["safe-sleep-sudi"]
    assert not used & {d.seed for d in again.drafts}


SHARED_RULES = ROOT.parent / "shared" / "QUESTIONS.md"


@pytest.mark.skipif(not SHARED_RULES.is_file(), reason="the shared rules are not beside the repo")
def test_the_rules_sent_to_a_model_are_the_shared_rules():
    from quiz.library.model_drafts import RULES_FILE

    assert RULES_FILE.read_text(encoding="utf-8") == SHARED_RULES.read_text(encoding="utf-8"), (
        "copy ../shared/QUESTIONS.md to quiz/library/writing_rules.md"
    )


def test_a_scenario_where_a_bruise_is_seen_takes_the_briefings_bruise_not_its_fracture(library):
    path = ROOT / "tests" / "data" / "briefings_after" / "baby-bruising-hospital.txt"
    parsed = parse_briefing_file(path)
    context = extract_context(parsed)
    assert context.injury == "a fractured arm"
    assert context.bruise == "a small bruise on the cheek"
    result = draft_questions(parsed.learning_themes[0], context, library)
    nonmobile = [d for d in result.drafts if d.library_theme == "non-mobile-bruising"]
    assert nonmobile and "a small bruise on the cheek" in nonmobile[0].question.scenario
    assert "see a fractured arm" not in nonmobile[0].question.scenario
