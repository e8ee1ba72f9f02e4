"""The admin lists take a fixed number of queries, however many people or teams they show."""

from __future__ import annotations

from quiz.extensions import db
from quiz.services.accounts import create_user
from tests.app.test_report_queries import count_queries
from tests.seed import PASSWORD


def _queries_for(client, url: str) -> int:
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def _add_people(team, supervised, number: int, start: int) -> None:
    for n in range(start, start + number):
        create_user(f"p{n}@example.org", f"Person {n}", PASSWORD, "practitioner", team=team)
        create_user(
            f"s{n}@example.org", f"Supervisor {n}", PASSWORD, "supervisor", supervises=supervised
        )
    db.session.commit()


def test_people_list_query_count_does_not_grow_with_the_people_shown(login_as, team, make_team):
    client, _ = login_as("admin")
    supervised = [team, make_team(), make_team()]
    _add_people(team, supervised, 2, start=0)
    few = _queries_for(client, "/admin/people")
    _add_people(team, supervised, 20, start=100)
    assert _queries_for(client, "/admin/people") == few
    assert _queries_for(client, f"/admin/people?team={team.id}&q=person") == few
    # Signed-in check (2), count, the page with teams and agencies, supervised teams,
    # agencies and teams for the filters, and the emails that failed this week.
    assert few <= 8


def test_agency_lists_query_count_does_not_grow_with_the_teams_shown(login_as, team, make_team):
    client, _ = login_as("admin")
    few = (_queries_for(client, "/admin/agencies"), _queries_for(client, "/admin/agencies/1"))
    for _ in range(15):
        make_team()
    _add_people(team, [team], 5, start=0)
    assert (
        _queries_for(client, "/admin/agencies"),
        _queries_for(client, "/admin/agencies/1"),
    ) == few
