"""Chasing people who have not completed an assigned briefing, by email."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Attempt, AttemptState, EmailStatus, OutboxEmail, ReminderSent, User
from quiz.models.people import utcnow
from quiz.services.reminders import due_for_reminder, send_reminders
from tests.conftest import html, text_of
from tests.seed import SEED_SLUG, SEED_TITLE


@pytest.fixture
def crew(app, assigned, team, make_user):
    """A team with the seed briefing due in a week: two not done, one done, one who cannot
    sign in yet, and their supervisor."""
    supervisor = make_user("supervisor", supervises=[team], name="Sue Supervisor")
    ann = make_user(team=team, name="Ann Answering")
    bob = make_user(team=team, name="Bob Busy")
    done = make_user(team=team, name="Dee Done")
    db.session.add(Attempt(user=done, briefing=assigned.briefing, state=AttemptState.COMPLETED))
    db.session.add(User(email="nopass@example.org", name="No Password", team=team))
    db.session.commit()
    return {"supervisor": supervisor, "ann": ann, "bob": bob, "done": done, "assignment": assigned}


def due_in(assignment, days: int) -> None:
    assignment.due_on = date.today() + timedelta(days=days)
    db.session.commit()


def test_only_soon_due_or_overdue_briefings_are_chased(crew):
    due_in(crew["assignment"], 4)
    assert due_for_reminder(date.today()) == []
    due_in(crew["assignment"], 3)
    assert [i.name for i in due_for_reminder(date.today())] == ["Ann Answering", "Bob Busy"]
    due_in(crew["assignment"], -30)
    assert len(due_for_reminder(date.today())) == 2


def test_the_schedule_is_configurable(app, crew):
    app.config["REMINDER_DAYS_BEFORE_DUE"] = 7
    assert len(due_for_reminder(date.today())) == 2


def test_a_reminder_copies_the_supervisor_and_waits_a_week(crew, mail):
    due_in(crew["assignment"], -1)
    now = utcnow()
    sending = send_reminders(due_for_reminder(date.today(), now), date.today(), None, now)
    db.session.commit()
    assert sending.sent == 2
    ann = mail.to(crew["ann"].email)[0]
    assert crew["supervisor"].email in ann.recipients
    assert ann.message["Cc"] == crew["supervisor"].email
    assert ann.subject == f"Overdue: {SEED_TITLE}"
    assert f"http://127.0.0.1:5000/briefings/{SEED_SLUG}" in ann.body
    assert "Your supervisor has a copy" in ann.body
    assert due_for_reminder(date.today(), now + timedelta(days=6, hours=23)) == []
    assert len(due_for_reminder(date.today(), now + timedelta(days=7))) == 2


def test_a_refused_reminder_is_not_recorded_so_it_is_tried_again(crew, mail):
    due_in(crew["assignment"], 1)
    ann = crew["ann"].email  # the server's thread has no app context to load it in
    mail.refuse_recipient = lambda address: address == ann
    sending = send_reminders(due_for_reminder(date.today()), date.today(), None)
    db.session.commit()
    assert (sending.sent, sending.failed) == (1, 1)
    reminded = db.session.scalars(select(ReminderSent.user_id)).all()
    assert reminded == [crew["bob"].id]
    assert [i.name for i in due_for_reminder(date.today())] == ["Ann Answering"]
    failed = db.session.scalars(
        select(OutboxEmail).where(OutboxEmail.status == EmailStatus.FAILED)
    ).all()
    assert [f.recipient for f in failed] == [crew["ann"].email]


def test_the_command_sends_and_its_dry_run_does_not(app, crew, mail):
    due_in(crew["assignment"], 2)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["reminders", "send", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "2 reminders would be sent" in dry.output and mail.received == []
    sent = runner.invoke(args=["reminders", "send"])
    assert sent.exit_code == 0, sent.output
    assert "2 sent, 0 written to the console, 0 failed." in sent.output
    again = runner.invoke(args=["reminders", "send"])
    assert "0 sent" in again.output and len(mail.received) == 2


def test_the_command_exits_non_zero_when_a_reminder_failed(app, crew, mail):
    due_in(crew["assignment"], 2)
    mail.refuse_messages = True
    result = app.test_cli_runner().invoke(args=["reminders", "send"])
    assert result.exit_code == 1
    assert "0 sent, 0 written to the console, 2 failed." in result.output


# The team's reminders page ------------------------------------------------------------


def reminder_page_for(app, person):
    from tests.conftest import Browser

    browser = Browser(app)
    browser.sign_in(person)
    return browser


def test_the_page_lists_everyone_not_done_ticked(app, crew):
    browser = reminder_page_for(app, crew["supervisor"])
    team_id = crew["assignment"].team_id
    page = browser.page(f"/teams/{team_id}/reminders")
    boxes = page.select("input[name=chosen]")
    labels = [text_of(page.find("label", attrs={"for": b["id"]})) for b in boxes]
    assert labels == ["Ann Answering", "Bob Busy"]
    assert all(b.has_attr("checked") for b in boxes)
    assert "Not reminded yet" in text_of(page)


def test_reminding_the_chosen_people_only(app, crew, mail):
    browser = reminder_page_for(app, crew["supervisor"])
    url = f"/teams/{crew['assignment'].team_id}/reminders"
    ann_key = f"{crew['assignment'].briefing_id}-{crew['ann'].id}"
    response = browser.submit(url, {"chosen": [ann_key]})
    assert response.status_code == 302
    assert [r.recipients[0] for r in mail.received] == [crew["ann"].email]
    page = browser.page(url)
    assert "Reminders sent to 1 person." in text_of(page)
    assert "Last reminded on" in text_of(page)
    [row] = db.session.scalars(select(ReminderSent)).all()
    assert row.sent_by_id == crew["supervisor"].id
    # A second press straight away sends nothing more.
    browser.submit(url, {"chosen": [ann_key]})
    assert len(mail.received) == 1
    assert "had a reminder in the last day" in text_of(browser.page(url))


def test_choosing_nobody_is_named_beside_the_checkboxes(app, crew):
    browser = reminder_page_for(app, crew["supervisor"])
    url = f"/teams/{crew['assignment'].team_id}/reminders"
    page = html(browser.submit(url, {}))
    assert page.title.text.startswith("Error:")
    assert "Choose at least one person to remind" in text_of(
        page.find(class_="govuk-error-summary")
    )
    assert page.find(class_="govuk-error-summary").find("a")["href"] == "#chosen"
    assert page.find(id="chosen") is not None


def test_someone_not_on_the_list_cannot_be_reminded_through_the_form(app, crew, mail):
    browser = reminder_page_for(app, crew["supervisor"])
    url = f"/teams/{crew['assignment'].team_id}/reminders"
    done_key = f"{crew['assignment'].briefing_id}-{crew['done'].id}"
    browser.submit(url, {"chosen": [done_key]})
    assert mail.received == []


def test_another_teams_supervisor_is_not_told_the_team_exists(app, crew, make_user, make_team):
    other = make_user("supervisor", supervises=[make_team()])
    browser = reminder_page_for(app, other)
    assert browser.get(f"/teams/{crew['assignment'].team_id}/reminders").status_code == 404


def test_without_a_mail_server_the_page_says_so(app, crew, capsys):
    browser = reminder_page_for(app, crew["supervisor"])
    url = f"/teams/{crew['assignment'].team_id}/reminders"
    assert "Email is not set up" in text_of(browser.page(url))
    keys = [f"{crew['assignment'].briefing_id}-{crew[n].id}" for n in ("ann", "bob")]
    browser.submit(url, {"chosen": keys})
    assert "Email is not set up: the messages were written to the server's console." in text_of(
        browser.page(url)
    )
    assert capsys.readouterr().out.count("Subject: Reminder:") == 2


# Telling a team about a new briefing ----------------------------------------------------


def test_a_team_is_emailed_when_a_briefing_is_assigned_to_it(app, bank, team, make_user, mail):
    supervisor = make_user("supervisor", supervises=[team])
    members = [make_user(team=team) for _ in range(3)]
    db.session.add(User(email="nopass@example.org", name="No Password", team=team))
    db.session.commit()
    browser = reminder_page_for(app, supervisor)
    url = f"/teams/{team.id}/assign?briefing={SEED_SLUG}"
    due = date.today() + timedelta(days=10)
    form = {"teams": [str(team.id)], "due_on": [str(due.day), str(due.month), str(due.year)]}
    response = browser.submit(url, form)
    assert response.status_code == 302, text_of(html(response))
    assert sorted(r.recipients[0] for r in mail.received) == sorted(m.email for m in members)
    assert mail.received[0].subject == f"New briefing for your team: {SEED_TITLE}"
    # Moving the due date tells nobody again.
    later = due + timedelta(days=5)
    form["due_on"] = [str(later.day), str(later.month), str(later.year)]
    browser.submit(url, form)
    assert len(mail.received) == 3
