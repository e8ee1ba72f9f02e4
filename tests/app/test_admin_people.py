"""Administrators add, change, deactivate and find people in the browser, CSRF on."""

from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import func, select

from quiz import create_app
from quiz.extensions import db
from quiz.models import LoginSession, Role, User
from tests.app.journey import error_summary
from tests.conftest import Browser, html, text_of
from tests.seed import PASSWORD

ADMIN_ROUTES = sorted(
    (rule.endpoint, method)
    for rule in create_app("test").url_map.iter_rules()
    if rule.endpoint.startswith("admin.")
    for method in ("GET", "POST")
    if method in rule.methods
)


@pytest.fixture
def admin(login_as):
    client, user = login_as("admin", name="Ada Admin")
    return client


def new_person(team, **changes) -> dict:
    return {
        "name": "Pat Practitioner",
        "email": "pat@example.org",
        "role": "practitioner",
        "agency": str(team.agency_id),
        "team": str(team.id),
        **changes,
    }


def person_named(name: str) -> User | None:
    return db.session.scalar(select(User).where(User.name == name))


def people_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


def rows_of(page) -> dict[str, list[str]]:
    return {
        row.find("th").get_text(strip=True): [c.get_text(" ", strip=True) for c in row("td")]
        for row in page.select("tbody tr")
    }


def test_only_administrators_open_admin_pages(app, login_as, team):
    # Trainers may do most things, so they are the ones to prove the rule on.
    client, _ = login_as("trainer")
    for endpoint, method in ADMIN_ROUTES:
        with app.test_request_context():
            [rule] = app.url_map.iter_rules(endpoint)
            url = url_for(endpoint, **{name: team.id for name in rule.arguments})
        # The "You cannot see this page" page has the sign-out form, so a CSRF token.
        response = client.get(url) if method == "GET" else client.submit(url, form_url=url)
        assert response.status_code == 403, (method, url)


def test_an_administrator_adds_a_person_who_cannot_sign_in_yet(app, admin, team, web):
    form_page = text_of(admin.page("/admin/people/new"))
    assert "They cannot sign in until they have set a password" in form_page
    response = admin.submit("/admin/people/new", new_person(team, email="Pat@Example.org"))
    assert response.status_code == 302
    pat = person_named("Pat Practitioner")
    assert response.headers["Location"] == f"/admin/people/{pat.id}"
    page = text_of(admin.page(f"/admin/people/{pat.id}"))
    assert "Pat Practitioner is added" in page
    assert "No password yet: they cannot sign in until they have set a password" in page
    assert "pat@example.org" in page and "Assessment Team" in page
    listed = rows_of(admin.page("/admin/people?q=pat"))
    assert listed["Pat Practitioner"][-1] == "No password yet"
    refused = web.submit("/sign-in", {"email": "pat@example.org", "password": PASSWORD})
    assert refused.status_code == 200


def test_a_supervisor_supervises_several_teams(admin, team, make_team):
    other = make_team("Family Support")
    response = admin.submit(
        "/admin/people/new",
        new_person(
            team,
            name="Sue",
            email="sue@example.org",
            role="supervisor",
            supervises=[str(team.id), str(other.id)],
        ),
    )
    assert response.status_code == 302
    sue = person_named("Sue")
    assert sorted(t.name for t in sue.supervised_teams) == ["Assessment Team", "Family Support"]
    listed = rows_of(admin.page("/admin/people?role=supervisor"))
    assert listed["Sue"][3] == "Assessment Team, Family Support"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "ADA-TAKEN"}, "Ada Admin already has the email address"),
        ({"email": "not-an-email"}, "Enter an email address in the right format"),
        ({"name": " "}, "Enter their full name"),
        ({"role": "boss"}, "Choose one of the roles shown"),
        ({"role": ""}, "Choose their role"),
        ({"team": "999999"}, "Choose a team from the list"),
        ({"agency": "not-a-number"}, "Choose an agency from the list"),
        ({"supervises": ["999999"]}, "Choose teams from the list"),
        ({"agency": ""}, "Choose Test Council, the agency of Assessment Team"),
        ({"team": ""}, "Choose their team in Test Council"),
        ({"agency": "OTHER"}, "Assessment Team is a team of Test Council, not Other Agency"),
        ({"supervises": ["TEAM"]}, "Only supervisors supervise teams"),
    ],
)
def test_bad_details_are_named_and_nobody_is_added(admin, team, make_team, changes, message):
    other = make_team()
    stand_ins = {
        "ADA-TAKEN": person_named("Ada Admin").email.upper(),
        "OTHER": str(other.agency_id),
        "TEAM": str(team.id),
    }
    data = new_person(team)
    for key, value in changes.items():
        data[key] = (
            [stand_ins.get(v, v) for v in value]
            if isinstance(value, list)
            else (stand_ins.get(value, value))
        )
    before = people_count()
    response = admin.submit("/admin/people/new", data)
    assert response.status_code == 200
    assert message in error_summary(response)
    assert html(response).title.string.startswith("Error:")
    assert people_count() == before


def test_changing_a_person(admin, team, make_user, make_team):
    person = make_user("practitioner", team=team, name="Pat")
    other = make_team("Family Support")
    form = admin.page(f"/admin/people/{person.id}/edit")
    assert form.find("input", attrs={"name": "email"})["value"] == person.email
    response = admin.submit(
        f"/admin/people/{person.id}/edit",
        new_person(
            other,
            name="Pat Changed",
            email=person.email,
            role="supervisor",
            supervises=[str(team.id)],
        ),
    )
    assert response.status_code == 302
    page = text_of(admin.page(f"/admin/people/{person.id}"))
    assert "Changes saved" in page and "Pat Changed" in page and "Family Support" in page
    db.session.expire_all()
    changed = db.session.get(User, person.id)
    assert (changed.role, changed.team_id) == (Role.SUPERVISOR, other.id)
    again = admin.submit(
        f"/admin/people/{person.id}/edit",
        new_person(
            other,
            name="Pat Changed",
            email=person.email,
            role="supervisor",
            supervises=[str(team.id)],
        ),
    )
    assert "Nothing had changed" in text_of(admin.page(again.headers["Location"]))


def test_an_administrator_cannot_remove_their_own_role_or_deactivate_themselves(admin, team):
    ada = person_named("Ada Admin")
    response = admin.submit(
        f"/admin/people/{ada.id}/edit",
        {"name": "Ada Admin", "email": ada.email, "role": "trainer", "agency": "", "team": ""},
    )
    assert "You cannot take away your own administrator role" in error_summary(response)
    page = admin.page(f"/admin/people/{ada.id}/deactivate")
    assert "You cannot deactivate yourself" in text_of(page)
    assert page.find("button", string=lambda s: s and "Deactivate" in s) is None
    admin.submit(f"/admin/people/{ada.id}/deactivate", form_url=f"/admin/people/{ada.id}/edit")
    db.session.expire_all()
    assert db.session.get(User, ada.id).active
    assert admin.get("/admin/people").status_code == 200


def test_deactivation_signs_the_person_out_at_once_and_keeps_them(app, admin, make_user, team):
    person = make_user("practitioner", team=team, name="Leo Leaver")
    leaver = Browser(app)
    leaver.sign_in(person)
    assert leaver.get("/").status_code == 200

    check = text_of(admin.page(f"/admin/people/{person.id}/deactivate"))
    assert "Check before you deactivate Leo Leaver" in check
    assert "They are signed out at once" in check and person.email in check
    response = admin.submit(f"/admin/people/{person.id}/deactivate")
    assert response.headers["Location"] == f"/admin/people/{person.id}"
    assert "Leo Leaver is deactivated and signed out" in text_of(
        admin.page(f"/admin/people/{person.id}")
    )

    next_request = leaver.get("/")
    assert next_request.status_code == 302 and "/sign-in" in next_request.headers["Location"]
    sessions = db.session.scalars(select(LoginSession).where(LoginSession.user_id == person.id))
    assert all(s.ended_at is not None for s in sessions)
    assert rows_of(admin.page("/admin/people?status=deactivated")).keys() == {"Leo Leaver"}
    # Deactivating again is harmless: the page sends the administrator back to the person.
    assert admin.get(f"/admin/people/{person.id}/deactivate").status_code == 302

    admin.submit(f"/admin/people/{person.id}/reactivate", form_url=f"/admin/people/{person.id}")
    assert "Leo Leaver is active again" in text_of(admin.page(f"/admin/people/{person.id}"))
    # The session that was ended stays ended; signing in again works.
    assert leaver.get("/").status_code == 302
    Browser(app).sign_in(person)


def test_unknown_people_are_not_found(admin):
    for url in (
        "/admin/people/999999",
        "/admin/people/999999/edit",
        "/admin/people/999999/deactivate",
    ):
        assert admin.get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=",
        "?q=%20%20",
        "?q=%25",
        "?q=" + "x" * 5000,
        "?page=0",
        "?page=-3",
        "?page=abc",
        "?page=1e9",
        "?page=99999999999999999999999999999999",
        "?page=" + "9" * 5000,
        "?agency=abc&team=-1&role=boss&status=gone",
        "?agency=99999999999999999999999&team=99999999999999999999",
    ],
)
def test_the_people_list_takes_any_address(admin, query):
    assert admin.get("/admin/people" + query).status_code == 200


def test_the_people_list_is_paginated_keeping_the_filters(admin, make_user, team):
    for number in range(1, 61):
        make_user("practitioner", team=team, name=f"Member {number:02d}")
    first = admin.page(f"/admin/people?team={team.id}")
    assert "Showing 1 to 50 of 60 people" in text_of(first)
    assert len(first.select("tbody tr")) == 50
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert f"team={team.id}" in next_link and "page=2" in next_link
    second = admin.page(next_link)
    assert "Showing 51 to 60 of 60 people" in text_of(second)
    assert list(rows_of(second))[-1] == "Member 60"
    assert second.select_one(".govuk-pagination__next") is None
    far = admin.page(f"/admin/people?team={team.id}&page=999999")
    assert "Showing 51 to 60 of 60 people" in text_of(far)


def test_searching_and_filtering_the_list(admin, make_user, team, make_team):
    make_user("practitioner", team=team, name="Dana Smith")
    make_user("practitioner", team=make_team("Family Support"), name="Dan Jones")
    make_user("trainer", name="Tess Trainer")
    assert set(rows_of(admin.page("/admin/people?q=DAN"))) == {"Dana Smith", "Dan Jones"}
    assert set(rows_of(admin.page(f"/admin/people?q=dan&agency={team.agency_id}"))) == {
        "Dana Smith"
    }
    assert set(rows_of(admin.page("/admin/people?role=trainer"))) == {"Tess Trainer"}
    nobody = text_of(admin.page("/admin/people?q=zzzz"))
    assert "No people match" in nobody and "Clear the search and filters" in nobody
    everyone = admin.page("/admin/people")
    assert "Clear the search and filters" not in text_of(everyone)
    assert len(rows_of(everyone)) == 4
    # Each name leads to that person's page.
    link = everyone.find("a", string="Dana Smith")["href"]
    assert "Dana Smith" in text_of(admin.page(link))
