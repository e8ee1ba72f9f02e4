"""Administrators add and rename agencies and teams in the browser, CSRF on."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Agency, Team
from tests.app.journey import error_summary
from tests.conftest import text_of


@pytest.fixture
def admin(login_as):
    client, _ = login_as("admin")
    return client


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_adding_an_agency_then_its_teams(admin):
    assert "Add an agency" in text_of(admin.page("/admin/agencies"))
    response = admin.submit("/admin/agencies/new", {"name": "  Northshire   Health "})
    agency = db.session.scalar(select(Agency).where(Agency.name == "Northshire Health"))
    assert response.headers["Location"] == f"/admin/agencies/{agency.id}"
    page = text_of(admin.page(f"/admin/agencies/{agency.id}"))
    assert "Northshire Health is added. Now add its teams" in page
    assert "There are no teams yet" in page

    response = admin.submit(f"/admin/agencies/{agency.id}/teams/new", {"name": "Midwives"})
    assert response.headers["Location"] == f"/admin/agencies/{agency.id}"
    page = admin.page(f"/admin/agencies/{agency.id}")
    assert "Midwives is added to Northshire Health" in text_of(page)
    team = db.session.scalar(select(Team).where(Team.name == "Midwives"))
    assert team.agency_id == agency.id
    # The team's name leads to its people; the count of active members is beside it.
    assert page.find("a", string="Midwives")["href"] == f"/admin/people?team={team.id}"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("test council", "There is already an agency called Test Council"),
        ("", "Enter the name"),
        ("x" * 201, "Enter 200 characters or fewer"),
    ],
)
def test_a_bad_agency_name_is_refused(admin, team, name, message):
    before = count(Agency)
    response = admin.submit("/admin/agencies/new", {"name": name})
    assert response.status_code == 200
    assert message in error_summary(response)
    assert count(Agency) == before


def test_team_names_are_unique_across_agencies(admin, team, make_team):
    other = make_team("Family Support")
    response = admin.submit(
        f"/admin/agencies/{other.agency_id}/teams/new", {"name": "ASSESSMENT team"}
    )
    assert "There is already a team called Assessment Team in Test Council" in error_summary(
        response
    )
    assert count(Team) == 2


def test_renaming_an_agency_and_a_team(admin, team, make_team):
    other = make_team("Family Support")
    url = f"/admin/agencies/{team.agency_id}/rename"
    assert admin.page(url).find("input", attrs={"name": "name"})["value"] == "Test Council"
    admin.submit(url, {"name": "Test City Council"})
    page = text_of(admin.page(f"/admin/agencies/{team.agency_id}"))
    assert "The agency is renamed" in page and "Test City Council" in page
    clash = admin.submit(url, {"name": "other agency"})
    assert "There is already an agency called Other Agency" in error_summary(clash)

    rename = f"/admin/teams/{team.id}/rename"
    same = admin.submit(rename, {"name": "Assessment Team"})
    assert "The name had not changed" in text_of(admin.page(same.headers["Location"]))
    clash = admin.submit(rename, {"name": "family SUPPORT"})
    assert "There is already a team called Family Support in Other Agency" in error_summary(clash)
    admin.submit(rename, {"name": "Front Door"})
    db.session.expire_all()
    assert db.session.get(Team, team.id).name == "Front Door"
    assert db.session.get(Team, other.id).name == "Family Support"


def test_agency_lists_count_teams_and_active_people(admin, team, make_user, make_team):
    make_user("practitioner", team=team)
    leaver = make_user("practitioner", team=team)
    leaver.active = False
    db.session.commit()
    make_team("Family Support")
    rows = {
        row.find("th").get_text(strip=True): [c.get_text(" ", strip=True) for c in row("td")]
        for row in admin.page("/admin/agencies").select("tbody tr")
    }
    assert rows["Test Council"][0] == "1"
    assert rows["Test Council"][1].startswith("1 ")  # the visually hidden words follow
    assert rows["Other Agency"][:1] == ["1"]
    assert "1 agency" in text_of(admin.page("/admin/agencies?q=OTHER"))
    assert "No agencies match" in text_of(admin.page("/admin/agencies?q=nothing"))


@pytest.mark.parametrize(
    "url",
    ["/admin/agencies/999999", "/admin/agencies/999999/rename", "/admin/teams/999999/rename"],
)
def test_unknown_agencies_and_teams_are_not_found(admin, url):
    assert admin.get(url).status_code == 404


@pytest.mark.parametrize("query", ["?page=0", "?page=" + "9" * 40, "?q=%25_", "?q=" + "y" * 999])
def test_agency_lists_take_any_address(admin, team, query):
    assert admin.get("/admin/agencies" + query).status_code == 200
    assert admin.get(f"/admin/agencies/{team.agency_id}" + query).status_code == 200
