"""The app as people use it: gunicorn with two workers on 127.0.0.1, beside minimal apps.

    .venv/bin/python bench/serving.py [--seconds 5] [--database sqlite|postgresql|both]

In one run, on a fresh database each:

- answer submit: each request changes a saved answer (the answer's row, the old choice out,
  the new one in), against a minimal Flask app doing one INSERT per request (target: at
  least 0.5 of its throughput);
- question page, against a minimal Flask app rendering a small template without a database
  (target: at least 0.3);
- 50 people signing in over 10 seconds, each at their own moment, from the sign-in page to
  the redirect home (target: p95 under 2 s, none failed).

Load comes from wrk when installed (`make bench` installs it), else from Python threads.
Prints one JSON object per line, then a ratio line per comparison with its target and
whether it was met. Throughput depends on what else the machine is doing; the workers' CPU
per request (from /proc) is printed beside it and depends on it less. PostgreSQL is the
tests' server (TEST_POSTGRES_URL); the run says so when it is unreachable.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from load import CONNECTIONS, WORKERS, gunicorn, measure, peak_rss_mb, workers_of  # noqa: E402
from load import percentile as pct  # noqa: E402
from reliability.client import Person, csrf_token, field_values, theme_fields  # noqa: E402
from reliability.server import PASSWORD, SLUG, email_of, prepare  # noqa: E402

POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

SIGN_INS = 50
SIGN_IN_SECONDS = 10
SIGN_IN_P95_TARGET_MS = 2000
ANSWER_TARGET = 0.5
PAGE_TARGET = 0.3
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def signed_in(base: str, number: int) -> Person:
    person = Person(base, email_of(number))
    page = person.get("/sign-in").page
    fields = {"csrf_token": csrf_token(page), "email": person.email, "password": PASSWORD}
    status = person.post("/sign-in", fields).status
    if status != 302:
        raise SystemExit(f"{person.email} could not sign in (status {status})")
    return person


def cookie(person: Person) -> dict:
    return {"Cookie": "; ".join(f"{c.name}={c.value}" for c in person.jar)}


def questions_of(person: Person) -> dict[int, dict]:
    """Start the attempt and rate confidence; each question's form fields by position."""
    page = person.get(f"/briefings/{SLUG}").page
    person.post(f"/briefings/{SLUG}/start", {"csrf_token": csrf_token(page)})
    page = person.get(f"/briefings/{SLUG}/confidence").page
    ratings = {name: "3" for name in theme_fields(page)}
    person.post(f"/briefings/{SLUG}/confidence", {"csrf_token": csrf_token(page), **ratings})
    questions = {}
    for position in range(1, 1000):
        status, page, _ = person.get(f"/briefings/{SLUG}/questions/{position}")
        if status != 200:
            break
        questions[position] = {
            "csrf_token": csrf_token(page),
            "version_id": field_values(page, "version_id")[0],
            "options": field_values(page, "answer"),
        }
    return questions


def answer_requests(person: Person, questions: dict[int, dict]) -> list[dict]:
    """Every question answered with its second option; then, in turn, every question's
    answer changed to its first option and back, so that every request writes."""

    def fields(item: dict, option: int) -> dict:
        kept = {k: item[k] for k in ("csrf_token", "version_id")}
        return {**kept, "answer": item["options"][option]}

    for position, item in questions.items():
        status = person.post(f"/briefings/{SLUG}/questions/{position}", fields(item, 1)).status
        if status != 302:
            raise SystemExit(f"answering question {position} failed (status {status})")
    return [
        {
            "method": "POST",
            "path": f"/briefings/{SLUG}/questions/{position}",
            "body": urlencode(fields(item, option)),
        }
        for option in (0, 1)
        for position, item in questions.items()
    ]


def statements_per_request(url: str, person: Person, request: dict) -> int:
    """SQL statements one request runs (BEGIN not counted), through the app in this process."""
    from sqlalchemy import event

    from quiz import create_app
    from quiz.extensions import db

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    client = app.test_client()
    for c in person.jar:
        client.set_cookie(c.name, c.value)
    executed = []

    def note(conn, cursor, statement, *args):
        if not statement.startswith("BEGIN"):
            executed.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", note)
        try:
            body = request.get("body")
            response = client.open(
                request["path"], method=request["method"], data=body, headers=FORM if body else {}
            )
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
            db.engine.dispose()
    if response.status_code >= 400:
        raise SystemExit(f"{request['path']} answered {response.status_code} in this process")
    return len(executed)


def sign_ins(base: str, first: int) -> dict:
    """SIGN_INS people, one every SIGN_IN_SECONDS / SIGN_INS seconds, each from the sign-in
    page to the redirect home."""
    seconds: list[float] = []
    failed = 0
    lock = threading.Lock()

    def one(number: int) -> None:
        nonlocal failed
        started = time.perf_counter()
        person = Person(base, email_of(number))
        page = person.get("/sign-in").page
        fields = {"csrf_token": csrf_token(page), "email": person.email, "password": PASSWORD}
        status = person.post("/sign-in", fields).status
        with lock:
            seconds.append(time.perf_counter() - started)
            failed += status != 302

    threads = []
    start = time.perf_counter()
    for i in range(SIGN_INS):
        time.sleep(max(0.0, start + i * SIGN_IN_SECONDS / SIGN_INS - time.perf_counter()))
        threads.append(threading.Thread(target=one, args=(first + i,)))
        threads[-1].start()
    for thread in threads:
        thread.join()
    return {
        "median_ms": statistics.median(seconds) * 1000,
        "p95_ms": pct(seconds, 95) * 1000,
        "failed": failed,
    }


def line(benchmark: str, database: str, size, result: dict, queries: int | None) -> dict:
    return {
        "benchmark": benchmark,
        "database": database,
        "size": size,
        "median_ms": round(result["median_ms"], 2),
        "p95_ms": round(result["p95_ms"], 2),
        "queries": queries,
        "peak_rss_mb": result["peak_rss_mb"],
        "requests_per_s": round(result["requests_per_s"], 1),
        "cpu_ms_per_request": round(result["cpu_ms_per_request"], 2),
        "errors": result["errors"],
        "load": f"{result['tool']}, {CONNECTIONS} connections, gunicorn -w {WORKERS}",
    }


def ratio(name: str, database: str, app: dict, floor: dict, target: float) -> dict:
    throughput = app["requests_per_s"] / floor["requests_per_s"]
    return {
        "ratio": f"{name} / minimal app",
        "database": database,
        "throughput_ratio": round(throughput, 3),
        "cpu_ratio": round(floor["cpu_ms_per_request"] / app["cpu_ms_per_request"], 3),
        "target": target,
        "met": throughput >= target,
    }


def run(database: str, url: str, seconds: int, log) -> list[dict]:
    from minimal import create_rows_table

    prepare(url, people=SIGN_INS + 2)
    create_rows_table(url)
    env = {"QUIZ_CONFIG": "development", "DATABASE_URL": url, "BENCH_DATABASE_URL": url}

    with gunicorn("wsgi:app", env, log) as (base, server):
        answering, reading = signed_in(base, 0), signed_in(base, 1)
        answers = answer_requests(answering, questions_of(answering))
        pages = [
            {"method": "GET", "path": f"/briefings/{SLUG}/questions/{position}"}
            for position in questions_of(reading)
        ]
        # Counted first, while answers[0] still changes the saved answer, as every one does
        # under load.
        answer_queries = statements_per_request(url, answering, answers[0])
        page_queries = statements_per_request(url, reading, pages[0])
        answer = measure(server, base, answers, {**cookie(answering), **FORM}, seconds)
        page = measure(server, base, pages, cookie(reading), seconds)
        signing_in = sign_ins(base, first=2)
        signing_in["peak_rss_mb"] = peak_rss_mb(workers_of(server))
    one_insert = [{"method": "POST", "path": "/answers", "body": "answer=a"}]
    with gunicorn("minimal:insert_app()", env, log) as (base, server):
        insert = measure(server, base, one_insert, FORM, seconds)
    templates = [{"method": "GET", "path": f"/page/{n}"} for n in range(1, 17)]
    with gunicorn("minimal:page_app()", env, log) as (base, server):
        template = measure(server, base, templates, {}, seconds)

    size = f"seed quiz, {len(pages)} questions"
    return [
        line("answer submit", database, size, answer, answer_queries),
        line("minimal app: one INSERT", database, "one row", insert, 1),
        line("question page", database, size, page, page_queries),
        line("minimal app: a template", database, "no database", template, 0),
        {
            "benchmark": f"sign-in, {SIGN_INS} people over {SIGN_IN_SECONDS} s",
            "database": database,
            "size": SIGN_INS,
            "median_ms": round(signing_in["median_ms"], 1),
            "p95_ms": round(signing_in["p95_ms"], 1),
            "queries": None,
            "peak_rss_mb": signing_in["peak_rss_mb"],
            "failed": signing_in["failed"],
            "target": f"p95 under {SIGN_IN_P95_TARGET_MS} ms, none failed",
            "met": signing_in["p95_ms"] < SIGN_IN_P95_TARGET_MS and not signing_in["failed"],
        },
        ratio("answer submit", database, answer, insert, ANSWER_TARGET),
        ratio("question page", database, page, template, PAGE_TARGET),
    ]


def postgres_problem(url: str) -> str | None:
    """Why PostgreSQL cannot be used at url, or None when it answers."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return None
    except Exception as error:  # whatever the reason, the run goes on without it
        return str(error).strip().splitlines()[0]
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of each load run")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder, open(Path(folder) / "server.log", "w") as log:
        databases = []
        if args.database in ("sqlite", "both"):
            databases.append(("sqlite", f"sqlite:///{folder}/serving.sqlite3"))
        if args.database in ("postgresql", "both"):
            problem = postgres_problem(POSTGRES_URL)
            if problem:
                print(json.dumps({"skipped": "postgresql", "url": POSTGRES_URL, "why": problem}))
            else:
                databases.append(("postgresql", POSTGRES_URL))
        for database, url in databases:
            for result in run(database, url, args.seconds, log):
                print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
