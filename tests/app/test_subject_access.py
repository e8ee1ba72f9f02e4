"""A person's data for a subject access request, as JSON and CSV from their admin page."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import AuditEvent
from quiz.services.subject_access import CSV_HEADER
from tests.app.test_retention import REFLECTION, finish_briefing
from tests.conftest import Browser, html


def test_the_person_page_links_to_both_files_and_their_events(login_as, make_user, team):
    client, _ = login_as("admin")
    person = make_user("practitioner", team=team)
    page = html(client.get(f"/admin/people/{person.id}"))
    hrefs = {a["href"] for a in page.find_all("a")}
    assert f"/admin/people/{person.id}/data.json" in hrefs
    assert f"/admin/people/{person.id}/data.csv" in hrefs
    assert any(h.startswith("/admin/audit-log?person=") for h in hrefs)


def test_the_json_holds_everything_about_them(app, login_as, make_user, assigned, team):
    person = make_user("practitioner", team=team, name="Ada Lovelace")
    Browser(app).sign_in(person)
    finish_briefing(person, assigned.briefing)
    client, admin = login_as("admin")
    response = client.get(f"/admin/people/{person.id}/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert f"person-{person.id}-data-" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    profile = data["profile"]
    assert (profile["name"], profile["email"], profile["role"]) == (
        "Ada Lovelace",
        person.email,
        "practitioner",
    )
    assert (profile["team"], profile["agency"]) == (team.name, team.agency.name)
    [signed_in] = data["sign_in_sessions"]
    assert signed_in["address"] == "127.0.0.1" and signed_in["signed_in_at"]
    actions = {e["action"] for e in data["audit_events"]}
    assert {"user.create", "sign-in"} <= actions
    [attempt] = data["attempts"]
    assert attempt["state"] == "completed" and attempt["completed_at"]
    assert attempt["score"] is not None and attempt["out_of"] == len(attempt["answers"])
    assert all(a["chosen"] and a["prompt"] for a in attempt["answers"])
    stages = {c["stage"] for c in attempt["confidence"]}
    assert stages == {"before", "after"}
    assert attempt["reflection"]["text"].startswith(REFLECTION)
    [recorded] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "subject-access.export")
    )
    assert (recorded.actor_id, recorded.subject) == (admin.id, f"user:{person.id}")


def test_the_csv_holds_the_same_facts_safe_from_formulas(login_as, make_user, assigned, team):
    person = make_user("practitioner", team=team, name="=cmd|' /C calc'!A0")
    finish_briefing(person, assigned.briefing)
    client, _ = login_as("admin")
    response = client.get(f"/admin/people/{person.id}/data.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == CSV_HEADER
    cells = {(section, field): value for section, _item, field, value in rows[1:]}
    assert cells[("profile", "name")] == "'=cmd|' /C calc'!A0"
    assert cells[("profile", "email")] == person.email
    assert cells[("attempts", "state")] == "completed"
    reflections = [value for section, item, field, value in rows if field == "text"]
    assert any(r.startswith(REFLECTION) for r in reflections)
    assert any(item.startswith("1 answers 1") for _s, item, _f, _v in rows[1:])
    assert any(item.startswith("1 confidence") for _s, item, _f, _v in rows[1:])


def test_an_unknown_person_is_a_404(login_as):
    client, _ = login_as("admin")
    assert client.get("/admin/people/999999/data.json").status_code == 404
    assert client.get("/admin/people/99999999999999999999999/data.csv").status_code == 404
