"""Briefings and theme sentences shared by the library, drafts and briefing-context tests."""

from __future__ import annotations

import re
import textwrap

from tests.seed import ROOT, SEED_BRIEFING
from tests.seed import SEED_THEMES as SEED_THEME_TEXTS

SEED = SEED_BRIEFING
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))

# The seed briefing's themes, in order, and the library themes each must be tagged with.
SEED_THEMES = dict(
    zip(
        SEED_THEME_TEXTS,
        [
            ("care-experienced-parents",),
            ("voice-of-the-child",),
            ("physical-abuse-injuries",),
            ("supervision-and-oversight", "escalation-and-challenge"),
        ],
        strict=True,
    )
)

SEED_THEMES_LIST = list(SEED_THEMES)

UNMATCHED = "The importance of the new IT system"

SAR_BRIEFING = textwrap.dedent(
    """\
    7-minute Briefing: Safeguarding Adults Review

    01 Background

    Adult B, a 67-year-old man, lived alone and died in a house fire. He had declined care
    for many months. The Safeguarding Adults Board commissioned a review under the Care Act
    2014. His GP, the fire service, housing and adult social care were involved.

    03 Key learning themes

    - Self-neglect was treated as a lifestyle choice
    - Agencies accepted his apparent engagement at face value
    - Professionals did not share information in a timely way
    """
)


SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"\u201d]?\s+(?=[\"\u201c]?[A-Z])")


def sentences(text: str) -> int:
    return len(SENTENCE_BREAK.split(text.strip()))
