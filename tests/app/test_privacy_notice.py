"""Beside every box where people type freely: do not identify a child, family or colleague."""

from __future__ import annotations

from tests.app import journey
from tests.app.test_access_matrix import address, browser_for, routes, world  # noqa: F401
from tests.conftest import html
from tests.seed import SEED_DRAWN_COUNT, SEED_SLUG

NOTICE = "Do not enter names or details that could identify a child, family or colleague."


def assert_every_textarea_has_the_notice(response, where: str) -> int:
    page = html(response)
    textareas = page.find_all("textarea")
    for textarea in textareas:
        # Before the box in its form, so it is read (and heard) before anything is typed.
        notice = textarea.find_previous(class_="app-privacy-notice")
        assert notice is not None, f"{where}: no notice before {textarea['name']}"
        assert notice.get_text(" ").strip() == NOTICE
        assert notice.find_parent("form") is textarea.find_parent("form"), where
        # And read out with the box, by a screen reader on the box itself.
        described_by = textarea.get("aria-describedby", "").split()
        assert notice["id"] in described_by, f"{where}: {textarea['name']} not described by it"
    return len(textareas)


def test_every_page_with_a_free_text_box_carries_the_notice(world):  # noqa: F811
    """Every page in the app, opened by each kind of person who can open it."""
    app, people, values = world
    pages_with_boxes = set()
    for role in ("practitioner", "supervisor", "trainer", "admin"):
        browser = browser_for(app, people, role)
        for endpoint, method in routes(app):
            if method != "GET" or endpoint == "static":
                continue
            response = browser.get(address(app, endpoint, values))
            if response.mimetype != "text/html":
                continue  # a download (CSV, PDF, JSON) has no boxes
            if response.status_code == 200 and assert_every_textarea_has_the_notice(
                response, endpoint
            ):
                pages_with_boxes.add(endpoint)
    # The walk must reach the pages known to have boxes, or it proves nothing.
    assert {
        "authoring.new_question",
        "authoring.edit_question",
        "authoring.import_briefing",
        "authoring.void",
        "meetings.log",
    } <= pages_with_boxes


def test_the_reflection_and_the_theme_review_carry_the_notice(app, login_as, assigned, bank):
    """The two boxes reached only after a step: the reflection and an import's themes."""
    client, _ = login_as("practitioner")
    journey.start(client, SEED_SLUG)
    journey.rate(client, SEED_SLUG, bank.themes)
    journey.answer_all(client, SEED_SLUG, SEED_DRAWN_COUNT)
    client.submit(f"/briefings/{SEED_SLUG}/check", form_url=f"/briefings/{SEED_SLUG}/check")
    reflect = client.get(f"/briefings/{SEED_SLUG}/reflect")
    assert reflect.status_code == 200
    assert assert_every_textarea_has_the_notice(reflect, "reflect") == 1

    trainer, _ = login_as("trainer")
    review = trainer.submit(
        "/authoring/briefings/import",
        {
            "pasted": "A briefing\n\n1. Learning themes\n\n"
            "- Listen to the child\n- Share information"
        },
    )
    assert review.status_code == 200
    assert assert_every_textarea_has_the_notice(review, "review import") >= 1
