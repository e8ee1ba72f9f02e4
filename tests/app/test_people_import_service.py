"""The people import against the database: outcomes, leavers, all-or-nothing, sessions."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from quiz.extensions import db
from quiz.models import Agency, AuditEvent, LoginSession, Team, User
from quiz.people_file import read_people_file
from quiz.services.accounts import authenticate, create_user, start_session, user_for_session
from quiz.services.people_import import ImportRefused, apply, preview
from tests.seed import PASSWORD

HEADER = "name,email,agency,team,role,supervisor_email"
DAY = timedelta(days=1)


def people(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def check(text: str, actor=None):
    return preview(read_people_file(text), actor=actor, source="staff.csv")


def outcomes(found) -> dict[int, str]:
    return {r.number: str(r.outcome) for r in found.rows}


def problems(found) -> dict[int, list[str]]:
    return {r.number: [str(p) for p in r.problems] for r in found.rows if r.problems}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def council(app):
    """Council (Early Help, with Sue supervising it, and Ana) and Health (Visiting, Hal)."""
    early_help = Team(name="Early Help", agency=Agency(name="Council"))
    visiting = Team(name="Health Visiting", agency=Agency(name="Health"))
    db.session.add_all([early_help, visiting])
    db.session.flush()
    create_user("sue@example.org", "Sue", PASSWORD, "supervisor", supervises=[early_help])
    create_user("ana@example.org", "Ana", PASSWORD, "practitioner", team=early_help)
    create_user("hal@example.org", "Hal", PASSWORD, "practitioner", team=visiting)
    db.session.commit()
    return early_help


def test_each_row_is_new_changed_unchanged_or_refused(council):
    found = check(
        people(
            "Ana,ANA@example.org,Council,Early Help,practitioner,",
            "Sue Smith,sue@example.org,council,early help,supervisor,",
            "Bo,bo@example.org,Council,Early Help,practitioner,sue@example.org",
            "Cy,cy@example.org,Council,Early Help,boss,",
        )
    )
    assert outcomes(found) == {2: "unchanged", 3: "changed", 4: "new", 5: "refused"}
    changed = found.rows[1]
    assert changed.changes == ("team: no team → Early Help", "name: Sue → Sue Smith")
    assert problems(found) == {
        5: ["role: unknown role 'boss' (use practitioner, supervisor, trainer or admin)"]
    }
    assert [r.number for r in found.in_table_order()] == [5, 4, 3, 2]


def test_preview_writes_nothing(council):
    before = (count(User), count(Team), count(Agency), count(AuditEvent))
    check(people("Bo,bo@example.org,Schools,Leads,practitioner,"))
    db.session.commit()
    assert (count(User), count(Team), count(Agency), count(AuditEvent)) == before


def test_a_team_belongs_to_one_agency(council):
    found = check(
        people(
            "Bo,bo@example.org,Health,Early Help,practitioner,",
            "Cy,cy@example.org,Schools,Leads,practitioner,",
            "Di,di@example.org,Council,Leads,practitioner,",
            "Ed,ed@example.org,schools ,  LEADS,practitioner,",
        )
    )
    assert problems(found) == {
        2: ["team: Early Help is a team of Council, not of Health"],
        4: ["team: row 3 puts Leads in another agency"],
    }
    assert outcomes(found)[5] == "new"


def test_supervisors_must_exist_and_supervise(council):
    found = check(
        people(
            "Bo,bo@example.org,Council,Early Help,practitioner,nobody@example.org",
            "Cy,cy@example.org,Council,Early Help,practitioner,ana@example.org",
            "Di,di@example.org,Council,Early Help,practitioner,sue@example.org",
            "Ed,ed@example.org,Council,Outreach,practitioner,fay@example.org",
            "Fay,fay@example.org,Council,Outreach,supervisor,",
        )
    )
    assert problems(found) == {
        2: ["supervisor_email: nobody@example.org is not in the file or the database"],
        3: ["supervisor_email: ana@example.org is a practitioner, not a supervisor"],
    }
    # Sue supervises Early Help already; Fay will supervise Outreach, written with row 5.
    assert found.rows[2].changes == () and not found.rows[2].adds_supervision
    assert found.rows[3].adds_supervision


def test_a_refused_supervisor_refuses_the_rows_they_supervise_down_the_chain(council):
    found = check(
        people(
            "Bo,bo@example.org,Council,Early Help,practitioner,cy@example.org",
            "Cy,cy@example.org,Council,Early Help,supervisor,di@example.org",
            "Di,di@example.org,Council,Early Help,supervisor,gone@example.org",
        )
    )
    assert outcomes(found) == {2: "refused", 3: "refused", 4: "refused"}
    assert problems(found)[2] == [
        "supervisor_email: cy@example.org is not in the file or the database"
    ]


def test_leavers_are_active_people_of_the_files_agencies_it_does_not_name(council, make_user):
    gone = create_user("gone@example.org", "Gone", PASSWORD, "practitioner", team=council)
    gone.active = False
    db.session.commit()
    found = check(people("Ana,ana@example.org,Council,Early Help,practitioner,"))
    # Sue has no team, Hal is in Health, Gone is deactivated already.
    assert found.leavers == ()
    bo = make_user("practitioner", team=council)
    found = check(people("Ana,ana@example.org,Council,Early Help,boss,"))
    assert [leaver.email for leaver in found.leavers] == [bo.email]
    assert found.leavers[0].agency == "Council"


def test_the_administrator_importing_is_never_a_leaver_nor_demoted(council):
    admin = create_user("ada@example.org", "Ada", PASSWORD, "admin", team=council)
    db.session.commit()
    found = check(people("Ana,ana@example.org,Council,Early Help,practitioner,"), actor=admin)
    assert found.leavers == ()
    found = check(people("Ada,ada@example.org,Council,Early Help,trainer,"), actor=admin)
    assert problems(found) == {2: ["role: you cannot take away your own administrator role"]}


def test_apply_writes_everything_and_importing_again_changes_nothing(council):
    text = people(
        "Ana Jones,ana@example.org,Council,Outreach,supervisor,",
        "Bo,Bo@Example.org,Schools,Leads,practitioner,ana@example.org",
        "Cy,cy@example.org,Schools,Leads,practitioner,ana@example.org",
    )
    result = apply(check(text), only_good_rows=False, deactivate_leavers=False, actor=None)
    db.session.commit()
    assert (result.created, result.changed, result.agencies_created, result.teams_created) == (
        2,
        1,
        1,
        2,
    )
    bo = db.session.scalar(select(User).where(User.email == "bo@example.org"))
    assert (bo.name, bo.role, bo.team.name, bo.team.agency.name) == (
        "Bo",
        "practitioner",
        "Leads",
        "Schools",
    )
    ana = db.session.scalar(select(User).where(User.email == "ana@example.org"))
    assert (ana.name, ana.role, ana.team.name) == ("Ana Jones", "supervisor", "Outreach")
    assert [t.name for t in ana.supervised_teams] == ["Leads"]
    again = check(text)
    assert set(outcomes(again).values()) == {"unchanged"}
    assert (
        again.fingerprint() != check(people("Bo,bo@example.org,Schools,Leads,admin,")).fingerprint()
    )


def test_import_all_refuses_to_write_when_a_row_is_refused(council):
    found = check(
        people(
            "Bo,bo@example.org,Schools,Leads,practitioner,",
            "Cy,cy@example.org,Council,Early Help,boss,",
        )
    )
    before = (count(User), count(Team), count(Agency), count(AuditEvent))
    with pytest.raises(ImportRefused, match="1 row is refused"):
        apply(found, only_good_rows=False, deactivate_leavers=True, actor=None)
    assert (count(User), count(Team), count(Agency), count(AuditEvent)) == before


def test_only_good_rows_leaves_the_refused_ones_and_their_teams_out(council):
    found = check(
        people(
            "Bo,bo@example.org,Schools,Leads,practitioner,",
            "Cy,cy@example.org,Police,Response,boss,",
        )
    )
    result = apply(found, only_good_rows=True, deactivate_leavers=False, actor=None)
    assert (result.created, result.refused) == (1, 1)
    assert db.session.scalar(select(Agency).where(Agency.name == "Police")) is None
    assert db.session.scalar(select(User).where(User.email == "cy@example.org")) is None


def test_people_created_by_an_import_cannot_sign_in(council):
    apply(
        check(people("Bo,bo@example.org,Council,Early Help,practitioner,")),
        only_good_rows=False,
        deactivate_leavers=False,
        actor=None,
    )
    db.session.commit()
    bo = db.session.scalar(select(User).where(User.email == "bo@example.org"))
    assert bo.password_hash is None  # until they accept an invitation
    for guess in ("", PASSWORD, "!"):
        assert authenticate("bo@example.org", guess) is None


def test_deactivating_a_leaver_ends_their_sessions_at_once(council, make_user):
    admin = make_user("admin")
    ana = db.session.scalar(select(User).where(User.email == "ana@example.org"))
    token = start_session(ana)
    db.session.commit()
    assert user_for_session(token, DAY, DAY) == ana
    found = check(people("Bo,bo@example.org,Council,Early Help,practitioner,"), actor=admin)
    assert [leaver.email for leaver in found.leavers] == ["ana@example.org"]
    result = apply(found, only_good_rows=False, deactivate_leavers=True, actor=admin)
    db.session.commit()
    assert result.deactivated == 1
    assert not db.session.get(User, ana.id).active
    assert db.session.scalar(select(LoginSession.ended_at)) is not None
    assert user_for_session(token, DAY, DAY) is None


def test_leavers_stay_active_unless_asked(council):
    found = check(people("Bo,bo@example.org,Council,Early Help,practitioner,"))
    apply(found, only_good_rows=False, deactivate_leavers=False, actor=None)
    assert db.session.scalar(select(User.active).where(User.email == "ana@example.org"))


def test_everything_is_audited(council, make_user):
    admin = make_user("admin")
    hal = db.session.scalar(select(User).where(User.email == "hal@example.org"))
    hal.team = council  # so Hal is a leaver of the Council
    db.session.commit()
    found = check(
        people(
            "Ana Jones,ana@example.org,Council,Early Help,practitioner,",
            "Bo,bo@example.org,Schools,Leads,practitioner,sue@example.org",
        ),
        actor=admin,
    )
    apply(found, only_good_rows=False, deactivate_leavers=True, actor=admin)
    db.session.commit()
    actions = sorted(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == admin.id))
    )
    assert actions == [
        "agency.create",
        "people.import",
        "team.create",
        "team.supervisor.add",
        "user.create",
        "user.deactivate",
        "user.update",
    ]
    summary = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "people.import"))
    assert summary.subject == "staff.csv"
    assert summary.detail.startswith("1 new, 1 changed, 0 unchanged, 0 refused")


@contextmanager
def counted_queries():
    """The SELECTs the block runs."""
    statements = []

    def record(conn, cursor, statement, *args):
        if statement.startswith("SELECT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_preview_makes_the_same_few_queries_however_long_the_file(council):
    def file_of(size: int) -> str:
        return people(
            *(
                f"P{i},p{i}@example.org,Council,Team {i % 7},practitioner,sue@example.org"
                for i in range(size)
            )
        )

    small, large = read_people_file(file_of(10)), read_people_file(file_of(500))
    with counted_queries() as for_small:
        preview(small)
    with counted_queries() as for_large:
        preview(large)
    assert len(for_small) == len(for_large) == 4
