"""Managing people, agencies and teams, on SQLite and PostgreSQL (case, LIKE, counts differ)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Agency, AuditEvent, LoginSession, Role, Team, User
from quiz.services.accounts import authenticate, create_user, start_session
from quiz.services.organisations import (
    OrganisationError,
    agencies_page,
    create_agency,
    create_team,
    rename_agency,
    rename_team,
    teams_page,
)
from quiz.services.people import (
    PeopleError,
    PeopleFilter,
    PersonDetails,
    PersonStatus,
    create_person,
    deactivate,
    people_page,
    reactivate,
    status_of,
    update_person,
)
from tests.seed import PASSWORD

pytestmark = pytest.mark.postgres


@pytest.fixture
def org(db_app):
    """Two agencies with a team each, and an administrator."""
    council = create_agency("Test Council", None)
    health = create_agency("Northshire Health", None)
    assessment = create_team(council, "Assessment Team", None)
    midwives = create_team(health, "Community Midwives", None)
    admin = create_user("ada@example.org", "Ada Admin", PASSWORD, Role.ADMIN)
    db.session.commit()
    return SimpleNamespace(
        council=council, health=health, assessment=assessment, midwives=midwives, admin=admin
    )


def details(org, **changes) -> PersonDetails:
    values = {
        "name": "Pat Practitioner",
        "email": "pat@example.org",
        "role": Role.PRACTITIONER,
        "agency": org.council,
        "team": org.assessment,
    }
    return PersonDetails(**{**values, **changes})


def problems(error) -> dict[str, str]:
    return {p.field: str(p) for p in error.value.problems}


def test_a_new_person_has_no_password_and_cannot_sign_in(org):
    person = create_person(details(org, email="  Pat@Example.ORG "), org.admin)
    db.session.commit()
    assert person.email == "pat@example.org"
    assert person.password_hash is None
    assert status_of(person) == PersonStatus.NO_PASSWORD
    assert authenticate("pat@example.org", "") is None
    assert authenticate("pat@example.org", PASSWORD) is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.subject == f"user:{person.id}"))
    assert (event.action, event.actor_id) == ("user.create", org.admin.id)


def test_email_is_unique_without_regard_to_case(org):
    create_person(details(org), org.admin)
    with pytest.raises(PeopleError) as refused:
        create_person(details(org, name="Someone Else", email="PAT@example.org"), org.admin)
    assert problems(refused) == {
        "email": "Pat Practitioner already has the email address pat@example.org"
    }


def test_each_bad_detail_is_named_at_once(org):
    with pytest.raises(PeopleError) as refused:
        create_person(
            details(org, name="  ", email="not an email", role="boss", team=org.midwives),
            org.admin,
        )
    found = problems(refused)
    assert set(found) == {"name", "email", "role", "team"}
    assert found["team"] == (
        "Community Midwives is a team of Northshire Health, not Test Council. "
        "Choose a team of Test Council"
    )
    assert db.session.scalar(select(User).where(User.name == "")) is None


def test_agency_and_team_must_agree(org):
    with pytest.raises(PeopleError) as no_agency:
        create_person(details(org, agency=None), org.admin)
    assert problems(no_agency) == {"agency": "Choose Test Council, the agency of Assessment Team"}
    with pytest.raises(PeopleError) as no_team:
        create_person(details(org, team=None), org.admin)
    assert "team" in problems(no_team)
    nowhere = create_person(details(org, agency=None, team=None, role=Role.TRAINER), org.admin)
    assert nowhere.team is None


def test_only_supervisors_supervise_teams(org):
    with pytest.raises(PeopleError) as refused:
        create_person(details(org, supervises=(org.assessment,)), org.admin)
    assert list(problems(refused)) == ["supervises"]
    supervisor = create_person(
        details(org, role=Role.SUPERVISOR, supervises=(org.assessment, org.midwives)), org.admin
    )
    db.session.commit()
    assert {t.name for t in supervisor.supervised_teams} == {
        "Assessment Team",
        "Community Midwives",
    }


def test_changes_are_saved_and_audited(org):
    person = create_person(details(org), org.admin)
    db.session.commit()
    same = update_person(person, details(org), org.admin)
    assert same is False
    changed = update_person(
        person,
        details(
            org,
            role=Role.SUPERVISOR,
            agency=org.health,
            team=org.midwives,
            supervises=(org.assessment,),
        ),
        org.admin,
    )
    db.session.commit()
    assert changed is True
    assert person.team == org.midwives and person.supervised_teams == [org.assessment]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.update"))
    assert "role: practitioner → supervisor" in event.detail
    assert "team: Assessment Team → Community Midwives" in event.detail


def test_an_email_can_change_case_but_not_to_someone_elses(org):
    person = create_person(details(org), org.admin)
    other = create_person(details(org, name="Cal", email="cal@example.org"), org.admin)
    assert update_person(person, details(org, email="PAT@example.org"), org.admin) is False
    with pytest.raises(PeopleError):
        update_person(other, details(org, name="Cal", email="Pat@example.org"), org.admin)


def test_an_administrator_keeps_their_own_role(org):
    with pytest.raises(PeopleError) as refused:
        update_person(
            org.admin,
            PersonDetails(name="Ada Admin", email="ada@example.org", role=Role.TRAINER),
            org.admin,
        )
    assert list(problems(refused)) == ["role"]
    with pytest.raises(PeopleError):
        deactivate(org.admin, org.admin)


def test_deactivating_ends_every_session_and_keeps_the_person(org):
    person = create_user("sam@example.org", "Sam", PASSWORD, Role.PRACTITIONER, team=org.assessment)
    start_session(person)
    start_session(person)
    db.session.commit()
    deactivate(person, org.admin)
    db.session.commit()
    sessions = db.session.scalars(select(LoginSession).where(LoginSession.user_id == person.id))
    assert all(s.ended_at is not None for s in sessions)
    assert db.session.get(User, person.id).active is False
    assert authenticate("sam@example.org", PASSWORD) is None
    assert status_of(person) == PersonStatus.DEACTIVATED

    reactivate(person, org.admin)
    db.session.commit()
    assert authenticate("sam@example.org", PASSWORD) is not None
    # The old sessions stay ended: reactivation lets them sign in again, nothing more.
    sessions = db.session.scalars(select(LoginSession).where(LoginSession.user_id == person.id))
    assert all(s.ended_at is not None for s in sessions)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    # The refused sign-in in between is recorded too.
    assert actions[-3:] == ["user.deactivate", "sign-in.failed", "user.reactivate"]


@pytest.fixture
def crowd(org):
    """Thirty people across both agencies, some supervising, one deactivated, some with no
    password."""
    for number in range(1, 31):
        team = org.assessment if number % 2 else org.midwives
        agency = team.agency
        create_person(
            details(
                org,
                name=f"Person {number:02d}",
                email=f"person{number:02d}@example.org",
                agency=agency,
                team=team,
            ),
            org.admin,
        )
    cross = create_user(
        "sue@example.org",
        "Sue 100% Supervisor",
        PASSWORD,
        Role.SUPERVISOR,
        supervises=[org.midwives],
    )
    db.session.flush()
    deactivate(db.session.scalar(select(User).where(User.name == "Person 01")), org.admin)
    db.session.commit()
    return SimpleNamespace(**vars(org), supervisor=cross)


def names(page) -> list[str]:
    return [person.name for person in page.items]


def test_people_are_listed_by_name_a_page_at_a_time(crowd):
    first = people_page(PeopleFilter(), 1)
    assert first.total == 32 and first.pages == 1
    assert names(first)[:2] == ["Ada Admin", "Person 01"]


def test_search_ignores_case_and_treats_wildcards_as_text(crowd):
    assert names(people_page(PeopleFilter(search="PERSON 0"), 1)) == [
        f"Person 0{n}" for n in range(1, 10)
    ]
    assert names(people_page(PeopleFilter(search="100%"), 1)) == ["Sue 100% Supervisor"]
    assert names(people_page(PeopleFilter(search="_"), 1)) == []
    assert people_page(PeopleFilter(search="   "), 1).total == 32
    assert names(people_page(PeopleFilter(search="SUE@EXAMPLE"), 1)) == ["Sue 100% Supervisor"]


def test_team_and_agency_filters_include_their_supervisors(crowd):
    midwives = people_page(PeopleFilter(team_id=crowd.midwives.id), 1)
    assert midwives.total == 16 and "Sue 100% Supervisor" in names(midwives)
    council = people_page(PeopleFilter(agency_id=crowd.council.id), 1)
    assert council.total == 15 and "Sue 100% Supervisor" not in names(council)
    assert people_page(PeopleFilter(team_id=999999), 1).total == 0


def test_role_and_status_filters(crowd):
    assert names(people_page(PeopleFilter(role=Role.SUPERVISOR), 1)) == ["Sue 100% Supervisor"]
    assert names(people_page(PeopleFilter(status=PersonStatus.DEACTIVATED), 1)) == ["Person 01"]
    active = people_page(PeopleFilter(status=PersonStatus.ACTIVE), 1)
    assert names(active) == ["Ada Admin", "Sue 100% Supervisor"]
    assert people_page(PeopleFilter(status=PersonStatus.NO_PASSWORD), 1).total == 29


def test_page_numbers_out_of_range_give_the_nearest_page(crowd):
    from quiz.services.listing import page_of
    from quiz.services.people import people_query

    query = people_query(PeopleFilter())
    last = page_of(query, 2**31 - 1, per_page=10)
    assert (last.number, last.pages, last.first_shown, last.last_shown) == (4, 4, 31, 32)
    assert page_of(query, 0, per_page=10).number == 1
    assert page_of(query, None, per_page=10).number == 1
    nobody = people_page(PeopleFilter(search="no such person"), 5)
    assert (nobody.number, nobody.pages, nobody.items) == (1, 1, [])


def test_agency_and_team_names_are_unique_without_case(org):
    with pytest.raises(OrganisationError, match="There is already an agency called Test Council"):
        create_agency("  test   COUNCIL ", org.admin)
    with pytest.raises(OrganisationError, match="already a team called Assessment Team in Test"):
        create_team(org.health, "assessment team", org.admin)
    with pytest.raises(OrganisationError, match="Enter the team's name"):
        create_team(org.health, "   ", org.admin)
    with pytest.raises(OrganisationError, match="200 characters or fewer"):
        rename_agency(org.council, "x" * 201, org.admin)


def test_renaming(org):
    assert rename_agency(org.council, "Test Council", org.admin) is False
    assert rename_agency(org.council, "Test City Council", org.admin) is True
    # A change of case alone is a rename, not a clash with itself.
    assert rename_team(org.assessment, "Assessment team", org.admin) is True
    with pytest.raises(OrganisationError):
        rename_team(org.assessment, "COMMUNITY MIDWIVES", org.admin)
    db.session.commit()
    assert db.session.get(Team, org.assessment.id).name == "Assessment team"
    events = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action.like("%rename")))
    assert list(events) == ["Test Council → Test City Council", "Assessment Team → Assessment team"]


def test_agency_and_team_lists_count_active_people(crowd):
    rows = {agency.name: (teams, members) for agency, teams, members in agencies_page("", 1).items}
    # Person 01 (in the council's team) is deactivated; Sue supervises without a team.
    assert rows == {"Northshire Health": (1, 15), "Test Council": (1, 14)}
    assert [a.name for a, _, _ in agencies_page("health", 1).items] == ["Northshire Health"]
    [(team, members, supervisors)] = teams_page(crowd.health, "", 1).items
    assert (team.name, members, supervisors) == ("Community Midwives", 15, 1)
    assert teams_page(crowd.health, "nothing like it", 1).total == 0


def test_an_agency_without_teams_is_listed_with_none(org):
    create_agency("Police", org.admin)
    db.session.commit()
    rows = {agency.name: (teams, members) for agency, teams, members in agencies_page("", 1).items}
    assert rows["Police"] == (0, 0)
    assert db.session.scalar(select(Agency).where(Agency.name == "Police")) is not None
