"""Ages as briefings and scenario questions write them: "aged six", "a 4-month-old".

Plain Python. Both the briefings package (finding the age of a review's subject) and the
theme library (seeds whose vignette fits a range of ages) use it, so it sits above both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["NUMBER_WORDS", "Age", "parse_age"]

# The numbers briefings write as words, in counting order.
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_WORDS_FOR = {value: word for word, value in NUMBER_WORDS.items()}
_UNIT_MONTHS = {"day": 1 / 30.4, "week": 12 / 52.18, "month": 1.0, "year": 12.0}


@dataclass(frozen=True)
class Age:
    """An age as a number and a unit ("6 years", "4 months", "10 days")."""

    value: int
    unit: str  # day, week, month or year

    def __post_init__(self) -> None:
        if self.unit not in _UNIT_MONTHS:
            raise ValueError(f"unknown age unit {self.unit!r}")

    @property
    def months(self) -> float:
        return self.value * _UNIT_MONTHS[self.unit]

    @property
    def years(self) -> int:
        return int(self.months // 12)

    @property
    def is_adult(self) -> bool:
        return self.months >= 18 * 12

    def number_text(self) -> str:
        """Words up to ten, as the question bank writes them ("six", "eight"), digits above."""
        return _WORDS_FOR[self.value] if self.value <= 10 else str(self.value)

    def describe(self) -> str:
        """'six-year-old', 'four-month-old', '19-year-old'."""
        return f"{self.number_text()}-{self.unit}-old"

    def with_article(self) -> str:
        """'a six-year-old', 'an eight-year-old', 'an 18-month-old'."""
        text = self.describe()
        starts_with_vowel_sound = text.startswith(("eight", "eleven")) or re.match(
            r"(8|11|18)(\D|\d\D)", text
        )
        return f"{'an' if starts_with_vowel_sound else 'a'} {text}"

    def __str__(self) -> str:
        return f"{self.value} {self.unit}{'' if self.value == 1 else 's'}"


def parse_age(text: str) -> Age:
    """'6 years', 'six years', '4 months', '10 days' -> Age; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\w+)[\s-]+(day|week|month|year)s?\s*", str(text).lower())
    if not match:
        raise ValueError(f"not an age: {text!r} (write it like '6 years' or '4 months')")
    number = match[1]
    value = int(number) if number.isdigit() else NUMBER_WORDS.get(number)
    if value is None:
        raise ValueError(f"not an age: {text!r}")
    return Age(value, match[2])
