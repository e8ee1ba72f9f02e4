"""Chasing: who has not completed an assigned briefing, reminding them by email (copying
their team's supervisors), and telling a team when a briefing is assigned to it.

Done means an attempt in the completed state. Only active people with a password are
chased: someone who cannot sign in yet needs an invitation, not a reminder. A person is
reminded about a briefing at most once in REMINDER_EVERY_DAYS by `flask reminders send`;
a reminder counts only when the mail server took it (or, without one, the console did).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, select

from quiz.extensions import db
from quiz.mail import FAILED, Message
from quiz.models import (
    Assignment,
    Attempt,
    AttemptState,
    Briefing,
    BriefingStatus,
    EmailKind,
    ReminderSent,
    Team,
    User,
    team_supervisors,
)
from quiz.models.people import utcnow
from quiz.services.accounts import audit
from quiz.services.outbox import Sending, compose, link, send

# A supervisor's "send reminders" skips people reminded about the briefing this recently,
# so a second click (or two supervisors at once) does not send everything twice.
MANUAL_GAP = timedelta(days=1)


@dataclass(frozen=True)
class Outstanding:
    """A person who has not completed a briefing assigned to their team."""

    user_id: int
    name: str
    email: str
    team_id: int
    briefing_id: int
    briefing_slug: str
    briefing_title: str
    due_on: date
    last_reminded: datetime | None

    @property
    def key(self) -> str:
        """How the team's reminder page names this pair in its form."""
        return f"{self.briefing_id}-{self.user_id}"

    def overdue(self, today: date) -> bool:
        return today > self.due_on


def _can_sign_in():
    return (User.active.is_(True), User.password_hash.is_not(None))


def outstanding(*conditions) -> list[Outstanding]:
    """Every active person with a password who has not completed a published briefing
    assigned to their team, for the assignments matching conditions; in three queries."""
    assigned_to_member = and_(
        Assignment.team_id == User.team_id,
        Briefing.id == Assignment.briefing_id,
        Briefing.status == BriefingStatus.PUBLISHED,
        *_can_sign_in(),
        *conditions,
    )
    pairs = db.session.execute(
        select(
            User.id,
            User.name,
            User.email,
            User.team_id,
            Briefing.id,
            Briefing.slug,
            Briefing.title,
            Assignment.due_on,
        )
        .select_from(Assignment)
        .join(Briefing, Briefing.id == Assignment.briefing_id)
        .join(User, assigned_to_member)
        .order_by(Assignment.due_on, Briefing.title, User.name, User.id)
    ).all()
    if not pairs:
        return []
    completed = set(
        db.session.execute(
            select(Attempt.user_id, Attempt.briefing_id)
            .join(User, User.id == Attempt.user_id)
            .join(Assignment, Assignment.briefing_id == Attempt.briefing_id)
            .join(Briefing, Briefing.id == Assignment.briefing_id)
            .where(Attempt.state == AttemptState.COMPLETED, assigned_to_member)
            .distinct()
        ).all()
    )
    reminded = dict(
        ((user_id, briefing_id), at)
        for user_id, briefing_id, at in db.session.execute(
            select(ReminderSent.user_id, ReminderSent.briefing_id, func.max(ReminderSent.sent_at))
            .join(User, User.id == ReminderSent.user_id)
            .join(Assignment, Assignment.briefing_id == ReminderSent.briefing_id)
            .join(Briefing, Briefing.id == Assignment.briefing_id)
            .where(assigned_to_member)
            .group_by(ReminderSent.user_id, ReminderSent.briefing_id)
        )
    )
    return [
        Outstanding(*row, last_reminded=reminded.get((row[0], row[4])))
        for row in pairs
        if (row[0], row[4]) not in completed
    ]


def outstanding_in_team(team: Team) -> list[Outstanding]:
    return outstanding(Assignment.team_id == team.id)


def due_for_reminder(today: date, now: datetime | None = None) -> list[Outstanding]:
    """Who `flask reminders send` reminds today: briefings overdue or due within
    REMINDER_DAYS_BEFORE_DUE days, people not reminded about them in REMINDER_EVERY_DAYS."""
    now = now or utcnow()
    config = current_app.config
    horizon = today + timedelta(days=config["REMINDER_DAYS_BEFORE_DUE"])
    quiet_since = now - timedelta(days=config["REMINDER_EVERY_DAYS"])
    return [
        item
        for item in outstanding(Assignment.due_on <= horizon)
        if item.last_reminded is None or item.last_reminded <= quiet_since
    ]


def _supervisors_of(team_ids: set[int]) -> dict[int, list[str]]:
    """The active supervisors' emails of each team."""
    found: dict[int, list[str]] = defaultdict(list)
    if not team_ids:
        return found
    rows = db.session.execute(
        select(team_supervisors.c.team_id, User.email)
        .join(User, User.id == team_supervisors.c.user_id)
        .where(team_supervisors.c.team_id.in_(team_ids), User.active.is_(True))
        .order_by(User.email)
    )
    for team_id, email in rows:
        found[team_id].append(email)
    return found


def reminder_messages(items: list[Outstanding], today: date) -> list[Message]:
    """One email per person and briefing, copied to their team's supervisors."""
    supervisors = _supervisors_of({item.team_id for item in items})
    messages = []
    for item in items:
        copied = tuple(e for e in supervisors.get(item.team_id, ()) if e != item.email)
        subject, body = compose(
            "email/reminder.txt",
            item=item,
            overdue=item.overdue(today),
            copied=bool(copied),
            link=link("practice.briefing", slug=item.briefing_slug),
        )
        messages.append(
            Message(
                to=item.email,
                subject=subject,
                body=body,
                kind=EmailKind.REMINDER,
                user_id=item.user_id,
                copied=copied,
            )
        )
    return messages


def send_reminders(
    items: list[Outstanding], today: date, actor: User | None, now: datetime | None = None
) -> Sending:
    """Email the reminders and record each one the mail server took; flushes.

    Call with no transaction open (see quiz.services.outbox.send), then commit.
    """
    now = now or utcnow()
    actor_id = actor.id if actor is not None else None
    sending = send(reminder_messages(items, today))
    for item, status in zip(items, sending.statuses, strict=True):
        if status != FAILED:
            db.session.add(
                ReminderSent(
                    user_id=item.user_id,
                    briefing_id=item.briefing_id,
                    sent_at=now,
                    sent_by_id=actor_id,
                )
            )
    if items:
        by = "by hand" if actor is not None else "on schedule"
        audit(actor, "reminders.send", f"reminders:{len(items)}", f"{sending.sent} sent {by}")
    db.session.flush()
    return sending


def choose(items: list[Outstanding], keys: list[str], now: datetime | None = None):
    """The chosen items a supervisor may remind now, and how many were reminded too
    recently to remind again."""
    now = now or utcnow()
    wanted = set(keys)
    chosen = [item for item in items if item.key in wanted]
    fresh = [i for i in chosen if i.last_reminded is None or i.last_reminded <= now - MANUAL_GAP]
    return fresh, len(chosen) - len(fresh)


# Telling a team about a new assignment ---------------------------------------------------


def assignment_messages(briefing: Briefing, teams: list[Team], due_on: date) -> list[Message]:
    """An email to every member of these teams who can sign in: the briefing is theirs."""
    if not teams:
        return []
    people = db.session.execute(
        select(User.id, User.name, User.email)
        .where(User.team_id.in_([t.id for t in teams]), *_can_sign_in())
        .order_by(User.id)
    ).all()
    messages = []
    for user_id, name, email in people:
        subject, body = compose(
            "email/assigned.txt",
            name=name,
            briefing=briefing,
            due_on=due_on,
            link=link("practice.briefing", slug=briefing.slug),
        )
        messages.append(
            Message(to=email, subject=subject, body=body, kind=EmailKind.ASSIGNED, user_id=user_id)
        )
    return messages
