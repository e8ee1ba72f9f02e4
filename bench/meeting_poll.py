"""A team meeting of 50 people on the real server: everyone's phone polls every 2 seconds
while they answer the questions the presenter moves through.

    .venv/bin/python bench/meeting_poll.py [--people 50] [--seconds 30]
                                           [--database sqlite|postgresql|both]

gunicorn with two sync workers on 127.0.0.1 (as bench/serving.py), a fresh database each:
a supervisor starts a meeting of the seed briefing; the people sign in and join with the
code; the presenter moves to the first question. Then for --seconds, every phone asks
/meetings/<id>/status.json every 2 seconds (each starting at its own moment); when the
screen changes it loads the question, and answers it as a person would after reading the
scenario (a random 2 to --reading-seconds seconds later: the post, then the page it is sent
back to), while the presenter moves to the next question every --move-seconds and polls its
own counts every 2 seconds. --reading-seconds 0 has everyone answer the moment the question
appears, a burst no real meeting makes, to see the worst case.

Prints one JSON object per line, like the other benchmarks: the poll, the presenter's poll,
the answers (with how many failed: anything but the redirect of a saved answer), and the
SQL statements one poll runs (counted in-process). Target: p95 of the poll under 100 ms on
SQLite, and no failed answers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The project's folder first, and not this one: bench/bench.py would hide the bench package.
sys.path[:] = [str(HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from bench.load import peak_rss_mb  # noqa: E402
from bench.load import percentile as pct  # noqa: E402
from bench.reliability.client import Person, csrf_token, field_values  # noqa: E402
from bench.reliability.server import (  # noqa: E402
    PASSWORD,
    Server,
    email_of,
    postgres_problem,
    postgres_server_url,
    prepare,
    scenario_database,
)

POLL_SECONDS = 2.0
SHORTEST_READING_SECONDS = 2.0
MOVED_ON = re.compile("The screen has moved on|The answers to this question have been shown")
POLL_P95_TARGET_MS = 100
SUPERVISOR = "supervisor@meeting.example"
SIGN_IN_THREADS = 4


def add_supervisor(url: str) -> int:
    """A supervisor of the prepared team; returns the team's id."""
    from quiz import create_app
    from quiz.extensions import db
    from quiz.models import Team
    from quiz.services.accounts import create_user

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        team = db.session.scalar(db.select(Team))
        create_user(SUPERVISOR, "Supervisor", PASSWORD, "supervisor", supervises=[team])
        db.session.commit()
        team_id = team.id
        db.session.remove()
        db.engine.dispose()
    return team_id


def signed_in(base: str, email: str) -> Person:
    person = Person(base, email)
    page = person.get("/sign-in").page
    reply = person.post(
        "/sign-in", {"csrf_token": csrf_token(page), "email": email, "password": PASSWORD}
    )
    if reply.status != 302:
        raise SystemExit(f"{email} could not sign in (status {reply.status})")
    return person


class Presenter:
    def __init__(self, person: Person, meeting_id: int):
        self.person, self.meeting_id = person, meeting_id
        self.path = f"/meetings/{meeting_id}/present"
        self.latencies: list[float] = []

    def page(self) -> str:
        return self.person.get(self.path).page

    def press(self, action: str) -> None:
        reply = self.person.post(
            self.path, {"csrf_token": csrf_token(self.page()), "action": action}
        )
        if reply.status != 302:
            raise SystemExit(f"the presenter's {action} failed (status {reply.status})")

    def to_first_question(self) -> None:
        for _ in range(100):
            if "Question 1 of" in self.page():
                return
            self.press("next")
        raise SystemExit("the briefing has no questions to present")

    def version_on_screen(self) -> str:
        found = re.search(r"status\.json\?version=(\d+)", self.page())
        return found[1] if found else ""


def start_meeting(base: str, team_id: int) -> tuple[Presenter, str]:
    person = signed_in(base, SUPERVISOR)
    page = person.get(f"/teams/{team_id}/meetings").page
    briefing = re.search(r'name="start-briefing" type="radio" value="(\d+)"', page)[1]
    reply = person.post(
        f"/teams/{team_id}/meetings", {"csrf_token": csrf_token(page), "start-briefing": briefing}
    )
    meeting_id = int(re.search(r"/meetings/(\d+)/present", reply.location)[1])
    presenter = Presenter(person, meeting_id)
    code = re.search(r'class="app-join-code"[^>]*>(\w+)<', presenter.page())[1]
    return presenter, code


class Phone:
    """One participant: polls, and answers each question once when it appears."""

    def __init__(self, person: Person, meeting_id: int, reading_seconds: float):
        self.person, self.meeting_id = person, meeting_id
        self.reading_seconds = reading_seconds
        self.answer_at: float | None = None
        self.polls: list[float] = []
        self.answers: list[float] = []
        self.failed_answers: list[str] = []
        # Refused as a person would be told: the presenter moved on before the answer came.
        self.moved_on = 0
        self.acknowledged = 0
        self.failed_polls = 0
        self.screen = ""

    def join(self, code: str) -> None:
        page = self.person.get("/join").page
        reply = self.person.post("/join", {"csrf_token": csrf_token(page), "code": code})
        if reply.status != 302:
            raise SystemExit(f"{self.person.email} could not join (status {reply.status})")

    def run(self, until: float) -> None:
        time.sleep(random.uniform(0, POLL_SECONDS))  # phones do not poll in step
        while time.monotonic() < until:
            tick = time.monotonic()
            started = time.perf_counter()
            reply = self.person.get(f"/meetings/{self.meeting_id}/status.json")
            self.polls.append((time.perf_counter() - started) * 1000)
            if reply.status != 200:
                self.failed_polls += 1
            else:
                screen = json.loads(reply.page)["screen"]
                if screen != self.screen:
                    self.screen = screen
                    self.answer_at = time.monotonic() + self.reading_delay()
            if self.answer_at is not None and time.monotonic() >= self.answer_at:
                self.answer_at = None
                self.answer()
            time.sleep(max(0.0, POLL_SECONDS - (time.monotonic() - tick)))

    def reading_delay(self) -> float:
        if self.reading_seconds <= 0:
            return 0.0
        return random.uniform(SHORTEST_READING_SECONDS, self.reading_seconds)

    def answer(self) -> None:
        path = f"/meetings/{self.meeting_id}"
        page = self.person.get(path).page
        options = field_values(page, "answer")
        if not options:
            return  # not a question (or already revealed)
        started = time.perf_counter()
        reply = self.person.post(
            path,
            {
                "csrf_token": csrf_token(page),
                "version_id": field_values(page, "version_id")[0],
                "answer": random.choice(options),
            },
        )
        self.answers.append((time.perf_counter() - started) * 1000)
        if reply.status == 302:
            self.acknowledged += 1
            self.person.get(path)  # where a browser is sent: the page saying it is saved
        elif reply.status == 400 and MOVED_ON.search(reply.page):
            self.moved_on += 1
        else:
            self.failed_answers.append(str(reply.status))


def poll_in_process(url: str, meeting_id: int, repeats: int = 200) -> dict:
    """One poll's SQL statements and its time in this process, one after another: what a
    poll costs the server, apart from any wait for a worker."""
    from sqlalchemy import event

    from quiz import create_app
    from quiz.extensions import db
    from quiz.models import User
    from quiz.services.accounts import start_session

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email_of(0)))
        token = start_session(user)
        db.session.commit()
        client = app.test_client()
        with client.session_transaction() as session:
            # What signing in leaves in the cookie (quiz/web/auth/routes.py).
            session["_user_id"] = str(user.id)
            session["sid"] = token
        path = f"/meetings/{meeting_id}/status.json"
        client.get(path)  # the first request warms caches
        statements = []
        count = lambda *_: statements.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", count)
        status = client.get(path).status_code
        event.remove(db.engine, "before_cursor_execute", count)
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        db.session.remove()
        db.engine.dispose()
    return {
        "queries": len(statements) if status == 200 else None,
        "in_process_median_ms": round(statistics.median(times), 2),
        "in_process_p95_ms": round(pct(times, 95), 2),
    }


def stored_answers(url: str) -> int:
    """The meeting answers in the database: every acknowledged answer must be there once."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM meeting_answers")).scalar()
    finally:
        engine.dispose()


def line(benchmark: str, database: str, size: int, latencies: list[float], **more) -> dict:
    return {
        "benchmark": benchmark,
        "database": database,
        "size": size,
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(pct(latencies, 95), 1) if latencies else None,
        **more,
    }


def run(
    url: str, database: str, people: int, seconds: float, move_seconds: float, reading: float
) -> list[dict]:
    prepare(url, people)
    team_id = add_supervisor(url)
    with Server(url, workers=2) as app:
        presenter, code = start_meeting(app.base, team_id)
        with ThreadPoolExecutor(SIGN_IN_THREADS) as pool:
            persons = list(pool.map(lambda n: signed_in(app.base, email_of(n)), range(people)))
        phones = [Phone(person, presenter.meeting_id, reading) for person in persons]
        with ThreadPoolExecutor(SIGN_IN_THREADS) as pool:
            list(pool.map(lambda phone: phone.join(code), phones))
        presenter.to_first_question()

        until = time.monotonic() + seconds
        threads = [threading.Thread(target=p.run, args=(until,)) for p in phones]
        for thread in threads:
            thread.start()
        moves = 0
        next_move = time.monotonic() + move_seconds
        while time.monotonic() < until:
            version = presenter.version_on_screen()
            started = time.perf_counter()
            presenter.person.get(
                f"/meetings/{presenter.meeting_id}/present/status.json?version={version}"
            )
            presenter.latencies.append((time.perf_counter() - started) * 1000)
            if time.monotonic() >= next_move:
                presenter.press("next")
                moves += 1
                next_move += move_seconds
            time.sleep(POLL_SECONDS)
        for thread in threads:
            thread.join()
        load = round(os.getloadavg()[0], 1)
        rss = peak_rss_mb(sorted(app.worker_pids()))
        app.stop()

    polls = [ms for p in phones for ms in p.polls]
    answers = [ms for p in phones for ms in p.answers]
    failed_answers = [status for p in phones for status in p.failed_answers]
    in_process = poll_in_process(url, presenter.meeting_id)
    poll_line = line(
        "meeting poll",
        database,
        people,
        polls,
        **in_process,
        peak_rss_mb=rss,
        # The machine's run queue during the load: above its core count, requests wait
        # for a CPU as well as for a worker, and the served times say more about the machine.
        load_average_1m=load,
        cores=os.cpu_count(),
        polls=len(polls),
        failed_polls=sum(p.failed_polls for p in phones),
        seconds=seconds,
        reading_seconds=reading,
        move_seconds=move_seconds,
    )
    answers_line = line(
        "meeting answer",
        database,
        people,
        answers,
        queries=None,
        peak_rss_mb=rss,
        answers=len(answers),
        failed_answers=len(failed_answers),
        answers_lost=sum(p.acknowledged for p in phones) - stored_answers(url),
        refused_as_the_screen_moved_on=sum(p.moved_on for p in phones),
        failed_statuses=sorted(set(failed_answers)),
        questions_moved_through=moves + 1,
    )
    return [
        poll_line,
        line(
            "meeting presenter poll",
            database,
            people,
            presenter.latencies,
            queries=None,
            peak_rss_mb=rss,
        ),
        answers_line,
        {
            "benchmark": "meeting poll target",
            "database": database,
            "size": people,
            "p95_ms": poll_line["p95_ms"],
            "target": f"p95 under {POLL_P95_TARGET_MS} ms, no failed or lost answers",
            "met": (poll_line["p95_ms"] or 0) < POLL_P95_TARGET_MS
            and not failed_answers
            and answers_line["answers_lost"] == 0,
        },
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--move-seconds", type=float, default=20)
    parser.add_argument("--reading-seconds", type=float, default=15)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    for kind in kinds:
        if kind == "postgresql":
            problem = postgres_problem(postgres_server_url())
            if problem is not None:
                print(
                    json.dumps(
                        {
                            "benchmark": "meeting poll",
                            "database": kind,
                            "skipped": f"PostgreSQL not reachable: {problem}",
                        }
                    ),
                    flush=True,
                )
                continue
        with scenario_database(kind, "meeting_poll") as url:
            found_lines = run(
                url, kind, args.people, args.seconds, args.move_seconds, args.reading_seconds
            )
            for found in found_lines:
                print(json.dumps(found), flush=True)


if __name__ == "__main__":
    main()
