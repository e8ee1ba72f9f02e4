"""How well the briefing parser finds learning themes: recall and precision over tests/corpus.

Each corpus briefing `NAME.txt` has `NAME.expected.json` beside it, holding the
themes a careful reader finds (`learning_themes`) and, optionally, the section
numbers in document order (`section_numbers`). Themes are compared as exact
strings after whitespace is normalised, so a theme cut short or run together
with its neighbour counts as both a miss and a false find.

Run with `.venv/bin/python bench/theme_recall.py [FOLDER ...]`: with no folder it scores
tests/corpus, which tests/unit/test_briefing_corpus.py asserts the same totals over; a
folder (a blind batch of briefings, say) is scored on its own, with its own totals.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from quiz.briefings import BriefingError, parse_briefing_file  # noqa: E402


@dataclass(frozen=True)
class CorpusFile:
    name: str
    path: Path
    expected_themes: tuple[str, ...]
    expected_section_numbers: tuple[str | None, ...] | None


@dataclass(frozen=True)
class FileScore:
    name: str
    expected: tuple[str, ...]
    found: tuple[str, ...]
    error: str | None = None

    @property
    def matched(self) -> int:
        # Multisets, so a theme found twice counts once unless it is expected twice.
        return sum((Counter(self.expected) & Counter(self.found)).values())

    @property
    def recall(self) -> float:
        return self.matched / len(self.expected) if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / len(self.found) if self.found else float(not self.expected)

    @property
    def missed(self) -> list[str]:
        return list((Counter(self.expected) - Counter(self.found)).elements())

    @property
    def wrongly_found(self) -> list[str]:
        return list((Counter(self.found) - Counter(self.expected)).elements())


def normalise(theme: str) -> str:
    return " ".join(theme.split())


def corpus_files(corpus: Path = CORPUS) -> list[CorpusFile]:
    files = []
    for path in sorted(corpus.glob("*.txt")):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        numbers = expected.get("section_numbers")
        files.append(
            CorpusFile(
                name=path.stem,
                path=path,
                expected_themes=tuple(normalise(t) for t in expected["learning_themes"]),
                expected_section_numbers=tuple(numbers) if numbers is not None else None,
            )
        )
    return files


def score(corpus_file: CorpusFile) -> FileScore:
    try:
        parsed = parse_briefing_file(corpus_file.path)
    except BriefingError as error:
        return FileScore(corpus_file.name, corpus_file.expected_themes, (), str(error))
    found = tuple(normalise(t) for t in parsed.learning_themes)
    return FileScore(corpus_file.name, corpus_file.expected_themes, found)


def totals(scores: list[FileScore]) -> tuple[float, float]:
    """Corpus-wide (recall, precision), counting themes rather than averaging files."""
    matched = sum(s.matched for s in scores)
    expected = sum(len(s.expected) for s in scores)
    found = sum(len(s.found) for s in scores)
    return (matched / expected if expected else 1.0, matched / found if found else 0.0)


def main(argv: list[str] | None = None) -> int:
    folders = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)] or [CORPUS]
    for index, folder in enumerate(folders):
        if not folder.is_dir():
            print(f"not a folder: {folder}", file=sys.stderr)
            return 2
        if len(folders) > 1:
            print(f"{'' if index == 0 else chr(10)}== {folder}")
        report(folder)
    return 0


def report(folder: Path) -> None:
    scores = [score(f) for f in corpus_files(folder)]
    if not scores:
        print(f"no briefings in {folder}")
        return
    width = max(len(s.name) for s in scores)
    print(f"{'briefing':<{width}}  expected  found  recall  precision")
    for s in scores:
        print(
            f"{s.name:<{width}}  {len(s.expected):>8}  {len(s.found):>5}"
            f"  {s.recall:>6.2f}  {s.precision:>9.2f}"
        )
        if s.error:
            print(f"    error: {s.error}")
        for theme in s.missed:
            print(f"    missed: {theme}")
        for theme in s.wrongly_found:
            print(f"    wrongly found: {theme}")
    recall, precision = totals(scores)
    expected = sum(len(s.expected) for s in scores)
    found = sum(len(s.found) for s in scores)
    print(
        f"\n{len(scores)} briefings, {expected} expected themes, {found} found: "
        f"recall {recall:.3f}, precision {precision:.3f}"
    )


if __name__ == "__main__":
    sys.exit(main())
