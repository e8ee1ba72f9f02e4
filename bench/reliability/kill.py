"""A gunicorn worker killed with SIGKILL in the middle of a practitioner's save.

Targeted: while other people finish the quiz, one person's request is stopped inside its
transaction at four points (stop_points.py) and its worker killed: after the answer row
is written but before its choices, after the choices, after the attempt is marked
submitted, after the reflection. Each time the database must hold all of that save or
none of it, and the person's retry must succeed.

Under load: people finish the quiz while a random worker is killed at intervals; every
cut request is retried, everyone completes and nothing is lost, doubled or half saved.
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

from bench.reliability.burst import together
from bench.reliability.checks import Stored
from bench.reliability.client import CUT, Person, Tally
from bench.reliability.journey import Journey
from bench.reliability.server import Server, email_of, errors_in_log, prepare
from bench.reliability.stop_points import STOP_HEADER

STOP_CONFIG = Path(__file__).with_name("stop_points.py")

# (step, table): the request is stopped just after it writes to the table.
KILL_POINTS = (
    ("answer", "answers"),  # the answer row is written, its choices are not
    ("answer", "answer_choices"),  # answer and choices written, not committed
    ("submit", "attempts"),  # the attempt marked submitted, not committed
    ("reflect", "reflections"),  # ratings and reflection written, attempt not completed
)


class _StopOnce:
    """Request headers that ask for one stop, on the first send of one step."""

    def __init__(self, step: str, table: str):
        self.step, self.table, self.used = step, table, False

    def __call__(self, step: str) -> dict:
        if step != self.step or self.used:
            return {}
        self.used = True
        return {STOP_HEADER: self.table}


def _killed_in_the_middle(app: Server, folder: Path, step) -> int | None:
    """Run step (one try) until its worker stops, then kill that worker; the worker's pid."""
    thread = threading.Thread(target=step)
    thread.start()
    deadline = time.monotonic() + 30
    pid = None
    while pid is None and time.monotonic() < deadline:
        stopped = list(folder.iterdir())
        pid = int(stopped[0].name) if stopped else None
        time.sleep(0.02)
    if pid is not None:
        app.kill_worker(pid)
        (folder / str(pid)).unlink()
    thread.join(60)
    return pid


def _saved(stored: Stored, email: str, step: str, version_id: int) -> bool:
    """Is the save that step makes in the database?"""
    if step == "answer":
        return stored.answers_per_question.get((email, version_id), 0) > 0
    if step == "submit":
        return stored.state_of.get(email) != "in_progress"
    return stored.state_of.get(email) == "completed" or email in stored.reflected


def _targeted(app: Server, url: str, folder: Path) -> list[dict]:
    person = Person(app.base, email_of(0))
    ready = Journey(person, Tally())
    if not (ready.sign_in() and ready.start()):
        raise RuntimeError(f"could not get ready: {ready.tally.notes}")
    answered = 0
    results = []
    for step, table in KILL_POINTS:
        killed_try = Journey(person, Tally(), patience=1, headers=_StopOnce(step, table))
        retry = Journey(person, Tally())
        if step == "answer":
            answered += 1
            position = answered
            pid = _killed_in_the_middle(app, folder, partial(killed_try.answer, position))
            after_kill = Stored(url)
            retried = retry.answer(position) is not None
        elif step == "submit":
            if not retry.answer_all(answered + 1):
                raise RuntimeError(f"could not answer the rest: {retry.tally.notes}")
            retry = Journey(person, Tally())
            pid = _killed_in_the_middle(app, folder, killed_try.submit)
            after_kill = Stored(url)
            retried = retry.submit()
        else:
            pid = _killed_in_the_middle(app, folder, killed_try.reflect)
            after_kill = Stored(url)
            retried = retry.reflect()
        version_id = int(dict(retry.last_sent).get("version_id", 0))
        after_retry = Stored(url)
        app.wait_for_workers()
        results.append(
            {
                "stopped_after": f"{step}: {table}",
                "worker_killed": pid is not None,
                "request_cut": killed_try.tally.count(lambda status: status == CUT) == 1,
                "saved_before_retry": _saved(after_kill, person.email, step, version_id),
                "half_saved_after_kill": sum(after_kill.half_saved().values()),
                "retry_succeeded": retried and not retry.tally.notes,
                "saved_after_retry": _saved(after_retry, person.email, step, version_id),
                "half_saved_after_retry": sum(after_retry.half_saved().values()),
            }
        )
    return results


def _under_load(app: Server, people: range, kills: int, every: float) -> dict:
    tally = Tally()
    journeys = [Journey(Person(app.base, email_of(n)), tally, patience=60) for n in people]
    signed = [j for j in journeys if j.sign_in()]
    done = threading.Event()
    killed: list[int] = []

    def killer() -> None:
        chooser = random.Random(8)
        while len(killed) < kills and not done.wait(every):
            workers = sorted(app.worker_pids())
            if len(workers) < app.workers:
                continue  # the last one killed is still being replaced
            # A worker in the middle of a request if one is, else any.
            victim = app.busy_worker() or chooser.choice(workers)
            app.kill_worker(victim)
            killed.append(victim)

    thread = threading.Thread(target=killer)
    thread.start()
    seconds, finished = together(signed, Journey.finish)
    done.set()
    thread.join()
    return {
        "people": len(journeys),
        "seconds": round(seconds, 2),
        "workers_killed": len(killed),
        "requests_cut": tally.count(lambda status: status == CUT),
        "finished": finished,
        "tally": tally,
    }


def run(url: str, database: str, *, people: int = 12, workers: int = 3, kills: int = 5) -> dict:
    """Kill workers mid-save on the database at url; one result."""
    prepare(url, people + 1)
    others = Tally()
    with (
        tempfile.TemporaryDirectory(prefix="reliability-stops-") as folder,
        Server(
            url,
            workers=workers,
            env={"RELIABILITY_STOP_DIR": folder},
            gunicorn_config=STOP_CONFIG,
        ) as app,
    ):
        # Half the people finish the quiz while person 0 has their saves cut off.
        background = [
            Journey(Person(app.base, email_of(n)), others) for n in range(1, people // 2 + 1)
        ]
        in_flight = threading.Thread(
            target=lambda: together(background, lambda j: j.sign_in() and j.finish())
        )
        in_flight.start()
        targeted = _targeted(app, url, Path(folder))
        in_flight.join()
        load = _under_load(app, range(people // 2 + 1, people + 1), kills, every=0.3)
        log = app.stop()
    stored = Stored(url)
    tally: Tally = load.pop("tally")
    checks = stored.lost_or_doubled(others.acknowledged + tally.acknowledged)
    half_saved = stored.half_saved()
    server_errors = tally.server_errors() + others.server_errors()
    passed = (
        all(
            t["worker_killed"]
            and t["request_cut"]
            and not t["saved_before_retry"]
            and t["half_saved_after_kill"] == 0
            and t["retry_succeeded"]
            and t["saved_after_retry"]
            and t["half_saved_after_retry"] == 0
            for t in targeted
        )
        and stored.completed == people + 1
        and checks["answers_lost"] == 0
        and checks["answers_stored_twice"] == 0
        and not any(half_saved.values())
        and server_errors == 0
        and others.count(lambda status: status >= 500 or status == CUT) == 0
    )
    return {
        "scenario": "kill",
        "database": database,
        "server": f"gunicorn -w {workers}",
        "passed": passed,
        "targeted": targeted,
        "alongside": {"people": len(background), **others.summary()},
        "under_load": {**load, "server_errors": server_errors},
        **checks,
        "completed": stored.completed,
        "half_saved": half_saved,
        "tracebacks_in_log": log.count("Traceback"),
        "errors_in_log": errors_in_log(log),
        "notes": (others.notes + tally.notes)[:10],
    }
