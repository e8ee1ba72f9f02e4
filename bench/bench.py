"""Benchmarks: the pages people wait for, as ratios to a baseline measured in the same run.

The baseline is the sign-in page (a template and a form, no queries), so the
ratios say how much heavier each real page is on this machine, whatever its
speed or load. Memory is the peak Python allocation while building the report.

Run with `make bench`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quiz import create_app  # noqa: E402
from quiz.bank.reader import read_bank  # noqa: E402
from quiz.extensions import db  # noqa: E402
from quiz.models import Agency, Assignment, Briefing, Team  # noqa: E402
from quiz.services.accounts import create_user, start_session  # noqa: E402
from quiz.services.attempts import record_answer, record_confidence, start_or_resume, submit  # noqa: E402
from quiz.services.bank_loading import load_bank  # noqa: E402
from quiz.services.reports import team_report  # noqa: E402

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


def timed(fn) -> float:
    fn()  # warm up
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def signed_in_client(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["sid"] = start_session(user)
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    db.session.commit()
    return client


def main() -> None:
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

            baseline = timed(get(anonymous, "/sign-in"))
            results = {
                f"team report page ({TEAM_SIZE} people)": timed(
                    get(supervisor_client, f"/teams/{team_id}")
                ),
                f"team report CSV ({TEAM_SIZE} people)": timed(
                    get(supervisor_client, f"/teams/{team_id}/report.csv")
                ),
                "your briefings page": timed(get(practitioner_client, "/")),
                "briefing page": timed(get(practitioner_client, f"/briefings/{slug}")),
            }
            tracemalloc.start()
            team_report(db.session.get(Team, team_id), date.today())
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()

    print(f"baseline: sign-in page {baseline * 1000:.2f} ms (median of {REPEATS})")
    for name, seconds in results.items():
        print(f"{name:<38} {seconds * 1000:8.2f} ms  {seconds / baseline:6.1f}x baseline")
    print(
        f"{'team report rows, peak memory':<38} {peak / 1024:8.0f} KiB  "
        f"({peak / TEAM_SIZE / 1024:.1f} KiB per person)"
    )


if __name__ == "__main__":
    main()
