"""The fast part of the reliability suite: the real server, a small burst, nothing lost.

gunicorn with two workers runs as a subprocess on 127.0.0.1 against a fresh database;
eight practitioners sign in and then all finish the seed quiz at once (start, confidence,
every question, submit, reflection). Every request must succeed, every acknowledged
answer be stored exactly once, nothing be half saved and all eight be completed.
`make reliability` runs the full scenarios (200 people, killed workers, a PostgreSQL
restart, a locked SQLite file); the locked-SQLite "try again" page is tested in
tests/app/test_busy_database.py.
"""

from __future__ import annotations

import json
import os

import pytest

from bench.reliability import burst
from bench.reliability.server import postgres_problem

pytestmark = pytest.mark.reliability

PEOPLE = 8
WORKERS = 2
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _passed(result: dict) -> bool:
    return result["passed"] and result["completed"] == PEOPLE


def test_a_team_finishing_the_quiz_at_once_on_sqlite_loses_nothing(tmp_path):
    result = burst.run(
        f"sqlite:///{tmp_path}/burst.sqlite3", "sqlite", people=PEOPLE, workers=WORKERS
    )
    assert _passed(result), json.dumps(result, indent=1)


@pytest.mark.postgres
def test_a_team_finishing_the_quiz_at_once_on_postgresql_loses_nothing():
    url = os.environ.get("TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL
    problem = postgres_problem(url)
    if problem is not None:
        message = f"PostgreSQL not reachable ({problem}): start it or set TEST_POSTGRES_URL"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    result = burst.run(url, "postgresql", people=PEOPLE, workers=WORKERS)
    assert _passed(result), json.dumps(result, indent=1)
