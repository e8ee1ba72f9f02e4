"""The real app under test: a prepared database and gunicorn (or Flask's server) as a subprocess.

Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "reliability-password-2026"
SLUG = "joe-aged-six"
CONNECT_TIMEOUT_SECONDS = 3


def email_of(number: int) -> str:
    return f"p{number}@reliability.example"


def prepare(url: str, people: int) -> None:
    """Migrate a fresh database and add the bank, a team of `people` and the seed assignment."""
    from flask_migrate import upgrade

    from quiz import create_app
    from quiz.bank import read_bank
    from quiz.extensions import db
    from quiz.models import Agency, Briefing, Role, Team, User
    from quiz.services.accounts import hash_password, use_cheap_hashing
    from quiz.services.assignments import assign
    from quiz.services.bank_loading import load_bank

    if url.startswith("postgresql"):
        reset_postgres(url)
    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        # Alembic's logging config would print every migration to the terminal.
        with contextlib.redirect_stderr(io.StringIO()):
            upgrade()
        load_bank(read_bank(app.config["QUESTIONS_DIR"]))
        team = Team(name="Reliability Team", agency=Agency(name="Reliability Council"))
        db.session.add(team)
        use_cheap_hashing(False)
        password_hash = hash_password(PASSWORD)  # once: the real argon2id, as people sign in
        db.session.add_all(
            User(
                email=email_of(number),
                name=f"Person {number}",
                password_hash=password_hash,
                role=Role.PRACTITIONER,
                team=team,
            )
            for number in range(people)
        )
        db.session.flush()
        briefing = db.session.scalar(db.select(Briefing).where(Briefing.slug == SLUG))
        assign(briefing, [team], date.today() + timedelta(days=14), None, date.today())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def reset_postgres(url: str) -> None:
    engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    try:
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '5s'"))
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def postgres_problem(url: str) -> str | None:
    """Why PostgreSQL at url cannot be used, or None."""
    engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure to connect means "not reachable"
        return str(getattr(error, "orig", None) or error).splitlines()[0]
    finally:
        engine.dispose()
    return None


@contextlib.contextmanager
def fresh_postgres_database(server_url: str, name: str) -> Iterator[str]:
    """A new, empty database on the server at server_url, dropped afterwards."""
    admin = create_engine(
        make_url(server_url).set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,  # a connection each time: the server may restart in between
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Skip(Exception):
    """A scenario cannot run here (no PostgreSQL, no pg_ctl); the message says why."""


def postgres_server_url() -> str:
    """The PostgreSQL server the scenarios make their databases on."""
    return (
        os.environ.get("RELIABILITY_POSTGRES_URL")
        or os.environ.get("TEST_POSTGRES_URL")
        or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )


@contextlib.contextmanager
def scenario_database(kind: str, name: str) -> Iterator[str]:
    """A fresh, empty database for one scenario: a SQLite file or a PostgreSQL database."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="reliability-") as folder:
            yield f"sqlite:///{folder}/{name}.sqlite3"
        return
    server = postgres_server_url()
    problem = postgres_problem(server)
    if problem is not None:
        raise Skip(f"PostgreSQL not reachable ({problem}): set RELIABILITY_POSTGRES_URL")
    with fresh_postgres_database(server, f"reliability_{name}") as url:
        yield url


_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(?:Error|Exception|Exit)\b.*$", re.MULTILINE)


def errors_in_log(log: str, limit: int = 5) -> list[str]:
    """The exception lines (not indented) of the server log's tracebacks, each once."""
    seen: dict[str, None] = {}
    for line in _EXCEPTION_LINE.findall(log):
        seen.setdefault(line[:300], None)
    return list(seen)[:limit]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The app served by gunicorn (sync workers) or Flask's threaded server, until stop()."""

    def __init__(
        self,
        url: str,
        *,
        workers: int = 2,
        kind: str = "gunicorn",
        env: dict[str, str] | None = None,
        gunicorn_config: Path | None = None,
    ):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.kind = kind
        self.workers = workers
        # Open for the server's whole life, closed by stop().
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w+", prefix="reliability-server-", suffix=".log"
        )
        environment = {
            **os.environ,
            "QUIZ_CONFIG": "development",
            "DATABASE_URL": url,
            **(env or {}),
        }
        if kind == "gunicorn":
            command = [str(Path(sys.executable).with_name("gunicorn"))]
            if gunicorn_config:
                command += ["--config", str(gunicorn_config)]
            # --preload: the master imports the app once and forks ready workers, so a
            # killed worker is replaced in milliseconds, not after a second import.
            command += [
                *("--workers", str(workers), "--bind", f"127.0.0.1:{self.port}", "--preload"),
                *("--no-control-socket", "--log-level", "warning", "wsgi:app"),
            ]
        else:
            command = [sys.executable, "-m", "flask", "--app", "wsgi", "run"]
            command += ["--port", str(self.port), "--with-threads"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            start_new_session=True,  # its own process group, so stop() can end every worker
        )
        self._wait_until_up()

    def _wait_until_up(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"{self.base}/sign-in", timeout=10).close()
            except OSError:
                time.sleep(0.05)
                continue
            if self.kind != "gunicorn" or len(self.worker_pids()) == self.workers:
                return
        self.stop()
        raise RuntimeError(f"the {self.kind} server did not start:\n{self.log()[-2000:]}")

    def worker_pids(self) -> set[int]:
        """gunicorn's workers: the master's child processes."""
        children = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name is in brackets and may hold spaces; ppid follows the state.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                children.add(int(entry.name))
        return children

    def busy_worker(self) -> int | None:
        """A worker that is using the CPU now (handling a request), if any."""
        before = {pid: self._cpu_ticks(pid) for pid in self.worker_pids()}
        time.sleep(0.03)
        busy = [pid for pid, ticks in before.items() if self._cpu_ticks(pid) > ticks]
        return busy[0] if busy else None

    def kill_worker(self, pid: int) -> None:
        if pid not in self.worker_pids():
            raise RuntimeError(f"{pid} is not one of this server's workers")
        os.kill(pid, signal.SIGKILL)

    def wait_for_workers(self, seconds: float = 20) -> None:
        """Until gunicorn has replaced any worker it lost."""
        deadline = time.monotonic() + seconds
        while len(self.worker_pids()) < self.workers and time.monotonic() < deadline:
            time.sleep(0.05)

    def cpu_seconds(self) -> float:
        """CPU time used so far by gunicorn's master and its live workers."""
        ticks = sum(self._cpu_ticks(pid) for pid in {self.process.pid, *self.worker_pids()})
        return ticks / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _cpu_ticks(pid: int) -> int:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0
        return int(fields[11]) + int(fields[12])  # utime + stime

    def log(self) -> str:
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")

    def stop(self) -> str:
        """Stop the server; its log."""
        if self.process.poll() is None:
            # The scenario has every answer it waited for. Ask for a quick shutdown, then
            # kill what is left: on a busy machine interpreters take seconds to exit.
            self.process.send_signal(signal.SIGQUIT if self.kind == "gunicorn" else signal.SIGTERM)
            try:
                self.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        text_ = self.log()
        self._log.close()
        return text_

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_exc) -> None:
        if not self._log.closed:
            self.stop()
