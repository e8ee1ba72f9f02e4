"""Refresh themes.yaml from the domain primer, keeping the hand-written parts.

    python -m quiz.library.build /work/shared/DOMAIN.md            # rewrite themes.yaml
    python -m quiz.library.build ../shared/DOMAIN.md --check       # exit 1 if it is stale

From the primer come, for each theme of section 2, its id, title, description,
scope, sources, keywords, good practice and mistakes, and the roles table of
section 3. Everything else in themes.yaml is hand-written and kept as it is:
each theme's ``extra_keywords`` and ``seeds``, and each role's ``title``,
``agencies`` and ``adults``. The app reads only themes.yaml, which is committed;
the primer is needed only when refreshing it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from quiz.library.loading import THEMES_FILE

__all__ = ["BuildError", "build", "main", "parse_domain", "render"]

THEME_FIELDS = ("id", "title", "description", "scope", "sources", "keywords", "good", "mistakes")
HAND_THEME_FIELDS = ("extra_keywords", "seeds")
ROLE_FIELDS = ("role", "meets", "action")
HAND_ROLE_FIELDS = ("title", "agencies", "adults")

HEADER = """\
# The library of recurring learning themes, and the roles used in vignettes.
#
# Generated in part by `python -m quiz.library.build <path to DOMAIN.md>`:
# id, title, description, scope, sources, keywords, good and mistakes of each
# theme, and role, meets and action of each role, come from the domain primer
# and are overwritten on a rebuild. Hand-written, kept on a rebuild: each
# theme's extra_keywords and seeds, each role's title, agencies and adults.
#
# A seed is a scenario for draft questions: `for` (children or adults), a role
# from the roles list, the setting and decision, a second-person scenario that
# may use {age}, {a_age} or {A_age} (filled from the briefing when its age is
# within `age`, otherwise from age.default), one best action and three wrong
# actions, each with feedback. `slots` gives default words for the briefing's
# circumstances a seed may name: {injury}, {bruise}, {explanation}, {missed_adult},
# {neglect_signs}, {appointment}, {substance} ({Injury} starts a sentence).
"""


class BuildError(ValueError):
    """The primer is not laid out as section 2 / section 3 describe."""


_THEME_HEADING = re.compile(r"###\s+(?P<id>[a-z0-9-]+)\s*")
_THEME_LINE = re.compile(
    r"\*\*(?P<title>.+?)\*\*:\s*(?P<description>.+?)\s*\|\s*scope:\s*(?P<scope>\w+)"
    r"\s*\|\s*sources:\s*(?P<sources>.+?)\s*"
)
_BULLET = re.compile(r"-\s+(?P<kind>Keywords|Good|Mistake):\s*(?P<text>.+?)\s*")


def _section(text: str, number: int) -> list[str]:
    """The lines of '## <number>. ...' up to the next '## ' heading."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(rf"##\s+{number}\.\s", line)), None)
    if start is None:
        raise BuildError(f"no '## {number}.' section in the primer")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start + 1 : end]


def _clean(text: str) -> str:
    """Markdown emphasis off, whitespace single."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return " ".join(text.split())


def parse_domain(text: str) -> tuple[list[dict], list[dict]]:
    """(themes, roles) from the primer's sections 2 and 3."""
    themes: list[dict] = []
    current: dict | None = None
    for number, line in enumerate(_section(text, 2), start=1):
        line = line.strip()
        heading = _THEME_HEADING.fullmatch(line)
        if heading:
            current = {"id": heading["id"], "keywords": [], "good": [], "mistakes": []}
            themes.append(current)
            continue
        if current is None or not line:
            continue
        first = _THEME_LINE.fullmatch(line)
        if first:
            current.update(
                title=_clean(first["title"]),
                description=_clean(first["description"]),
                scope=first["scope"],
                sources=[s.strip() for s in first["sources"].split(",") if s.strip()],
            )
            continue
        bullet = _BULLET.fullmatch(line)
        if bullet is None:
            raise BuildError(f"section 2, line {number}: cannot read {line[:60]!r}")
        if bullet["kind"] == "Keywords":
            current["keywords"].extend(
                k.strip() for k in _clean(bullet["text"]).split(";") if k.strip()
            )
        else:
            key = "good" if bullet["kind"] == "Good" else "mistakes"
            current[key].append(_clean(bullet["text"]))
    for theme in themes:
        missing = [f for f in THEME_FIELDS if not theme.get(f)]
        if missing:
            raise BuildError(f"theme {theme['id']}: no {', '.join(missing)} in the primer")
    if not themes:
        raise BuildError("section 2 of the primer has no '### <id>' themes")

    roles = []
    for line in _section(text, 3):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("role", "") or set(cells[0]) <= set("-: "):
            continue
        roles.append(dict(zip(ROLE_FIELDS, (_clean(c) for c in cells), strict=True)))
    if not roles:
        raise BuildError("section 3 of the primer has no roles table")
    return themes, roles


def build(domain_text: str, existing: dict | None) -> tuple[dict, list[str]]:
    """The new themes.yaml data, and warnings for the person running the build."""
    themes, roles = parse_domain(domain_text)
    existing = existing or {}
    old_themes = {t["id"]: t for t in existing.get("themes") or [] if "id" in t}
    old_roles = {r["role"]: r for r in existing.get("roles") or [] if "role" in r}
    warnings: list[str] = []

    merged_themes = []
    for theme in themes:
        old = old_themes.pop(theme["id"], {})
        entry = {f: theme[f] for f in THEME_FIELDS}
        entry["extra_keywords"] = old.get("extra_keywords") or []
        entry["seeds"] = old.get("seeds") or []
        if not entry["seeds"]:
            warnings.append(f"theme {theme['id']} is new or has no seeds: write at least one")
        merged_themes.append(entry)
    for theme_id, old in old_themes.items():
        # Gone from the primer: keep it (and its seeds) rather than lose hand-written work.
        warnings.append(f"theme {theme_id} is no longer in the primer; kept as it was")
        merged_themes.append(old)

    merged_roles = []
    for role in roles:
        old = old_roles.pop(role["role"], {})
        entry = dict(role)
        entry["title"] = old.get("title") or role["role"]
        entry["agencies"] = old.get("agencies") or []
        entry["adults"] = bool(old.get("adults", False))
        if not old:
            warnings.append(f"role {role['role']!r} is new: check its title and agencies")
        merged_roles.append(entry)
    for name, old in old_roles.items():
        warnings.append(f"role {name!r} is no longer in the primer; kept as it was")
        merged_roles.append(old)

    used = {seed.get("role") for t in merged_themes for seed in t.get("seeds") or []}
    known = {r["role"] for r in merged_roles}
    for missing in sorted(r for r in used - known if r):
        warnings.append(f"seeds use role {missing!r}, which is not in the roles table")
    return {"themes": merged_themes, "roles": merged_roles}, warnings


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the question bank files do.
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 60 and "\n" not in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    # Short lists of short words (sources, agencies) on one line: [S1, S2, S15].
    flow = bool(value) and all(isinstance(v, str) and len(v) <= 24 for v in value)
    flow = flow and sum(len(v) + 2 for v in value) <= 60
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _represent_dict(dumper: yaml.SafeDumper, value: dict) -> yaml.MappingNode:
    flow = set(value) == {"default", "min", "max"}  # a seed's age: one line
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)


def render(data: dict) -> str:
    """themes.yaml text: the header, then the data, folded at 100 characters."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=82, indent=2)
    text = HEADER + "\n" + body
    if yaml.safe_load(text) != data:  # folding must never change the text
        raise BuildError("internal error: the YAML written does not read back the same")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m quiz.library.build", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("domain", type=Path, help="the domain primer, e.g. ../shared/DOMAIN.md")
    parser.add_argument("--output", type=Path, default=THEMES_FILE, help=f"default: {THEMES_FILE}")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if the output is stale"
    )
    args = parser.parse_args(argv)

    existing = None
    if args.output.exists():
        existing = yaml.safe_load(args.output.read_text(encoding="utf-8"))
    try:
        data, warnings = build(args.domain.read_text(encoding="utf-8"), existing)
        text = render(data)
    except BuildError as error:
        print(f"{args.domain}: {error}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)

    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"{args.output} is out of date with {args.domain}; rebuild it", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    if current == text:
        print(f"{args.output} unchanged")
    else:
        args.output.write_text(text, encoding="utf-8")
        seeds = sum(len(t.get("seeds") or []) for t in data["themes"])
        print(
            f"wrote {args.output}: {len(data['themes'])} themes, {seeds} seeds, "
            f"{len(data['roles'])} roles"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
