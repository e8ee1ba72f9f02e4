"""The parser over tests/corpus: briefings in many layouts, with the themes a careful reader finds.

Each `NAME.txt` has `NAME.expected.json` beside it. The corpus-wide numbers are
the ones bench/theme_recall.py prints; one test per file names the file that
fails. To add a layout, add the pair of files: nothing here needs changing.
"""

import pytest

from bench.theme_recall import CORPUS, corpus_files, score, totals
from quiz.briefings import parse_briefing_file
from tests.seed import SEED_BRIEFING, SEED_THEMES

MIN_RECALL = 0.95
MIN_PRECISION = 0.95


FILES = corpus_files()


def test_the_corpus_covers_at_least_twenty_layouts():
    assert len(FILES) >= 20, f"only {len(FILES)} briefings in {CORPUS}"


def test_corpus_wide_theme_recall_and_precision():
    recall, precision = totals([score(f) for f in FILES])
    assert recall >= MIN_RECALL, f"recall {recall:.3f}; run bench/theme_recall.py for details"
    assert precision >= MIN_PRECISION, (
        f"precision {precision:.3f}; run bench/theme_recall.py for details"
    )


def test_seed_still_gives_exactly_its_themes_and_sections_in_document_order():
    seed = parse_briefing_file(SEED_BRIEFING)
    assert seed.learning_themes == SEED_THEMES
    assert [s.number for s in seed.sections] == ["01", "02", "07", "06", "05", "03", "04"]


@pytest.mark.parametrize("corpus_file", FILES, ids=[f.name for f in FILES])
def test_corpus_briefing(corpus_file):
    result = score(corpus_file)
    assert result.error is None, result.error
    assert result.found == corpus_file.expected_themes, (
        f"missed {result.missed}; wrongly found {result.wrongly_found}"
    )
    if corpus_file.expected_section_numbers is not None:
        sections = parse_briefing_file(corpus_file.path).sections
        assert tuple(s.number for s in sections) == corpus_file.expected_section_numbers
