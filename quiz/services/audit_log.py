"""Reading the audit log: what an administrator searches, a page at a time, and its CSV.

The log may hold millions of events, so a page is found by keyset (the events older than
the last one shown, by the indexed `at` and then id) rather than by counting and skipping,
and the CSV stops at EXPORT_LIMIT rows. Nothing here changes an event: the log is written
only by accounts.audit() and the database refuses UPDATE and DELETE on it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from quiz.extensions import db
from quiz.models import AuditEvent, User
from quiz.tabular import safe_text as safe_cell  # one formula guard for every download

PER_PAGE = 50
EXPORT_LIMIT = 100_000
# A name or email search narrows to at most this many people: enough for any real search,
# few enough for one IN (...) on the indexed columns.
MAX_PEOPLE_SEARCHED = 500

# Every action the app writes, with what an administrator reads. The filter offers these;
# tests/app/test_audit_log.py checks every audit("...") call in the code is listed.
ACTIONS: dict[str, str] = {
    "sign-in": "Signed in",
    "sign-in.failed": "Sign-in failed (password)",
    "sign-in.code-failed": "Sign-in failed (code)",
    "sign-out": "Signed out",
    "session.end": "Ended one of their sessions",
    "session.end-others": "Ended their other sessions",
    "password.change": "Changed their password",
    "password.change-failed": "Password change failed",
    "password.reset-requested": "Asked for a password reset link",
    "password.set": "Set their password with an invitation link",
    "password.reset": "Reset their password with an emailed link",
    "two-factor.on": "Set up an authenticator app",
    "two-factor.off": "Turned off their authenticator app",
    "two-factor.new-backup-codes": "Made new backup codes",
    "user.create": "Person added",
    "user.update": "Person changed",
    "user.role": "Role changed",
    "user.deactivate": "Person deactivated",
    "user.reactivate": "Person reactivated",
    "user.anonymise": "Person anonymised (retention)",
    "user.invite": "Invitation sent",
    "agency.create": "Agency added",
    "agency.rename": "Agency renamed",
    "team.create": "Team added",
    "team.rename": "Team renamed",
    "team.supervisor.add": "Supervisor added to a team",
    "people.import": "People imported",
    "briefing.import": "Briefing imported",
    "bank.load": "Question bank loaded (command)",
    "briefing.publish": "Briefing published",
    "briefing.assign": "Briefing assigned",
    "briefing.quiz-settings": "Quiz settings changed",
    "theme.tags": "Theme tagged",
    "question.draft": "Question drafted",
    "question.edit": "Question edited",
    "question.publish": "Question published",
    "question.retire": "Question retired",
    "version.void": "Question version withdrawn from scoring",
    "reminders.send": "Reminders sent",
    "meeting.start": "Team meeting started",
    "meeting.end": "Team meeting ended",
    "meeting_log.start": "Meeting log started",
    "meeting_log.save": "Meeting log saved",
    "report.view": "Report opened",
    "report.export": "Report downloaded",
    "audit.export": "Audit log downloaded",
    "subject-access.export": "Person's data downloaded",
    "retention.apply": "Retention applied",
}


@dataclass(frozen=True)
class AuditFilter:
    """What the log is narrowed to; empty or None means any."""

    person: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None

    @property
    def narrowed(self) -> bool:
        return bool(self.person.strip() or self.action or self.since or self.until)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    address: str
    action: str
    subject: str
    detail: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    # Cursors for the neighbouring pages, None at either end.
    older: int | None
    newer: int | None


def _people_matching(text: str):
    search = text.strip().lower()
    return (
        select(User.id)
        .where(
            or_(
                func.lower(User.name).contains(search, autoescape=True),
                func.lower(User.email).contains(search, autoescape=True),
            )
        )
        .limit(MAX_PEOPLE_SEARCHED)
    )


def _conditions(chosen: AuditFilter) -> list:
    conditions = []
    if chosen.person.strip():
        ids = list(db.session.scalars(_people_matching(chosen.person)))
        # Events by them and events about them.
        conditions.append(
            or_(
                AuditEvent.actor_id.in_(ids),
                AuditEvent.subject.in_([f"user:{i}" for i in ids]),
                # A failed sign-in with an unknown email names the email tried in its detail.
                and_(
                    AuditEvent.action == "sign-in.failed",
                    AuditEvent.subject == "unknown",
                    AuditEvent.detail == chosen.person.strip().lower(),
                ),
            )
        )
    if chosen.action:
        conditions.append(AuditEvent.action == chosen.action)
    if chosen.since:
        conditions.append(AuditEvent.at >= datetime.combine(chosen.since, time.min))
    if chosen.until:
        conditions.append(
            AuditEvent.at < datetime.combine(chosen.until + timedelta(days=1), time.min)
        )
    return conditions


Actor = aliased(User)


def _rows_query(conditions: list):
    # Columns, not AuditEvent objects: a 100,000-row download builds no ORM objects.
    return (
        select(
            AuditEvent.id,
            AuditEvent.at,
            Actor.name,
            Actor.email,
            AuditEvent.address,
            AuditEvent.action,
            AuditEvent.subject,
            AuditEvent.detail,
        )
        .outerjoin(Actor, Actor.id == AuditEvent.actor_id)
        .where(*conditions)
    )


def _row(event_id, at, name, email, address, action, subject, detail) -> AuditRow:
    actor = f"{name} ({email})" if name else "The system (a command)"
    return AuditRow(event_id, at, actor, address or "", action, subject, detail)


def _cursor(event_id: int | None):
    """(at, id) of the event a page starts after, or None when there is no such event."""
    if event_id is None:
        return None
    return db.session.execute(
        select(AuditEvent.at, AuditEvent.id).where(AuditEvent.id == event_id)
    ).first()


def audit_page(
    chosen: AuditFilter, older_than: int | None = None, newer_than: int | None = None
) -> AuditPage:
    """Newest first: the first page, the page of events older than event older_than, or
    the page of events newer than event newer_than."""
    conditions = _conditions(chosen)
    newest_first = (AuditEvent.at.desc(), AuditEvent.id.desc())
    going_back = newer_than is not None and older_than is None
    cursor = _cursor(newer_than if going_back else older_than)
    if cursor is not None:
        at, event_id = cursor
        if going_back:
            conditions.append(
                or_(AuditEvent.at > at, and_(AuditEvent.at == at, AuditEvent.id > event_id))
            )
        else:
            conditions.append(
                or_(AuditEvent.at < at, and_(AuditEvent.at == at, AuditEvent.id < event_id))
            )
    order = (AuditEvent.at.asc(), AuditEvent.id.asc()) if going_back and cursor else newest_first
    # One more than a page tells whether another page follows, without counting.
    found = db.session.execute(_rows_query(conditions).order_by(*order).limit(PER_PAGE + 1)).all()
    more = len(found) > PER_PAGE
    found = found[:PER_PAGE]
    if going_back and cursor:
        found.reverse()
    rows = [_row(*r) for r in found]
    if going_back and cursor:
        older = rows[-1].id if rows else None
        newer = rows[0].id if rows and more else None
    else:
        older = rows[-1].id if rows and more else None
        newer = rows[0].id if rows and cursor is not None else None
    return AuditPage(rows=rows, older=older, newer=newer)


CSV_HEADER = ["Time (UTC)", "Who", "Address", "Action", "Subject", "Detail"]


def audit_rows(chosen: AuditFilter, limit: int = EXPORT_LIMIT) -> Iterator[AuditRow]:
    """Every event the filter lets through, newest first, up to limit, read in batches."""
    query = (
        _rows_query(_conditions(chosen))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
        .execution_options(yield_per=1000)
    )
    for row in db.session.execute(query):
        yield _row(*row)


def audit_csv(rows: Iterator[AuditRow], batch: int = 1000) -> Iterator[str]:
    """The rows as CSV text, a batch of lines at a time (a download starts at once and
    never sits whole in memory), every cell safe from spreadsheet formulas."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for number, r in enumerate(rows, start=1):
        when = r.at.strftime("%Y-%m-%d %H:%M:%S")
        cells = (r.actor, r.address, r.action, r.subject, r.detail)
        writer.writerow([when, *(safe_cell(c) for c in cells)])
        if number % batch == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
