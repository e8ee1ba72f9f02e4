"""Supervisors chase, understand and prove: their teams, one team, one person, downloads."""

import csv
import io
import zipfile
from datetime import date, timedelta

from quiz.extensions import db
from quiz.services.attempts import retake
from tests.app.progress import REFLECTION, take
from tests.conftest import html, text_of
from tests.seed import SEED_DRAWN_COUNT


def _rows(page, caption_words: str) -> dict[str, list[str]]:
    table = page.find("caption", string=lambda s: s and caption_words in s).parent
    return {
        r.find("th").get_text(" ", strip=True): [
            c.get_text(" ", strip=True) for c in r.find_all("td")
        ]
        for r in table.select("tbody tr")
    }


def _overdue(assignment):
    assignment.due_on = date.today() - timedelta(days=1)
    db.session.commit()


def test_landing_page_puts_the_team_with_overdue_people_first(
    login_as, make_user, make_team, team, assigned
):
    calm = make_team("Calm Team")
    make_user("practitioner", team=team, name="Late Lou")
    _overdue(assigned)
    supervisor, _ = login_as("supervisor", supervises=[team, calm])
    page = supervisor.page("/teams/")
    headings = [h.get_text(strip=True) for h in page.select("main h2")]
    assert headings == [team.name, "Calm Team"]
    assert "1 overdue" in text_of(page)
    rows = _rows(page, f"Completion per briefing for {team.name}")
    [(title, cells)] = rows.items()
    assert title == assigned.briefing.title
    assert cells[1:] == ["0 of 1 (0%)", "1"]


def test_statuses_say_what_is_happening(login_as, make_user, team, assigned):
    briefing = assigned.briefing
    make_user("practitioner", team=team, name="Nat Notyet")
    take(make_user("practitioner", team=team, name="Ann Answering"), briefing, answered=5)
    take(make_user("practitioner", team=team, name="Sam Submitted"), briefing, finish=False)
    take(make_user("practitioner", team=team, name="Cat Complete"), briefing)
    supervisor, _ = login_as("supervisor")
    page = supervisor.page(f"/teams/{team.id}")
    rows = _rows(page, "Each person's status on each briefing")
    assert rows["Nat Notyet"][2] == "Not started"
    assert rows["Ann Answering"][2] == f"Answering 5 of {SEED_DRAWN_COUNT} answered"
    assert rows["Sam Submitted"][2] == "Submitted, not reflected"
    assert rows["Cat Complete"][2] == "Completed"
    summary = _rows(page, "Completion by briefing")[briefing.title]
    assert summary[1:] == ["1 of 4 (25%)", "1", "1", "1", "0"]


def test_overdue_people_come_first_and_keep_how_far_they_got(login_as, make_user, team, assigned):
    take(make_user("practitioner", team=team, name="Aaron Done"), assigned.briefing)
    take(make_user("practitioner", team=team, name="Zed Halfway"), assigned.briefing, answered=2)
    _overdue(assigned)
    supervisor, _ = login_as("supervisor")
    page = supervisor.page(f"/teams/{team.id}")
    rows = _rows(page, "Each person's status on each briefing")
    assert list(rows) == ["Zed Halfway", "Aaron Done"]
    assert rows["Zed Halfway"][2] == f"Overdue 2 of {SEED_DRAWN_COUNT} answered"
    people = _rows(page, "People, most overdue first")
    assert list(people) == ["Zed Halfway", "Aaron Done"]
    assert people["Zed Halfway"][1] == "1 overdue"


def test_filters_and_their_downloads_hold_the_same_rows(login_as, make_user, team, assigned):
    take(make_user("practitioner", team=team, name="Dana Done"), assigned.briefing)
    make_user("practitioner", team=team, name="Nat Notyet")
    supervisor, _ = login_as("supervisor")
    query = f"?briefing={assigned.briefing.id}&status=completed"
    page = supervisor.page(f"/teams/{team.id}{query}")
    assert list(_rows(page, "Each person's status on each briefing")) == ["Dana Done"]
    link = page.select_one('a[href*="/progress.csv"]')
    response = supervisor.get(link["href"])
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["Name"], r["Status"], r["Questions"]) for r in rows] == [
        ("Dana Done", "Completed", str(SEED_DRAWN_COUNT))
    ]
    xlsx = supervisor.get(f"/teams/{team.id}/progress.xlsx{query}")
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")
    sheet = zipfile.ZipFile(io.BytesIO(xlsx.get_data())).read("xl/worksheets/sheet1.xml")
    assert b"Dana Done" in sheet and b"Nat Notyet" not in sheet


def test_downloads_cannot_become_spreadsheet_formulas(login_as, make_user, team, assigned):
    make_user("practitioner", team=team, name='=HYPERLINK("http://x")')
    supervisor, _ = login_as("supervisor")
    body = supervisor.get(f"/teams/{team.id}/progress.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body
    xlsx = supervisor.get(f"/teams/{team.id}/progress.xlsx").get_data()
    sheet = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/worksheets/sheet1.xml")
    assert b"HYPERLINK" in sheet and b"<f>" not in sheet


def test_a_bad_filter_is_a_400_naming_the_field(login_as, team, assigned):
    supervisor, _ = login_as("supervisor")
    response = supervisor.get(f"/teams/{team.id}?status=sleeping")
    assert response.status_code == 400
    assert "Choose a status from the list." in text_of(html(response))


def test_person_page_shows_answers_feedback_confidence_and_reflection(
    login_as, make_user, team, assigned
):
    dana = make_user("practitioner", team=team, name="Dana Done")
    take(dana, assigned.briefing, right=False, confidence=5)
    supervisor, _ = login_as("supervisor")
    report = supervisor.page(f"/teams/{team.id}")
    link = report.find("a", string="Dana Done")
    page = supervisor.page(link["href"])
    text = text_of(page)
    assert REFLECTION in text
    assert "Their answer:" in text and "Best answer:" in text
    some_feedback = assigned.briefing.themes[0].questions[0].current_version.options[0].feedback
    assert some_feedback.split()[0] in text
    themes = page.find("caption", string=lambda s: s and "confidence (1 to 5)" in s).parent
    first = [
        c.get_text(" ", strip=True) for c in themes.select("tbody tr")[0].find_all(["th", "td"])
    ]
    assert first[0].endswith("(confidently wrong)") and first[2:] == ["5", "5"]
    assert "You felt sure about" in text
    records = _rows(page, "Completion records of Dana Done")
    assert records[assigned.briefing.title][1].startswith("Completed")


def _download_rows(browser, href: str) -> list[dict[str, str]]:
    response = browser.get(href)
    assert response.status_code == 200 and response.mimetype == "text/csv", href
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def _spreadsheet(browser, href: str) -> bytes:
    response = browser.get(href)
    assert response.mimetype.endswith("spreadsheetml.sheet"), href
    return zipfile.ZipFile(io.BytesIO(response.get_data())).read("xl/worksheets/sheet1.xml")


def test_the_teams_overview_downloads_with_the_pages_rows(
    login_as, make_user, make_team, team, assigned
):
    quiet = make_team("Quiet Team")
    make_user("practitioner", team=quiet, name="Quinn Quiet")
    make_user("practitioner", team=team, name="Late Lou")
    _overdue(assigned)
    trainer, _ = login_as("trainer")
    page = trainer.page("/teams/")
    shown = _rows(page, "Teams")
    assert list(shown) == [team.name, "Quiet Team"]
    rows = _download_rows(trainer, page.select_one('a[href$="/overview.csv"]')["href"])
    assert {r["Team"]: [r["Agency"], r["People"], r["Briefings"], r["Overdue"]] for r in rows} == (
        shown
    )
    assert [r["Team"] for r in rows] == list(shown)
    sheet = _spreadsheet(trainer, page.select_one('a[href$="/overview.xlsx"]')["href"])
    assert team.name.encode() in sheet and b"Quiet Team" in sheet


def test_each_attempts_themes_download_with_the_pages_rows(login_as, make_user, team, assigned):
    dana = make_user("practitioner", team=team, name="Dana Done")
    take(dana, assigned.briefing, right=False, confidence=5)
    retake(dana, assigned.briefing, weak_themes_only=False)
    take(dana, assigned.briefing, confidence=2)
    supervisor, _ = login_as("supervisor")
    page = supervisor.page(f"/teams/people/{dana.id}")
    tables = page.find_all("caption", string=lambda s: s and "confidence (1 to 5)" in s)
    links = page.select('a[href$="/themes.csv"]')
    assert len(tables) == len(links) == 2
    for caption, link in zip(tables, links, strict=True):
        shown = [
            [c.get_text(" ", strip=True) for c in r.find_all(["th", "td"])]
            for r in caption.parent.select("tbody tr")
        ]
        rows = _download_rows(supervisor, link["href"])
        flag = " (confidently wrong)"
        assert [
            [
                r["Theme"] + (flag if r["Confidently wrong"] == "yes" else ""),
                r["Right %"] + "%",
                r["Confidence before (1 to 5)"],
                r["Confidence after (1 to 5)"],
            ]
            for r in rows
        ] == shown
        assert {(r["Name"], r["Briefing"]) for r in rows} == {
            ("Dana Done", assigned.briefing.title)
        }
        sheet = _spreadsheet(supervisor, link["href"].replace(".csv", ".xlsx"))
        assert shown[0][0].removesuffix(flag).encode() in sheet


def test_supervisors_see_only_their_own_teams_and_people(login_as, make_user, make_team, assigned):
    other = make_team()
    stranger = make_user("practitioner", team=other, name="Stan Stranger")
    mine = make_user("practitioner", team=assigned.team)
    their_attempt = take(stranger, assigned.briefing)
    supervisor, _ = login_as("supervisor")
    for url in (
        f"/teams/{other.id}",
        f"/teams/{other.id}/progress.csv",
        f"/teams/{other.id}/themes",
        f"/teams/people/{stranger.id}",
        f"/teams/people/{stranger.id}/records.xlsx",
        f"/teams/people/{stranger.id}/attempts/{their_attempt.id}/themes.csv",
        # Someone they supervise, with another team's attempt: not theirs either.
        f"/teams/people/{mine.id}/attempts/{their_attempt.id}/themes.xlsx",
    ):
        assert supervisor.get(url).status_code == 404, url
    assert other.name not in text_of(supervisor.page("/teams/"))
    overview = _download_rows(supervisor, "/teams/overview.csv")
    assert [r["Team"] for r in overview] == [assigned.team.name]


def test_supervisor_without_teams_gets_a_helpful_page(login_as, assigned):
    supervisor, _ = login_as("supervisor", supervises=[])
    page = html(supervisor.get("/teams/"))
    assert "You do not supervise any teams yet" in text_of(page)


def test_theme_shares_hide_below_five_people_and_flag_confident_mistakes(
    login_as, make_user, team, assigned
):
    briefing = assigned.briefing
    for _ in range(4):
        take(make_user("practitioner", team=team), briefing, right=False, confidence=5)
    supervisor, _ = login_as("supervisor")
    page = supervisor.page(f"/teams/{team.id}/themes")
    rows = _rows(page, "Share of right answers per learning theme")
    assert all(cells[1] == "Hidden (fewer than 5 people)" for cells in rows.values())
    assert not any("Confidently wrong" in theme for theme in rows)

    take(make_user("practitioner", team=team), briefing, right=False, confidence=5)
    page = supervisor.page(f"/teams/{team.id}/themes")
    rows = _rows(page, "Share of right answers per learning theme")
    assert all(cells[1] == "0%" and cells[2] == "0%" for cells in rows.values())
    assert all("Confidently wrong" in theme for theme in rows)
    assert "We felt sure about" in text_of(page)
    assert REFLECTION in text_of(page)
    download = supervisor.get(f"/teams/{team.id}/themes.csv").get_data(as_text=True)
    assert len(list(csv.DictReader(io.StringIO(download)))) == len(briefing.themes)


def test_a_report_opened_after_a_minute_away_is_not_held_up_by_noting_the_visit(
    login_as, team, assigned, monkeypatch
):
    """A report writes when read (the audit log), so its transaction holds SQLite's write
    lock from its first query; noting the session's activity on a second connection then
    waited for that very lock and the page failed as busy. It is noted in the report's
    own transaction instead."""
    from datetime import datetime

    from quiz.models import LoginSession

    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT_MS", "500")
    supervisor, user = login_as("supervisor")
    db.session.query(LoginSession).filter_by(user_id=user.id).update(
        {"last_seen_at": datetime.now() - timedelta(minutes=5)}
    )
    db.session.commit()
    db.engine.dispose()  # new connections, with the short busy timeout
    for url in (f"/teams/{team.id}", f"/teams/{team.id}/progress.csv"):
        assert supervisor.get(url).status_code == 200, url
    seen = db.session.query(LoginSession.last_seen_at).filter_by(user_id=user.id).scalar()
    assert datetime.now() - seen < timedelta(minutes=1)


def test_the_team_report_leads_to_reminders_and_team_meetings(login_as, team, assigned):
    supervisor, _ = login_as("supervisor")
    page = supervisor.page(f"/teams/{team.id}")
    links = {a["href"] for a in page.select("#team-actions a")}
    assert links == {f"/teams/{team.id}/reminders", f"/teams/{team.id}/meetings"}
    for href in links:
        assert supervisor.get(href).status_code == 200, href
