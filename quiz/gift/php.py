"""The few PHP behaviours Moodle's GIFT code relies on, so the reader can match them exactly."""

from __future__ import annotations

import math
import re

PHP_WHITESPACE = " \t\n\r\x00\x0b"  # what PHP's trim() removes
PRECISION = 14  # php.ini's precision: the significant digits of a float turned into a string
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1
_NUMERIC = re.compile(
    r"^[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*$"
)
_INTEGER = re.compile(r"^[ \t\n\r\v\f]*([+-]?[0-9]+)[ \t\n\r\v\f]*$")


def trim(text: str) -> str:
    """PHP's trim()."""
    return text.strip(PHP_WHITESPACE)


def is_numeric(text: str) -> bool:
    """PHP's is_numeric() for decimal strings."""
    return bool(_NUMERIC.match(text))


def to_number(text: str) -> int | float:
    """A numeric string as PHP's arithmetic reads it: an int when written as one that fits in
    64 bits, else a float. Check it with is_numeric() first."""
    whole = _INTEGER.match(text)
    if whole is None:
        return float(text)
    # Past 19 digits the value is past 64 bits and PHP has a float; Python's int() of
    # thousands of digits is slow, and past 4,300 raises ValueError.
    if len(whole[1].lstrip("+-").lstrip("0")) > 19:
        return float(whole[1])
    return fit(int(whole[1]))


def fit(value: int | float) -> int | float:
    """PHP's integer overflow: an int result too big for 64 bits becomes a float."""
    if isinstance(value, int) and not _INT_MIN <= value <= _INT_MAX:
        return float(value)
    return value


def divide(dividend: int | float, divisor: int) -> int | float:
    """PHP's /: an int when both are ints and it divides exactly, else a float."""
    if isinstance(dividend, int) and dividend % divisor == 0:
        return dividend // divisor
    return dividend / divisor


def to_string(value: int | float) -> str:
    """PHP's (string)$value, as Moodle turns a number it computed into text.

    A float gets 14 significant digits, so (3.141 + 3.142) / 2 is "3.1415" where Python
    prints 3.1414999999999997. PHP switches to an exponent at the same sizes as %g does,
    but writes it as 1.0E+20 and 2.5E-5; -0.0 is "-0".
    """
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NAN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    text = f"{value:.{PRECISION}g}"
    mantissa, exponent_sign, exponent = text.partition("e")
    if not exponent_sign:
        return text
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}E{int(exponent):+d}"


def as_saved(value: int | float) -> int | float:
    """A computed number as Moodle saves it: its PHP string, read back."""
    return value if isinstance(value, int) else float(to_string(value))


def whole_as_int(value: int | float) -> int | float:
    """A number for JSON: 2 rather than 2.0."""
    return int(value) if float(value).is_integer() else value
