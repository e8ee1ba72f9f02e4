"""A team meeting in real browsers: the supervisor presents the seed briefing, three members
answer on their phones (one without JavaScript), the spread shows from three answers only,
someone of another team cannot join, and the meeting log is filled in afterwards."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from quiz.extensions import db
from quiz.models import Agency, Team
from quiz.services.accounts import create_user
from tests.browser.conftest import LiveApp, Person, axe_check, sign_in
from tests.seed import SEED_TITLE

THIRD = Person("tam.third@example.org", "Tam Third")
OUTSIDER = Person("olu.outsider@example.org", "Olu Outsider")
PHONE = {"width": 375, "height": 740}


def add_people(live: LiveApp) -> int:
    """A third member of the team and someone in another team; returns the team's id."""
    with live.app.app_context():
        team = db.session.query(Team).filter_by(name="Assessment Team").one()
        create_user(THIRD.email, THIRD.name, THIRD.password, "practitioner", team=team)
        other = Team(name="Early Help Team", agency=Agency(name="Other Council"))
        db.session.add(other)
        db.session.flush()
        create_user(OUTSIDER.email, OUTSIDER.name, OUTSIDER.password, "practitioner", team=other)
        db.session.commit()
        team_id = team.id
        db.session.remove()
    return team_id


def phone(browser, live: LiveApp, person: Person, javascript: bool = True) -> Page:
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, live, person)
    return page


def join(page: Page, live: LiveApp, code: str) -> None:
    toggle = page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible():  # on a phone with JavaScript the menu folds behind a button
        toggle.click()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Join a meeting").click()
    page.wait_for_url(live.url("/join"))
    axe_check(page)
    page.get_by_label("Meeting code").fill(code.lower())
    page.get_by_role("button", name="Join the meeting").click()


def press(presenter: Page, name: str) -> None:
    with presenter.expect_navigation():
        presenter.get_by_role("button", name=name, exact=True).click()


def answer_first_option(page: Page) -> None:
    page.locator("input[name=answer]").first.check()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("(Send|Change) my answer")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your answer is saved"
    )


def refresh(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Refresh").click()


def test_a_team_meeting_from_start_to_log(page: Page, live_app: LiveApp, browser):
    live = live_app
    team_id = add_people(live)

    # The supervisor starts a meeting for the seed briefing from the team's meetings page.
    sign_in(page, live, live.supervisor)
    page.goto(live.url(f"/teams/{team_id}/meetings"))
    axe_check(page)
    page.get_by_label(SEED_TITLE).first.check()
    press(page, "Start the meeting")
    presenter = page
    axe_check(presenter)
    code = presenter.locator(".app-join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    expect(presenter.locator("main")).to_contain_text(live.url("/join"))
    expect(presenter.locator(".app-qr-code")).to_be_visible()

    # Three members join from three phones; one phone has JavaScript off.
    phones = [
        phone(browser, live, live.practitioner),
        phone(browser, live, live.colleague),
        phone(browser, live, THIRD, javascript=False),
    ]
    for member in phones:
        join(member, live, code)
        expect(member.get_by_text("The presenter is going through the briefing")).to_be_visible()
        axe_check(member)
    expect(presenter.locator("#joined-count")).to_have_text("3 joined")  # polled, not reloaded

    # Someone of another team has the code but cannot join.
    outsider = phone(browser, live, OUTSIDER)
    join(outsider, live, code)
    expect(outsider.locator(".govuk-error-summary")).to_contain_text(
        "This meeting is for Assessment Team only"
    )

    # Through the briefing, section by section, with the keyboard, to the first question.
    for _ in range(30):
        if "Question 1 of" in presenter.locator("main").inner_text():
            break
        with presenter.expect_navigation():
            presenter.keyboard.press("PageDown")
    expect(presenter.locator("main")).to_contain_text("Question 1 of")
    axe_check(presenter)

    # Phones with JavaScript follow by themselves; the other one refreshes.
    for member in phones[:2]:
        expect(member.locator("input[name=answer]").first).to_be_attached(timeout=10_000)
    refresh(phones[2])
    axe_check(phones[2])

    # Two answers: the count shows, the spread stays hidden.
    answer_first_option(phones[0])
    answer_first_option(phones[2])
    expect(presenter.locator("#answered-count")).to_have_text("2 have answered", timeout=10_000)
    press(presenter, "Show how the team answered")
    main = presenter.locator("main")
    expect(main).to_contain_text("The spread stays hidden")
    expect(main.locator("svg[role=img].app-chart")).to_have_count(0)
    expect(main).to_contain_text("Feedback on each answer")
    press(presenter, "Hide the answers")

    # The third answer: now the spread of three shows, as a picture and as a table.
    expect(phones[1].locator("input[name=answer]").first).to_be_attached(timeout=10_000)
    answer_first_option(phones[1])
    expect(presenter.locator("#answered-count")).to_have_text("3 have answered", timeout=10_000)
    press(presenter, "Show how the team answered")
    chart = main.get_by_role("img", name="How the team answered question 1")
    expect(chart).to_be_visible()
    expect(main.get_by_role("table", name="How the team answered question 1")).to_contain_text("3")
    for person in (live.practitioner, live.colleague, THIRD):
        expect(main).not_to_contain_text(person.name)
    axe_check(presenter)
    refresh(phones[2])
    expect(phones[2].locator("main")).to_contain_text("You answered A")
    axe_check(phones[2])

    # The second scenario: all three answer, the presenter reveals a spread of three.
    press(presenter, "Next")
    expect(presenter.locator("main")).to_contain_text("Question 2 of")
    refresh(phones[2])
    for member in phones:
        # Wait for the new question itself: the last one's page also has answer buttons
        # (to change it), and a phone with JavaScript reloads when the screen moves on.
        expect(member.locator("main")).to_contain_text("Question 2 of", timeout=10_000)
        expect(member.locator("input[name=answer]").first).to_be_attached(timeout=10_000)
        answer_first_option(member)
    expect(presenter.locator("#answered-count")).to_have_text("3 have answered", timeout=10_000)
    press(presenter, "Show how the team answered")
    expect(main.get_by_role("img", name="How the team answered question 2")).to_be_visible()

    # Ending the meeting opens its log, filled in; the code stops working.
    press(presenter, "End the meeting")
    expect(presenter.get_by_role("heading", level=1)).to_have_text("Team meeting log")
    axe_check(presenter)
    log = presenter.locator("main")
    expect(log).to_contain_text(live.supervisor.name)
    for person in (live.practitioner, live.colleague, THIRD):
        expect(log.get_by_label(person.name)).to_be_checked()
    expect(log.get_by_role("img", name="How the team answered question 1")).to_be_visible()
    expect(log.get_by_role("img", name="How the team answered question 2")).to_be_visible()
    presenter.get_by_label("What are our key thoughts about this briefing?").fill(
        "Listen to what the child shows as well as says."
    )
    presenter.get_by_label("What will be done").first.fill("Add the child's voice to handovers")
    presenter.get_by_label("Who will do it").first.select_option(label=live.colleague.name)
    press(presenter, "Save the meeting log")
    expect(presenter.locator(".govuk-notification-banner--success")).to_contain_text(
        "The meeting log is saved"
    )
    refresh(phones[2])
    expect(phones[2].get_by_role("heading", level=1)).to_have_text("The meeting has ended")
    late = phone(browser, live, OUTSIDER)
    join(late, live, code)
    expect(late.locator(".govuk-error-summary")).to_contain_text("That meeting has ended")
