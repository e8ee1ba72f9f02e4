"""How URLs become arguments: an id in a web address is one the database can hold."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

# PostgreSQL's integer (and SQLite's INTEGER is wider): a bigger number in a URL or a form
# can name nothing, and passing it on would overflow the driver instead of finding nothing.
MAX_ID = 2**31 - 1


def _up_to(limit: int) -> str:
    """A regular expression for the decimal numbers 0 to limit, without leading zeros."""
    digits = str(limit)
    shorter = rf"[1-9]\d{{0,{len(digits) - 2}}}|0" if len(digits) > 1 else ""
    same_length = []
    for i, digit in enumerate(digits):
        rest = len(digits) - i - 1
        low = "1" if i == 0 else "0"
        if int(digit) > int(low):
            same_length.append(f"{digits[:i]}[{low}-{int(digit) - 1}]\\d{{{rest}}}")
    same_length.append(digits)
    return "|".join(filter(None, [shorter, *same_length]))


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: past MAX_ID the route does not match, so it is a 404.

    The limit is in the regular expression, not only in the conversion: werkzeug answers 405
    when a path matches one rule's pattern for another method, even if its id is too big.
    """

    regex = rf"(?:{_up_to(MAX_ID)})(?![0-9])"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def as_id(value: str | None) -> int:
    """A posted id as a number; anything else, or too big to be an id, becomes -1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 <= number <= MAX_ID else -1
