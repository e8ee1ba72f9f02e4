"""How URLs become arguments: an id in a web address is one the database can hold."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

# PostgreSQL's integer (and SQLite's INTEGER is wider): a bigger number in a URL or a form
# can name nothing, and passing it on would overflow the driver instead of finding nothing.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: past MAX_ID the route does not match, so it is a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def as_id(value: str | None) -> int:
    """A posted id as a number; anything else, or too big to be an id, becomes -1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 <= number <= MAX_ID else -1
