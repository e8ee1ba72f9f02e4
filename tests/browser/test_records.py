"""A practitioner keeps their completion record: finds it, prints it, downloads the PDF."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveApp, axe_check, sign_in
from tests.seed import SEED_DRAWN_COUNT
from tests.seed import SEED_TITLE as BRIEFING_TITLE


def open_record(page: Page, live: LiveApp) -> None:
    """From any page: the menu's "Your records", then the briefing's record."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your records").click()
    page.wait_for_url(live.url("/records/"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your records")
    row = page.get_by_role("row").filter(has_text=BRIEFING_TITLE)
    expect(row).to_contain_text(f"{SEED_DRAWN_COUNT} of {SEED_DRAWN_COUNT} (100%)")
    row.get_by_role("link", name=re.compile("^Record of")).click()
    page.wait_for_url(re.compile(re.escape(live.url("/records/")) + r"\d+$"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(BRIEFING_TITLE)


def test_practitioner_prints_and_downloads_their_record(page: Page, live_app: LiveApp):
    live = live_app
    live.complete_briefing(live.practitioner)
    sign_in(page, live, live.practitioner)
    open_record(page, live)

    # On a small phone the page does not scroll sideways: the table scrolls in its own box.
    page.set_viewport_size({"width": 320, "height": 640})
    fits = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    assert page.evaluate(fits), "the record is wider than a small phone"
    axe_check(page)
    page.set_viewport_size({"width": 1280, "height": 720})

    # With JavaScript the print button shows and opens the browser's printing.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print this record").click()
    assert page.evaluate("window.printed") is True

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as PDF").click()
    download = download_info.value
    name = download.suggested_filename
    assert re.fullmatch(r"cpd-record-joe-aged-six-\d{4}-\d\d-\d\d\.pdf", name), name
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_the_printed_record_has_no_banners_buttons_or_focus_outline(page: Page, live_app: LiveApp):
    live = live_app
    live.complete_briefing(live.practitioner)
    sign_in(page, live, live.practitioner)
    open_record(page, live)
    # Pressing Tab to the button leaves a focus style; printing must not show it.
    download = page.get_by_role("button", name="Download as PDF")
    download.focus()
    page.emulate_media(media="print")
    for hidden in ("header", "footer", ".govuk-service-navigation", ".govuk-button"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    reflection = page.locator(".app-reflection")
    expect(reflection).to_be_visible()
    focused = page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return [style.outlineStyle, style.boxShadow];
        }"""
    )
    assert focused in (["none", "none"], ["none", ""]), focused


def test_records_work_without_javascript(browser: Browser, live_app: LiveApp):
    live = live_app
    live.complete_briefing(live.practitioner)
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    try:
        sign_in(page, live, live.practitioner)
        open_record(page, live)
        # Printing needs JavaScript: its button stays hidden, and the PDF does the job.
        expect(page.get_by_role("button", name="Print this record")).to_be_hidden()
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download as PDF").click()
        assert download_info.value.suggested_filename.endswith(".pdf")
    finally:
        context.close()
