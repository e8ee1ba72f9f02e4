"""Reading themes.yaml into a Library, refusing what the app could not use.

The data is ``themes.yaml`` beside this file: 27 themes converted from section 2
of the shared domain primer, each with hand-written scenario seeds, plus the
roles (professions) of section 3. ``build.py`` refreshes the converted part from the primer;
the app reads only the YAML.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from quiz.ages import parse_age
from quiz.library.matching import Library
from quiz.library.model import (
    AUDIENCES,
    SCOPES,
    SLOTS,
    Action,
    AgeRange,
    LibraryTheme,
    Profession,
    Seed,
)

__all__ = ["THEMES_FILE", "LibraryError", "load_library"]

THEMES_FILE = Path(__file__).with_name("themes.yaml")


class LibraryError(ValueError):
    """themes.yaml is missing something the app relies on; the message says what."""


def load_library(path: str | Path | None = None) -> Library:
    """The library in themes.yaml (or another file of the same shape). Cached per path."""
    return _load(str(Path(path) if path else THEMES_FILE))


@lru_cache(maxsize=4)
def _load(path: str) -> Library:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or "themes" not in data:
        raise LibraryError(f"{path}: expected a mapping with 'themes' and 'roles'")
    professions = tuple(_profession(entry, path) for entry in data.get("roles") or ())
    names = {profession.name for profession in professions}
    themes = tuple(_theme(entry, path, names) for entry in data["themes"])
    ids = [theme.id for theme in themes]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise LibraryError(f"{path}: theme ids used twice: {', '.join(duplicates)}")
    return Library(themes, professions)


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LibraryError(f"{where}: '{key}' must be non-empty text")
    return " ".join(value.split())


def _texts(entry: dict, key: str, where: str, required: bool = True) -> tuple[str, ...]:
    values = entry.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise LibraryError(f"{where}: '{key}' must be a list of text")
    if required and not values:
        raise LibraryError(f"{where}: '{key}' must not be empty")
    return tuple(" ".join(v.split()) for v in values)


def _profession(entry: dict, path: str) -> Profession:
    where = f"{path}: role {entry.get('role')!r}"
    return Profession(
        name=_text(entry, "role", where),
        meets=_text(entry, "meets", where),
        action=_text(entry, "action", where),
        title=_text(entry, "title", where),
        agencies=_texts(entry, "agencies", where, required=False),
        adults=bool(entry.get("adults", False)),
    )


def _theme(entry: dict, path: str, profession_names: set[str]) -> LibraryTheme:
    where = f"{path}: theme {entry.get('id')!r}"
    scope = _text(entry, "scope", where)
    if scope not in SCOPES:
        raise LibraryError(f"{where}: scope must be one of {', '.join(SCOPES)}")
    theme_id = _text(entry, "id", where)
    seeds = tuple(
        _seed(seed, f"{where}, seed {seed.get('id')!r}", profession_names)
        for seed in entry.get("seeds") or ()
    )
    return LibraryTheme(
        id=theme_id,
        title=_text(entry, "title", where),
        description=_text(entry, "description", where),
        scope=scope,
        sources=_texts(entry, "sources", where, required=False),
        keywords=_texts(entry, "keywords", where),
        extra_keywords=_texts(entry, "extra_keywords", where, required=False),
        good=_texts(entry, "good", where),
        mistakes=_texts(entry, "mistakes", where),
        seeds=seeds,
    )


def _seed(entry: dict, where: str, profession_names: set[str]) -> Seed:
    audience = _text(entry, "for", where)
    if audience not in AUDIENCES:
        raise LibraryError(f"{where}: 'for' must be children or adults")
    profession = _text(entry, "role", where)
    if profession_names and profession not in profession_names:
        raise LibraryError(f"{where}: role {profession!r} is not one of the roles list")
    best = entry.get("best") or {}
    wrong = entry.get("wrong") or []
    age = entry.get("age")
    age_range = None
    if age is not None:
        try:
            age_range = AgeRange(
                parse_age(age["default"]), parse_age(age["min"]), parse_age(age["max"])
            )
        except (KeyError, TypeError, ValueError) as error:
            raise LibraryError(f"{where}: age needs default, min and max ({error})") from None
    scenario = _text(entry, "scenario", where)
    if "age}" in scenario and age_range is None:
        raise LibraryError(f"{where}: the scenario uses an age, so the seed needs 'age'")
    slots = entry.get("slots") or {}
    if not isinstance(slots, dict) or not all(
        name in SLOTS and isinstance(value, str) and value.strip() for name, value in slots.items()
    ):
        raise LibraryError(f"{where}: 'slots' maps some of {', '.join(SLOTS)} to default words")
    texts = [scenario] + [
        str(a.get(key, ""))
        for a in [best, *wrong]
        if isinstance(a, dict)
        for key in ("text", "feedback")
    ]
    used = {m for text in texts for m in re.findall(r"\{(\w+)\}", text)}
    allowed = set(slots) | {n[0].upper() + n[1:] for n in slots} | {"age", "a_age", "A_age"}
    unknown = sorted(used - allowed)
    if unknown:
        raise LibraryError(f"{where}: the text uses {', '.join(unknown)}, which 'slots' lacks")
    return Seed(
        id=_text(entry, "id", where),
        audience=audience,
        profession=profession,
        title=" ".join(entry["title"].split()) if entry.get("title") else None,
        setting=_text(entry, "setting", where),
        decision=_text(entry, "decision", where),
        scenario=scenario,
        prompt=_text(entry, "prompt", where),
        best=Action(_text(best, "text", where + " best"), _text(best, "feedback", where + " best")),
        wrong=tuple(
            Action(_text(w, "text", f"{where} wrong"), _text(w, "feedback", f"{where} wrong"))
            for w in wrong
        ),
        age=age_range,
        slots=tuple((name, " ".join(value.split())) for name, value in slots.items()),
    )
