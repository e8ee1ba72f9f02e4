"""A live team meeting: starting it, joining with the code, moving through the briefing,
answering on phones and the spread of answers, shown only when no one can be singled out.

The rules that need no database (who may join, when a spread may show, what a code looks
like) are plain functions at the top, so they are tested without a request or a table.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from quiz.charts import Bar, BarChart
from quiz.extensions import db
from quiz.models import (
    Assignment,
    Briefing,
    Meeting,
    MeetingAnswer,
    MeetingAnswerChoice,
    MeetingParticipant,
    MeetingState,
    Question,
    QuestionKind,
    QuestionVersion,
    Role,
    Section,
    Team,
    User,
    published_questions,
)
from quiz.models.people import utcnow
from quiz.services.accounts import audit
from quiz.services.problems import FieldProblem

# No 0/O, 1/I/L: a code read off a projector is typed right the first time.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
# Below this many answers a spread could give away how one person answered.
SPREAD_MINIMUM = 3


class MeetingRefusal(FieldProblem):
    """Someone cannot join, answer or run a meeting; the message says why in plain words."""


# The pure rules


def make_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalised_code(typed: str) -> str:
    """A code as typed on a phone: spaces, dashes and lower case forgiven."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def join_refusal(meeting: Meeting | None, user: User) -> str | None:
    """Why this signed-in person cannot join the meeting a code names, or None if they can.

    The code only finds the meeting; being a member of its team is what lets someone in.
    """
    if meeting is None:
        return "There is no meeting with that code. Check the code on the screen and try again"
    if not meeting.is_open:
        return "That meeting has ended, so its code no longer works"
    if user.team_id != meeting.team_id:
        return (
            f"This meeting is for {meeting.team.name} only. If you think you should be in it, "
            "ask the person running it"
        )
    return None


def spread_may_show(answered: int) -> bool:
    return answered >= SPREAD_MINIMUM


def may_run_meetings_for(user: User, team: Team) -> bool:
    """Supervisors for their own teams; trainers and administrators for any team."""
    if user.has_role(Role.TRAINER, Role.ADMIN):
        return True
    return user.has_role(Role.SUPERVISOR) and team in user.supervised_teams


# The briefing as the presenter walks through it


@dataclass(frozen=True)
class Step:
    """One screen of the meeting: a section of the briefing, or a scenario question."""

    index: int
    section: Section | None = None
    version: QuestionVersion | None = None
    number: int = 0  # the section's or the question's number among its kind, from 1

    @property
    def is_question(self) -> bool:
        return self.version is not None


def _questions_with_content():
    return (
        selectinload(Question.versions).selectinload(QuestionVersion.options),
        selectinload(Question.theme),
    )


def meeting_steps(briefing: Briefing) -> list[Step]:
    """Every screen: the briefing's sections in reading order, then its published questions."""
    steps = [
        Step(index=i, section=section, number=i + 1)
        for i, section in enumerate(briefing.reading_order())
    ]
    questions = db.session.scalars(
        published_questions(briefing.id).options(*_questions_with_content())
    ).all()
    for number, question in enumerate(questions, start=1):
        steps.append(Step(index=len(steps), version=question.current_version, number=number))
    return steps


@dataclass(frozen=True)
class Screen:
    """The screen the meeting is on, with the counts its captions need.

    Loaded alone (one section, or one question and its options), so the pages every phone
    opens at each move cost the same whatever the briefing's length.
    """

    step: Step | None
    section_count: int
    question_count: int

    @property
    def step_count(self) -> int:
        return self.section_count + self.question_count


def screen_of(meeting: Meeting) -> Screen:
    sections = meeting.briefing.reading_order()
    questions = db.session.scalar(
        select(func.count()).select_from(published_questions(meeting.briefing_id).subquery())
    )
    index = meeting.step
    step = None
    if 0 <= index < len(sections):
        step = Step(index=index, section=sections[index], number=index + 1)
    elif 0 <= index - len(sections) < questions:
        number = index - len(sections) + 1
        question = db.session.scalar(
            published_questions(meeting.briefing_id)
            .options(*_questions_with_content())
            .offset(number - 1)
            .limit(1)
        )
        step = Step(index=index, version=question.current_version, number=number)
    return Screen(step, len(sections), questions)


def discussion_prompts(step: Step) -> list[str]:
    """Questions for the team to talk through after the reveal: about practice, not scores."""
    theme = step.version.question.theme.text
    return [
        f"Where have we seen this in our own work: {theme}?",
        "What would you do first in your role, and who would you tell?",
        "Which answer was hardest to rule out, and why might someone choose it?",
        "What would help our team act on this next time?",
    ]


def screen_key(meeting: Meeting) -> str:
    """What the presenter's screen shows, in a few characters: phones reload when it changes."""
    return f"{meeting.state}-{meeting.step}-{int(meeting.revealed)}"


# Starting, joining, moving


def assigned_briefings(team: Team) -> list[Briefing]:
    """The briefings a meeting of this team may discuss: those assigned to it."""
    return list(
        db.session.scalars(
            select(Briefing)
            .join(Assignment, Assignment.briefing_id == Briefing.id)
            .where(Assignment.team_id == team.id)
            .order_by(Briefing.title)
        )
    )


def start_meeting(team: Team, briefing: Briefing | None, facilitator: User) -> Meeting:
    if not may_run_meetings_for(facilitator, team):
        raise MeetingRefusal("", f"You cannot run meetings for {team.name}")
    if briefing is None or briefing not in assigned_briefings(team):
        raise MeetingRefusal("briefing", "Choose a briefing assigned to this team")
    meeting = Meeting(
        team=team, briefing=briefing, facilitator=facilitator, join_code=_unused_code()
    )
    db.session.add(meeting)
    db.session.flush()
    audit(facilitator, "meeting.start", f"team:{team.id}", f"{briefing.slug} meeting {meeting.id}")
    return meeting


def _unused_code() -> str:
    while True:
        code = make_join_code()
        if db.session.scalar(select(Meeting.id).where(Meeting.join_code == code)) is None:
            return code


def meeting_for_code(typed: str) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.join_code == normalised_code(typed)))


def join(typed_code: str, user: User) -> Meeting:
    """Let a member of the meeting's team in; joining twice is harmless."""
    meeting = meeting_for_code(typed_code)
    refusal = join_refusal(meeting, user)
    if refusal:
        raise MeetingRefusal("code", refusal)
    if not has_joined(meeting, user):
        db.session.add(MeetingParticipant(meeting=meeting, user_id=user.id))
        db.session.flush()
    return meeting


def has_joined(meeting: Meeting, user: User) -> bool:
    return (
        db.session.get(MeetingParticipant, {"meeting_id": meeting.id, "user_id": user.id})
        is not None
    )


def joined_count(meeting: Meeting) -> int:
    return db.session.scalar(
        select(func.count()).where(MeetingParticipant.meeting_id == meeting.id)
    )


MOVES = ("previous", "next", "reveal", "hide")


def move(meeting: Meeting, action: str, step_count: int) -> None:
    """The presenter's controls. Moving on hides the spread again for the next question."""
    if not meeting.is_open:
        raise MeetingRefusal("", "This meeting has ended")
    if action == "next" and meeting.step < step_count - 1:
        meeting.step, meeting.revealed = meeting.step + 1, False
    elif action == "previous" and meeting.step > 0:
        meeting.step, meeting.revealed = meeting.step - 1, False
    elif action == "reveal":
        meeting.revealed = True
    elif action == "hide":
        meeting.revealed = False
    elif action not in MOVES:
        raise MeetingRefusal("", "Use the buttons on the presenter's screen")


def end_meeting(meeting: Meeting, actor: User) -> None:
    if meeting.is_open:
        meeting.state = MeetingState.ENDED
        meeting.ended_at = utcnow()
        audit(actor, "meeting.end", f"team:{meeting.team_id}", f"meeting {meeting.id}")


# Answering and the spread


def answer(
    meeting: Meeting, user: User, step: Step | None, version_id: int, option_ids: list[int]
) -> None:
    """Save (or change) a participant's answer to the question on the screen now.

    version_id is the question the person saw: an answer to one the screen has left is
    refused, never counted against the question shown now.
    """
    if not meeting.is_open:
        raise MeetingRefusal("", "This meeting has ended")
    if not has_joined(meeting, user):
        raise MeetingRefusal("", "Join the meeting with its code first")
    if step is None or not step.is_question or step.version.id != version_id:
        raise MeetingRefusal("answer", "The screen has moved on: answer the question shown now")
    if meeting.revealed:
        raise MeetingRefusal("answer", "The answers to this question have been shown")
    version = step.version
    known = {o.id for o in version.options}
    chosen = sorted(set(option_ids))
    if not chosen:
        raise MeetingRefusal("answer", "Choose an answer")
    if any(option_id not in known for option_id in chosen):
        raise MeetingRefusal("answer", "Choose one of the answers shown")
    if version.kind != QuestionKind.MULTIPLE and len(chosen) != 1:
        raise MeetingRefusal("answer", "Choose one answer")
    existing = db.session.scalar(
        select(MeetingAnswer).where(
            MeetingAnswer.meeting_id == meeting.id,
            MeetingAnswer.user_id == user.id,
            MeetingAnswer.version_id == version.id,
        )
    )
    if existing is None:
        existing = MeetingAnswer(meeting_id=meeting.id, user_id=user.id, version_id=version.id)
        db.session.add(existing)
    existing.answered_at = utcnow()
    existing.choices = [MeetingAnswerChoice(option_id=option_id) for option_id in chosen]
    db.session.flush()


def chosen_by(meeting: Meeting, user: User, version: QuestionVersion) -> list[int]:
    """The options this person chose for the question, so their phone can show them."""
    return list(
        db.session.scalars(
            select(MeetingAnswerChoice.option_id)
            .join(MeetingAnswer)
            .where(
                MeetingAnswer.meeting_id == meeting.id,
                MeetingAnswer.user_id == user.id,
                MeetingAnswer.version_id == version.id,
            )
        )
    )


def answered_count(meeting_id: int, version_id: int) -> int:
    """How many have answered: the only figure shown before the reveal, never who."""
    return db.session.scalar(
        select(func.count()).where(
            MeetingAnswer.meeting_id == meeting_id, MeetingAnswer.version_id == version_id
        )
    )


def option_letter(position: int) -> str:
    return chr(ord("A") + position - 1)


def spread(meeting: Meeting, version: QuestionVersion, number: int) -> BarChart | None:
    """How many chose each option, as a chart; None below SPREAD_MINIMUM answers.

    Counts only: the query never reads who answered.
    """
    answered = answered_count(meeting.id, version.id)
    if not spread_may_show(answered):
        return None
    counts = dict(
        db.session.execute(
            select(MeetingAnswerChoice.option_id, func.count())
            .join(MeetingAnswer)
            .where(MeetingAnswer.meeting_id == meeting.id, MeetingAnswer.version_id == version.id)
            .group_by(MeetingAnswerChoice.option_id)
        ).all()
    )
    bars = tuple(
        Bar(
            f"Answer {option_letter(o.position)}",
            counts.get(o.id, 0),
            note="right" if o.is_correct else "",
            highlighted=o.is_correct,
        )
        for o in version.options
    )
    return BarChart(
        chart_id=f"spread-{meeting.id}-{version.id}",
        title=f"How the team answered question {number}",
        description=f"The answers {answered} people gave in the meeting, counted by option.",
        bars=bars,
        total=answered,
    )


def meetings_of(team: Team) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting).where(Meeting.team_id == team.id).order_by(Meeting.started_at.desc())
        )
    )
