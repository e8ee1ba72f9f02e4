"""Practitioners' professions, and how near a question's role is to each.

Pure: no Flask, no database. A person's profession (``users.profession``) is what they do,
apart from their access role in the app (practitioner, supervisor...). Questions name the
role they are written for in free text ("Health visitor", "School designated safeguarding
lead"), as do the library's roles (``quiz/library/themes.yaml``); ``profession_of_role``
reads either as one of these professions, and ``nearness`` says how well a question fits a
person, so the draw (quiz/draw.py) can prefer their own profession, then related ones.
"""

from __future__ import annotations

import enum
import re


class Profession(enum.StrEnum):
    SOCIAL_WORKER = "social_worker"
    HEALTH_VISITOR = "health_visitor"
    MIDWIFE = "midwife"
    GP = "gp"
    NURSE = "nurse"
    POLICE_OFFICER = "police_officer"
    TEACHER_OR_DSL = "teacher_or_dsl"
    EARLY_HELP = "early_help"
    HOUSING = "housing"
    ADULT_SOCIAL_CARE = "adult_social_care"
    OTHER = "other"


LABELS = {
    Profession.SOCIAL_WORKER: "Social worker",
    Profession.HEALTH_VISITOR: "Health visitor",
    Profession.MIDWIFE: "Midwife",
    Profession.GP: "GP",
    Profession.NURSE: "Nurse",
    Profession.POLICE_OFFICER: "Police officer",
    Profession.TEACHER_OR_DSL: "Teacher or designated safeguarding lead (DSL)",
    Profession.EARLY_HELP: "Early help",
    Profession.HOUSING: "Housing",
    Profession.ADULT_SOCIAL_CARE: "Adult social care",
    Profession.OTHER: "Other",
}

# Professions whose questions suit each other's practitioners: they meet the same families
# in the same settings and take the same next steps. Symmetric; a profession is not listed
# as related to itself.
_RELATED_GROUPS = (
    {Profession.HEALTH_VISITOR, Profession.MIDWIFE, Profession.NURSE, Profession.GP},
    {Profession.TEACHER_OR_DSL, Profession.EARLY_HELP},
    {Profession.SOCIAL_WORKER, Profession.EARLY_HELP, Profession.ADULT_SOCIAL_CARE},
    {Profession.HOUSING, Profession.ADULT_SOCIAL_CARE},
)
RELATED: dict[Profession, frozenset[Profession]] = {
    p: frozenset(q for group in _RELATED_GROUPS if p in group for q in group if q != p)
    for p in Profession
}

# Words in a role's name, first match wins: the more particular names come first
# ("school nurse" is a nurse, "adult social worker" is adult social care, "A&E nurse /
# doctor" is a nurse before a doctor is read as a GP).
_ROLE_WORDS: tuple[tuple[str, Profession], ...] = (
    (r"health visit", Profession.HEALTH_VISITOR),
    (r"midwi", Profession.MIDWIFE),
    (
        r"adult social|adult mental health|drug and alcohol|care home|home care|"
        r"adult safeguarding|social care worker|care worker",
        Profession.ADULT_SOCIAL_CARE,
    ),
    (r"nurse|a&e|emergency department|paediatric", Profession.NURSE),
    (r"\bgp\b|general practi|doctor", Profession.GP),
    (r"police|detective|officer in the case", Profession.POLICE_OFFICER),
    (
        r"early help|family help|family support|lead practitioner|youth worker",
        Profession.EARLY_HELP,
    ),
    (
        r"teacher|\bdsl\b|safeguarding lead|school|college|pastoral|nursery|early years",
        Profession.TEACHER_OR_DSL,
    ),
    (r"housing|homeless|landlord|tenancy", Profession.HOUSING),
    # A team manager in the bank manages social workers in children's social care; a
    # personal adviser supports care leavers from the same service.
    (
        r"social work|team manager|\bcsc\b|children's social care|personal adviser",
        Profession.SOCIAL_WORKER,
    ),
)

_PARSE_NAMES = {
    **{p.value: p for p in Profession},
    **{LABELS[p].lower(): p for p in Profession},
    "teacher": Profession.TEACHER_OR_DSL,
    "dsl": Profession.TEACHER_OR_DSL,
    "teacher or dsl": Profession.TEACHER_OR_DSL,
    "police": Profession.POLICE_OFFICER,
}

NAMES_FOR_PEOPLE = ", ".join(p.value for p in Profession)


def label(profession: str | None) -> str:
    """How a page names a stored profession; '' for none."""
    try:
        return LABELS[Profession(profession)]
    except ValueError:
        return ""


def parse(text: str) -> Profession | None:
    """A profession as a person or a CSV file writes it ('Health visitor', 'health_visitor',
    'GP'), or None when it is not one of ours. Blank is None too."""
    key = re.sub(r"[\s_-]+", " ", text.strip().lower())
    return _PARSE_NAMES.get(key) or _PARSE_NAMES.get(key.replace(" ", "_"))


def from_job_title(text: str) -> Profession | None:
    """What a people file's ``profession`` column says: one of our professions by name, or
    a job title that names one ('Senior social worker', 'School nurse'); None otherwise."""
    named = parse(text)
    if named is not None:
        return named
    read = profession_of_role(text)
    return read if read is not Profession.OTHER else None


def profession_of_role(role: str) -> Profession:
    """The profession a question's (or the library's) role names; OTHER when none fits."""
    text = role.lower()
    for pattern, profession in _ROLE_WORDS:
        if re.search(pattern, text):
            return profession
    return Profession.OTHER


def _plain(text: str) -> str:
    return re.sub(r"[^a-z&]+", " ", text.lower()).strip()


# How near a question is to a person, nearest first.
EXACT, SAME, RELATED_PROFESSION, ANY = 0, 1, 2, 3


def nearness(role: str, person: Profession | str | None) -> int:
    """EXACT when the role is the person's profession by name ('Social worker' for a social
    worker), SAME when it is their profession by another name ('Team manager' for a social
    worker), RELATED_PROFESSION for a related one, ANY otherwise or when the person's
    profession is not known."""
    if not person:
        return ANY
    person = Profession(person)
    if person is Profession.OTHER:
        return ANY
    of_role = profession_of_role(role)
    if of_role is person:
        return EXACT if _plain(role) == _plain(LABELS[person]) else SAME
    if of_role in RELATED[person]:
        return RELATED_PROFESSION
    return ANY
