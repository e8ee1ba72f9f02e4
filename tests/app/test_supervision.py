"""Supervisors see their own teams' completion, as a page and as CSV."""

import csv
import io

from tests.app.journey import answer_all, rate, start
from tests.conftest import Browser, html, text_of
from tests.seed import SEED_DRAWN_COUNT


def _complete(app, user, briefing):
    client = Browser(app)
    client.sign_in(user)
    start(client, briefing.slug)
    rate(client, briefing.slug, briefing.themes)
    answer_all(client, briefing.slug, SEED_DRAWN_COUNT)
    client.submit(f"/briefings/{briefing.slug}/check")
    client.submit(
        f"/briefings/{briefing.slug}/reflect",
        {**{f"theme_{t.id}": "4" for t in briefing.themes}, "reflection": "Ask the child."},
    )


def test_team_report_shows_each_member_and_completion(app, login_as, make_user, team, assigned):
    done = make_user("practitioner", team=team, name="Dana Done")
    make_user("practitioner", team=team, name="Nat Notyet")
    _complete(app, done, assigned.briefing)
    supervisor, _ = login_as("supervisor")

    teams = supervisor.page("/teams/")
    link = teams.find("a", string=team.name)
    report = supervisor.page(link["href"])
    rows = {
        r.find("th").get_text(strip=True): [c.get_text(" ", strip=True) for c in r.find_all("td")]
        for r in report.select("tbody tr")
    }
    assert rows["Dana Done"][0] == "Completed"
    assert rows["Dana Done"][1].endswith("%)")
    assert rows["Nat Notyet"][0] == "Not started"
    assert "50% complete" in text_of(report)


def test_csv_has_the_same_rows_as_the_page(app, login_as, make_user, team, assigned):
    done = make_user("practitioner", team=team, name="Dana Done")
    _complete(app, done, assigned.briefing)
    supervisor, _ = login_as("supervisor")
    response = supervisor.get(f"/teams/{team.id}/report.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["Name"] for r in rows] == ["Dana Done"]
    assert rows[0]["Status"] == "Completed"
    assert rows[0]["Out of"] == str(SEED_DRAWN_COUNT)
    assert rows[0]["Overdue"] == "no"


def test_csv_cells_cannot_become_spreadsheet_formulas(app, login_as, make_user, team, assigned):
    make_user("practitioner", team=team, name='=HYPERLINK("http://x")')
    supervisor, _ = login_as("supervisor")
    body = supervisor.get(f"/teams/{team.id}/report.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body


def test_overdue_members_are_flagged(login_as, make_user, team, assigned):
    from datetime import date, timedelta

    from quiz.extensions import db

    assigned.due_on = date.today() - timedelta(days=1)
    db.session.commit()
    make_user("practitioner", team=team, name="Late Lou")
    supervisor, _ = login_as("supervisor")
    report = supervisor.page(f"/teams/{team.id}")
    assert "Overdue" in text_of(report)


def test_supervisor_cannot_see_another_team(login_as, make_team, assigned):
    other = make_team()
    supervisor, _ = login_as("supervisor")
    assert supervisor.get(f"/teams/{other.id}").status_code == 404
    assert supervisor.get(f"/teams/{other.id}/report.csv").status_code == 404
    assert other.name not in text_of(supervisor.page("/teams/"))


def test_supervisor_without_teams_gets_a_helpful_page(login_as, assigned):
    supervisor, _ = login_as("supervisor", supervises=[])
    page = html(supervisor.get("/teams/"))
    assert "You do not supervise any teams yet" in text_of(page)


def test_report_shows_the_hardest_themes_confidence_and_reflections(
    app, login_as, make_user, team, assigned
):
    done = make_user("practitioner", team=team, name="Dana Done")
    _complete(app, done, assigned.briefing)
    supervisor, _ = login_as("supervisor")
    page = supervisor.page(f"/teams/{team.id}")
    text = text_of(page)
    assert "Learning themes, hardest first" in text
    table = page.find("caption", string=lambda s: s and "average confidence" in s).parent
    rows = [
        [c.get_text(" ", strip=True) for c in r.find_all(["th", "td"])]
        for r in table.select("tbody tr")
    ]
    assert len(rows) == 4
    assert all(r[2] == "3.0" and r[3] == "4.0" for r in rows)
    percents = [int(r[1].rstrip("%")) for r in rows]
    assert percents == sorted(percents)
    assert "Reflections to pick up in supervision" in text
    assert "Dana Done" in text and "Ask the child." in text


def test_trainers_see_completion_across_the_partnership(
    app, login_as, make_user, team, make_team, assigned
):
    done = make_user("practitioner", team=team, name="Dana Done")
    make_user("practitioner", team=team, name="Nat Notyet")
    _complete(app, done, assigned.briefing)
    trainer, _ = login_as("trainer")
    page = trainer.page("/teams/partnership")
    row = [c.get_text(" ", strip=True) for c in page.select("tbody tr")[0].find_all("td")]
    assert row[0] == "Test Council" and row[1] == team.name
    assert row[4] == "1 of 2 (50%)" and row[5] == "0"
    supervisor, _ = login_as("supervisor")
    assert supervisor.get("/teams/partnership").status_code == 403
