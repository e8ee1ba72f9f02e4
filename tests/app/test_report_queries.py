"""The team report aggregates in a fixed number of queries, however big the team."""

from contextlib import contextmanager
from datetime import date

from sqlalchemy import event

from quiz.extensions import db
from quiz.services.reports import team_report


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


def _queries_for_report(team) -> int:
    db.session.expire_all()
    with count_queries() as statements:
        reports = team_report(team, date.today())
        _ = [(r.briefing.title, [row.status for row in r.rows]) for r in reports]
    return len(statements)


def test_report_query_count_does_not_grow_with_team_size(make_user, team, assigned):
    for _ in range(3):
        make_user("practitioner", team=team)
    small = _queries_for_report(team)
    for _ in range(12):
        make_user("practitioner", team=team)
    assert _queries_for_report(team) == small
    # Members, assignments, attempts, then per briefing: theme scores, confidence, themes,
    # reflections.
    assert small <= 8
