"""What a briefing says about the case it reviews, as patterns that identify no one.

Plain Python. The subject's age, whether it is an adults' review, the agencies
and concerns it names, the injury, the explanation given for it and the adult
professionals missed (as phrases a scenario can use: "a head injury", "fell off
the sofa", "the mother's partner"), and the names it uses (kept only so that
questions drawn from it can be checked never to repeat them). The theme library
uses this to fill its seeds' slots, to choose seeds that echo the briefing and to
weight its theme matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quiz.ages import NUMBER_WORDS, Age, parse_age
from quiz.briefings.parser import ParsedBriefing

__all__ = ["AGENCIES", "CONCERNS", "BriefingContext", "extract_context"]

# (name, pattern). Inline (?i:...) keeps acronyms such as CSC and GP case-sensitive.
AGENCIES: tuple[tuple[str, str], ...] = (
    ("children's social care", r"(?i:children'?s social care|children'?s services)|\bCSC\b"),
    ("adult social care", r"(?i:adults?'? social care|adult services)|\bASC\b"),
    ("GP", r"\bGPs?\b|(?i:general practi)"),
    ("health visitor", r"(?i:health visit)"),
    ("midwife", r"(?i:midwi)"),
    ("school nurse", r"(?i:school nurs)"),
    ("school", r"(?i:\bschools?\b|\bteachers?\b|designated safeguarding lead)|\bDSL\b"),
    ("nursery", r"(?i:\bnurser(?:y|ies)\b|early years)"),
    ("police", r"(?i:\bpolice\b)"),
    ("A&E", r"\bA&E\b|\bA and E\b|(?i:emergency department)"),
    ("hospital", r"(?i:\bhospitals?\b|paediatrician|\bward\b)"),
    ("early help", r"(?i:early help|family help)"),
    (
        "mental health services",
        r"(?i:mental health (?:services?|team|nurse|trust)|psychiatr)|\bCAMHS\b|\bCMHT\b",
    ),
    (
        "drug and alcohol service",
        r"(?i:drug and alcohol (?:services?|team|workers?)|substance misuse services?)",
    ),
    ("probation", r"(?i:probation)"),
    ("housing", r"(?i:\bhousing\b)"),
    ("ambulance", r"(?i:ambulance)"),
    ("fire service", r"(?i:fire (?:and rescue )?service)"),
    ("leaving care service", r"(?i:leaving care)"),
    ("youth justice", r"(?i:youth (?:justice|offending))"),
)

# Care history, said in so many words: "looked after both children" (a grandmother minding
# them) and "the care of children" are not it.
CARE_HISTORY = (
    r"looked[- ]after (?:child|children|young (?:person|people))|\bLAC\b|care leavers?|"
    r"leaving care|care[- ]experienced|\bin (?:local authority |foster )?care\b(?! (?:of|for)\b)|"
    r"foster (?:care|carers?|placements?)|children in care|corporate parent"
)

# (label, pattern), case-insensitive: the harms and risks a briefing describes.
CONCERNS: tuple[tuple[str, str], ...] = (
    ("head injury", r"head injur"),
    ("fracture", r"fractur|broken (?:arm|leg|bone)"),
    ("bruising", r"\bbruis"),
    ("burns", r"\bburn(?:s|ed)?\b|scald"),
    ("physical abuse", r"physical(?:ly)? abuse|hitting|\bhit (?:him|her|the|his|their)|smack"),
    ("neglect", r"\bneglect(?!ing)"),
    ("sexual abuse", r"sexual(?:ly)? abuse|sexual harm"),
    ("emotional abuse", r"emotional abuse"),
    ("domestic abuse", r"domestic (?:abuse|violence)|coercive control"),
    ("parental mental health", r"post-?natal depression|perinatal|psychosis|mental (?:ill)?health"),
    ("substance misuse", r"\balcohol|\bdrugs?\b|substance|methadone|heroin"),
    ("infant crying", r"crying baby|baby cried|cries on purpose|cried on purpose"),
    ("care history", CARE_HISTORY),
    ("missed appointments", r"was not brought|did not attend|missed appointments?"),
    ("self-neglect", r"self-neglect"),
    ("hoarding", r"hoard"),
    ("exploitation", r"exploitation|county lines|cuckoo"),
    ("missing episodes", r"went missing|missing episodes?|reported missing"),
    ("self-harm", r"self-harm|suicid"),
    ("death", r"\bdied\b|\bdeath\b|\bSUDI\b"),
)

_AGE_NUMBER = rf"(?P<n>\d{{1,3}}|{'|'.join(NUMBER_WORDS)})"  # digits, or "one" to "twenty"
_AGE_PATTERNS = (
    # "Joe aged six", "aged 3 months"
    re.compile(rf"\baged\s+{_AGE_NUMBER}(?:\s+(?P<unit>year|month|week|day)s?)?\b", re.IGNORECASE),
    # "a 6-month-old", "a 15-year-old", "six years old"
    re.compile(rf"\b{_AGE_NUMBER}[\s-](?P<unit>year|month|week|day)s?[\s-]old\b", re.IGNORECASE),
    # "age 6", "age: 15"
    re.compile(rf"\bage:?\s+{_AGE_NUMBER}\b(?!\s*%)", re.IGNORECASE),
)
# Ages in a parent's history ("from when she was six years old") are not the subject's.
_NOT_THE_SUBJECT = re.compile(
    r"(?:when (?:she|he|they) (?:was|were)|from the age of|since the age of|"
    r"(?:mother|father|mum|dad|parent|partner|brother|sister|sibling)s?(?:'s)?,?)\s*$",
    re.IGNORECASE,
)

_ADULT_SIGNALS = (
    (r"(?i:safeguarding adults? review)|\bSARs?\b", 3),
    (r"(?i:safeguarding adults board)|\bSAB\b", 3),
    (r"(?i:care act|section 42|\bs\.?42\b)", 3),
    (r"(?i:making safeguarding personal)|\bMSP\b", 2),
    (r"(?i:mental capacity act|capacity assessment|best interests)", 1),
    (r"(?i:self-neglect|hoarding|care home|care and support needs|adult social care)", 1),
)
_CHILD_SIGNALS = (
    (r"(?i:child safeguarding practice review|serious case review)|\bLCSPR\b|\bSCR\b", 3),
    (r"(?i:child protection|children'?s social care|safeguarding children)|\bCSC\b", 3),
    (r"(?i:looked after child|health visitor|\bschool\b|nursery|\bbaby\b|\binfant\b)", 1),
)

# Personal names: "Joe aged six", "Joe's mother", "Child Q".
_NAME_PATTERNS = (
    re.compile(r"\b([A-Z][a-z]{2,})(?:,)?\s+(?:\(\w+\)\s+)?aged\b"),
    re.compile(
        r"\b([A-Z][a-z]{2,})['\u2019]s\s+(?:mother|father|mum|dad|parents?|sister|brother|"
        r"grandmother|grandfather|nan|stepfather|stepmother|carer|partner|death|school|injur|"
        r"voice|life|lived|needs|care|family|home|behaviour|health|view|wishes)"
    ),
    re.compile(r"\b((?:Child|Baby|Adult|Family) [A-Z]{1,2})\b"),
)
_NOT_NAMES = frozenset(
    {"Mum", "Mother", "Dad", "Father", "The", "She", "He", "They", "This", "That", "Nan", "Her"}
    | {"His", "Child", "Baby", "Adult", "Family", "Children", "Safeguarding", "Council"}
    | {"County", "City", "Review", "Panel", "Board", "Partnership"}
)


@dataclass(frozen=True)
class BriefingContext:
    """What a draft may echo from a briefing, and the text that weights library matches.

    Nothing here identifies a family: the age, the agencies and the concerns are
    patterns; ``names`` is kept only so that drafts can be checked never to
    contain them.
    """

    age: Age | None = None
    age_text: str | None = None  # as the briefing wrote it, e.g. "aged six"
    adults_review: bool = False
    agencies: tuple[str, ...] = ()  # names from AGENCIES, in the order of AGENCIES
    concerns: tuple[str, ...] = ()  # labels from CONCERNS, in the order of CONCERNS
    names: tuple[str, ...] = ()
    text: str = ""  # the briefing without its learning themes
    injury: str | None = None  # "a head injury", "bruising to the face"
    bruise: str | None = None  # a bruise, for scenarios where one is seen: "a bruise on the cheek"
    explanation: str | None = None  # what was said to have happened: "fell off the sofa"
    missed_adult: str | None = None  # "the mother's partner", "a lodger"
    neglect_signs: str | None = None  # how the child arrived: "hungry and with head lice"
    appointment: str | None = None  # the kind missed: "dental appointments"
    substance: str | None = None  # a parent's: "alcohol" or "drugs"

    @property
    def audience(self) -> str:
        return "adults" if self.adults_review else "children"

    def to_json(self) -> dict[str, Any]:
        return {
            "age": str(self.age) if self.age else None,
            "age_text": self.age_text,
            "adults_review": self.adults_review,
            "agencies": list(self.agencies),
            "concerns": list(self.concerns),
            "injury": self.injury,
            "bruise": self.bruise,
            "explanation": self.explanation,
            "missed_adult": self.missed_adult,
            "neglect_signs": self.neglect_signs,
            "appointment": self.appointment,
            "substance": self.substance,
        }


def extract_context(briefing: ParsedBriefing) -> BriefingContext:
    """What the briefing says about its case. The age and ``text`` come from the briefing
    without its learning themes; the review kind, agencies, concerns and names from all of it."""
    themes = set(briefing.learning_themes)
    parts = [briefing.title]
    for section in briefing.reading_order():
        if themes and any(theme in section.text for theme in themes):
            continue  # the learning themes themselves are matched separately
        parts.append(section.heading)
        parts.append(section.text)
    text = "\n\n".join(p for p in parts if p)
    everything = "\n\n".join([text, *briefing.learning_themes])

    age, age_text = _find_age(text)
    adult_score = _score(everything, _ADULT_SIGNALS)
    child_score = _score(everything, _CHILD_SIGNALS)
    if age is not None:
        if age.is_adult:
            adult_score += 3
        else:
            child_score += 3
    return BriefingContext(
        age=age,
        age_text=age_text,
        adults_review=adult_score > child_score,
        agencies=tuple(name for name, pattern in AGENCIES if re.search(pattern, everything)),
        concerns=tuple(
            label for label, pattern in CONCERNS if re.search(pattern, everything, re.IGNORECASE)
        ),
        names=_find_names(everything),
        text=text,
        injury=_find_injury(text),
        bruise=_find_bruise(text),
        explanation=_find_explanation(text),
        missed_adult=_find_missed_adult(text),
        neglect_signs=_find_neglect_signs(text),
        appointment=_find_appointment(text),
        substance=_find_substance(text),
    )


# (pattern, how a scenario says it after "comes in"); the first two found are used.
_NEGLECT_SIGNS = (
    (r"\bhungry\b|\bhunger\b|no breakfast|food from (?:other|friends)", "hungry"),
    (r"head lice|\bnits\b", "with untreated head lice"),
    (
        r"same clothes|dirty clothes|unwashed clothes|clothes? (?:were|was) dirty",
        "in the same clothes for days",
    ),
    (r"\bunwashed\b|\bsmell(?:ed|ing|y)? of urine|poor hygiene|\bsmelt\b", "unwashed"),
    (r"no (?:winter )?coat|without a coat|inadequate clothing", "without a coat in winter"),
    (r"tooth decay|rotten teeth|dental decay", "with tooth decay"),
)
_APPOINTMENT = re.compile(
    r"\b(?P<kind>dental|hospital|eye|hearing|asthma|clinic|health|paediatric|speech and language)"
    r"(?: [a-z]+)? appointments?\b",
    re.IGNORECASE,
)


def _find_neglect_signs(text: str) -> str | None:
    found = [(m.start(), said) for p, said in _NEGLECT_SIGNS if (m := re.search(p, text, re.I))]
    if not found:
        return None
    return " and ".join(said for _, said in sorted(found)[:2])


def _find_appointment(text: str) -> str | None:
    match = _APPOINTMENT.search(text)
    return f"{match['kind'].lower()} appointments" if match else None


def _find_substance(text: str) -> str | None:
    alcohol = re.search(r"\balcohol|\bdr[ai]nk(?:s|ing)? (?:heavily|alcohol)|\bdrank\b", text, re.I)
    drugs = re.search(r"\b(?:drugs?|heroin|cocaine|cannabis|methadone)\b", text, re.I)
    if alcohol and (not drugs or alcohol.start() < drugs.start()):
        return "alcohol"
    return "drugs" if drugs else None


# An injury as a scenario can name it; "his", "her" become "the" so that any seed's child fits.
_INJURY = re.compile(
    r"\b(?P<what>head injur(?:y|ies)|(?:a |an )?(?:skull |spiral )?fracture(?:d (?:skull|arm|leg|"
    r"wrist|rib|ribs|foot|femur|collarbone))?|broken (?:arm|leg|wrist|ribs?|collarbone)|"
    r"bruis(?:es|ing|e)(?: (?:to|on) (?:his|her|their|the) (?:face|cheek|ear|arm|arms|legs?|"
    r"back|body|chest|head|neck|torso))?|burns?(?: (?:to|on) (?:his|her|their|the) "
    r"(?:hand|hands|arm|arms|leg|legs|foot|feet|face|back))?|scalds?)\b",
    re.IGNORECASE,
)
_EXPLANATION = re.compile(
    r"\b(?:said|says|explained|claimed|told (?:staff|the \w+|them|professionals|doctors)|"
    r"reported|explanation (?:was|given was)) (?:that )?(?:he|she|they|the (?:child|baby|boy|girl))"
    r" (?P<what>(?:had )?(?:fell|fallen|banged|bumped|tripped|slipped|rolled|walked into|"
    r"knocked|caught|pulled|climbed|ran into|got)\b[^.;:!?\"\n]{0,60})",
    re.IGNORECASE,
)
_MISSED_ADULT = re.compile(
    r"\b(?P<who>(?:the |her |his |their )?(?:mother|mum)'?s (?:new )?(?:partner|boyfriend)|"
    r"(?:the |her |his |their |a )?(?:step-?father|lodger|male (?:friend|lodger|visitor))|"
    r"(?:a|the) man (?:living|staying|who (?:lived|stayed|visited)))",
    re.IGNORECASE,
)


def _find_injury(text: str) -> str | None:
    match = _INJURY.search(text)
    if match is None:
        return None
    what = re.sub(r"\b(?:his|her|their)\b", "the", match["what"].lower())
    if what.startswith(("a ", "an ")) or what.startswith(("bruis", "burns", "scalds")):
        return what
    if what.endswith("injuries"):
        return what
    return f"a {what}"


_BRUISE = re.compile(
    r"\b(?P<what>(?:(?:a|an|one|two|some|several) )?(?:(?:small|large|faint|yellow|blue|purple)"
    r" )?bruis(?:es|ing|e)(?: (?:to|on) (?:his|her|their|the) (?:face|cheek|ear|arm|arms|legs?|"
    r"back|body|chest|head|neck|torso|hand|foot))?)\b",
    re.IGNORECASE,
)


def _find_bruise(text: str) -> str | None:
    match = _BRUISE.search(text)
    if match is None:
        return None
    what = re.sub(r"\b(?:his|her|their)\b", "the", match["what"].lower())
    if what.startswith(("bruise ", "bruise")) and not what.startswith("bruises"):
        what = f"a {what}"
    return what


def _find_explanation(text: str) -> str | None:
    match = _EXPLANATION.search(text)
    if match is None:
        return None
    what = " ".join(match["what"].split()).rstrip(" ,")
    if len(what.split()) > 10 or re.search(r"\b[A-Z][a-z]+", what):
        return None  # too long to quote, or it names someone
    return what


def _find_missed_adult(text: str) -> str | None:
    match = _MISSED_ADULT.search(text)
    if match is None:
        return None
    who = match["who"].lower().replace("mum's", "mother's")
    who = re.sub(r"^(?:her|his|their) ", "the ", who)
    who = re.sub(r"^(?:the |a )?man (?:living|staying|who (?:lived|stayed|visited))$", "a man", who)
    if not who.startswith(("the ", "a ")):
        who = f"the {who}"
    return who


def _find_age(text: str) -> tuple[Age | None, str | None]:
    found: list[tuple[int, Age, str]] = []
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(text):
            if _NOT_THE_SUBJECT.search(text[max(0, match.start() - 40) : match.start()]):
                continue
            unit = (match.groupdict().get("unit") or "year").lower()
            try:
                age = parse_age(f"{match['n']} {unit}")
            except ValueError:
                continue
            if age.value == 0 or (unit == "year" and age.value > 110):
                continue
            found.append((match.start(), age, match.group(0)))
    if not found:
        return None, None
    _, age, written = min(found, key=lambda item: item[0])
    return age, written


def _score(text: str, signals: Iterable[tuple[str, int]]) -> int:
    return sum(weight * len(re.findall(pattern, text)) for pattern, weight in signals)


def _find_names(text: str) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for pattern in _NAME_PATTERNS:
        for match in pattern.finditer(text):
            name = match.group(1)
            if name.split()[0] not in _NOT_NAMES or " " in name:
                names[name] = None
    return tuple(names)
