"""A burst of practitioners signing in and finishing the seed quiz at once, against a real server.

    .venv/bin/python bench/burst.py [--server flask|gunicorn] [--workers 2] [--people 24]
                                    [--database sqlite|postgresql] [--json]

Runs the app as a subprocess (Flask's threaded server, as `make run` starts it, or gunicorn
with sync workers) on a fresh database, on 127.0.0.1 only, and sends every person's requests
from their own thread, each step at the same moment for everyone (a barrier). It counts every
answer the server refused (5xx) and then checks the database: every answer the server
acknowledged is stored exactly once, and every person who saw their result has a submitted
attempt. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "burst-password-2026"
SLUG = "joe-aged-six"
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def prepare(url: str, people: int) -> None:
    """A migrated database with the bank, one team and `people` practitioners in it."""
    from flask_migrate import upgrade

    from quiz import create_app
    from quiz.bank import read_bank
    from quiz.extensions import db
    from quiz.models import Agency, Briefing, Role, Team, User
    from quiz.services.accounts import hash_password, use_cheap_hashing
    from quiz.services.assignments import assign
    from quiz.services.bank_loading import load_bank

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        if url.startswith("postgresql"):
            db.drop_all()
            db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
        upgrade()
        load_bank(read_bank(app.config["QUESTIONS_DIR"]))
        agency = Agency(name="Burst Council")
        team = Team(name="Burst Team", agency=agency)
        db.session.add_all([agency, team])
        use_cheap_hashing(False)
        password_hash = hash_password(PASSWORD)  # once: argon2 takes a fifth of a second
        for number in range(people):
            db.session.add(
                User(
                    email=f"p{number}@burst.example",
                    name=f"Person {number}",
                    password_hash=password_hash,
                    role=Role.PRACTITIONER,
                    team=team,
                )
            )
        db.session.flush()
        briefing = db.session.scalar(db.select(Briefing).where(Briefing.slug == SLUG))
        assign(briefing, [team], date.today() + timedelta(days=14), None, date.today())
        db.session.commit()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(kind: str, workers: int, url: str, port: int, log) -> subprocess.Popen:
    env = {**os.environ, "QUIZ_CONFIG": "development", "DATABASE_URL": url}
    if kind == "gunicorn":
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--log-level",
            "warning",
            "wsgi:app",
        ]
    else:
        command = [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "wsgi",
            "run",
            "--port",
            str(port),
            "--with-threads",
        ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=1)
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit(f"the {kind} server did not start; see {log.name}")


class Person:
    """One practitioner's browser: a cookie jar and no redirects followed."""

    def __init__(self, base: str, email: str):
        self.base = base
        self.email = email
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        return self._send(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        return self._send(urllib.request.Request(self.base + path, data=body))

    def _send(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def token(page: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    return found[1] if found else ""


def run_burst(base: str, people: int) -> dict:
    barrier = threading.Barrier(people)
    outcomes: Counter = Counter()
    acknowledged: list[tuple[str, int]] = []
    submitted: list[str] = []
    lock = threading.Lock()

    def note(step: str, status: int) -> bool:
        ok = status < 500
        with lock:
            outcomes[f"{step} {'ok' if ok else 'failed'}"] += 1
        return ok

    def journey(number: int) -> None:
        person = Person(base, f"p{number}@burst.example")
        _, page = person.get("/sign-in")
        fields = {"csrf_token": token(page), "email": person.email, "password": PASSWORD}
        barrier.wait()
        for _ in range(3):  # a person shown an error page tries again
            status, _ = person.post("/sign-in", fields)
            if note("sign-in", status):
                break
        if status != 302:
            return
        _, page = person.get(f"/briefings/{SLUG}")
        note("start", person.post(f"/briefings/{SLUG}/start", {"csrf_token": token(page)})[0])
        _, page = person.get(f"/briefings/{SLUG}/confidence")
        ratings = {name: "3" for name in set(re.findall(r'name="(theme_\d+)"', page))}
        note(
            "confidence",
            person.post(f"/briefings/{SLUG}/confidence", {"csrf_token": token(page), **ratings})[0],
        )
        position = 1
        while True:
            status, page = person.get(f"/briefings/{SLUG}/questions/{position}")
            if status != 200:
                break
            version = re.search(r'name="version_id" type="hidden" value="(\d+)"', page) or (
                re.search(r'name="version_id" value="(\d+)"', page)
            )
            option = re.search(r'name="answer" type="(?:radio|checkbox)" value="(\d+)"', page)
            if not version or not option:
                break
            fields = {"csrf_token": token(page), "version_id": version[1], "answer": option[1]}
            status, _ = person.post(f"/briefings/{SLUG}/questions/{position}", fields)
            if note("answer", status) and status == 302:
                with lock:
                    acknowledged.append((person.email, int(version[1])))
                position += 1
            elif status >= 500:
                continue  # a refused answer is given again, as a person would
            else:
                break
        _, page = person.get(f"/briefings/{SLUG}/check")
        status, _ = person.post(f"/briefings/{SLUG}/check", {"csrf_token": token(page)})
        if note("submit", status) and status == 302:
            with lock:
                submitted.append(person.email)

    def safely(number: int) -> None:
        try:
            journey(number)
        except Exception as error:  # a timeout or a dropped connection: count it, go on
            with lock:
                outcomes[f"error {type(error).__name__}"] += 1

    threads = [threading.Thread(target=safely, args=(n,)) for n in range(people)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "outcomes": dict(sorted(outcomes.items())),
        "acknowledged": acknowledged,
        "submitted": submitted,
    }


def stored(url: str) -> tuple[Counter, int]:
    from quiz import create_app
    from quiz.extensions import db
    from quiz.models import Answer, Attempt, AttemptState, User

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        rows = db.session.execute(
            db.select(User.email, Answer.version_id)
            .join(Attempt, Attempt.user_id == User.id)
            .join(Answer, Answer.attempt_id == Attempt.id)
        ).all()
        done = db.session.scalar(
            db.select(db.func.count(Attempt.id)).where(Attempt.state == AttemptState.SUBMITTED)
        )
        return Counter((email, version) for email, version in rows), done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=("flask", "gunicorn"), default="flask")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--people", type=int, default=24)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--keep-log", metavar="FILE", help="Write the server's log to FILE.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/burst.sqlite3" if args.database == "sqlite" else POSTGRES_URL
        prepare(url, args.people)
        port = free_port()
        log_path = Path(folder) / "server.log"
        with log_path.open("w") as log:
            server = start_server(args.server, args.workers, url, port, log)
            try:
                result = run_burst(f"http://127.0.0.1:{port}", args.people)
            finally:
                server.terminate()
                server.wait(timeout=10)
        errors = log_path.read_text(errors="replace")
        if args.keep_log:
            Path(args.keep_log).write_text(errors)
        saved, done = stored(url)
    acknowledged = Counter(result.pop("acknowledged"))
    submitted = result.pop("submitted")
    lost = sum((acknowledged - saved).values())
    duplicated = sum(1 for count in saved.values() if count > 1)
    print(
        json.dumps(
            {
                "benchmark": "burst",
                "server": args.server if args.server == "flask" else f"gunicorn -w {args.workers}",
                "database": args.database,
                "people": args.people,
                **result,
                "answers_acknowledged": sum(acknowledged.values()),
                "answers_lost": lost,
                "answers_stored_twice": duplicated,
                "submitted_attempts": done,
                "submits_acknowledged": len(submitted),
                "database_locked_in_log": errors.count("database is locked"),
            }
        )
    )
    return 0 if lost == 0 and duplicated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
