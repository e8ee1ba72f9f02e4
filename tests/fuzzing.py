"""Hypothesis strategies and settings shared by the fuzz tests of every untrusted-text reader.

Texts are built from the pieces a reader reacts to (headings, bullets, brackets...), with
long lines and one piece repeated thousands of times, or are real samples with pieces
spliced in. Runs are derandomised, so CI tests the same examples each time;
FUZZ_EXAMPLES=20000 runs many more, and different ones each time, to look for new cases.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

CORPUS = Path(__file__).parent / "corpus"

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 1000,
    deadline=timedelta(seconds=2),
    derandomize=not EXAMPLES,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# A runaway example is stopped here rather than waited for (the deadline only measures).
HARD_LIMIT_SECONDS = 10


def pieces_and_repeats(pieces: list[str], most: int = 3_000) -> st.SearchStrategy[str]:
    """A piece, a few random characters, or a piece (or a few, say '- ' 'a' '\n') repeated."""
    piece = st.sampled_from(pieces)
    unit = st.lists(piece, min_size=1, max_size=4).map("".join)
    return st.one_of(
        piece,
        st.text(max_size=12),
        st.builds(lambda p, n: p * n, unit, st.integers(min_value=2, max_value=most)),
    )


def texts(pieces: list[str], samples: list[str]) -> st.SearchStrategy[str]:
    """Texts of pieces, or a real sample with pieces spliced in at a few places."""
    parts = pieces_and_repeats(pieces)
    made_up = st.lists(parts, max_size=30).map("".join)

    @st.composite
    def spliced(draw):
        text = draw(st.sampled_from(samples))
        for _ in range(draw(st.integers(min_value=1, max_value=4))):
            at = draw(st.integers(min_value=0, max_value=len(text)))
            cut = draw(st.integers(min_value=0, max_value=20))
            text = text[:at] + draw(parts) + text[at + cut :]
        return text

    return st.one_of(made_up, spliced())


BRIEFING_PIECES = [
    *("01 Background", "02 Key learning themes", "Key learning", "Questions for reflection"),
    *("Good practice", "7-minute briefing", "Section 4: ", "Minute 5 – ", "Learning point 2"),
    *("## ", "# ", "**", "__", "*", "- ", "• ", "o ", "1. ", "2) ", "a) ", "iv. ", "Theme 1: "),
    *(":", ".", ";", ",", " and ", "(pdf)", "(PDF, 1MB)", "[", "]", "(", ")", "![a](b)"),
    *("[link](http://x)", "cookies", "accept", "home > ", "Page 2 of 3", "\f", "\t", "   "),
    *("\n", "\n\n", "\r\n", "> ", "|", " | ", "-", "–", "profes-", "sional", "multi-", "12"),
    *("The learning themes were ", "three areas of learning: ", "(continued)", "✅ ", "\u00a0"),
    *("\u200b", "a", "A", " ", "x" * 100, "\v"),
]
BRIEFING_SAMPLES = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
