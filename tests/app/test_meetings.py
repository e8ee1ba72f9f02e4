"""Team meetings through the pages: start, join with the code, answer, reveal, log."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import (
    Assignment,
    Meeting,
    MeetingAction,
    MeetingAnswer,
    MeetingLog,
    MeetingParticipant,
    MeetingState,
)
from quiz.services.meetings import meeting_steps
from tests.app.journey import error_summary
from tests.conftest import Browser, text_of
from tests.workbooks import sheet_rows


def meetings_attended(user) -> list[MeetingLog]:
    """The meeting logs that list this person as attending, newest first."""
    return sorted(
        (log for log in db.session.scalars(select(MeetingLog)) if user in log.attendees),
        key=lambda log: (log.held_on, log.id),
        reverse=True,
    )


def date_fields(name: str, day: date) -> dict:
    return {name: [str(day.day), str(day.month), str(day.year)]}


@pytest.fixture
def meeting_world(app, assigned, team, make_user):
    """A supervisor of the team, three members, and a member of another team."""
    supervisor = make_user("supervisor", supervises=[team])
    members = [make_user("practitioner", team=team, name=f"Member {n}") for n in (1, 2, 3)]
    return supervisor, members


def signed_in(app, user) -> Browser:
    browser = Browser(app)
    browser.sign_in(user)
    return browser


def start(app, supervisor, team, briefing) -> tuple[Browser, Meeting]:
    presenter = signed_in(app, supervisor)
    response = presenter.submit(f"/teams/{team.id}/meetings", {"start-briefing": str(briefing.id)})
    assert response.status_code == 302, response.get_data(as_text=True)
    meeting = db.session.scalar(select(Meeting).order_by(Meeting.id.desc()))
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}/present")
    return presenter, meeting


def join(app, user, code) -> tuple[Browser, object]:
    phone = signed_in(app, user)
    return phone, phone.submit("/join", {"code": code})


def control(presenter, meeting, action):
    url = f"/meetings/{meeting.id}/present"
    return presenter.submit(url, {"action": action}, form_url=url)


def go_to_first_question(presenter, meeting):
    sections = sum(1 for s in meeting_steps(meeting.briefing) if not s.is_question)
    for _ in range(sections):
        control(presenter, meeting, "next")


def answer_current(phone, meeting, option_index=0):
    page = phone.page(f"/meetings/{meeting.id}")
    version_id = page.find("input", attrs={"name": "version_id"})["value"]
    options = page.find_all("input", attrs={"name": "answer"})
    return phone.submit(
        f"/meetings/{meeting.id}",
        {"version_id": version_id, "answer": options[option_index]["value"]},
    )


def test_a_supervisor_starts_a_meeting_and_the_screen_shows_code_qr_and_address(
    app, meeting_world, team, bank
):
    supervisor, _ = meeting_world
    presenter, meeting = start(app, supervisor, team, bank)
    page = presenter.page(f"/meetings/{meeting.id}/present")
    text = text_of(page)
    assert meeting.join_code in text
    assert "http://localhost/join" in text
    assert page.find("svg", class_="app-qr-code") is not None
    assert "0 joined" in text
    assert meeting.state == MeetingState.OPEN and meeting.facilitator_id == supervisor.id


def test_team_members_join_answer_and_the_spread_shows_from_three_answers(
    app, meeting_world, team, bank
):
    supervisor, members = meeting_world
    presenter, meeting = start(app, supervisor, team, bank)
    phones = []
    for member in members:
        phone, response = join(app, member, meeting.join_code.lower())
        assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
        phones.append(phone)
    go_to_first_question(presenter, meeting)
    for phone in phones[:2]:
        assert answer_current(phone, meeting).status_code == 302
    assert "2 have answered" in text_of(presenter.page(f"/meetings/{meeting.id}/present"))
    control(presenter, meeting, "reveal")
    screen = presenter.page(f"/meetings/{meeting.id}/present")
    assert "The spread stays hidden" in text_of(screen)
    assert screen.find("svg", attrs={"role": "img", "class": "app-chart"}) is None
    control(presenter, meeting, "hide")
    assert answer_current(phones[2], meeting).status_code == 302
    control(presenter, meeting, "reveal")
    screen = presenter.page(f"/meetings/{meeting.id}/present")
    chart = screen.find("svg", attrs={"role": "img"}, class_="app-chart")
    assert chart is not None
    assert "Out of 3" in chart.find("desc").get_text()
    assert "3 (100%)" in text_of(screen)  # everyone chose the first option
    for member in members:
        assert member.name not in text_of(screen)
    assert "Feedback on each answer" in text_of(screen) and "To discuss" in text_of(screen)


def test_an_answer_after_the_reveal_or_to_an_old_question_is_refused(
    app, meeting_world, team, bank
):
    supervisor, members = meeting_world
    presenter, meeting = start(app, supervisor, team, bank)
    phone, _ = join(app, members[0], meeting.join_code)
    go_to_first_question(presenter, meeting)
    page = phone.page(f"/meetings/{meeting.id}")
    version_id = page.find("input", attrs={"name": "version_id"})["value"]
    option = page.find("input", attrs={"name": "answer"})["value"]
    control(presenter, meeting, "reveal")
    refused = phone.submit(f"/meetings/{meeting.id}", {"version_id": version_id, "answer": option})
    assert refused.status_code == 400
    assert "The answers to this question have been shown" in error_summary(refused)
    control(presenter, meeting, "next")
    stale = phone.submit(f"/meetings/{meeting.id}", {"version_id": version_id, "answer": option})
    assert stale.status_code == 400
    assert "The screen has moved on" in error_summary(stale)
    assert db.session.scalar(select(func.count()).select_from(MeetingAnswer)) == 0


def test_the_code_alone_lets_nobody_from_another_team_in(
    app, meeting_world, team, bank, make_team, make_user
):
    supervisor, _ = meeting_world
    _, meeting = start(app, supervisor, team, bank)
    outsider = make_user("practitioner", team=make_team())
    phone, response = join(app, outsider, meeting.join_code)
    assert response.status_code == 400
    assert f"This meeting is for {team.name} only" in error_summary(response)
    assert phone.get(f"/meetings/{meeting.id}").status_code == 404
    assert phone.get(f"/meetings/{meeting.id}/status.json").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(MeetingParticipant)) == 0


def test_a_member_must_still_enter_the_code(app, meeting_world, team, bank):
    supervisor, members = meeting_world
    _, meeting = start(app, supervisor, team, bank)
    phone = signed_in(app, members[0])
    response = phone.get(f"/meetings/{meeting.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/join")


def test_an_unknown_or_empty_code_is_explained(app, meeting_world):
    _, members = meeting_world
    phone, response = join(app, members[0], "ZZZZZZ")
    assert "no meeting with that code" in error_summary(response)
    response = phone.submit("/join", {"code": ""})
    assert response.status_code == 400
    assert "Enter the code shown on the presenter's screen" in error_summary(response)


def test_the_join_page_asks_anonymous_people_to_sign_in_first(app, web):
    response = web.get("/join?code=ABC234")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_the_qr_code_fills_in_the_code(app, meeting_world):
    _, members = meeting_world
    phone = signed_in(app, members[0])
    page = phone.page("/join?code=ABC234")
    assert page.find("input", attrs={"name": "code"})["value"] == "ABC234"


def test_ending_the_meeting_stops_the_code_and_prefills_the_log(app, meeting_world, team, bank):
    supervisor, members = meeting_world
    presenter, meeting = start(app, supervisor, team, bank)
    phones = [join(app, m, meeting.join_code)[0] for m in members]
    go_to_first_question(presenter, meeting)
    for phone in phones:
        answer_current(phone, meeting, option_index=1)
    response = control(presenter, meeting, "end")
    log = db.session.scalar(select(MeetingLog))
    assert response.headers["Location"].endswith(f"/meeting-logs/{log.id}")
    assert log.meeting_id == meeting.id and log.facilitator_id == supervisor.id
    assert {a.id for a in log.attendees} == {m.id for m in members}
    assert log.held_on == date.today()
    page = presenter.page(f"/meeting-logs/{log.id}")
    text = text_of(page)
    assert supervisor.name in text
    assert "How the team answered in the meeting" in text
    assert page.find("svg", class_="app-chart") is not None  # question 1: three answers
    assert "Fewer than 3 answered" in text  # the questions nobody reached
    checked = {
        i["value"]
        for i in page.find_all("input", attrs={"name": "attendees"})
        if i.has_attr("checked")
    }
    assert checked == {str(m.id) for m in members}
    # The code stops working, and the phones say the meeting ended.
    late = signed_in(app, members[0])
    refused = late.submit("/join", {"code": meeting.join_code})
    assert "That meeting has ended" in error_summary(refused)
    assert "The meeting has ended" in text_of(phones[0].page(f"/meetings/{meeting.id}"))
    # The presenter's address now leads to the log.
    again = presenter.get(f"/meetings/{meeting.id}/present")
    assert again.headers["Location"].endswith(f"/meeting-logs/{log.id}")
    assert [entry.id for entry in meetings_attended(members[0])] == [log.id]


def test_the_facilitator_writes_notes_and_actions_and_sets_the_due_date(
    app, meeting_world, team, bank, assigned
):
    supervisor, members = meeting_world
    presenter = signed_in(app, supervisor)
    meeting_day = date.today()
    response = presenter.submit(
        f"/teams/{team.id}/meeting-logs",
        {"log-briefing": str(bank.id), **date_fields("log-held_on", meeting_day)},
        form_url=f"/teams/{team.id}/meetings",
    )
    assert response.status_code == 302
    log = db.session.scalar(select(MeetingLog))
    url = f"/meeting-logs/{log.id}"
    owner_due = meeting_day + timedelta(days=14)
    response = presenter.submit(
        url,
        {
            **date_fields("held_on", meeting_day),
            "attendees": [str(members[0].id), str(members[1].id)],
            "key_thoughts": "Hear the child's voice.",
            "embedding": "Audit ten case notes in March.",
            "improvement_plan": "Fits priority 2.",
            "actions-0-text": "Book supervision training",
            "actions-0-owner": str(members[0].id),
            **date_fields("actions-0-due_on", owner_due),
            "actions-1-text": "",
            "actions-1-owner": "",
            "actions-1-due_on": ["", "", ""],
            "due_days_after": "10",
        },
    )
    assert response.status_code == 302, error_summary(response)
    db.session.expire_all()
    log = db.session.get(MeetingLog, log.id)
    assert log.key_thoughts == "Hear the child's voice."
    assert [(a.text, a.owner_id, a.due_on) for a in log.actions] == [
        ("Book supervision training", members[0].id, owner_due)
    ]
    assert {a.id for a in log.attendees} == {members[0].id, members[1].id}
    assignment = db.session.scalar(select(Assignment).where(Assignment.team_id == team.id))
    assert assignment.due_on == meeting_day + timedelta(days=10)
    assert [entry.id for entry in meetings_attended(members[1])] == [log.id]
    assert meetings_attended(members[2]) == []
    # The log lists on the team's meetings page, and the form shows what was saved.
    assert "Book supervision training" in text_of(presenter.page(url))
    page = presenter.page(f"/teams/{team.id}/meetings")
    assert f"/meeting-logs/{log.id}" in str(page)


def test_bad_log_input_is_named_and_nothing_is_saved(app, meeting_world, team, bank, assigned):
    supervisor, members = meeting_world
    presenter = signed_in(app, supervisor)
    log = MeetingLog(team_id=team.id, briefing_id=bank.id, held_on=date.today())
    db.session.add(log)
    db.session.commit()
    url = f"/meeting-logs/{log.id}"
    response = presenter.submit(
        url,
        {
            **date_fields("held_on", date.today()),
            "key_thoughts": "Saved? No.",
            "actions-0-text": "",
            "actions-0-owner": str(members[0].id),
            "due_days_after": "0",
        },
    )
    assert response.status_code == 400
    summary = error_summary(response)
    assert "Enter a number of days from 1 to 365" in summary
    response = presenter.submit(
        url,
        {
            **date_fields("held_on", date.today()),
            "key_thoughts": "Saved? No.",
            "actions-0-text": "",
            "actions-0-owner": str(members[0].id),
        },
    )
    assert response.status_code == 400
    assert "Describe action 1, or remove it" in error_summary(response)
    response = presenter.submit(url, {"held_on": ["31", "2", "2027"]})
    assert "The date must be a real date" in error_summary(response)
    db.session.expire_all()
    assert db.session.get(MeetingLog, log.id).key_thoughts == ""


def test_starting_needs_an_assigned_briefing(app, meeting_world, team, bank):
    supervisor, _ = meeting_world
    presenter = signed_in(app, supervisor)
    db.session.execute(Assignment.__table__.delete())
    db.session.commit()
    response = presenter.submit(
        f"/teams/{team.id}/meetings",
        {"start-briefing": str(bank.id)},
        form_url=f"/teams/{team.id}/meetings",
    )
    assert response.status_code == 400
    assert "Choose a briefing assigned to this team" in error_summary(response)
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_another_teams_supervisor_cannot_see_or_run_the_meeting(
    app, meeting_world, team, bank, make_team, make_user
):
    supervisor, _ = meeting_world
    presenter, meeting = start(app, supervisor, team, bank)
    other = signed_in(app, make_user("supervisor", supervises=[make_team()]))
    for url in (
        f"/meetings/{meeting.id}/present",
        f"/meetings/{meeting.id}/present/status.json",
        f"/teams/{team.id}/meetings",
    ):
        assert other.get(url).status_code == 404, url


def test_polling_returns_counts_and_the_screen_key_only(app, meeting_world, team, bank):
    supervisor, members = meeting_world
    presenter, meeting = start(app, supervisor, team, bank)
    phone, _ = join(app, members[0], meeting.join_code)
    status = phone.get(f"/meetings/{meeting.id}/status.json").get_json()
    assert status == {"screen": "open-0-0"}
    control(presenter, meeting, "next")
    assert phone.get(f"/meetings/{meeting.id}/status.json").get_json() == {"screen": "open-1-0"}
    counts = presenter.get(f"/meetings/{meeting.id}/present/status.json?version=1").get_json()
    assert counts == {"joined": 1, "answered": 0, "open": True}


def test_a_trainer_runs_a_meeting_for_any_team(app, meeting_world, team, bank, make_user):
    trainer = make_user("trainer")
    presenter, meeting = start(app, trainer, team, bank)
    assert meeting.facilitator_id == trainer.id
    assert presenter.get(f"/meetings/{meeting.id}/present").status_code == 200


def test_someone_without_a_team_is_sent_on_from_the_join_page(app, meeting_world):
    supervisor, _ = meeting_world
    browser = signed_in(app, supervisor)
    response = browser.get("/join")
    assert response.status_code == 302
    assert "no team meeting for you to join" in text_of(browser.page("/teams/"))


def test_a_due_date_in_the_past_is_refused_and_nothing_is_saved(
    app, meeting_world, team, bank, assigned
):
    supervisor, members = meeting_world
    presenter = signed_in(app, supervisor)
    long_ago = date.today() - timedelta(days=60)
    log = MeetingLog(team_id=team.id, briefing_id=bank.id, held_on=long_ago)
    db.session.add(log)
    db.session.commit()
    due_before = assigned.due_on
    response = presenter.submit(
        f"/meeting-logs/{log.id}",
        {
            **date_fields("held_on", long_ago),
            "attendees": [str(members[0].id)],
            "key_thoughts": "Not saved",
            "due_days_after": "7",
        },
    )
    assert response.status_code == 400
    assert "The due date must be today or in the future" in error_summary(response)
    db.session.expire_all()
    assert db.session.get(MeetingLog, log.id).key_thoughts == ""
    assert db.session.get(MeetingLog, log.id).attendees == []
    assert db.session.get(Assignment, assigned.id).due_on == due_before


def test_someone_who_attended_stays_on_the_log_after_leaving_the_team(
    app, meeting_world, team, bank, make_team
):
    supervisor, members = meeting_world
    log = MeetingLog(
        team_id=team.id, briefing_id=bank.id, held_on=date.today(), attendees=[members[0]]
    )
    db.session.add(log)
    members[0].team = make_team()
    db.session.commit()
    presenter = signed_in(app, supervisor)
    page = presenter.page(f"/meeting-logs/{log.id}")
    checked = [
        i["value"]
        for i in page.find_all("input", attrs={"name": "attendees"})
        if i.has_attr("checked")
    ]
    assert checked == [str(members[0].id)]
    assert [entry.id for entry in meetings_attended(members[0])] == [log.id]


def test_a_log_needs_a_briefing_and_a_date(app, meeting_world, team, bank):
    supervisor, _ = meeting_world
    presenter = signed_in(app, supervisor)
    response = presenter.submit(
        f"/teams/{team.id}/meeting-logs",
        {"log-held_on": ["", "", ""]},
        form_url=f"/teams/{team.id}/meetings",
    )
    assert response.status_code == 400
    summary = error_summary(response)
    assert "Choose a briefing assigned to this team" in summary
    assert "Enter the date of the meeting" in summary
    assert db.session.scalar(select(func.count()).select_from(MeetingLog)) == 0


def test_another_teams_supervisor_cannot_open_the_log(
    app, meeting_world, team, bank, make_team, make_user
):
    log = MeetingLog(team_id=team.id, briefing_id=bank.id, held_on=date.today())
    db.session.add(log)
    db.session.commit()
    other = signed_in(app, make_user("supervisor", supervises=[make_team()]))
    assert other.get(f"/meeting-logs/{log.id}").status_code == 404


def test_the_team_downloads_its_meeting_logs_and_agreed_actions(
    app, meeting_world, team, bank, make_team, make_user
):
    supervisor, members = meeting_world
    held_on = date(2026, 3, 2)
    log = MeetingLog(
        team_id=team.id, briefing_id=bank.id, held_on=held_on, facilitator_id=supervisor.id,
        key_thoughts="=Hear the child's voice.", embedding="Audit case notes.",
        improvement_plan="Priority 2.",
    )  # fmt: skip
    log.attendees = members[:2]
    log.actions = [
        MeetingAction(text="Book training", owner_id=members[0].id, due_on=date(2026, 4, 1)),
        MeetingAction(text="Share the briefing with the night team"),
    ]
    db.session.add(log)
    db.session.commit()
    presenter = signed_in(app, supervisor)
    page = presenter.page(f"/teams/{team.id}/meetings")
    assert page.find("a", href=f"/teams/{team.id}/meeting-logs.csv")
    assert page.find("a", href=f"/teams/{team.id}/meeting-actions.xlsx")

    response = presenter.get(f"/teams/{team.id}/meeting-logs.csv")
    assert response.status_code == 200
    [row] = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    assert (row["Date"], row["Briefing"], row["Facilitator"]) == (
        "2026-03-02", bank.title, supervisor.name,
    )  # fmt: skip
    assert (row["Attended"], row["Who attended"], row["Actions"]) == (
        "2", "Member 1; Member 2", "2",
    )  # fmt: skip
    # A note that starts like a formula stays text in a spreadsheet.
    assert row["Key thoughts"] == "'=Hear the child's voice."

    response = presenter.get(f"/teams/{team.id}/meeting-actions.xlsx")
    assert response.status_code == 200
    assert sheet_rows(response.get_data(), 1) == [
        ["Meeting date", "Briefing", "Action", "Owner", "Due"],
        ["2026-03-02", bank.title, "Book training", "Member 1", "2026-04-01"],
        ["2026-03-02", bank.title, "Share the briefing with the night team"],
    ]

    other = signed_in(app, make_user("supervisor", supervises=[make_team()]))
    assert other.get(f"/teams/{team.id}/meeting-actions.csv").status_code == 404
