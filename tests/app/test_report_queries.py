"""Reports cost a fixed number of SQL statements, however many people, briefings and
attempts: they read the completion table, not every attempt. Statement counts, not times."""

from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from quiz.bank.reader import read_bank
from quiz.extensions import db
from quiz.models import Assignment, Briefing
from quiz.services import partnership
from quiz.services.bank_loading import load_bank
from quiz.services.person_record import person_record
from quiz.services.supervision import team_cards, team_report
from quiz.services.theme_picture import theme_picture
from tests.app.progress import take
from tests.seed import QUESTIONS_DIR

# The agency, members, assignments and completion rows: one statement.
TEAM_REPORT_STATEMENTS = 1
# The whole page: the sign-in (session and person together), the team with the supervisor's
# right to it, the report, the briefings that may be assigned, and the audit record.
TEAM_REPORT_REQUEST_STATEMENTS = 5
LANDING_STATEMENTS = 3  # head counts, assignments, completion counts
# Their team and its agency, assignments, completion rows, then the submitted attempts
# with their questions, options, answers, choices, confidence ratings and reflections.
PERSON_STATEMENTS = 11
PARTNERSHIP_STATEMENTS = 4  # teams, head counts, assignments, completion counts
THEME_STATEMENTS = 8


@contextmanager
def count_queries():
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith("BEGIN"):
            statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_for(work, *loaded) -> int:
    """Statements work() sends, from a cold session but for the loaded objects (a page has
    its team or person already: the access check loaded it)."""
    db.session.expire_all()
    for thing in loaded:
        db.session.refresh(thing)
    with count_queries() as statements:
        work()
    return len(statements)


def more_briefings(team, count: int) -> list[Briefing]:
    """Copies of the seed briefing under other names, assigned to team."""
    [seed] = read_bank(QUESTIONS_DIR)
    made = []
    for number in range(count):
        slug = f"copy-{number}-{team.id}"
        load_bank([replace(seed, slug=slug, title=f"Copy {number}")])
        briefing = db.session.query(Briefing).filter_by(slug=slug).one()
        db.session.add(Assignment(briefing=briefing, team=team, due_on=date.today() + timedelta(3)))
        made.append(briefing)
    db.session.commit()
    return made


@pytest.fixture
def busy_team(make_user, team, assigned):
    """Three people in the team: one finished, one halfway, one not started."""
    people = [make_user("practitioner", team=team) for _ in range(3)]
    take(people[0], assigned.briefing)
    take(people[1], assigned.briefing, answered=3)
    return team, people


def _team_report(team):
    report = team_report(team, date.today())
    return [(r.name, r.progress, r.briefing) for r in report.rows], report.people


def test_team_report_costs_the_same_whatever_the_people_and_briefings(make_user, busy_team):
    team, people = busy_team
    small = statements_for(lambda: _team_report(team), team)
    assert small == TEAM_REPORT_STATEMENTS

    for _ in range(10):
        make_user("practitioner", team=team)
    for briefing in more_briefings(team, 3):
        take(people[0], briefing)
        take(people[1], briefing, finish=False)
    assert statements_for(lambda: _team_report(team), team) == small


def test_team_report_page_costs_five_statements_whatever_the_size(make_user, busy_team, login_as):
    team, people = busy_team
    browser, _ = login_as("supervisor", supervises=[team])
    url = f"/teams/{team.id}"

    def page_statements() -> int:
        with count_queries() as statements:
            assert browser.get(url).status_code == 200
        return len(statements)

    assert page_statements() == TEAM_REPORT_REQUEST_STATEMENTS
    for _ in range(10):
        make_user("practitioner", team=team)
    for briefing in more_briefings(team, 3):
        take(people[0], briefing)
        take(people[1], briefing, finish=False)
    assert page_statements() == TEAM_REPORT_REQUEST_STATEMENTS


def test_landing_page_costs_the_same_whatever_the_teams(make_user, make_team, busy_team):
    team, people = busy_team
    one = statements_for(lambda: team_cards([team], date.today()), team)
    assert one == LANDING_STATEMENTS
    others = [make_team() for _ in range(3)]
    for other in others:
        make_user("practitioner", team=other)
        more_briefings(other, 1)
    assert statements_for(lambda: team_cards([team, *others], date.today()), team, *others) == one


def test_person_page_costs_the_same_whatever_their_history(busy_team):
    team, people = busy_team
    finished = people[0]

    def read():
        record = person_record(finished, date.today())
        return [(h.briefing.title, [a.result.points for a in h.attempts]) for h in record.briefings]

    one = statements_for(read, finished)
    assert one == PERSON_STATEMENTS
    for briefing in more_briefings(team, 2):
        take(finished, briefing)
    assert statements_for(read, finished) == one


def test_partnership_summary_costs_the_same_whatever_the_size(make_user, make_team, busy_team):
    count = statements_for(lambda: partnership.summary(partnership.Filters(), date.today()))
    assert count == PARTNERSHIP_STATEMENTS
    other = make_team()
    make_user("practitioner", team=other)
    more_briefings(other, 2)
    assert statements_for(lambda: partnership.summary(partnership.Filters(), date.today())) == count


def test_theme_picture_costs_the_same_whatever_the_briefings(busy_team):
    team, people = busy_team
    one = statements_for(lambda: theme_picture(team, date.today()).rows, team)
    assert one == THEME_STATEMENTS
    for briefing in more_briefings(team, 2):
        take(people[0], briefing)
    assert statements_for(lambda: theme_picture(team, date.today()).rows, team) == one
