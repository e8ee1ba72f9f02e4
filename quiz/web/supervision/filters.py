"""The report pages' filters, read from the address; a bad one is a 400 naming the field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import render_template, request, url_for
from werkzeug.datastructures import MultiDict

from quiz.services.completion import Progress
from quiz.services.listing import Page

PER_PAGE = 100
STATUS_CHOICES = [(p.name.lower(), p.value) for p in Progress]


@dataclass(frozen=True)
class FilterProblem:
    field: str
    message: str


class BadFilter(Exception):
    def __init__(self, problem: FilterProblem):
        super().__init__(problem.message)
        self.problem = problem


def status_from(args: MultiDict) -> Progress | None:
    value = args.get("status", "")
    if not value:
        return None
    try:
        return Progress[value.upper()]
    except KeyError:
        raise BadFilter(FilterProblem("status", "Choose a status from the list.")) from None


def number_from(args: MultiDict, name: str, label: str) -> int | None:
    value = args.get(name, "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        raise BadFilter(FilterProblem(name, f"Choose {label} from the list."))
    return int(value)


def date_from(args: MultiDict, name: str, label: str) -> date | None:
    value = args.get(name, "")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadFilter(FilterProblem(name, f"Enter {label} as a date like 2026-03-31.")) from None


def page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 9 else 1


def paged(items: list, number: int, per_page: int = PER_PAGE) -> Page:
    """A list already in memory, a page at a time, as quiz.services.listing pages a query."""
    last = max(1, -(-len(items) // per_page))
    number = min(max(number, 1), last)
    start = (number - 1) * per_page
    return Page(items[start : start + per_page], number, per_page, len(items))


def page_url(number: int) -> str:
    """This page's address at another page number, with its filters."""
    arguments = request.args.to_dict()
    arguments.update(request.view_args or {}, page=number)
    return url_for(request.endpoint, **arguments)


def bad_filter_page(problem: FilterProblem, back: str):
    return render_template("supervision/bad_filter.html", problem=problem, back=back), 400
