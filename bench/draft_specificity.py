"""How specific the library's drafts are to the briefing they were drafted for.

For each briefing in tests/data/briefings (NAME.txt beside NAME.expected.json) and the
seed briefing, drafts every learning theme and counts:

- drafts "specific to the briefing": a draft whose text names one of the briefing's
  circumstances (its `circumstances` list: the age, the harm, the explanation, the adult)
  that the seed it came from does not already say;
- seeds repeated: uses of a seed beyond its first in one briefing;
- themes with at least one specific draft;
- themes tagged as expected (every expected library theme among the tags);
- "care-experienced-parents" given to a briefing with no care history;
- the profession most involved in a theme among that theme's drafts;
- prompts that are exactly "What should you do?".

The expected files were written before the drafting code changed (`written_before_change`).
Run: `.venv/bin/python bench/draft_specificity.py [--json]`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BRIEFINGS = ROOT / "tests" / "data" / "briefings"  # written before the drafting change
WRITTEN_AFTER = ROOT / "tests" / "data" / "briefings_after"  # written after it, to test it
SEED_EXPECTED = {
    "themes": {},
    "circumstances": ["six-year-old", "head injury", "fractured foot", "hitting", "crying"],
}
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from quiz.briefings import parse_briefing_file  # noqa: E402
from quiz.library import draft_briefing, load_library  # noqa: E402
from quiz.question import QuestionContent  # noqa: E402


def _seed_text(seed) -> str:
    parts = [seed.scenario, seed.prompt, seed.best.text, seed.best.feedback]
    parts += [part for w in seed.wrong for part in (w.text, w.feedback)]
    return " ".join(parts).lower()


def measure(path: Path, expected: dict) -> dict:
    library = load_library()
    seeds = {s.id: s for theme in library.themes for s in theme.seeds}
    briefing = parse_briefing_file(path)
    results = draft_briefing(briefing, library)
    circumstances = [c.lower() for c in expected.get("circumstances", [])]
    drafts = specific = 0
    used: Counter[str] = Counter()
    themes_with_specific = 0
    tagged_as_expected = 0
    generic_prompts = 0
    profession_hits = []
    for result in results:
        theme_specific = False
        for draft in result.drafts:
            if not isinstance(draft.question, QuestionContent):
                continue
            drafts += 1
            used[draft.seed] += 1
            question = draft.question
            generic_prompts += question.prompt.strip() == "What should you do?"
            text = question.text().lower()
            own = _seed_text(seeds[draft.seed]) if draft.seed in seeds else ""
            if any(c in text and c not in own for c in circumstances):
                specific += 1
                theme_specific = True
        themes_with_specific += theme_specific
        wanted = expected.get("themes", {}).get(result.theme)
        if wanted is not None and set(wanted) <= set(result.tags):
            tagged_as_expected += 1
        profession = expected.get("profession_most_involved", {}).get(result.theme)
        if profession:
            professions = {seeds[d.seed].profession for d in result.drafts if d.seed in seeds}
            profession_hits.append(profession in professions)
    care_wrong = expected.get("not_care_history", False) and any(
        "care-experienced-parents" in r.tags for r in results
    )
    return {
        "briefing": path.stem,
        "themes": len(results),
        "drafts": drafts,
        "specific_drafts": specific,
        "themes_with_a_specific_draft": themes_with_specific,
        "seed_repeats": sum(n - 1 for n in used.values() if n > 1),
        "tagged_as_expected": tagged_as_expected if expected.get("themes") else None,
        "care_history_wrongly_tagged": care_wrong,
        "profession_most_involved_drafted": profession_hits,
        "what_should_you_do_prompts": generic_prompts,
    }


def main(argv: list[str]) -> int:
    rows = [measure(ROOT / "questions" / "joe-aged-six" / "briefing.txt", SEED_EXPECTED)]
    for path in sorted(BRIEFINGS.glob("*.txt")) + sorted(WRITTEN_AFTER.glob("*.txt")):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        rows.append(measure(path, expected) | {"written_after": path.parent == WRITTEN_AFTER})
    if "--json" in argv:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        after = " (written after the change)" if row.get("written_after") else ""
        print(
            f"{row['briefing']}{after}: {row['specific_drafts']}/{row['drafts']} drafts specific, "
            f"{row['themes_with_a_specific_draft']}/{row['themes']} themes with one, "
            f"{row['seed_repeats']} seed repeats, tagged as expected {row['tagged_as_expected']}, "
            f"care history wrongly {row['care_history_wrongly_tagged']}, profession drafted "
            f"{row['profession_most_involved_drafted']}, "
            f"'What should you do?' x{row['what_should_you_do_prompts']}"
        )
    total = sum(r["drafts"] for r in rows)
    print(
        f"total: {sum(r['specific_drafts'] for r in rows)}/{total} specific, "
        f"{sum(r['seed_repeats'] for r in rows)} seed repeats"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
