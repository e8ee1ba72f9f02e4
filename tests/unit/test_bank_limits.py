"""The question bank reader bounds what a file can cost: aliases, nesting, size and problems."""

from __future__ import annotations

import pytest

from quiz.bank import BankError, read_briefing_folder
from quiz.bank.yaml_file import MAX_PROBLEMS
from tests.deadline import within_seconds
from tests.unit.test_bank_reader import BRIEFING, VALID, bank_root, make_folder  # noqa: F401

SECONDS = 10


def _problems(folder) -> list[tuple[int, str]]:
    with within_seconds(SECONDS), pytest.raises(BankError) as caught:
        read_briefing_folder(folder)
    return [(p.line, p.message) for p in caught.value.problems]


def _laughs(copies: int) -> str:
    """'Billion laughs' in a questions file: each list repeats the one below it by alias."""
    options = ", ".join(["*option"] * 8)
    questions = ", ".join(["*question"] * copies)
    themes = ", ".join(["*theme"] * copies)
    return (
        "x-option: &option {id: a, text: t, correct: true, feedback: f}\n"
        "x-question: &question {id: q, kind: single, role: r, scenario: s, prompt: p,"
        f" options: [{options}]}}\n"
        f"x-theme: &theme {{theme: Theme one text, questions: [{questions}]}}\n"
        f"themes: [{themes}]\n"
    )


def test_aliases_are_refused_where_they_are_first_used(make_folder):  # noqa: F811
    problems = _problems(make_folder(_laughs(copies=400)))
    assert (2, "aliases (*name) are not allowed; write the value out in full") in problems


def test_deep_nesting_is_refused_not_a_recursion_error(make_folder):  # noqa: F811
    problems = _problems(make_folder("themes: " + "[" * 5_000 + "]" * 5_000 + "\n"))
    assert problems == [
        (1, "the values here are nested more than 20 levels deep; a questions file needs 7")
    ]


def test_a_file_past_the_size_limit_is_not_read(make_folder):  # noqa: F811
    big = VALID + "# " + "x" * (1024 * 1024) + "\n"
    assert _problems(make_folder(big)) == [
        (1, "this file is larger than 1 MB; a briefing's questions fit in far less")
    ]


def test_a_file_of_too_many_values_is_refused(make_folder):  # noqa: F811
    many = "themes: [" + ", ".join(["a"] * 60_000) + "]\n"
    assert _problems(make_folder(many)) == [
        (1, "the file has more than 50,000 values; a briefing's questions need far fewer")
    ]


def test_past_the_problem_limit_problems_are_counted_not_kept(make_folder):  # noqa: F811
    entries = "".join(f"  - theme: Not a theme {n}\n    questions:\n" for n in range(300))
    problems = _problems(make_folder("themes:\n" + entries))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == (
        2 + 2 * MAX_PROBLEMS,
        "and 100 more problems from here on; fix those above and check again",
    )


def test_a_briefing_file_too_big_to_be_a_briefing_is_not_read(make_folder):  # noqa: F811
    folder = make_folder(VALID, briefing=BRIEFING + "x" * 900_000)
    assert _problems(folder) == [
        (
            1,
            "briefing.txt is longer than 200,000 characters, so we cannot read it; "
            "a 7-minute briefing is much shorter.",
        )
    ]


# Lengths the database keeps are checked by the reader, with the line, not left to the
# database (PostgreSQL refuses a longer value with an error; SQLite stores it whole).


def test_a_title_longer_than_the_database_keeps_is_a_problem(make_folder):  # noqa: F811
    long_title = VALID.replace("briefing: joe\n", "briefing: joe\ntitle: " + "T" * 301 + "\n")
    assert _problems(make_folder(long_title)) == [
        (2, "the title is longer than 300 characters; shorten it")
    ]
    folder = make_folder(
        VALID.replace("briefing: joe\n", ""), slug="long-first-line", briefing="T" * 301 + BRIEFING
    )
    with pytest.raises(BankError) as caught:
        read_briefing_folder(folder)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (
            1,
            "the title (the first line) is longer than 300 characters; shorten it, "
            "or give questions.yaml a title:",
        )
    ]


def test_a_role_longer_than_the_database_keeps_is_a_problem(make_folder):  # noqa: F811
    long_role = VALID.replace("role: Health visitor", "role: " + "R" * 101)
    assert _problems(make_folder(long_role)) == [
        (7, 'question "q-one": the role must be 100 characters or fewer')
    ]
