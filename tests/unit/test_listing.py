"""Which page numbers the pagination links to, and what 'showing 51 to 100' says."""

import pytest

from quiz.services.listing import Page


def page(number: int, total: int, per_page: int = 10) -> Page:
    shown = max(0, min(per_page, total - (number - 1) * per_page))
    return Page(items=[object()] * shown, number=number, per_page=per_page, total=total)


@pytest.mark.parametrize(
    ("number", "total", "numbers"),
    [
        (1, 0, [1]),
        (1, 10, [1]),
        (1, 11, [1, 2]),
        (1, 100, [1, 2, None, 10]),
        (3, 100, [1, 2, 3, 4, None, 10]),
        (4, 100, [1, 2, 3, 4, 5, None, 10]),
        (5, 100, [1, None, 4, 5, 6, None, 10]),
        (10, 100, [1, None, 9, 10]),
        (2, 30, [1, 2, 3]),
    ],
)
def test_first_last_and_neighbours_with_gaps_marked(number, total, numbers):
    assert page(number, total).numbers() == numbers


def test_what_a_page_shows():
    assert (page(3, 25).first_shown, page(3, 25).last_shown, page(3, 25).pages) == (21, 25, 3)
    empty = page(1, 0)
    assert (empty.first_shown, empty.last_shown, empty.pages) == (0, 0, 1)
