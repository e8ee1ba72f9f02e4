"""The "try again" pages, in a browser: the choice stays selected, and they pass axe."""

from __future__ import annotations

import sqlite3

from playwright.sync_api import Page, expect
from sqlalchemy import event

from quiz.extensions import db
from quiz.models import Briefing, User
from quiz.services import attempts
from quiz.web.busy import NOT_SAVED
from tests.browser.conftest import LiveApp, axe_check, sign_in


def _at_first_question(live_app: LiveApp) -> None:
    with live_app.app.app_context():
        user = db.session.query(User).filter_by(email=live_app.practitioner.email).one()
        briefing = db.session.query(Briefing).filter_by(slug=live_app.slug).one()
        attempt = attempts.start_or_resume(user, briefing)
        attempts.record_confidence(attempt, "before", {t.id: 3 for t in briefing.themes})
        db.session.commit()
        db.session.remove()


def _refuse_every_statement(*_args):
    raise sqlite3.OperationalError("database is locked")


def test_a_save_that_could_not_happen_keeps_the_choice_and_passes_axe(
    page: Page, live_app: LiveApp, monkeypatch
):
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT_MS", "150")
    with live_app.app.app_context():
        db.engine.dispose()  # connections from now on wait only 150 ms for the lock
        engine = db.engine
    _at_first_question(live_app)
    sign_in(page, live_app, live_app.practitioner)
    page.goto(live_app.url(f"/briefings/{live_app.slug}/questions/1"))
    choice = page.locator("input[name='answer']").nth(1)
    choice.check()

    other_writer = sqlite3.connect(engine.url.database, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")
    page.get_by_role("button", name="Save and continue").click()
    other_writer.execute("ROLLBACK")
    other_writer.close()
    expect(page.get_by_text(NOT_SAVED)).to_be_visible()
    expect(page.locator("input[name='answer']").nth(1)).to_be_checked()
    axe_check(page)

    event.listen(engine, "before_cursor_execute", _refuse_every_statement)
    try:
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Sorry, we could not save that just now"
        )
        axe_check(page)
    finally:
        event.remove(engine, "before_cursor_execute", _refuse_every_statement)
    page.get_by_role("button", name="Try again").click()
    expect(page).to_have_url(live_app.url(f"/briefings/{live_app.slug}/questions/2"))
