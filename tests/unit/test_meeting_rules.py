"""The rules of a live team meeting that need no database: codes, joining, the spread."""

import pytest

from quiz.models import Meeting, MeetingState, Role, Team, User
from quiz.services.meetings import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    MeetingRefusal,
    join_refusal,
    make_join_code,
    may_run_meetings_for,
    move,
    normalised_code,
    spread_may_show,
)


def team(team_id: int, name: str) -> Team:
    return Team(id=team_id, name=name)


def meeting(state=MeetingState.OPEN, step=0, revealed=False) -> Meeting:
    return Meeting(
        team_id=1, team=team(1, "Assessment Team"), state=state, step=step, revealed=revealed
    )


def person(team_id=1, role=Role.PRACTITIONER, supervises=()) -> User:
    return User(team_id=team_id, role=role, supervised_teams=list(supervises))


def test_codes_are_short_and_unambiguous_to_read_off_a_screen():
    codes = {make_join_code() for _ in range(200)}
    assert len(codes) > 190
    for code in codes:
        assert len(code) == JOIN_CODE_LENGTH
        assert set(code) <= set(JOIN_CODE_ALPHABET)
        assert not set(code) & set("01OIL")


def test_a_code_typed_on_a_phone_is_forgiven_case_spaces_and_dashes():
    assert normalised_code(" abc-23 k ") == "ABC23K"


def test_a_member_of_the_team_may_join_an_open_meeting():
    assert join_refusal(meeting(), person(team_id=1)) is None


def test_the_code_alone_lets_no_one_from_another_team_in():
    refusal = join_refusal(meeting(), person(team_id=2))
    assert refusal.startswith("This meeting is for Assessment Team only")


def test_someone_without_a_team_is_refused_too():
    assert join_refusal(meeting(), person(team_id=None)) is not None


def test_an_ended_meeting_code_stops_working():
    assert "has ended" in join_refusal(meeting(state=MeetingState.ENDED), person(team_id=1))


def test_an_unknown_code_says_to_check_it():
    assert "no meeting with that code" in join_refusal(None, person())


@pytest.mark.parametrize(("answered", "shown"), [(0, False), (1, False), (2, False), (3, True)])
def test_the_spread_shows_only_from_three_answers(answered, shown):
    assert spread_may_show(answered) is shown


def test_who_may_run_a_meeting_for_a_team():
    assessment, other = team(1, "Assessment Team"), team(2, "Other")
    assert may_run_meetings_for(person(role=Role.SUPERVISOR, supervises=[assessment]), assessment)
    assert not may_run_meetings_for(person(role=Role.SUPERVISOR, supervises=[other]), assessment)
    assert may_run_meetings_for(person(role=Role.TRAINER), assessment)
    assert may_run_meetings_for(person(role=Role.ADMIN), assessment)
    assert not may_run_meetings_for(person(role=Role.PRACTITIONER), assessment)


def test_moving_on_hides_the_spread_again_and_stops_at_either_end():
    m = meeting(step=0, revealed=True)
    move(m, "previous", step_count=3)
    assert (m.step, m.revealed) == (0, True)  # nothing before the first screen
    move(m, "next", step_count=3)
    assert (m.step, m.revealed) == (1, False)
    move(m, "reveal", step_count=3)
    assert m.revealed
    move(m, "next", step_count=3)
    move(m, "next", step_count=3)
    assert (m.step, m.revealed) == (2, False)


def test_an_ended_meeting_cannot_move_and_unknown_moves_are_refused():
    with pytest.raises(MeetingRefusal, match="ended"):
        move(meeting(state=MeetingState.ENDED), "next", step_count=3)
    with pytest.raises(MeetingRefusal):
        move(meeting(), "jump", step_count=3)
