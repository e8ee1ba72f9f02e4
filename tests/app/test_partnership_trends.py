"""Trainers and admins see the partnership's learning over time and across briefings."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from quiz.extensions import db
from quiz.library import load_library
from quiz.models import AuditEvent
from quiz.services import trends
from tests.app.small_bank import small_briefing
from tests.app.test_report_queries import statements_for
from tests.conftest import html, text_of
from tests.trend_partnership import ASSIGNED, known_partnership

VOICE_OF_THE_CHILD = load_library().get("voice-of-the-child").title
FIRST_QUARTER = (date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture
def known(team):
    return known_partnership(team)


def _table(page, caption: str) -> list[list[str]]:
    table = page.find("caption", string=caption).parent
    return [
        [c.get_text(" ", strip=True) for c in r.find_all(["th", "td"])]
        for r in table.select("tbody tr")
    ]


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_completions_per_month_count_from_before_the_period(known):
    periods = trends.completion_over_time(*FIRST_QUARTER)
    assert [(p.label, p.completed, p.completed_so_far, p.assigned) for p in periods] == [
        ("Jan 2026", 3, 7, ASSIGNED),
        ("Feb 2026", 5, 12, ASSIGNED),
        ("Mar 2026", 2, 14, ASSIGNED),
    ]
    assert [p.share_so_far for p in periods] == [50, 86, 100]
    trust = trends.completion_over_time(*FIRST_QUARTER, agency_id=known.trust.id)
    assert [(p.completed, p.completed_so_far, p.assigned) for p in trust] == [(0, 4, 4)] * 3


def test_hardest_themes_come_first_across_published_briefings(known):
    rows = trends.hardest_themes()
    assert [(r.theme, r.right_percent, r.people, r.shown_confidence) for r in rows] == [
        ("Escalation", 0, 5, 2.0),
        ("Professional curiosity", 56, 9, 4.4),
        ("Seeing the child", 56, 9, 4.4),
    ]
    assert [r.confidently_wrong for r in rows] == [False, True, True]
    assert rows[2].recurring == ("Voice of the child",) or rows[2].recurring[0].startswith("Voice")
    # Four people in Health Trust: too few to show, and their confidence hidden too.
    trust = trends.hardest_themes(known.trust.id)
    assert all(r.right_percent is None and r.shown_confidence is None for r in trust)
    assert [r.hidden for r in trust] == [False, True, True]  # nobody there took escalation


def test_the_heat_map_compares_agencies_or_one_agencys_teams(known):
    agencies = trends.theme_heat_map(known.learning, None, None)
    assert agencies.columns == ("Health Trust", "Test Council")
    assert agencies.table_rows() == [
        ("Seeing the child", "Hidden (fewer than 5 people)", "100% (5 people)"),
        ("Professional curiosity", "Hidden (fewer than 5 people)", "100% (5 people)"),
    ]
    teams = trends.theme_heat_map(known.learning, known.council.id, "Test Council")
    assert teams.columns == ("Assessment Team",)
    assert teams.table_rows()[0] == ("Seeing the child", "100% (5 people)")


def test_confidence_before_and_after_per_theme(known):
    chart = trends.confidence_chart(known.learning, None)
    assert chart.table_rows() == [
        ("Seeing the child", "4.4", "5.0", "9"),
        ("Professional curiosity", "4.4", "5.0", "9"),
    ]
    trust = trends.confidence_chart(known.learning, known.trust.id)
    assert trust.table_rows()[0] == ("Seeing the child", "hidden", "hidden", "fewer than 5")


def test_each_figure_costs_the_same_few_statements_whatever_the_size(known, make_team):
    def counted(first: date = FIRST_QUARTER[0]) -> dict[str, int]:
        work = {
            "months": lambda: trends.completion_over_time(first, FIRST_QUARTER[1]),
            "hardest": lambda: trends.hardest_themes(),
            "heat": lambda: trends.theme_heat_map(known.learning, None, None),
            "confidence": lambda: trends.confidence_chart(known.learning, None),
        }
        return {name: statements_for(read, known.learning) for name, read in work.items()}

    assert counted() == {"months": 2, "hardest": 4, "heat": 3, "confidence": 2}
    for number in range(3):
        make_team(f"Extra {number}")
    small_briefing("another", {"Another theme": ["Social worker"]}, team=known.visiting)
    assert counted(first=date(2020, 1, 1)) == counted()


def test_a_period_too_long_or_backwards_is_refused_naming_its_field():
    with pytest.raises(trends.BadPeriod) as backwards:
        trends.months_between(date(2026, 3, 1), date(2026, 1, 1))
    assert backwards.value.field == "to"
    with pytest.raises(trends.BadPeriod) as too_long:
        trends.months_between(date(2000, 1, 1), date(2026, 1, 1))
    assert too_long.value.field == "from"


def test_trainer_sees_completion_over_time_with_its_table_and_downloads(login_as, known):
    trainer, _ = login_as("trainer")
    page = trainer.page("/teams/partnership/trends?from=2026-01-01&to=2026-03-31")
    assert page.find("svg", attrs={"role": "img"}) is not None
    assert _table(page, "Completion by month") == [
        ["Jan 2026", "3", "7 of 14", "50%"],
        ["Feb 2026", "5", "12 of 14", "86%"],
        ["Mar 2026", "2", "14 of 14", "100%"],
    ]
    rows = _csv(trainer.get("/teams/partnership/trends.csv?from=2026-01-01&to=2026-03-31"))
    assert [(r["Month"], r["Completed so far %"]) for r in rows] == [
        ("Jan 2026", "50"), ("Feb 2026", "86"), ("Mar 2026", "100"),
    ]  # fmt: skip
    xlsx = trainer.get("/teams/partnership/trends.xlsx")
    assert xlsx.status_code == 200 and xlsx.get_data()[:2] == b"PK"
    viewed = db.session.query(AuditEvent).filter_by(action="report.view").all()
    assert [e.detail for e in viewed] == ["completion over time"]


def test_trainer_sees_themes_across_briefings_and_a_briefings_charts(login_as, known):
    trainer, _ = login_as("trainer")
    page = trainer.page("/teams/partnership/themes")
    hardest = _table(page, "Themes across all briefings, hardest first")
    assert [r[0] for r in hardest] == [
        "Escalation",
        "Professional curiosity Confidently wrong",
        "Seeing the child Confidently wrong",
    ]
    assert hardest[2][2] == VOICE_OF_THE_CHILD and hardest[0][3] == "0%"
    assert "Unpublished theme" not in text_of(page)
    assert page.find("svg") is None  # no briefing chosen: no charts yet

    chosen = trainer.page(f"/teams/partnership/themes?briefing={known.learning.id}")
    assert {svg["aria-labelledby"] for svg in chosen.find_all("svg")} == {
        "theme-heat-map-title theme-heat-map-desc",
        "confidence-before-after-title confidence-before-after-desc",
    }
    assert _table(chosen, "Share of answers right by theme and agency")[0] == [
        "Seeing the child", "Hidden (fewer than 5 people)", "100% (5 people)",
    ]  # fmt: skip
    assert _table(chosen, "Confidence before and after by theme")[0] == [
        "Seeing the child", "4.4", "5.0", "9",
    ]  # fmt: skip
    query = f"briefing={known.learning.id}&agency={known.council.id}"
    matrix = _csv(trainer.get(f"/teams/partnership/themes/matrix.csv?{query}"))
    assert matrix[0] == {"Theme": "Seeing the child", "Assessment Team right %": "100"}
    everywhere = _csv(
        trainer.get(f"/teams/partnership/themes/matrix.csv?briefing={known.learning.id}")
    )
    assert everywhere[0]["Health Trust right %"] == "hidden"
    confidence = _csv(trainer.get(f"/teams/partnership/themes/confidence.csv?{query}"))
    assert confidence[0]["Before (1 to 5)"] == "4.0" and confidence[0]["People"] == "5"
    hardest_rows = _csv(trainer.get("/teams/partnership/themes/hardest.csv"))
    assert [r["Theme"] for r in hardest_rows][0] == "Escalation"
    assert trainer.get("/teams/partnership/themes/hardest.xlsx").get_data()[:2] == b"PK"


def test_the_partnership_page_leads_to_the_trends(login_as, known):
    trainer, _ = login_as("trainer")
    page = trainer.page("/teams/partnership")
    links = {a.get_text(strip=True): a["href"] for a in page.find_all("a")}
    assert links["Completion over time"] == "/teams/partnership/trends"
    assert links["Learning themes across briefings"] == "/teams/partnership/themes"


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("/teams/partnership/trends?from=2026-13-01", "Enter the start of the period as a date"),
        ("/teams/partnership/trends?from=2026-03-01&to=2026-01-01", "on or after its start"),
        ("/teams/partnership/trends?from=1900-01-01", "at most 10 years"),
        ("/teams/partnership/trends?from=9999-12-01&to=9999-12-31", "before the year 9999"),
        ("/teams/partnership/trends.csv?agency=x", "Choose an agency from the list."),
        ("/teams/partnership/themes?agency=999999", "Choose an agency from the list."),
        ("/teams/partnership/themes?briefing=abc", "Choose a briefing from the list."),
        ("/teams/partnership/themes/matrix.csv", "Choose a briefing from the list."),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_field(login_as, known, address, message):
    trainer, _ = login_as("trainer")
    response = trainer.get(address)
    assert response.status_code == 400
    assert message in text_of(html(response))


def test_the_earliest_dates_still_draw(login_as, known):
    trainer, _ = login_as("trainer")
    response = trainer.get("/teams/partnership/trends?to=0001-01-31")
    assert response.status_code == 200


def test_a_draft_briefing_cannot_be_chosen(login_as, known):
    trainer, _ = login_as("trainer")
    response = trainer.get(f"/teams/partnership/themes?briefing={known.draft.id}")
    assert response.status_code == 400


def test_practitioners_and_supervisors_are_refused(login_as, known):
    for role in ("practitioner", "supervisor"):
        browser, _ = login_as(role)
        assert browser.get("/teams/partnership/trends").status_code == 403
        assert browser.get("/teams/partnership/themes/hardest.csv").status_code == 403
