"""Run the reliability scenarios against the real server and print one JSON line each.

    python -m bench.reliability [--people 200] [--workers 4] [--only burst kill ...]

burst     N practitioners sign in, then finish the seed quiz at once (SQLite, PostgreSQL)
kill      gunicorn workers killed with SIGKILL mid-save (SQLite, PostgreSQL)
restart   PostgreSQL (a server of our own) stopped and started during load
locked    SQLite held locked by another writer past the busy timeout

PostgreSQL databases are made (and dropped) on RELIABILITY_POSTGRES_URL, else the server of
TEST_POSTGRES_URL, else 127.0.0.1:5432. A scenario that cannot run here prints "skipped"
with the reason; with REQUIRE_POSTGRES=1 that counts as failed. The last line sums up; the
exit status is 1 when any scenario failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import NamedTuple

from bench.reliability import burst, kill, locked, restart
from bench.reliability.server import Skip, scenario_database

SCENARIOS = ("burst", "kill", "restart", "locked")
DATABASES = ("sqlite", "postgresql")


class Scenario(NamedTuple):
    name: str
    database: str
    run: Callable[[str], dict]  # given a fresh database's URL
    own_database: bool = False  # the restart scenario brings its own PostgreSQL server


def plan(args: argparse.Namespace) -> list[Scenario]:
    chosen = []
    people, workers = args.people, args.workers
    for name in args.only:
        for database in args.databases:
            if name == "burst":
                run = lambda url, d=database: burst.run(  # noqa: E731
                    url, d, people=people, workers=workers, server=args.server
                )
                chosen.append(Scenario(name, database, run))
            elif name == "kill":
                run = lambda url, d=database: kill.run(url, d, workers=workers)  # noqa: E731
                chosen.append(Scenario(name, database, run))
            elif name == "restart" and database == "postgresql":
                run = lambda _url: restart.run(workers=workers)  # noqa: E731
                chosen.append(Scenario(name, database, run, own_database=True))
            elif name == "locked" and database == "sqlite":
                run = lambda url: locked.run(url, workers=workers)  # noqa: E731
                chosen.append(Scenario(name, database, run))
    return chosen


def run_one(scenario: Scenario) -> dict:
    started = time.perf_counter()
    try:
        if scenario.own_database:
            result = scenario.run("")
        else:
            with scenario_database(scenario.database, scenario.name) as url:
                result = scenario.run(url)
    except Skip as reason:
        required = scenario.database == "postgresql" and os.environ.get("REQUIRE_POSTGRES") == "1"
        result = {
            "scenario": scenario.name,
            "database": scenario.database,
            "passed": False if required else None,
            "skipped": str(reason),
        }
    except Exception as error:  # noqa: BLE001 - a scenario that broke has failed; go on
        result = {
            "scenario": scenario.name,
            "database": scenario.database,
            "passed": False,
            "error": f"{type(error).__name__}: {error}",
            "where": traceback.format_exc().splitlines()[-4:],
        }
    return {**result, "scenario_seconds": round(time.perf_counter() - started, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200, help="people in each burst")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--server",
        choices=("gunicorn", "flask"),
        default="gunicorn",
        help="the burst's server (flask: the one `make run` starts, for comparison)",
    )
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--databases", nargs="+", choices=DATABASES, default=list(DATABASES))
    args = parser.parse_args(argv)

    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    results = []
    for scenario in plan(args):
        results.append(run_one(scenario))
        print(json.dumps(results[-1]), flush=True)
    summary = {
        "scenario": "all",
        "passed": sum(1 for r in results if r["passed"] is True),
        "failed": sum(1 for r in results if r["passed"] is False),
        "skipped": sum(1 for r in results if r["passed"] is None),
        "seconds": round(time.perf_counter() - started, 1),
        # The machine's share: the same run is slower on a busy or smaller machine.
        "cores": os.cpu_count(),
        "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }
    print(json.dumps(summary), flush=True)
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
