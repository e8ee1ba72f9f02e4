"""Professions: reading a question's role, a person's choice and an HR job title."""

from __future__ import annotations

import pytest

from quiz.professions import (
    ANY,
    EXACT,
    RELATED,
    RELATED_PROFESSION,
    SAME,
    Profession,
    from_job_title,
    label,
    nearness,
    parse,
    profession_of_role,
)


@pytest.mark.parametrize(
    ("role", "profession"),
    [
        # The seed bank's roles
        ("Social worker", Profession.SOCIAL_WORKER),
        ("Team manager", Profession.SOCIAL_WORKER),
        ("Health visitor", Profession.HEALTH_VISITOR),
        ("Midwife", Profession.MIDWIFE),
        ("GP", Profession.GP),
        ("Police officer", Profession.POLICE_OFFICER),
        ("School designated safeguarding lead", Profession.TEACHER_OR_DSL),
        ("Teacher", Profession.TEACHER_OR_DSL),
        ("Early help worker", Profession.EARLY_HELP),
        # The library's roles (quiz/library/themes.yaml)
        ("School DSL", Profession.TEACHER_OR_DSL),
        ("Teacher / school staff", Profession.TEACHER_OR_DSL),
        ("School nurse", Profession.NURSE),
        ("CSC social worker", Profession.SOCIAL_WORKER),
        ("Early help / Family Help worker", Profession.EARLY_HELP),
        ("A&E nurse / doctor", Profession.NURSE),
        ("Adult social worker", Profession.ADULT_SOCIAL_CARE),
        ("Adult mental health / drug and alcohol worker", Profession.ADULT_SOCIAL_CARE),
        ("Housing officer", Profession.HOUSING),
        ("Dentist", Profession.OTHER),
    ],
)
def test_roles_are_read_as_professions(role, profession):
    assert profession_of_role(role) is profession


def test_every_library_role_is_one_of_ours():
    from quiz.library import load_library

    for profession in load_library().professions:
        assert profession_of_role(profession.name) is not Profession.OTHER, profession.name


def test_related_professions_are_symmetric_and_never_the_profession_itself():
    for profession, related in RELATED.items():
        assert profession not in related
        for other in related:
            assert profession in RELATED[other]
    assert RELATED[Profession.HEALTH_VISITOR] >= {
        Profession.MIDWIFE,
        Profession.NURSE,
        Profession.GP,
    }
    assert Profession.EARLY_HELP in RELATED[Profession.TEACHER_OR_DSL]


def test_nearness_of_a_question_to_a_person():
    assert nearness("Social worker", Profession.SOCIAL_WORKER) == EXACT
    assert nearness("Team manager", Profession.SOCIAL_WORKER) == SAME
    assert nearness("Midwife", Profession.HEALTH_VISITOR) == RELATED_PROFESSION
    assert nearness("Police officer", Profession.HEALTH_VISITOR) == ANY
    assert nearness("Social worker", None) == ANY
    assert nearness("Social worker", Profession.OTHER) == ANY


def test_a_person_or_a_file_names_a_profession():
    assert parse("Health visitor") is Profession.HEALTH_VISITOR
    assert parse(" health_visitor ") is Profession.HEALTH_VISITOR
    assert parse("DSL") is Profession.TEACHER_OR_DSL
    assert parse("") is None and parse("astronaut") is None
    assert from_job_title("Senior social worker") is Profession.SOCIAL_WORKER
    assert from_job_title("Family support worker") is Profession.EARLY_HELP
    assert from_job_title("other") is Profession.OTHER
    assert from_job_title("Astronaut") is None
    assert label("gp") == "GP" and label(None) == "" and label("nonesuch") == ""
