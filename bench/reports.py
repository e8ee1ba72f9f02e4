"""The reports at partnership scale: `make bench` runs this after bench.py's pages.

Generates a partnership (10,000 practitioners in 400 teams and 40 agencies, 50 briefings,
each team assigned 8 to 15 of them; and one a tenth of that size) with bulk inserts, then
measures on SQLite and on PostgreSQL (TEST_POSTGRES_URL; the run says so when it is
unreachable) the supervisor landing page, the team report, the person page, the
partnership summary, the theme report, the annual report (its page and its workbook), the
partnership's trends pages (completion over time, themes across briefings with and without
one briefing's charts) and the full CSV and XLSX exports.

One JSON object per line: {"benchmark", "database", "size", "median_ms", "p95_ms",
"queries", "peak_rss_mb"}; the exports add "rss_growth_mb", how far resident memory grew
above where it stood while an export was made, and "rows".

    .venv/bin/python bench/reports.py [--size full|tenth|both]
        [--database sqlite|postgresql|both] [--only "partnership summary"]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, select, text  # noqa: E402

from quiz import create_app  # noqa: E402
from quiz.bank.reader import read_bank  # noqa: E402
from quiz.extensions import db  # noqa: E402
from quiz.models import Briefing, Option, Question, QuestionVersion, Theme, User  # noqa: E402
from quiz.services.accounts import start_session  # noqa: E402
from quiz.services.bank_loading import load_bank  # noqa: E402
from quiz.services.theme_totals import track_all  # noqa: E402

POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SIZES = {
    "full": dict(people=10_000, teams=400, agencies=40, briefings=50),
    "tenth": dict(people=1_000, teams=40, agencies=4, briefings=5),
}
PAGE_REPEATS = 15
EXPORT_REPEATS = 3
ONLY = ""  # --only: measure just the benchmarks whose name holds this
# xlsxwriter writes some 20,000 cells a second: the full XLSX export takes a minute or two,
# so it is timed fewer times (the first run, which counts statements, is not timed).
XLSX_REPEATS = {"tenth": 3, "full": 1}
BATCH = 20_000
REFLECTION = "I will ask the child directly and record their words, not just the adults' view."


@dataclass(frozen=True)
class BriefingShape:
    id: int
    themes: list[int]
    # (version id, theme id, right option id, wrong option id), in the attempt's order
    questions: list[tuple[int, int, int, int]]


@dataclass
class Built:
    supervisor_id: int
    trainer_id: int
    team_id: int
    person_id: int
    counts: dict
    export_rows: int


def _briefings(count: int) -> list[BriefingShape]:
    """The seed briefing from the bank, loaded `count` times under different names."""
    [seed] = read_bank(ROOT / "questions")
    for number in range(count):
        load_bank([replace(seed, slug=f"briefing-{number:02}", title=f"Briefing {number:02}")])
    db.session.commit()
    shapes = []
    for briefing in db.session.scalars(select(Briefing).order_by(Briefing.id)):
        rows = db.session.execute(
            select(QuestionVersion.id, Question.theme_id, Option.id, Option.is_correct)
            .join(Question, QuestionVersion.question_id == Question.id)
            .join(Option, Option.version_id == QuestionVersion.id)
            .where(Question.briefing_id == briefing.id)
            .order_by(Question.theme_id, Question.position, QuestionVersion.id, Option.position)
        ).all()
        by_version: dict[int, list] = {}
        for version_id, theme_id, option_id, correct in rows:
            by_version.setdefault(version_id, [theme_id, None, None])
            slot = 1 if correct else 2
            if by_version[version_id][slot] is None:
                by_version[version_id][slot] = option_id
        themes = list(
            db.session.scalars(
                select(Theme.id).where(Theme.briefing_id == briefing.id).order_by(Theme.position)
            )
        )
        questions = [(v, t, r, w) for v, (t, r, w) in by_version.items()]
        shapes.append(BriefingShape(briefing.id, themes, questions))
    return shapes


class BulkWriter:
    """Rows into tables as fast as each database takes them: COPY on PostgreSQL,
    executemany on SQLite's own connection."""

    def __init__(self, connection, dialect: str):
        self.raw = connection.connection.dbapi_connection
        self.dialect = dialect
        self.counts: dict[str, int] = {}

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        self.counts[table] = self.counts.get(table, 0) + len(rows)
        names = ", ".join(columns)
        if self.dialect == "postgresql":
            with (
                self.raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            self.raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def generate(size: dict, dialect: str, seed: int = 7) -> Built:
    """The partnership, written in bulk; ids are given here, so rows refer to each other
    without reading anything back."""
    rng = random.Random(seed)
    shapes = _briefings(size["briefings"])
    today = date.today()
    now = datetime.now().replace(microsecond=0)
    connection = db.session.connection()
    out = BulkWriter(connection, dialect)
    agencies = [(i, f"Agency {i:02}") for i in range(1, size["agencies"] + 1)]
    teams = [
        (i, f"Team {i:03}", agencies[(i - 1) % len(agencies)][0])
        for i in range(1, size["teams"] + 1)
    ]
    out.write("agencies", ("id", "name"), agencies)
    out.write("teams", ("id", "name", "agency_id"), teams)

    users, team_of = [], {}
    for i in range(1, size["people"] + 1):
        team_id = (i - 1) % len(teams) + 1
        team_of[i] = team_id
        users.append((i, f"p{i}@example.org", f"Person {i:05}", "practitioner", team_id))
    supervisor_id, trainer_id = size["people"] + 1, size["people"] + 2
    users.append((supervisor_id, "sup@example.org", "Supervisor", "supervisor", None))
    users.append((trainer_id, "trainer@example.org", "Trainer", "trainer", None))
    out.write(
        "users",
        ("id", "email", "name", "role", "team_id", "active", "created_at", "password_hash"),
        [(*u, True, now, None) for u in users],
    )
    # The benchmarked supervisor has three teams, as many do.
    out.write("team_supervisors", ("user_id", "team_id"), [(supervisor_id, t) for t in (1, 2, 3)])

    assignments, assigned = [], {}
    for team_id, _, _ in teams:
        chosen = rng.sample(shapes, min(len(shapes), rng.randint(8, 15)))
        assigned[team_id] = []
        for shape in chosen:
            due = today + timedelta(days=rng.randint(-45, 30))
            assignments.append((len(assignments) + 1, shape.id, team_id, due, now))
            assigned[team_id].append((shape, due))
    out.write("assignments", ("id", "briefing_id", "team_id", "due_on", "created_at"), assignments)

    ids = {"attempt": 0, "aq": 0, "answer": 0, "rating": 0, "reflection": 0}
    buffers: dict[str, list] = {k: [] for k in (
        "attempts", "attempt_questions", "answers", "answer_choices", "confidence_ratings",
        "reflections", "completions",
    )}  # fmt: skip
    columns = {
        "attempts": ("id", "user_id", "briefing_id", "state", "started_at", "submitted_at",
                     "completed_at", "score", "max_score"),
        "attempt_questions": ("id", "attempt_id", "position", "version_id"),
        "answers": ("id", "attempt_id", "version_id", "is_correct", "answered_at"),
        "answer_choices": ("answer_id", "option_id"),
        "confidence_ratings": ("id", "attempt_id", "theme_id", "stage", "rating"),
        "reflections": ("id", "attempt_id", "text", "created_at"),
        "completions": ("user_id", "briefing_id", "state", "latest_attempt_id", "answered",
                        "question_count", "attempts", "first_completed_at", "latest_score",
                        "latest_max_score", "best_score", "best_max_score", "last_activity_at"),
    }  # fmt: skip

    def flush(force: bool = False) -> None:
        # Parents before children, so foreign keys hold at every statement.
        if force or len(buffers["answers"]) >= BATCH:
            for table in columns:
                out.write(table, columns[table], buffers[table])
                buffers[table].clear()

    # Per theme difficulty, per person ability: a realistic spread of scores.
    difficulty = {t: rng.uniform(-0.25, 0.15) for s in shapes for t in s.themes}
    for person_id in range(1, size["people"] + 1):
        ability = rng.uniform(0.45, 0.95)
        for shape, due in assigned[team_of[person_id]]:
            roll = rng.random()
            if roll < 0.2:
                continue  # not started
            state = "completed" if roll < 0.8 else "submitted" if roll < 0.9 else "in_progress"
            ids["attempt"] += 1
            attempt_id = ids["attempt"]
            started = datetime.combine(due, datetime.min.time()) - timedelta(
                days=rng.randint(1, 20), minutes=rng.randint(0, 600)
            )
            count = len(shape.questions)
            answered = count if state != "in_progress" else rng.randint(0, count - 1)
            score = 0
            confidence = rng.randint(2, 5)
            for position, (version, theme, right, wrong) in enumerate(shape.questions, 1):
                ids["aq"] += 1
                buffers["attempt_questions"].append((ids["aq"], attempt_id, position, version))
                if position > answered:
                    continue
                is_right = rng.random() < ability + difficulty[theme]
                score += is_right
                ids["answer"] += 1
                moment = started + timedelta(minutes=position)
                buffers["answers"].append((ids["answer"], attempt_id, version, is_right, moment))
                buffers["answer_choices"].append((ids["answer"], right if is_right else wrong))
            for theme in shape.themes:
                ids["rating"] += 1
                buffers["confidence_ratings"].append(
                    (ids["rating"], attempt_id, theme, "before", confidence)
                )
                if state == "completed":
                    ids["rating"] += 1
                    after = min(5, confidence + rng.randint(0, 1))
                    buffers["confidence_ratings"].append(
                        (ids["rating"], attempt_id, theme, "after", after)
                    )
            submitted = started + timedelta(minutes=count + 2) if state != "in_progress" else None
            completed = started + timedelta(minutes=count + 8) if state == "completed" else None
            scored = state != "in_progress"
            buffers["attempts"].append(
                (attempt_id, person_id, shape.id, state, started, submitted, completed,
                 score if scored else None, count if scored else None)
            )  # fmt: skip
            if completed:
                ids["reflection"] += 1
                buffers["reflections"].append(
                    (ids["reflection"], attempt_id, REFLECTION, completed)
                )
            buffers["completions"].append(
                (person_id, shape.id, state, attempt_id, answered, count, 1, completed,
                 score if scored else None, count if scored else None,
                 score if scored else None, count if scored else None,
                 completed or submitted or started + timedelta(minutes=answered))
            )  # fmt: skip
            flush()
    flush(force=True)
    track_all()  # the theme totals, counted from the answers as the migration fills them
    if dialect == "postgresql":
        for table in (
            "agencies",
            "teams",
            "users",
            "assignments",
            "attempts",
            "attempt_questions",
            "answers",
            "confidence_ratings",
            "reflections",
        ):
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )  # fmt: skip
        connection.exec_driver_sql("ANALYZE")
    else:
        connection.exec_driver_sql("ANALYZE")
    db.session.execute(
        text("UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE id = :id"),
        {"id": trainer_id},
    )
    db.session.commit()
    if dialect == "sqlite":
        # Fold the bulk load's write-ahead log into the database file, as a database that
        # has been in use would be, rather than measuring pages over a log of many MB.
        db.session.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.session.commit()
    # The person page: someone in the first team with the most finished briefings.
    person_id = db.session.scalar(
        text(
            "SELECT user_id FROM completions WHERE state = 'completed' AND user_id IN "
            "(SELECT id FROM users WHERE team_id = 1) GROUP BY user_id "
            "ORDER BY count(*) DESC, user_id LIMIT 1"
        )
    )
    # Every practitioner once for each briefing assigned to their team.
    export_rows = sum(len(assigned[team_of[p]]) for p in team_of)
    return Built(supervisor_id, trainer_id, 1, person_id, out.counts, export_rows)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def statements_in(engine, fn) -> int:
    """SQL statements fn sends. Called outside any application context: a request inside
    one would share its session instead of having its own, as on a real server."""
    executed = []

    def note(conn, cursor, statement, *args):
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            executed.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return len(executed)


def signed_in_client(app, user_id: int):
    client = app.test_client()
    with app.app_context():
        user = db.session.get(User, user_id)
        token = start_session(user)
        db.session.commit()
    with client.session_transaction() as session:
        session["sid"] = token
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
    return client


def measure(app, dialect: str, size_name: str, size: dict) -> Iterator[dict]:
    started = time.perf_counter()
    with app.app_context():
        built = generate(size, dialect)
        engine = db.engine
    generated_s = round(time.perf_counter() - started, 1)
    supervisor = signed_in_client(app, built.supervisor_id)
    trainer = signed_in_client(app, built.trainer_id)

    def get(client, url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return len(response.get_data())  # streamed downloads are read to the end

        return run

    pages = {
        "supervisor landing": (get(supervisor, "/teams/"), PAGE_REPEATS),
        "team report": (get(supervisor, f"/teams/{built.team_id}"), PAGE_REPEATS),
        "person page": (get(supervisor, f"/teams/people/{built.person_id}"), PAGE_REPEATS),
        "partnership summary": (get(trainer, "/teams/partnership"), PAGE_REPEATS),
        "theme report": (get(supervisor, f"/teams/{built.team_id}/themes"), PAGE_REPEATS),
        "annual report": (get(trainer, "/teams/partnership/annual-report"), PAGE_REPEATS),
        "annual report workbook": (
            get(trainer, "/teams/partnership/annual-report.xlsx"),
            EXPORT_REPEATS,
        ),
        "trends: completion over time (a year)": (
            get(trainer, f"/teams/partnership/trends?from={date.today() - timedelta(365)}"),
            PAGE_REPEATS,
        ),
        "trends: themes across briefings": (
            get(trainer, "/teams/partnership/themes"),
            PAGE_REPEATS,
        ),
        "trends: themes across briefings and one briefing's charts": (
            get(trainer, "/teams/partnership/themes?briefing=1"),
            PAGE_REPEATS,
        ),
        "full CSV export": (get(trainer, "/teams/partnership/people.csv"), EXPORT_REPEATS),
        "full XLSX export": (
            get(trainer, "/teams/partnership/people.xlsx"),
            XLSX_REPEATS[size_name],
        ),
    }
    yield {
        "benchmark": "generate partnership",
        "database": dialect,
        "size": size_name,
        "seconds": generated_s,
        "rows": built.counts,
    }
    for name, (run, repeats) in pages.items():
        if ONLY not in name:
            continue
        sizes = []
        queries = statements_in(engine, lambda: sizes.append(run()))  # noqa: B023
        samples, growth = [], 0.0
        for _ in range(repeats):
            with RssWatch() as watch:
                begun = time.perf_counter()
                run()
                samples.append(time.perf_counter() - begun)
            growth = max(growth, watch.growth_mb)
        line = {
            "benchmark": name,
            "database": dialect,
            "size": size_name,
            "median_ms": round(statistics.median(samples) * 1000, 1),
            "p95_ms": round(percentile(samples, 95) * 1000, 1),
            "queries": queries,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "bytes": sizes[0],
        }
        if "export" in name:
            line["rows"] = built.export_rows
            line["rss_growth_mb"] = round(growth, 1)
        yield line


class RssWatch:
    """The most the process's resident memory grew over its size at the start, sampled
    every few milliseconds by a thread (the process-wide peak_rss_mb cannot show growth:
    generating the data set it long before)."""

    PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20

    def __init__(self):
        self.growth_mb = 0.0
        self._stop = threading.Event()

    @classmethod
    def rss_mb(cls) -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * cls.PAGE_MB

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.growth_mb = max(self.growth_mb, self.rss_mb() - self.start)

    def __enter__(self):
        self.start = self.rss_mb()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.growth_mb = max(self.growth_mb, self.rss_mb() - self.start)


def postgres_problem(url: str) -> str | None:
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to connect means "not reachable"
        return str(getattr(error, "orig", None) or error).splitlines()[0]
    finally:
        engine.dispose()
    return None


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def run(database: str, size_name: str) -> Iterator[dict]:
    size = SIZES[size_name]
    with tempfile.TemporaryDirectory() as folder:
        if database == "sqlite":
            url = f"sqlite:///{folder}/reports.sqlite3"
        else:
            url = POSTGRES_URL
            reset_postgres(url)
        app = create_app("test", SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False)
        with app.app_context():
            db.create_all()
        try:
            yield from measure(app, database, size_name, size)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("full", "tenth", "both"), default="both")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--only", default="", help="measure only benchmarks naming this")
    args = parser.parse_args(argv)
    global ONLY
    ONLY = args.only
    sizes = ["tenth", "full"] if args.size == "both" else [args.size]
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    if "postgresql" in databases:
        problem = postgres_problem(POSTGRES_URL)
        if problem is not None:
            print(json.dumps({"skipped": "postgresql", "url": POSTGRES_URL, "why": problem}))
            databases.remove("postgresql")
    # The small partnership on both databases first: its figures come in minutes.
    for size_name in sizes:
        for database in databases:
            for line in run(database, size_name):
                print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
