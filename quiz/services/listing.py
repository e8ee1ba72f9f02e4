"""Long lists a page at a time: one query counts, one query fetches the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from quiz.extensions import db

PER_PAGE = 50


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_shown(self) -> int:
        return self.first_shown + len(self.items) - 1 if self.items else 0

    def numbers(self) -> list[int | None]:
        """The page numbers to link to: the first, the last and the current one with its
        neighbours; None where numbers are left out (the pagination's ellipsis)."""
        wanted = {1, self.pages, self.number - 1, self.number, self.number + 1}
        shown: list = []
        for number in sorted(n for n in wanted if 1 <= n <= self.pages):
            if shown and number == shown[-1] + 2:
                shown.append(number - 1)  # an ellipsis would hide only this one
            elif shown and number > shown[-1] + 2:
                shown.append(None)
            shown.append(number)
        return shown


def page_of(
    query: Select, number: int | None, per_page: int = PER_PAGE, loading: tuple = ()
) -> Page:
    """The page `number` of what query selects, in a stable order: objects when it selects
    one thing, rows when it selects several.

    Numbers out of range give the nearest page that exists, so an old link or a typed
    address (page=0, page=99999999) still shows people rather than an error or nothing.
    `loading` are loader options (selectinload, ...) for the page's objects, not the count.
    """
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    last = max(1, -(-total // per_page))
    number = min(max(number or 1, 1), last)
    page_query = query.options(*loading).limit(per_page).offset((number - 1) * per_page)
    result = db.session.execute(page_query)
    items = result.scalars().all() if len(query.column_descriptions) == 1 else result.all()
    return Page(items=list(items), number=number, per_page=per_page, total=total)
