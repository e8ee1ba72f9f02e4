"""A supervisor reads the team report and downloads it, in a real browser."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp, axe_check, sign_in
from tests.seed import SEED_TITLE as BRIEFING_TITLE


def test_supervisor_sees_who_has_completed_and_downloads_the_csv(page: Page, live_app: LiveApp):
    live = live_app
    # One of the team's two practitioners finishes; the other has not started.
    score, max_score = live.complete_briefing(live.practitioner)
    completed_on = datetime.now(UTC).date()  # completion times are stored in UTC
    assert score == max_score > 0

    sign_in(page, live, live.supervisor)
    axe_check(page)
    nav = page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link", name="Your briefings")).to_have_count(0)
    nav.get_by_role("link", name="Team reports").click()
    page.wait_for_url(live.url("/teams/"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Team reports")

    page.get_by_role("link", name="Assessment Team").click()
    page.wait_for_url(re.compile(re.escape(live.url("/teams/")) + r"\d+$"))
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment Team")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=2).first).to_have_text(BRIEFING_TITLE)
    expect(main).to_contain_text("50% complete (1 of 2 people)")

    table = main.get_by_role("table", name=f"Who has completed {BRIEFING_TITLE}")
    done = table.get_by_role("row").filter(has_text=live.practitioner.name)
    expect(done.get_by_role("cell")).to_have_text(
        [
            "Completed",
            f"{score} of {max_score} (100%)",
            completed_on.strftime("%-d %B %Y"),
        ]
    )
    waiting = table.get_by_role("row").filter(has_text=live.colleague.name)
    expect(waiting.get_by_role("cell")).to_have_text(["Not started", "–", "–"])

    with page.expect_download() as download_info:
        main.get_by_role("link", name="Download this report as a spreadsheet (CSV)").click()
    download = download_info.value
    assert re.fullmatch(r"team-report-\d+-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), newline="", encoding="utf-8") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    assert set(rows) == {live.practitioner.name, live.colleague.name}
    mine = rows[live.practitioner.name]
    assert mine["Email"] == live.practitioner.email
    assert mine["Briefing"] == BRIEFING_TITLE
    assert mine["Status"] == "Completed"
    assert (mine["Score"], mine["Out of"], mine["Score %"]) == (str(score), str(max_score), "100")
    assert mine["Completed on"] == completed_on.isoformat()
    assert rows[live.colleague.name]["Status"] == "Not started"

    # On a small phone the table scrolls inside a named, focusable region, not the page.
    page.set_viewport_size({"width": 320, "height": 640})
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths == {"scroll": 320, "inner": 320}, widths
    region = main.get_by_role("region", name=f"Who has completed {BRIEFING_TITLE}")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the table fits after all"
    back_link = page.get_by_role("link", name="Team reports").last
    back_link.focus()
    page.keyboard.press("Tab")
    expect(region).to_be_focused()
    axe_check(page)
