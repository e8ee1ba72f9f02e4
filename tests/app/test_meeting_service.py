"""The meeting services against the database: answers, the spread, and what a log holds."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import MeetingAnswerChoice, QuestionKind
from quiz.services import meeting_logs, meetings
from quiz.services.meetings import MeetingRefusal


@pytest.fixture
def running(app, assigned, team, make_user):
    """A meeting on its first single-answer question, with three members joined."""
    supervisor = make_user("supervisor", supervises=[team])
    members = [make_user("practitioner", team=team) for _ in range(4)]
    meeting = meetings.start_meeting(team, assigned.briefing, supervisor)
    for member in members[:3]:
        meetings.join(meeting.join_code, member)
    steps = meetings.meeting_steps(meeting.briefing)
    first = next(s for s in steps if s.is_question and s.version.kind == QuestionKind.SINGLE)
    meeting.step = first.index
    db.session.flush()
    return meeting, members, meetings.screen_of(meeting).step, supervisor


def options(step) -> list[int]:
    return [o.id for o in step.version.options]


def test_the_screen_loaded_alone_is_the_same_step_as_in_the_whole_list(running):
    meeting, _, step, _ = running
    whole = meetings.meeting_steps(meeting.briefing)
    assert whole[meeting.step].version.id == step.version.id
    assert whole[meeting.step].number == step.number
    screen = meetings.screen_of(meeting)
    assert screen.step_count == len(whole)


def test_changing_an_answer_replaces_it(running):
    meeting, members, step, _ = running
    vid = step.version.id
    meetings.answer(meeting, members[0], step, vid, [options(step)[0]])
    meetings.answer(meeting, members[0], step, vid, [options(step)[1]])
    assert meetings.answered_count(meeting.id, vid) == 1
    assert meetings.chosen_by(meeting, members[0], step.version) == [options(step)[1]]
    assert db.session.scalar(select(func.count()).select_from(MeetingAnswerChoice)) == 1


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        (lambda ids: [], "Choose an answer"),
        (lambda ids: ids[:2], "Choose one answer"),
        (lambda ids: [-1], "Choose one of the answers shown"),
    ],
)
def test_bad_answers_are_refused(running, chosen, message):
    meeting, members, step, _ = running
    with pytest.raises(MeetingRefusal, match=message):
        meetings.answer(meeting, members[0], step, step.version.id, chosen(options(step)))


def test_only_people_who_joined_may_answer(running):
    meeting, members, step, _ = running
    with pytest.raises(MeetingRefusal, match="Join the meeting"):
        meetings.answer(meeting, members[3], step, step.version.id, options(step)[:1])


def test_the_spread_counts_options_and_appears_from_three_answers(running):
    meeting, members, step, _ = running
    vid = step.version.id
    ids = options(step)
    meetings.answer(meeting, members[0], step, vid, [ids[0]])
    meetings.answer(meeting, members[1], step, vid, [ids[1]])
    assert meetings.spread(meeting, step.version, step.number) is None
    meetings.answer(meeting, members[2], step, vid, [ids[1]])
    chart = meetings.spread(meeting, step.version, step.number)
    assert chart.total == 3
    assert [bar.value for bar in chart.bars][:2] == [1, 2]
    assert [bar.label for bar in chart.bars][:2] == ["Answer A", "Answer B"]
    for member in members:
        assert member.name not in str(chart.svg())


def test_ending_fills_the_log_with_who_joined(running):
    meeting, members, _, supervisor = running
    log = meeting_logs.end_and_log(meeting, supervisor)
    assert not meeting.is_open and meeting.ended_at is not None
    assert {a.id for a in log.attendees} == {m.id for m in members[:3]}
    assert meeting_logs.end_and_log(meeting, supervisor).id == log.id  # ending twice: one log
    with pytest.raises(MeetingRefusal, match="has ended"):
        meetings.join(meeting.join_code, members[3])


def test_a_log_is_of_a_meeting_held_not_one_to_come(running, team):
    meeting, _, _, supervisor = running
    today = date(2027, 3, 10)
    with pytest.raises(MeetingRefusal, match="today or in the past"):
        meeting_logs.start_log(team, meeting.briefing, date(2027, 3, 11), supervisor, today)
    log = meeting_logs.start_log(team, meeting.briefing, today, supervisor, today)
    with pytest.raises(MeetingRefusal, match="today or in the past"):
        meeting_logs.save_log(
            log,
            held_on=date(2027, 4, 1),
            notes={},
            attendee_ids=[],
            actions=[],
            actor=supervisor,
            today=today,
        )
