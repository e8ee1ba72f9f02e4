"""What a people import preview and its result hold: plain data, no database."""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass

from quiz.people_file import PersonRow, RowProblem


class Outcome(enum.StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


class ImportRefused(ValueError):
    """apply() was asked to import everything, but some rows are refused."""


@dataclass(frozen=True)
class RowPreview:
    row: PersonRow
    outcome: Outcome
    problems: tuple[RowProblem, ...] = ()
    changes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    person_id: int | None = None
    # Whether this row is the one that makes its supervisor supervise its team.
    adds_supervision: bool = False

    @property
    def number(self) -> int:
        return self.row.number


@dataclass(frozen=True)
class Leaver:
    id: int
    name: str
    email: str
    role: str
    team: str
    agency: str


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[RowPreview, ...]
    leavers: tuple[Leaver, ...]
    source: str = ""

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def refused(self) -> list[RowPreview]:
        return [r for r in self.rows if r.outcome == Outcome.REFUSED]

    @property
    def good(self) -> list[RowPreview]:
        return [r for r in self.rows if r.outcome != Outcome.REFUSED]

    def in_table_order(self) -> list[RowPreview]:
        """Refused rows first, then new, changed and unchanged, each in file order."""
        rank = {Outcome.REFUSED: 0, Outcome.NEW: 1, Outcome.CHANGED: 2, Outcome.UNCHANGED: 3}
        return sorted(self.rows, key=lambda r: (rank[r.outcome], r.number))

    def fingerprint(self) -> str:
        """Changes when anything the administrator was shown would change."""
        shown = [
            [r.number, r.row.email, r.outcome, [str(p) for p in r.problems], list(r.changes)]
            for r in self.rows
        ]
        shown.append(sorted(leaver.id for leaver in self.leavers))
        return hashlib.sha256(json.dumps(shown).encode()).hexdigest()


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: int = 0
    deactivated: int = 0
    agencies_created: int = 0
    teams_created: int = 0

    def summary(self) -> str:
        parts = [
            f"{self.created} new",
            f"{self.changed} changed",
            f"{self.unchanged} unchanged",
            f"{self.refused} refused and not imported",
            f"{self.deactivated} deactivated",
        ]
        return ", ".join(parts)
