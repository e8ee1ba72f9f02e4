"""The theme library (themes.yaml), refreshing it from the primer, and matching themes to it."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from quiz.ages import Age
from quiz.bank.yaml_file import ID_PATTERN
from quiz.briefings import parse_briefing_file
from quiz.briefings.context import BriefingContext, extract_context
from quiz.library import THEMES_FILE, load_library
from quiz.library.build import build, parse_domain, render
from tests.library_samples import ROOT, SEED, SEED_THEMES, SEED_THEMES_LIST, UNMATCHED, sentences

DOMAIN = ROOT.parent / "shared" / "DOMAIN.md"  # beside the repo in CI; not needed at run time


# Theme sentences worded as briefings word them, and the library theme each is about.
# best=True: it must be the top match; otherwise it must be among the (at most 3) tags.
OTHER_THEMES = [
    ("Professionals did not share information in a timely way", "information-sharing", True),
    (
        "Bruising in a non-mobile baby must always be taken seriously",
        "non-mobile-bruising",
        True,
    ),
    (
        "Agencies accepted the parents' apparent cooperation at face value",
        "disguised-compliance",
        False,
    ),
    (
        "Mental capacity assessments were not carried out for specific decisions",
        "mental-capacity-executive-function",
        True,
    ),
    ("Missed health appointments were not followed up", "was-not-brought", True),
    ("Fathers and male partners were invisible to professionals", "hidden-men", True),
    (
        "Children living with domestic abuse were not seen as victims in their own right",
        "domestic-abuse",
        True,
    ),
    (
        "Professionals did not challenge decisions or use the escalation policy",
        "escalation-and-challenge",
        True,
    ),
    ("Strategy discussions did not include health and education", "multi-agency-strategy", True),
    (
        "The impact of chronic neglect on the children was not recognised",
        "neglect-cumulative-harm",
        True,
    ),
    ("Safer sleep advice was not given to both parents", "safe-sleep-sudi", True),
    (
        "The impact of the mother's post-natal depression on the baby was not explored",
        "parental-mental-health",
        True,
    ),
    (
        "Self-neglect and hoarding were treated as a lifestyle choice",
        "self-neglect-hoarding",
        True,
    ),
    (
        "The young person was seen as making choices rather than as a victim of criminal "
        "exploitation",
        "exploitation-extrafamilial-harm",
        True,
    ),
    (
        "Parental alcohol and drug use and its impact on the children",
        "parental-substance-misuse",
        True,
    ),
    (
        "Cases drifted and repeat referrals were not seen as a pattern",
        "thresholds-assessment-drift",
        True,
    ),
    (
        "The adult was not asked what outcomes she wanted from the safeguarding enquiry",
        "making-safeguarding-personal",
        True,
    ),
    (
        "Support ended abruptly when the young person turned 18",
        "transitions-to-adulthood",
        True,
    ),
    (
        "Interpreters were not used and the family's culture was not understood",
        "cultural-competence-intersectionality",
        True,
    ),
    (
        "Signs of abuse in the disabled child were put down to his condition",
        "disabled-children-communication",
        True,
    ),
    (
        "The child's disclosure of sexual abuse by a family member was not believed",
        "intrafamilial-csa",
        True,
    ),
    (
        "A lack of professional curiosity meant explanations were accepted at face value",
        "professional-curiosity",
        True,
    ),
    (
        "Teenagers at risk of harm outside the home",
        "adolescents-risk-outside-home",
        True,
    ),
]
OUTDATED_TERMS = (
    "Working Together 2018",
    "Working Together to Safeguard Children 2018",
    "LSCB",
    "child protection register",
    "clinical commissioning group",
    "CCG",
    "core assessment",
)


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def context() -> BriefingContext:
    return extract_context(parse_briefing_file(SEED))


# --- themes.yaml ----------------------------------------------------------------------


def test_library_is_committed_data_inside_the_package():
    assert Path(__file__).parents[2] / "quiz" / "library" / "themes.yaml" == THEMES_FILE
    assert THEMES_FILE.is_file()


def test_library_has_all_27_themes_with_keywords_good_and_mistakes(library):
    assert len(library) >= 27
    for theme in library:
        assert theme.title and theme.description, theme.id
        assert theme.scope in ("children", "adults", "both"), theme.id
        assert len(theme.keywords) >= 3, theme.id
        assert len(theme.good) >= 3, theme.id
        assert len(theme.mistakes) >= 3, theme.id


def test_load_library_is_cached_and_get_finds_by_id(library):
    assert load_library() is library
    assert library.get("voice-of-the-child").title == "Voice and lived experience of the child"
    with pytest.raises(KeyError, match="no library theme"):
        library.get("no-such-theme")


def test_professions_come_from_the_primer_with_a_title_for_questions(library):
    names = {profession.name for profession in library.professions}
    assert {"Health visitor", "Midwife", "GP", "School DSL", "Adult social worker"} <= names
    for profession in library.professions:
        assert profession.meets and profession.action and profession.title, profession.name
    assert library.profession("Adult social worker").adults


def test_every_theme_has_a_seed_with_one_best_and_three_wrong_actions(library):
    for theme in library:
        assert theme.seeds, f"{theme.id} has no seeds"
        for seed in theme.seeds:
            assert seed.best.text and seed.best.feedback, seed.id
            assert len(seed.wrong) == 3, seed.id
            for wrong in seed.wrong:
                assert wrong.text and wrong.feedback, seed.id
            texts = [seed.best.text, *(w.text for w in seed.wrong)]
            assert len(set(texts)) == 4, f"{seed.id} repeats an option"


def test_seeds_fit_the_theme_scope_and_use_known_professions(library):
    names = {profession.name for profession in library.professions}
    for theme in library:
        audiences = {seed.audience for seed in theme.seeds}
        if theme.scope == "children":
            assert audiences == {"children"}, theme.id
        if theme.scope == "adults":
            assert audiences == {"adults"}, theme.id
        if theme.scope == "both":
            assert audiences == {"children", "adults"}, f"{theme.id} needs a seed for each"
        for seed in theme.seeds:
            assert seed.profession in names, seed.id
            assert seed.setting and seed.decision and seed.prompt, seed.id


def test_seed_ids_are_unique_and_valid_question_ids(library):
    ids = [seed.id for theme in library for seed in theme.seeds]
    assert len(ids) == len(set(ids))
    for seed_id in ids:
        assert ID_PATTERN.match(f"draft-{seed_id}"), seed_id


def test_seed_scenarios_are_second_person_vignettes_of_two_to_five_sentences(library):
    for theme in library:
        for seed in theme.seeds:
            age = seed.age.default if seed.age else Age(6, "year")
            slots = seed.slot_defaults | {
                name[0].upper() + name[1:]: value for name, value in seed.slot_defaults.items()
            }
            text = seed.scenario.format(age="x", a_age="a x", A_age="A x", **slots)
            assert text.startswith("You are "), seed.id
            assert 2 <= sentences(text) <= 5, seed.id
            if seed.age:
                assert age in seed.age and seed.age.low.months <= seed.age.high.months


def test_the_best_option_is_not_given_away_by_its_length(library):
    # Pitfall 10 of the primer: "the longest, most caveated option is right".
    longest = 0
    seeds = [seed for theme in library for seed in theme.seeds]
    for seed in seeds:
        wrong = max(len(w.text) for w in seed.wrong)
        assert len(seed.best.text) <= 1.1 * wrong, f"{seed.id}: best option much the longest"
        longest += len(seed.best.text) > wrong
    assert longest <= 0.6 * len(seeds)


def test_seeds_cite_no_outdated_guidance(library):
    for theme in library:
        for seed in theme.seeds:
            text = " ".join(
                [seed.scenario, seed.best.text, seed.best.feedback]
                + [part for w in seed.wrong for part in (w.text, w.feedback)]
            )
            for term in OUTDATED_TERMS:
                assert not re.search(rf"\b{re.escape(term)}\b", text), (seed.id, term)


# --- build.py -------------------------------------------------------------------------

MINI_DOMAIN = textwrap.dedent(
    """\
    ## 2. Library of recurring learning themes

    ### voice-of-the-child
    **Voice of the child**: the child is *unheard* | scope: children | sources: S1, S2
    - Keywords: voice of the child; lived experience
    - Good: See the child alone.
    - Mistake: The child is not seen.

    ### brand-new
    **A new theme**: something new | scope: both | sources: S3
    - Keywords: new thing
    - Good: Do the new thing.
    - Mistake: Not doing it.

    ## 3. Roles and settings for vignettes

    | role | where they meet the family | correct next action |
    | --- | --- | --- |
    | GP | consultations | refer to **CSC** |

    ## 4. Pitfalls
    """
)


def test_build_parses_the_primer_layout():
    themes, roles = parse_domain(MINI_DOMAIN)
    assert [t["id"] for t in themes] == ["voice-of-the-child", "brand-new"]
    assert themes[0]["description"] == "the child is unheard"
    assert themes[0]["sources"] == ["S1", "S2"]
    assert themes[0]["keywords"] == ["voice of the child", "lived experience"]
    assert roles == [{"role": "GP", "meets": "consultations", "action": "refer to CSC"}]


def test_build_refreshes_primer_fields_and_keeps_hand_written_seeds():
    existing = {
        "themes": [
            {
                "id": "voice-of-the-child",
                "title": "Old title",
                "keywords": ["old"],
                "extra_keywords": ["heard"],
                "seeds": [{"id": "kept-seed"}],
            },
            {"id": "gone-from-primer", "seeds": [{"id": "also-kept"}]},
        ],
        "roles": [{"role": "GP", "title": "Family doctor", "agencies": ["GP"]}],
    }
    data, warnings = build(MINI_DOMAIN, existing)
    voice = data["themes"][0]
    assert voice["title"] == "Voice of the child"
    assert voice["keywords"] == ["voice of the child", "lived experience"]
    assert voice["extra_keywords"] == ["heard"]
    assert voice["seeds"] == [{"id": "kept-seed"}]
    assert [t["id"] for t in data["themes"]] == [
        "voice-of-the-child",
        "brand-new",
        "gone-from-primer",
    ]
    assert data["roles"][0]["title"] == "Family doctor"
    assert any("brand-new" in w for w in warnings)
    assert any("gone-from-primer" in w for w in warnings)
    assert yaml.safe_load(render(data)) == data


@pytest.mark.skipif(not DOMAIN.is_file(), reason="the shared domain primer is not beside the repo")
def test_themes_yaml_is_up_to_date_with_the_primer():
    current = THEMES_FILE.read_text(encoding="utf-8")
    data, _ = build(DOMAIN.read_text(encoding="utf-8"), yaml.safe_load(current))
    assert render(data) == current, "run: python -m quiz.library.build ../shared/DOMAIN.md"


# --- matching -------------------------------------------------------------------------


@pytest.mark.parametrize("theme", list(SEED_THEMES))
def test_seed_themes_match_their_library_themes(library, context, theme):
    expected = SEED_THEMES[theme]
    tags = [m.theme_id for m in library.match(theme, context.text)]
    assert set(tags[: len(expected)]) == set(expected), tags
    assert len(tags) <= 3


@pytest.mark.parametrize(("sentence", "expected", "best"), OTHER_THEMES)
def test_briefing_theme_sentences_match_the_library(library, sentence, expected, best):
    matches = library.match(sentence)
    tags = [m.theme_id for m in matches]
    assert expected in tags, tags
    if best:
        assert tags[0] == expected, tags
    assert len(tags) <= 3


def test_matches_are_best_first_with_signals(library):
    matches = library.match(SEED_THEMES_LIST[3])
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    for match in matches:
        assert match.signals, match.theme_id
    assert any("supervision" in s for s in matches[0].signals + matches[1].signals)


def test_unrelated_theme_matches_nothing(library, context):
    assert library.match(UNMATCHED, context.text) == []
    assert library.match("") == []


def test_context_adds_weight_but_never_makes_a_match_alone(library):
    context = "Domestic abuse, neglect, post-natal depression and a head injury."
    assert library.match("Working with families", context) == []
    plain = library.match("Children living with domestic abuse")[0]
    weighted = library.match("Children living with domestic abuse", context)[0]
    assert weighted.theme_id == plain.theme_id == "domestic-abuse"
    assert plain.score < weighted.score <= plain.score + 1.0


def test_agency_names_are_not_theme_keywords(library):
    # "visitor" is a hidden-men keyword; "health visitor" is an agency.
    tags = [m.theme_id for m in library.match("Health visitors did not record the family")]
    assert "hidden-men" not in tags
    # "neglect" inside "self-neglect" is not the children's neglect theme.
    tags = [m.theme_id for m in library.match("Self-neglect was not recognised")]
    assert tags[0] == "self-neglect-hoarding"
    assert "neglect-cumulative-harm" not in tags
