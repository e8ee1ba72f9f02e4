"""The seed briefing in questions/ and the facts about it that tests rely on, written once.

If the seed briefing or its questions change, change these and the tests follow.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS_DIR = ROOT / "questions"

SEED_SLUG = "joe-aged-six"
SEED_DIR = QUESTIONS_DIR / SEED_SLUG
SEED_BRIEFING = SEED_DIR / "briefing.txt"
SEED_QUESTIONS_FILE = SEED_DIR / "questions.yaml"
SEED_TITLE = "7-minute briefing: Joe, aged six"
SEED_THEMES = (
    "The parenting capacity of adults who were previously Looked After Children (LAC)",
    "Practitioners failed to recognise the voice of the child (including the verbal and "
    "non-verbal voice of the child) and understand the child's lived experiences and "
    "long-term impact of abuse",
    "Lack of appropriate response to physical abuse",
    "The need for good quality supervision and exploration of professional challenge",
)
SEED_QUESTIONS_PER_THEME = (5, 5, 5, 6)
SEED_QUESTION_COUNT = sum(SEED_QUESTIONS_PER_THEME)

# The bank as it was before the checker's revision (issue 11), kept so the content hash
# function can still be checked against hashes saved by earlier releases
# (tests/data/seed_content_hashes.json), and so loading the revised bank over it can be tested.
BANK_BEFORE_REVISION = ROOT / "tests" / "data" / "bank_before_revision"
# Questions the revision left word for word as they were.
UNCHANGED_BY_REVISION = (
    "lac-midwife-booking",
    "voice-social-worker-seen-alone",
    "challenge-dsl-new-mark-after-closure",
    "supervision-manager-unspoken-doubt",
)

# Everyone the tests create signs in with this password.
PASSWORD = "correct horse battery"

# The quiz draws this many questions per theme by default (briefings.questions_per_theme),
# so a first attempt at the seed briefing asks this many, however large the bank grows.
DRAWN_PER_THEME = 2
SEED_DRAWN_COUNT = sum(min(DRAWN_PER_THEME, n) for n in SEED_QUESTIONS_PER_THEME)
