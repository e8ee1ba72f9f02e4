"""The NCSC password rules, as a pure function: what is refused and why."""

from __future__ import annotations

import pytest

from quiz.passwords import MAX_LENGTH, MIN_LENGTH, common_passwords, password_problem

EMAIL = "jo.bloggs@example.org"
NAME = "Jo Bloggs"


def problem(password: str, **person) -> str | None:
    return password_problem(password, email=person.get("email", EMAIL), name=NAME)


@pytest.mark.parametrize(
    ("password", "because"),
    [
        ("short one", "at least 12 characters"),
        ("x" * (MAX_LENGTH + 1), f"{MAX_LENGTH} characters or fewer"),
        ("password1234", "too common"),  # a common password with digits after it
        ("Password1234!", "too common"),
        ("iloveyou2026", "too common"),
        ("!!monkey!!2026", "too common"),
        ("i love you 2026", "too common"),
        ("qwertyuiop12", "too common"),
        ("aaaaaaaaaaaa", "repeated or simple pattern"),
        ("abababababab", "repeated or simple pattern"),
        ("abcdeabcdeab", "repeated or simple pattern"),
        ("123456789012", "repeated or simple pattern"),
        ("abcdefghijklmnop", "repeated or simple pattern"),
        ("zyxwvutsrqpo", "repeated or simple pattern"),
        (EMAIL, "name or email address"),
        ("JO.BLOGGS@example.org", "name or email address"),
        ("my name is bloggs", "name or email address"),
        ("jo-bloggs-rules", "name or email address"),
    ],
)
def test_refused(password, because):
    assert because in (problem(password) or "")


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "blue kettle morning",
        "plum otter vinegar",
        "all lowercase words and no digits",  # no composition rules
        "bread bread butter",  # a word repeated, but not only that
        "é" * 2 + "ünïcødé pässwörd",
    ],
)
def test_accepted(password):
    assert problem(password) is None


def test_a_short_name_part_is_not_refused_on_its_own():
    # "Jo" is too short to mean anything inside a password such as "journey".
    assert problem("a long journey home") is None


def test_the_message_speaks_to_the_person_choosing():
    assert password_problem("short", whose="your").startswith("Your password")
    assert password_problem("short").startswith("The password")


def test_the_deny_list_is_shipped_and_lowercased():
    common = common_passwords()
    assert len(common) == 10_000
    assert {"password", "123456", "iloveyou", "password1234"} <= common
    assert all(entry == entry.lower() for entry in common)


def test_minimum_length_is_twelve():
    assert MIN_LENGTH == 12
