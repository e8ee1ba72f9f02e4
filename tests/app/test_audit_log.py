"""Administrators read the audit log: search by person, action and date, newest first, a page
at a time, and download it; nobody can change or remove an event."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from quiz.extensions import db
from quiz.models import AuditEvent
from quiz.services import audit_log
from quiz.services.accounts import audit
from tests.app import test_access_matrix as matrix
from tests.app.test_access_matrix import world  # noqa: F401  (the matrix's people and objects)
from tests.conftest import html, text_of
from tests.seed import ROOT

AUDIT = "/admin/audit-log"


def add_event(action="user.update", subject="user:1", detail="", actor=None, at=None, address=None):
    event = AuditEvent(
        action=action,
        subject=subject,
        detail=detail,
        actor_id=actor.id if actor else None,
        address=address,
    )
    if at is not None:
        event.at = at
    db.session.add(event)
    db.session.commit()
    return event


def link(response, words: str):
    """The href of the link saying these words, or None."""
    for anchor in html(response).find_all("a"):
        if words in anchor.get_text(" "):
            return anchor["href"]
    return None


def table_rows(response) -> list[list[str]]:
    table = html(response).find("table")
    if table is None:
        return []
    return [
        [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["th", "td"])]
        for row in table.find("tbody").find_all("tr")
    ]


def test_each_row_shows_time_who_address_action_subject_and_detail(login_as, make_user):
    client, admin = login_as("admin")
    person = make_user("practitioner", name="Ada Lovelace")
    add_event(
        "user.deactivate",
        f"user:{person.id}",
        "left",
        admin,
        datetime(2026, 5, 1, 9, 30),
        "10.1.2.3",
    )
    rows = table_rows(client.get(f"{AUDIT}?action=user.deactivate"))
    assert rows == [
        [
            "2026-05-01 09:30:00",
            f"{admin.name} ({admin.email})",
            "10.1.2.3",
            "Person deactivated",
            f"user:{person.id}",
            "left",
        ]
    ]


def test_newest_first_and_paged_by_older_and_newer_links(login_as):
    client, _ = login_as("admin")
    start = datetime(2026, 1, 1)
    for n in range(audit_log.PER_PAGE * 2 + 5):
        add_event("briefing.assign", f"team:{n}", f"number {n}", at=start + timedelta(minutes=n))
    first = client.get(f"{AUDIT}?action=briefing.assign")
    details = [r[-1] for r in table_rows(first)]
    assert details[0] == f"number {audit_log.PER_PAGE * 2 + 4}"
    assert len(details) == audit_log.PER_PAGE
    older = link(first, "Older events")
    assert link(first, "Newer events") is None
    second = client.get(older)
    assert "action=briefing.assign" in older
    assert [r[-1] for r in table_rows(second)][0] == f"number {audit_log.PER_PAGE + 4}"
    third = client.get(link(second, "Older events"))
    assert [r[-1] for r in table_rows(third)] == [f"number {n}" for n in (4, 3, 2, 1, 0)]
    assert link(third, "Older events") is None
    back = client.get(link(third, "Newer events"))
    assert table_rows(back) == table_rows(second)


def test_search_by_person_finds_events_by_them_and_about_them(login_as, make_user):
    client, admin = login_as("admin")
    ada = make_user("practitioner", name="Ada Lovelace")
    bob = make_user("practitioner", name="Bob Jones")
    add_event("sign-in", f"user:{ada.id}", "password", actor=ada)
    add_event("user.role", f"user:{ada.id}", "practitioner → supervisor", actor=admin)
    add_event("sign-in", f"user:{bob.id}", "password", actor=bob)
    for search in ("lovelace", ada.email.upper()):
        rows = table_rows(client.get(AUDIT, query_string={"person": search}))
        assert {r[3] for r in rows} >= {"Signed in", "Role changed"}
        assert all(f"user:{ada.id}" == r[4] for r in rows if r[3] in ("Signed in", "Role changed"))
        assert not any(r[4] == f"user:{bob.id}" for r in rows)


def test_search_by_date_range_includes_both_days(login_as):
    client, _ = login_as("admin")
    for day in (1, 2, 3, 4):
        add_event("report.view", f"team:{day}", f"day {day}", at=datetime(2026, 3, day, 23, 59))
    response = client.get(
        AUDIT, query_string={"action": "report.view", "since": "2/3/2026", "until": "2026-03-03"}
    )
    assert [r[-1] for r in table_rows(response)] == ["day 3", "day 2"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "yesterday"}, "Enter the start date as a date, for example 27/11/2026"),
        ({"until": "31/02/2026"}, "Enter the end date as a date, for example 27/11/2026"),
        ({"until": "31/12/9999"}, "Enter the end date as a date, for example 27/11/2026"),
        ({"since": "5/3/2026", "until": "4/3/2026"}, "The end date must be the same as or after"),
        ({"action": "drop table"}, "Choose an action from the list"),
        ({"person": "x" * 201}, "Enter 200 characters or fewer"),
        ({"older": "99999999999999999999999"}, None),
    ],
)
def test_bad_search_input_is_named_never_a_500(login_as, query, message):
    client, _ = login_as("admin")
    response = client.get(AUDIT, query_string=query)
    if message is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert message in text_of(html(response).find(class_="govuk-error-summary"))
    assert html(response).title.string.startswith("Error:")
    assert client.get(f"{AUDIT}.csv", query_string=query).status_code == 400


def test_the_csv_has_the_filtered_events_safe_from_formulas_and_is_recorded(login_as):
    client, admin = login_as("admin")
    add_event("people.import", "people file", '=HYPERLINK("http://evil")', at=datetime(2026, 2, 1))
    add_event("briefing.assign", "team:1", "not this one", at=datetime(2026, 2, 2))
    response = client.get(f"{AUDIT}.csv", query_string={"action": "people.import"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == audit_log.CSV_HEADER
    assert rows[1:] == [
        [
            "2026-02-01 00:00:00",
            "The system (a command)",
            "",
            "people.import",
            "people file",
            '\'=HYPERLINK("http://evil")',
        ]
    ]
    [recorded] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "audit.export"))
    assert recorded.actor_id == admin.id and "action=people.import" in recorded.detail
    assert recorded.address == "127.0.0.1"


def test_the_page_and_csv_link_keep_the_search(login_as):
    client, _ = login_as("admin")
    page = client.get(AUDIT, query_string={"action": "sign-in", "since": "1/1/2026"})
    download = link(page, "Download these events")
    assert "action=sign-in" in download and "since=1" in download and "person=" not in download


# What the log records ---------------------------------------------------------------------

AUDIT_CALL = re.compile(r"""\baudit\(\s*[^,]+,\s*["']([\w.-]+)["']""")


def test_every_action_the_code_writes_is_offered_in_the_filter():
    written = set()
    for path in (ROOT / "quiz").rglob("*.py"):
        written |= set(AUDIT_CALL.findall(path.read_text(encoding="utf-8")))
    assert len(written) > 20, "the pattern no longer finds the audit calls"
    assert written - set(audit_log.ACTIONS) == set()


def test_a_role_change_is_its_own_action(login_as, make_user, team):
    client, admin = login_as("admin")
    person = make_user("practitioner", team=team)
    form = f"/admin/people/{person.id}/edit"
    page = html(client.get(form))
    data = {
        field["name"]: field.get("value", "")
        for field in page.find_all("input")
        if field.get("type") not in ("checkbox", "radio", "submit") and field.get("name")
    }
    data.update({"role": "supervisor", "agency": str(team.agency_id), "team": str(team.id)})
    client.submit(form, data)
    [role_event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.role"))
    assert role_event.subject == f"user:{person.id}"
    assert role_event.detail == "practitioner → supervisor"
    assert role_event.actor_id == admin.id and role_event.address == "127.0.0.1"


def test_sign_in_failure_sign_out_and_team_changes_are_all_in_the_log(web, login_as, make_user):
    person = make_user("practitioner")
    web.submit("/sign-in", {"email": person.email, "password": "wrong wrong wrong"})
    web.sign_in(person)
    web.submit("/sign-out", form_url="/")
    client, _ = login_as("admin")
    client.submit("/admin/agencies/new", {"name": "Northshire Police"})
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"sign-in.failed", "sign-in", "sign-out", "agency.create"} <= actions


def test_loading_the_question_bank_is_recorded_once_and_not_when_nothing_changed(bank):
    from quiz.bank.reader import read_bank
    from quiz.services.bank_loading import load_bank
    from tests.seed import QUESTIONS_DIR

    [loaded] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "bank.load"))
    assert loaded.actor_id is None and "questions created:" in loaded.detail
    load_bank(read_bank(QUESTIONS_DIR))
    db.session.commit()
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "bank.load")).all() == [
        loaded
    ]


# Append-only -------------------------------------------------------------------------------


def test_the_database_refuses_to_change_or_delete_an_event(app):
    audit(None, "retention.apply", "people", "kept for ever")
    db.session.commit()
    for statement in ("UPDATE audit_events SET detail = 'changed'", "DELETE FROM audit_events"):
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(select(AuditEvent.detail)) == "kept for ever"


CHANGING_THE_LOG = re.compile(
    r"update\(\s*AuditEvent|delete\(\s*AuditEvent|UPDATE\s+audit_events|DELETE\s+FROM\s+audit_events"
    r"|session\.delete\(\s*event",
    re.IGNORECASE,
)


def test_no_code_outside_the_migrations_updates_or_deletes_events():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "quiz").rglob("*.py")
        if CHANGING_THE_LOG.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_route_changes_or_removes_an_event(world):  # noqa: F811
    """Every route, as an administrator and a practitioner, with the log watched: the events
    written before are all still there unchanged, and no UPDATE or DELETE reached the table."""
    app, people, values = world
    before = _snapshot()
    assert before, "the world's own setup wrote events"
    statements: list[str] = []

    def watch(_conn, _cursor, statement, *_args):
        if re.search(r"^\s*(UPDATE|DELETE)\b[^;]*\baudit_events\b", statement, re.I):
            statements.append(statement)

    sqlalchemy_event.listen(db.engine, "before_cursor_execute", watch)
    try:
        for role in ("practitioner", "admin"):
            browser = matrix.browser_for(app, people, role)
            for endpoint, method in matrix.routes(app):
                if endpoint == "auth.sign_out":
                    continue
                url = matrix.address(app, endpoint, values)
                if method == "GET":
                    browser.get(url)
                else:
                    if browser.get("/account").status_code != 200:
                        # An earlier route ended this session (a password or session
                        # page): sign in again and carry on.
                        browser = matrix.browser_for(app, people, role)
                    browser.submit(url, form_url="/account")
    finally:
        sqlalchemy_event.remove(db.engine, "before_cursor_execute", watch)
    after = _snapshot()
    assert statements == []
    assert {k: after.get(k) for k in before} == before
    assert len(after) > len(before)


def _snapshot() -> dict[int, tuple]:
    db.session.rollback()
    return {
        row.id: (row.at, row.actor_id, row.action, row.subject, row.detail, row.address)
        for row in db.session.scalars(select(AuditEvent))
    }
