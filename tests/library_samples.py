"""Briefings and theme sentences shared by the library, drafts and briefing-context tests."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "questions" / "joe-aged-six" / "briefing.txt"
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))

SEED_THEMES = {
    "The parenting capacity of adults who were previously Looked After Children (LAC)": (
        "care-experienced-parents",
    ),
    "Practitioners failed to recognise the voice of the child (including the verbal and "
    "non-verbal voice of the child) and understand the child's lived experiences and "
    "long-term impact of abuse": ("voice-of-the-child",),
    "Lack of appropriate response to physical abuse": ("physical-abuse-injuries",),
    "The need for good quality supervision and exploration of professional challenge": (
        "supervision-and-oversight",
        "escalation-and-challenge",
    ),
}

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
