"""Which new passwords to refuse, after the NCSC's password guidance.

Long enough, not among the most common, not a repeated or sequential run, and not made of
the person's own name or email. No composition rules (no "a digit and a symbol") and no
expiry: those make people choose predictable passwords and write them down.
Pure: no Flask, no database.
"""

from __future__ import annotations

import functools
import re
import string
from pathlib import Path

MIN_LENGTH = 12
# Long enough for any passphrase or password manager; bounds the work of hashing one.
MAX_LENGTH = 256
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt")
# A password needs more than this many different characters ("aaaaaaaaaaaa", "abababab...").
FEWEST_DIFFERENT_CHARACTERS = 5
# Parts of a name or email shorter than this ("jo", "al") are too common to refuse.
SHORTEST_PERSONAL_PART = 3
HINT = "Three random words make a password that is long, hard to guess and easy to remember."
_DECORATION = string.digits + string.punctuation + string.whitespace


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    # The header's lines start "# "; "#1bitch" is one of the passwords.
    return frozenset(line for line in lines if line and not line.startswith("# "))


def password_problem(
    password: str, *, email: str = "", name: str = "", whose: str = "the"
) -> str | None:
    """Why this password would be easy to guess, in a sentence; None when it is fine.

    whose: "your" when the person is choosing their own password, "the" otherwise.
    """
    if len(password) < MIN_LENGTH:
        return f"{whose.capitalize()} password must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"{whose.capitalize()} password must be {MAX_LENGTH} characters or fewer"
    lowered = password.lower()
    if _is_common(lowered):
        return f"{whose.capitalize()} password is too common. {HINT}"
    if _is_a_pattern(lowered):
        return f"{whose.capitalize()} password is a repeated or simple pattern. {HINT}"
    if _contains_personal_part(lowered, email, name):
        owner = "your" if whose == "your" else "the person's"
        return f"{whose.capitalize()} password must not contain {owner} name or email address"
    return None


def _is_common(lowered: str) -> bool:
    """On the deny-list as it is, or once digits and symbols around it are taken away.

    "password1234" and "!!monkey2026" are a common password with the usual decoration.
    """
    common = common_passwords()
    core = lowered.strip(_DECORATION)
    candidates = {lowered, core, core.replace(" ", ""), lowered.replace(" ", "")}
    return any(candidate in common for candidate in candidates if candidate)


def _is_a_pattern(lowered: str) -> bool:
    if len(set(lowered)) < FEWEST_DIFFERENT_CHARACTERS:
        return True
    # A block repeated at least twice, the last time perhaps cut short: "abcdeabcdeab".
    half = len(lowered) // 2
    if any(lowered[block:] == lowered[:-block] for block in range(1, half + 1)):
        return True
    # A run up or down the alphabet or the digits: "abcdefghijkl", "987654321098".
    steps = {ord(b) - ord(a) for a, b in zip(lowered, lowered[1:], strict=False)}
    return steps <= {1, -9} or steps <= {-1, 9}


def _contains_personal_part(lowered: str, email: str, name: str) -> bool:
    local_part = email.lower().partition("@")[0]
    parts = {local_part, *re.split(r"[^a-z0-9]+", local_part)}
    name_words = re.split(r"\s+", name.lower().strip())
    parts |= {"".join(name_words), *name_words}
    squashed = re.sub(r"[^a-z0-9]", "", lowered)
    return any(
        part in lowered or part in squashed for part in parts if len(part) >= SHORTEST_PERSONAL_PART
    )
