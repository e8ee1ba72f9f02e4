"""PostgreSQL restarted while people are answering.

On a PostgreSQL server of our own (never the shared one), people finish the quiz while
the server is stopped (fast mode: every session cut off), left down for a moment and
started again. Passes when every request during the outage got a clean 503 (never a 500)
and every answer page among them still held the answer sent; the same gunicorn workers
(none restarted) then carry everyone to the end; their connections to PostgreSQL were
made after the restart; nothing is lost, doubled or half saved.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import create_engine, text

from bench.reliability.burst import together
from bench.reliability.checks import Stored
from bench.reliability.client import CUT, Person, Tally
from bench.reliability.journey import Journey
from bench.reliability.own_postgres import OwnPostgres
from bench.reliability.server import (
    Server,
    email_of,
    errors_in_log,
    fresh_postgres_database,
    prepare,
)

APP_NAME = "briefing-quiz-reliability"  # PGAPPNAME: the app's connections, by name


def _app_connections(url: str, since: float) -> dict:
    """The app's open connections to PostgreSQL: how many, and how many began after since."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            starts = connection.execute(
                text(
                    "SELECT extract(epoch FROM backend_start) FROM pg_stat_activity"
                    " WHERE application_name = :name"
                ),
                {"name": APP_NAME},
            ).scalars()
            starts = [float(s) for s in starts]
    finally:
        engine.dispose()
    return {"open": len(starts), "made_after_restart": sum(1 for s in starts if s > since)}


def run(*, people: int = 20, workers: int = 3, outage_seconds: float = 2.0) -> dict:
    tally = Tally()
    with OwnPostgres() as postgres, fresh_postgres_database(postgres.url, "reliability_restart"):
        url = postgres.url
        prepare(url, people)
        with Server(url, workers=workers, env={"PGAPPNAME": APP_NAME}) as app:
            journeys = [Journey(Person(app.base, email_of(n)), tally) for n in range(people)]
            together(journeys, Journey.sign_in)
            workers_before = app.worker_pids()
            outage: dict[str, float] = {}

            def restart() -> None:
                # Once about a fifth of the answers are in, so the outage lands mid-quiz.
                deadline = time.monotonic() + 120
                while len(tally.acknowledged) < people * 3 and time.monotonic() < deadline:
                    time.sleep(0.05)
                outage["stopping"] = time.time()
                postgres.stop("fast")
                time.sleep(outage_seconds)
                postgres.start()
                outage["started"] = time.time()

            restarter = threading.Thread(target=restart)
            restarter.start()
            seconds, finished = together(journeys, Journey.finish)
            restarter.join()
            connections = _app_connections(url, outage["stopping"])
            same_workers = app.worker_pids() == workers_before
            log = app.stop()
        stored = Stored(url)

    checks = stored.lost_or_doubled(tally.acknowledged)
    half_saved = stored.half_saved()
    busy = tally.count(lambda status: status == 503)
    kept, lost = tally.busy_pages["kept"], tally.busy_pages["lost"]
    passed = (
        busy > 0
        and kept > 0
        and lost == 0
        and tally.server_errors() == 0
        and tally.count(lambda status: status == CUT) == 0
        and same_workers
        and connections["made_after_restart"] > 0
        and finished == people
        and stored.completed == people
        and checks["answers_lost"] == 0
        and checks["answers_stored_twice"] == 0
        and not any(half_saved.values())
    )
    return {
        "scenario": "restart",
        "database": "postgresql (own server)",
        "server": f"gunicorn -w {workers}",
        "people": people,
        "passed": passed,
        "outage_seconds": round(outage["started"] - outage["stopping"], 2),
        "quiz_seconds": round(seconds, 2),
        **tally.summary(),
        "try_again_pages": busy,
        "answer_pages_that_kept_the_answer": kept,
        "answer_pages_that_lost_it": lost,
        "server_errors": tally.server_errors(),
        "same_workers_throughout": same_workers,
        "app_connections_after": connections,
        **checks,
        "completed": stored.completed,
        "half_saved": half_saved,
        "busy_warnings_in_log": log.count("Database busy or unreachable"),
        "tracebacks_in_log": log.count("Traceback"),
        "errors_in_log": errors_in_log(log),
        "notes": tally.notes[:10],
    }
