"""CHECK constraints written from the enums, so a column's allowed values are listed once."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from sqlalchemy import CheckConstraint


def is_one_of(column: str, values: Iterable[enum.StrEnum]) -> str:
    """SQL that holds when `column` has one of `values`: ``state IN ('a', 'b')``.

    The text is exactly what the migrations were written with, so a model whose enum has
    not changed describes the schema it already has.
    """
    quoted = ", ".join("'" + str(value).replace("'", "''") + "'" for value in values)
    return f"{column} IN ({quoted})"


def one_of(column: str, values: type[enum.StrEnum]) -> CheckConstraint:
    """A CHECK that `column` holds a member of the enum `values`, named ``<column>_known``.

    The naming convention makes that ``ck_<table>_<column>_known`` in the database. The
    enum is kept in the constraint's ``info`` so tests can find every enum-backed column.
    """
    return CheckConstraint(
        is_one_of(column, values),
        name=f"{column}_known",
        info={"column": column, "enum": values},
    )
