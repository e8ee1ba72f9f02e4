"""The few PHP behaviours Moodle's GIFT code relies on, so the reader can match them exactly."""

from __future__ import annotations

import re

PHP_WHITESPACE = " \t\n\r\x00\x0b"  # what PHP's trim() removes
_NUMERIC = re.compile(
    r"^[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*$"
)


def trim(text: str) -> str:
    """PHP's trim()."""
    return text.strip(PHP_WHITESPACE)


def is_numeric(text: str) -> bool:
    """PHP's is_numeric() for decimal strings."""
    return bool(_NUMERIC.match(text))


def whole_as_int(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
