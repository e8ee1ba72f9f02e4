"""A trainer, without JavaScript, reads the partnership's charts: completion over time, the
hardest themes, a briefing's themes by agency and confidence before and after; each picture
with its table beside it, and every page passes axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from quiz.extensions import db
from quiz.models import Team
from quiz.services.accounts import create_user
from tests.browser.conftest import LiveApp, Person, axe_check, sign_in
from tests.trend_partnership import known_partnership

TRAINER = Person("tom.trainer@example.org", "Tom Trainer")


def test_trainer_reads_the_charts_and_their_tables_without_javascript(browser, live_app: LiveApp):
    live = live_app
    with live.app.app_context():
        create_user(TRAINER.email, TRAINER.name, TRAINER.password, "trainer")
        known_partnership(db.session.query(Team).filter_by(name="Assessment Team").one())
        db.session.remove()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live, TRAINER)
        page.goto(live.url("/teams/partnership"))
        main = page.locator("main")
        main.get_by_role("link", name="Completion over time").click()
        page.wait_for_load_state()
        page.get_by_label("From").fill("2026-01-01")
        page.get_by_label("To").fill("2026-03-31")
        page.get_by_role("button", name="Show").click()
        page.wait_for_load_state()
        axe_check(page)
        chart = main.get_by_role(
            "img", name="Briefings completed each month, across the partnership"
        )
        expect(chart).to_be_visible()
        months = main.get_by_role("table", name="Completion by month")
        expect(months.locator("tbody tr")).to_have_count(3)
        expect(months.locator("tbody tr").nth(1)).to_contain_text(
            "12 of 25"
        )  # and the seed briefing, two more people

        page.get_by_role("link", name="Completion across the partnership").click()
        main.get_by_role("link", name="Learning themes across briefings").click()
        page.wait_for_load_state()
        axe_check(page)
        hardest = main.get_by_role("table", name="Themes across all briefings, hardest first")
        expect(hardest.locator("tbody tr").first).to_contain_text("Escalation")
        page.get_by_label("Briefing, for its themes by agency or team").select_option(
            label="Briefing learning"
        )
        page.get_by_role("button", name="Show").click()
        page.wait_for_load_state()
        axe_check(page)
        expect(main.locator("svg[role=img]")).to_have_count(2)
        heat = main.get_by_role("table", name="Share of answers right by theme and agency")
        expect(heat.locator("tbody tr").first).to_contain_text("Hidden (fewer than 5 people)")
        heat_picture = main.get_by_role("img", name=re.compile("by theme across agencies"))
        expect(heat_picture).to_contain_text("hidden")  # the few people's cells, in words
        confidence = main.get_by_role("table", name="Confidence before and after by theme")
        expect(confidence.locator("tbody tr").first).to_contain_text("4.4")

        # On a small phone the pictures scroll in their own regions, as wide tables do.
        page.set_viewport_size({"width": 320, "height": 640})
        widths = page.evaluate(
            "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        assert widths == {"scroll": 320, "inner": 320}, widths
        picture = main.get_by_role("region", name=re.compile("^Chart: Share of answers right"))
        assert picture.evaluate("el => el.scrollWidth > el.clientWidth"), "the chart fits after all"
        picture.focus()
        expect(picture).to_be_focused()
    finally:
        context.close()
