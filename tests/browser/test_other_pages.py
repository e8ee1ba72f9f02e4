"""Every page not already walked through in a journey passes axe, for the roles that see it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from quiz.extensions import db
from quiz.models import Briefing
from quiz.services.accounts import create_user
from tests.browser.conftest import LiveApp, Person, axe_check, sign_in

ADMIN = Person("ada.admin@example.org", "Ada Admin")
TRAINER = Person("tom.trainer@example.org", "Tom Trainer")


@pytest.fixture
def staff(live_app: LiveApp):
    with live_app.app.app_context():
        create_user(ADMIN.email, ADMIN.name, ADMIN.password, "admin")
        create_user(TRAINER.email, TRAINER.name, TRAINER.password, "trainer")
        db.session.commit()
        briefing = db.session.query(Briefing).filter_by(slug=live_app.slug).one()
        question = briefing.themes[0].questions[0]
        ids = {"question": question.id, "version": question.current_version.id}
        db.session.remove()
    return ids


def test_trainer_and_admin_pages_pass_axe(page: Page, live_app: LiveApp, staff):
    live_app.complete_briefing(live_app.practitioner)
    sign_in(page, live_app, TRAINER)
    slug = live_app.slug
    for path in (
        "/teams/",
        "/teams/partnership",
        "/authoring/",
        f"/authoring/briefings/{slug}",
        f"/authoring/briefings/{slug}/analysis",
        f"/authoring/briefings/{slug}/assign",
        f"/authoring/questions/{staff['question']}",
        f"/authoring/questions/{staff['question']}/edit",
        f"/authoring/versions/{staff['version']}/void",
        "/authoring/briefings/import",
    ):
        page.goto(live_app.url(path))
        assert page.title().endswith("Briefing Quiz"), path
        axe_check(page)
    # Opening every "Change the recurring themes" section shows its checkboxes to axe too.
    page.goto(live_app.url(f"/authoring/briefings/{slug}"))
    for summary in page.locator("details summary").all():
        summary.click()
    axe_check(page)

    page.context.clear_cookies()
    sign_in(page, live_app, ADMIN)
    page.goto(live_app.url("/admin/people"))
    axe_check(page)


def test_error_pages_pass_axe(page: Page, live_app: LiveApp):
    page.goto(live_app.url("/no-such-page"))
    assert "Page not found" in page.title()
    axe_check(page)
    sign_in(page, live_app, live_app.practitioner)
    page.goto(live_app.url("/admin/people"))
    assert "You cannot see this page" in page.title()
    axe_check(page)


def test_pages_run_their_scripts_under_the_content_security_policy(page: Page, live_app: LiveApp):
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    sign_in(page, live_app, live_app.practitioner)
    for path in ("/", f"/briefings/{live_app.slug}", "/no-such-page"):
        page.goto(live_app.url(path))
        # The template's inline script (it carries the nonce) and GOV.UK Frontend's module ran.
        classes = page.evaluate("document.body.className").split()
        assert {"js-enabled", "govuk-frontend-supported"} <= set(classes), path
        assert page.locator("[data-govuk-skip-link-init]").count() == 1, path
    assert blocked == []
