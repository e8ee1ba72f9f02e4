"""A burst: N practitioners sign in, then all finish the seed quiz at the same moment.

Sign-ins come first and are timed on their own: argon2id costs about a fifth of a second
of CPU each, by design, and the app hashes at most one password per core at a time. Then
everyone starts together and goes through start, confidence, every question, submit,
result, reflection and record. Passes when no request failed (no 5xx, no broken
connection, no 503), every acknowledged answer is stored exactly once, nothing is half
saved, and all N attempts are completed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from bench.reliability.checks import Stored
from bench.reliability.client import Person, Tally
from bench.reliability.journey import Journey
from bench.reliability.server import Server, email_of, errors_in_log, prepare


def together(journeys: Sequence[Journey], step: Callable[[Journey], bool]) -> tuple[float, int]:
    """Run step for every journey at once, each in its own thread, all released together.

    The seconds from release to the last one done, and how many succeeded.
    """
    barrier = threading.Barrier(len(journeys) + 1)
    succeeded: list[bool] = []
    lock = threading.Lock()

    def run(journey: Journey) -> None:
        barrier.wait()
        try:
            ok = step(journey)
        except Exception as error:  # noqa: BLE001 - counted, reported, never hidden
            journey.tally.note(f"{journey.person.email}: {type(error).__name__}: {error}")
            ok = False
        with lock:
            succeeded.append(ok)

    threads = [threading.Thread(target=run, args=(journey,)) for journey in journeys]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, sum(succeeded)


def failed_requests(tally: Tally) -> int:
    """Anything but a page, a redirect or a refusal: 5xx (503 included) and cut connections."""
    return tally.count(lambda status: status >= 500 or status == 0)


def run(url: str, database: str, *, people: int, workers: int, server: str = "gunicorn") -> dict:
    prepare(url, people)
    sign_ins, quiz = Tally(), Tally()
    with Server(url, workers=workers, kind=server) as app:
        persons = [Person(app.base, email_of(n)) for n in range(people)]
        signing = [Journey(person, sign_ins) for person in persons]
        sign_in_seconds, signed_in = together(signing, Journey.sign_in)

        cpu_before, client_before = app.cpu_seconds(), time.process_time()
        answering = [Journey(person, quiz) for person in persons]
        quiz_seconds, finished = together(answering, Journey.finish)
        server_cpu = app.cpu_seconds() - cpu_before
        client_cpu = time.process_time() - client_before
        log = app.stop()
    stored = Stored(url)

    checks = stored.lost_or_doubled(quiz.acknowledged)
    half_saved = stored.half_saved()
    failures = failed_requests(sign_ins) + failed_requests(quiz)
    quiz_summary = quiz.summary()
    passed = (
        failures == 0
        and checks["answers_lost"] == 0
        and checks["answers_stored_twice"] == 0
        and not any(half_saved.values())
        and stored.completed == people
        and finished == people
    )
    return {
        "scenario": "burst",
        "database": database,
        "server": f"gunicorn -w {workers}" if server == "gunicorn" else "flask --with-threads",
        "people": people,
        "passed": passed,
        "sign_in": {
            "seconds": round(sign_in_seconds, 2),
            "signed_in": signed_in,
            **sign_ins.summary(),
        },
        "quiz": {
            "seconds": round(quiz_seconds, 2),
            "requests_per_second": round(quiz_summary["requests"] / quiz_seconds, 1),
            "server_cpu_seconds": round(server_cpu, 1),
            "client_cpu_seconds": round(client_cpu, 1),
            **quiz_summary,
        },
        "failed_requests": failures,
        **checks,
        "completed": stored.completed,
        "half_saved": half_saved,
        "database_locked_in_log": log.count("database is locked"),
        "tracebacks_in_log": log.count("Traceback"),
        "errors_in_log": errors_in_log(log),
        "notes": (sign_ins.notes + quiz.notes)[:10],
    }
