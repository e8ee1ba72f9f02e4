"""The completion record, where a practitioner lands after finishing a briefing, and the list
of their records are written out by hand as the journey's other pages are
(tests/app/test_page_markup.py says why). They must stay the markup of the macros they were
written with, whitespace aside: here each is rendered beside that page
(tests/app/pages_with_macros/records) from the same data; the record as its owner sees it,
as someone else does, and as its PDF."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from quiz.services.cpd_records import (
    BriefingCompletions,
    Completion,
    CompletionRecord,
    MeetingAttended,
    ThemeRecord,
)
from quiz.web.practice.forms import RetakeForm
from quiz.web.records.routes import _words
from tests.app.test_page_markup import both, normalised


def a_record(*, team: bool, meetings: int, weak: bool) -> CompletionRecord:
    themes = [
        # Before and after given: up, the same, down; one not given either side.
        ThemeRecord("Seeing <the> child's day", 2, 2, 2, 4),
        ThemeRecord("Supervision & challenge", 1, 2, 3, 3),
        ThemeRecord("Physical abuse", 0, 2, 5, 1),
        ThemeRecord("Agencies working together", 0, 0, None, None),
        ThemeRecord("Escalation", 1, 1, 3, None),
    ]
    attended = [
        MeetingAttended(date(2026, 2, 20), "Assessment <Team>", "Sam O'Neill"),
        MeetingAttended(date(2026, 2, 6), "Child & Family", ""),
    ]
    return CompletionRecord(
        attempt_id=7,
        person="Pat <b>O'Brien</b>",
        team="Assessment & Intervention" if team else "",
        agency="Test <Council>" if team else "",
        partnership="Example & Partnership",
        briefing_title="Joe & <his> family",
        briefing_slug="joe-aged-six",
        briefing_source="7-minute briefing on learning, shared by Example & Partnership",
        started_at=datetime(2026, 3, 3, 10, 0),
        submitted_at=datetime(2026, 3, 3, 10, 9),
        completed_at=datetime(2026, 3, 3, 10, 12),
        time_spent=timedelta(minutes=12),
        cpd_minutes=10,
        points=4,
        max_points=7,
        themes=themes,
        reflection="I will see the child <alone> & listen.",
        meetings=attended[:meetings],
        themes_below_pass_mark=("Physical abuse",) if weak else (),
    )


@pytest.mark.parametrize(
    ("team", "meetings", "weak", "csrf"),
    [(True, 0, True, True), (True, 1, False, True), (False, 2, True, False)],
)
@pytest.mark.parametrize(
    ("viewer_is_owner", "for_pdf"), [(True, False), (False, False), (True, True)]
)
def test_the_completion_record_is_the_macros_markup(
    app, viewer_is_owner, for_pdf, team, meetings, weak, csrf
):
    app.config["WTF_CSRF_ENABLED"] = csrf
    with app.test_request_context("/records/7"):
        context = {
            "record": a_record(team=team, meetings=meetings, weak=weak),
            "for_pdf": for_pdf,
            "viewer_is_owner": viewer_is_owner,
            "retake_form": RetakeForm(),
            **_words(),
        }
        ours, theirs = both(app, "records/record.html", context)
    assert normalised(ours) == normalised(theirs)
    assert ours.count('class="govuk-summary-list__row"') == 13
    assert ours.count('<tr class="govuk-table__row">') == 6
    assert ("govuk-back-link" in ours) == (viewer_is_owner and not for_pdf)
    assert ("Try every theme again" in ours) == (viewer_is_owner and not for_pdf)
    assert "&lt;the&gt;" in ours and "<b>" not in ours


def a_group(title: str, scores: list[tuple[int, int]]) -> BriefingCompletions:
    return BriefingCompletions(
        title,
        [
            Completion(10 + n, datetime(2026, 3, 2 + n, 9, 0), points, max_points)
            for n, (points, max_points) in enumerate(scores)
        ],
    )


@pytest.mark.parametrize("groups", [0, 1, 2])
def test_your_records_is_the_macros_markup(app, groups):
    briefings = [
        a_group("Joe & <his> family", [(5, 8), (8, 8), (6, 8)]),
        a_group("Child Q's story", [(3, 7)]),
    ][:groups]
    with app.test_request_context("/records/"):
        ours, theirs = both(app, "records/index.html", {"briefings": briefings})
    assert normalised(ours) == normalised(theirs)
    assert ours.count('<tr class="govuk-table__row">') == (1 + groups if groups else 0)
    assert "&lt;his&gt;" in ours or not groups
