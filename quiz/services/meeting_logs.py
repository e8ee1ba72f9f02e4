"""The team meeting log (the "7-minute briefing action plan"): who met, what they thought,
how they will embed the learning, and the actions they agreed.

A log comes from a live meeting, filled in with its date, facilitator and who joined, or is
written for a meeting held in person. Attending counts in each attendee's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from quiz.charts import BarChart
from quiz.extensions import db
from quiz.models import (
    Briefing,
    Meeting,
    MeetingAction,
    MeetingLog,
    Team,
    User,
)
from quiz.models.people import utcnow
from quiz.services.accounts import audit
from quiz.services.assignments import AssignmentError, assign
from quiz.services.meetings import (
    MeetingRefusal,
    assigned_briefings,
    end_meeting,
    may_run_meetings_for,
    meeting_steps,
    spread,
)

NOTE_MAX_LENGTH = 5000
ACTION_MAX_LENGTH = 1000
# Due dates set from a meeting: "N days after the meeting", within reason.
MAX_DAYS_AFTER_MEETING = 365

# The three standard reflection questions partnerships ask teams to answer.
REFLECTION_QUESTIONS = {
    "key_thoughts": "What are our key thoughts about this briefing?",
    "embedding": "How will we embed the learning, and how will we know it has worked?",
    "improvement_plan": "How does it fit our team's improvement plan?",
}


@dataclass(frozen=True)
class ActionInput:
    text: str
    owner_id: int | None
    due_on: date | None


def log_of(meeting: Meeting) -> MeetingLog | None:
    return db.session.scalar(select(MeetingLog).where(MeetingLog.meeting_id == meeting.id))


def log_from_meeting(meeting: Meeting) -> MeetingLog:
    """The log of a live meeting, created when it ends with what the meeting knows."""
    existing = log_of(meeting)
    if existing is not None:
        return existing
    log = MeetingLog(
        team_id=meeting.team_id,
        briefing_id=meeting.briefing_id,
        meeting=meeting,
        held_on=meeting.started_at.date(),
        facilitator_id=meeting.facilitator_id,
        attendees=[p.user for p in meeting.participants],
    )
    db.session.add(log)
    db.session.flush()
    return log


def end_and_log(meeting: Meeting, actor: User) -> MeetingLog:
    """End a live meeting (its code stops working) and open its log, filled in."""
    end_meeting(meeting, actor)
    return log_from_meeting(meeting)


def _check_held_on(held_on: date | None, today: date) -> None:
    if held_on is None:
        raise MeetingRefusal("held_on", "Enter the date of the meeting")
    if held_on > today:
        raise MeetingRefusal("held_on", "The date of the meeting must be today or in the past")


def start_log(
    team: Team,
    briefing: Briefing | None,
    held_on: date | None,
    actor: User,
    today: date | None = None,
):
    """A log for a meeting held without the app (in person, or on a call)."""
    if not may_run_meetings_for(actor, team):
        raise MeetingRefusal("", f"You cannot keep meeting logs for {team.name}")
    if briefing is None or briefing not in assigned_briefings(team):
        raise MeetingRefusal("briefing", "Choose a briefing assigned to this team")
    _check_held_on(held_on, today or date.today())
    log = MeetingLog(team=team, briefing=briefing, held_on=held_on, facilitator_id=actor.id)
    db.session.add(log)
    db.session.flush()
    audit(actor, "meeting_log.start", f"team:{team.id}", f"{briefing.slug} log {log.id}")
    return log


def save_log(
    log: MeetingLog,
    *,
    held_on: date,
    notes: dict[str, str],
    attendee_ids: list[int],
    actions: list[ActionInput],
    actor: User,
    due_days_after: int | None = None,
    today: date | None = None,
) -> None:
    """Write the facilitator's notes, attendees and actions; all checked before any change."""
    _check_held_on(held_on, today or date.today())
    members = {m.id: m for m in log.team.members if m.active}
    # Someone who attended stays on the log after they leave the team.
    members.update({a.id: a for a in log.attendees})
    for field_name in REFLECTION_QUESTIONS:
        if len(notes.get(field_name, "")) > NOTE_MAX_LENGTH:
            raise MeetingRefusal(field_name, f"Keep each note under {NOTE_MAX_LENGTH} characters")
    unknown = [i for i in attendee_ids if i not in members]
    if unknown:
        raise MeetingRefusal("attendees", "Choose attendees from the team")
    for number, action in enumerate(actions, start=1):
        if not action.text.strip():
            raise MeetingRefusal(f"action_{number}", f"Describe action {number}, or remove it")
        if len(action.text) > ACTION_MAX_LENGTH:
            raise MeetingRefusal(
                f"action_{number}", f"Keep action {number} under {ACTION_MAX_LENGTH} characters"
            )
        if action.owner_id is not None and action.owner_id not in members:
            raise MeetingRefusal(
                f"action_{number}", f"Choose an owner from the team for action {number}"
            )
    if due_days_after is not None and not 1 <= due_days_after <= MAX_DAYS_AFTER_MEETING:
        raise MeetingRefusal(
            "due_days_after", f"Enter a number of days from 1 to {MAX_DAYS_AFTER_MEETING}"
        )
    log.held_on = held_on
    for field_name in REFLECTION_QUESTIONS:
        setattr(log, field_name, notes.get(field_name, "").strip())
    log.attendees = [members[i] for i in dict.fromkeys(attendee_ids)]
    log.actions = [
        MeetingAction(text=a.text.strip(), owner_id=a.owner_id, due_on=a.due_on) for a in actions
    ]
    log.updated_at = utcnow()
    if due_days_after is not None:
        due_on = held_on + timedelta(days=due_days_after)
        try:
            assign(log.briefing, [log.team], due_on, actor, today or date.today())
        except AssignmentError as refused:
            raise MeetingRefusal("due_days_after", str(refused)) from refused
    audit(actor, "meeting_log.save", f"team:{log.team_id}", f"log {log.id}")
    db.session.flush()


def logs_of(team: Team) -> list[MeetingLog]:
    """The team's meeting logs, newest first, with what the page and its downloads show."""
    return list(
        db.session.scalars(
            select(MeetingLog)
            .where(MeetingLog.team_id == team.id)
            .order_by(MeetingLog.held_on.desc(), MeetingLog.id.desc())
            .options(
                joinedload(MeetingLog.briefing),
                joinedload(MeetingLog.facilitator),
                selectinload(MeetingLog.attendees),
                selectinload(MeetingLog.actions).joinedload(MeetingAction.owner),
            )
        )
    )


def actions_of(logs: list[MeetingLog]) -> list[tuple[MeetingLog, MeetingAction]]:
    """Every action agreed in these logs, with its log: the team's action plan."""
    return [(log, action) for log in logs for action in log.actions]


@dataclass(frozen=True)
class QuestionSpread:
    number: int
    prompt: str
    chart: BarChart | None  # None: fewer than three answered, so it is not shown


def spreads_for(log: MeetingLog) -> list[QuestionSpread]:
    """The spread of answers to each question of the log's live meeting (none without one)."""
    if log.meeting is None:
        return []
    return [
        QuestionSpread(
            step.number, step.version.prompt, spread(log.meeting, step.version, step.number)
        )
        for step in meeting_steps(log.briefing)
        if step.is_question
    ]
