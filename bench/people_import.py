"""Benchmark: previewing a 10,000-row people import against a partnership of 9,100 people.

The file is read and compared with the database as the preview page does (nothing is
written). The partnership already has most of the file's people: 8,600 rows are
unchanged, 400 changed, 900 new and 100 refused (an unknown role); 100 people are
leavers. Prints one JSON line (the time is the median of 7 runs after a warm-up; the
memory is the process's peak, building the database included):

    {"benchmark": "people_import_preview", "database": "sqlite", "size": 10000,
     "median_ms": ..., "p95_ms": ..., "queries": ..., "peak_rss_mb": ...}

Run with `.venv/bin/python bench/people_import.py` (`--database-url URL` for PostgreSQL:
its tables are dropped and created again). Targets: under 10 s, under 200 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, select  # noqa: E402

from quiz import create_app  # noqa: E402
from quiz.extensions import db  # noqa: E402
from quiz.models import Agency, Team, User, team_supervisors  # noqa: E402
from quiz.people_file import read_people_file  # noqa: E402
from quiz.services.people_import import preview  # noqa: E402

SIZE = 10_000
AGENCIES = 10
TEAMS_PER_AGENCY = 20
NEW, CHANGED, REFUSED, LEAVERS = 1_000, 400, 100, 100
REPEATS = 7


def person(i: int) -> dict:
    team = i % (AGENCIES * TEAMS_PER_AGENCY)
    return {
        "name": f"Person {i}",
        "email": f"person{i}@agency{team // TEAMS_PER_AGENCY}.example.org",
        "agency": f"Agency {team // TEAMS_PER_AGENCY}",
        "team": f"Team {team}",
        "role": "supervisor" if i < AGENCIES * TEAMS_PER_AGENCY else "practitioner",
        # Each team's supervisor is the person whose number is the team's.
        "supervisor_email": ""
        if i < AGENCIES * TEAMS_PER_AGENCY
        else f"person{team}@agency{team // TEAMS_PER_AGENCY}.example.org",
    }


def build() -> None:
    """The partnership: everyone in the file but the new rows, plus the leavers."""
    agencies = [{"id": a + 1, "name": f"Agency {a}"} for a in range(AGENCIES)]
    teams = [
        {"id": t + 1, "name": f"Team {t}", "agency_id": t // TEAMS_PER_AGENCY + 1}
        for t in range(AGENCIES * TEAMS_PER_AGENCY)
    ]
    db.session.execute(insert(Agency), agencies)
    db.session.execute(insert(Team), teams)
    existing = [i for i in range(SIZE - NEW)] + [SIZE + i for i in range(LEAVERS)]
    batch = []
    for i in existing:
        row = person(i)
        batch.append(
            {
                "email": row["email"],
                "name": row["name"],
                "password_hash": None,
                "role": row["role"],
                "team_id": i % len(teams) + 1,
                "active": True,
            }
        )
        if len(batch) == 1000:
            db.session.execute(insert(User), batch)
            batch = []
    db.session.execute(insert(User), batch)
    supervisors = db.session.execute(select(User.id, User.team_id).where(User.role == "supervisor"))
    db.session.execute(
        insert(team_supervisors), [{"user_id": u, "team_id": t} for u, t in supervisors]
    )
    db.session.commit()


def people_file() -> bytes:
    lines = ["name,email,agency,team,role,supervisor_email,profession"]
    for i in range(SIZE):
        row = person(i)
        if SIZE - NEW - CHANGED <= i < SIZE - NEW:
            row["name"] += " (married name)"  # changed
        if i >= SIZE - REFUSED:
            row["role"] = "manager"  # refused
        lines.append(",".join(row.values()) + ",Social worker")
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a new SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        app = create_app("test", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            db.drop_all()
            db.create_all()
            build()
            data = people_file()
            queries = []

            def count(conn, cursor, statement, *rest):
                if statement.lstrip().upper().startswith("SELECT"):
                    queries.append(statement)

            samples = []
            for repeat in range(REPEATS + 1):
                queries.clear()
                event.listen(db.engine, "before_cursor_execute", count)
                start = time.perf_counter()
                found = preview(read_people_file(data))
                elapsed = time.perf_counter() - start
                event.remove(db.engine, "before_cursor_execute", count)
                db.session.rollback()
                if repeat:  # the first run warms up
                    samples.append(elapsed * 1000)
            counts = {o: found.count(o) for o in ("new", "changed", "unchanged", "refused")}
            database = db.engine.dialect.name
            if args.database_url:
                db.drop_all()
    samples.sort()
    print(
        json.dumps(
            {
                "benchmark": "people_import_preview",
                "database": database,
                "size": SIZE,
                "median_ms": round(statistics.median(samples), 1),
                "p95_ms": round(samples[min(len(samples) - 1, round(0.95 * len(samples)))], 1),
                "queries": len(queries),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "outcomes": counts,
                "leavers": len(found.leavers),
            }
        )
    )


if __name__ == "__main__":
    main()
