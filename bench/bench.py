"""Benchmarks: `make bench` runs them all and prints one JSON object per line.

In this process, against SQLite: the pages people wait for (team report, its CSV, your
briefings, a briefing), with the sign-in page (a template and a form, no queries) measured
in the same run as the baseline their ratio lines compare with. Then bench/reports.py: the
supervisor and partnership reports and the full exports on a generated partnership of
10,000 (and 1,000) people, on SQLite and PostgreSQL. Then bench/serving.py: the app under
gunicorn against minimal apps, on SQLite and PostgreSQL.

Each line: {"benchmark", "database", "size", "median_ms", "p95_ms", "queries",
"peak_rss_mb"}, and more fields where they say something. Run with `make bench`, or
`.venv/bin/python bench/bench.py --pages-only` for the in-process part alone.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from quiz import create_app  # noqa: E402
from quiz.bank.reader import read_bank  # noqa: E402
from quiz.extensions import db  # noqa: E402
from quiz.models import Agency, Assignment, Briefing, Team  # noqa: E402
from quiz.services.accounts import create_user, start_session  # noqa: E402
from quiz.services.attempts import record_answer, record_confidence, start_or_resume, submit  # noqa: E402
from quiz.services.bank_loading import load_bank  # noqa: E402
from quiz.services.supervision import team_report  # noqa: E402

TEAM_SIZE = 300
REPEATS = 30


def build(app):
    load_bank(read_bank(ROOT / "questions"))
    briefing = db.session.query(Briefing).one()
    team = Team(name="Big Team", agency=Agency(name="Agency"))
    db.session.add(team)
    db.session.add(Assignment(briefing=briefing, team=team, due_on=date.today() + timedelta(7)))
    db.session.flush()
    people = [
        create_user(
            f"p{i}@example.org", f"Person {i}", "a long enough password", "practitioner", team=team
        )
        for i in range(TEAM_SIZE)
    ]
    supervisor = create_user(
        "s@example.org", "Sup", "a long enough password", "supervisor", supervises=[team]
    )
    # Two thirds of the team have submitted their answers.
    for person in people[: TEAM_SIZE * 2 // 3]:
        attempt = start_or_resume(person, briefing)
        record_confidence(attempt, "before", {t.id: 3 for t in briefing.themes})
        for item in attempt.questions:
            option = item.version.options[0]
            record_answer(attempt, item.position, item.version_id, [option.id])
        submit(attempt)
    db.session.commit()
    return team, supervisor, people[-1], briefing


def timed(fn) -> list[float]:
    """Seconds per run, REPEATS runs after one to warm up."""
    fn()
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def statements_in(fn) -> int:
    """SQL statements fn runs, BEGIN not counted."""
    executed = []

    def note(conn, cursor, statement, *args):
        if not statement.startswith("BEGIN"):
            executed.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return len(executed)


def signed_in_client(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["sid"] = start_session(user)
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    db.session.commit()
    return client


def pages() -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            "test",
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite3",
            WTF_CSRF_ENABLED=False,
        )
        with app.app_context():
            db.create_all()
            team, supervisor, practitioner, briefing = build(app)
            team_id, slug = team.id, briefing.slug
            supervisor_client = signed_in_client(app, supervisor)
            practitioner_client = signed_in_client(app, practitioner)
            anonymous = app.test_client()

            def get(client, url):
                def run():
                    with app.app_context():
                        response = client.get(url)
                        assert response.status_code == 200, (url, response.status_code)

                return run

            runs = {
                ("sign-in page (the baseline)", None): get(anonymous, "/sign-in"),
                ("team report page", TEAM_SIZE): get(supervisor_client, f"/teams/{team_id}"),
                ("team report CSV", TEAM_SIZE): get(
                    supervisor_client, f"/teams/{team_id}/progress.csv"
                ),
                ("your briefings page", None): get(practitioner_client, "/"),
                ("briefing page", None): get(practitioner_client, f"/briefings/{slug}"),
            }
            lines = []
            for (name, size), run in runs.items():
                samples = timed(run)
                lines.append(
                    {
                        "benchmark": name,
                        "database": "sqlite",
                        "size": size,
                        "median_ms": round(statistics.median(samples) * 1000, 2),
                        "p95_ms": round(percentile(samples, 95) * 1000, 2),
                        "queries": statements_in(run),
                        # The whole process's peak so far: building the data included.
                        "peak_rss_mb": round(
                            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                        ),
                    }
                )
            tracemalloc.start()
            team_report(db.session.get(Team, team_id), date.today())
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()

    baseline = lines[0]["median_ms"]
    for found in lines[1:]:
        found["times_baseline"] = round(found["median_ms"] / baseline, 1)
    lines.append(
        {
            "benchmark": "team report rows, peak Python allocation",
            "database": "sqlite",
            "size": TEAM_SIZE,
            "peak_mb": round(peak / 2**20, 2),
            "kib_per_person": round(peak / TEAM_SIZE / 1024, 1),
        }
    )
    return lines


def main() -> None:
    for found in pages():
        print(json.dumps(found), flush=True)
    if "--pages-only" not in sys.argv:
        sys.path.insert(0, str(Path(__file__).parent))
        import reports
        import serving

        # The reports at partnership scale, on SQLite and PostgreSQL (bench/reports.py).
        reports.main([])
        serving.main([a for a in sys.argv[1:] if a != "--pages-only"])


if __name__ == "__main__":
    main()
