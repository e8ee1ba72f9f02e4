"""The import review shows every section, and the trainer settles which one lists the themes."""

import io

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Briefing
from quiz.services.briefing_import import names_the_themes
from tests.app.journey import error_summary
from tests.app.test_import_briefing import LINES, _review_form, _save
from tests.conftest import html, text_of

FINDINGS_THEN_LEARNING = """\
7-minute briefing: Child T

1 Background

Child T, aged two, was admitted to hospital with a fractured arm.

4 What the review found

Agencies held pieces of the picture. The health visitor saw bruising that was not shared.

5 Key learning

- Share information about injuries with every agency involved
- Ask who else lives in the home

6 Questions

- Who do you tell when you see a bruise?
"""

NO_THEMES = """\
Review briefing: Baby K

What happened

Baby K was taken to hospital with a head injury at nine weeks old. Nobody asked about the father.

Why it matters

Fathers must be part of every assessment. The health visitor should ask who lives at home.

- Every bruise on a baby needs a same-day response
- Records of men in the household must be checked

Questions

- Who lives in the home?
"""


def _review(trainer, text):
    response = trainer.submit("/authoring/briefings/import", {"pasted": text})
    assert response.status_code == 200
    return response


def _fields(response) -> dict:
    fields = _review_form(response)
    form = html(response).find("form", attrs={"action": "/authoring/briefings/import/save"})
    for field in form.find_all("input", attrs={"type": "text"}):
        if field["name"].startswith("heading-"):
            fields[field["name"]] = field["value"]
    checked = form.find("input", attrs={"name": "themes_section", "checked": True})
    fields["themes_section"] = checked["value"]
    return fields


def test_a_findings_section_keeps_its_text_and_the_learning_section_lists_the_themes(login_as):
    trainer, _ = login_as("trainer")
    response = _review(trainer, FINDINGS_THEN_LEARNING)
    page = text_of(html(response))
    # Every section's heading and text is on the page.
    assert "Agencies held pieces of the picture." in page
    assert "Child T, aged two, was admitted" in page
    fields = _fields(response)
    assert fields["heading-1"] == "What the review found"
    assert fields["themes_section"] == "2"  # "Key learning", not "What the review found"
    assert _save(trainer, fields).status_code == 302
    briefing = db.session.scalar(select(Briefing))
    by_heading = {s.heading: s for s in briefing.sections}
    assert not by_heading["What the review found"].is_themes
    assert "pieces of the picture" in by_heading["What the review found"].text
    assert by_heading["Key learning"].is_themes


def test_the_trainer_chooses_no_themes_section_and_fixes_a_heading(login_as):
    trainer, _ = login_as("trainer")
    fields = _fields(_review(trainer, FINDINGS_THEN_LEARNING))
    fields |= {"themes_section": "none", "heading-3": "Questions for your team"}
    assert _save(trainer, fields).status_code == 302
    briefing = db.session.scalar(select(Briefing))
    assert not any(s.is_themes for s in briefing.sections)
    assert "Questions for your team" in [s.heading for s in briefing.sections]


def test_an_empty_heading_is_named_and_nothing_is_saved(login_as):
    trainer, _ = login_as("trainer")
    fields = _fields(_review(trainer, FINDINGS_THEN_LEARNING))
    response = _save(trainer, {**fields, "heading-1": "  "})
    assert response.status_code == 200
    assert "Enter a heading for section 2" in error_summary(response)
    assert html(response).find("a", attrs={"href": "#heading-1"}) is not None
    assert db.session.scalar(select(func.count(Briefing.id))) == 0
    # The sections are still shown, with the trainer's choices.
    assert "Agencies held pieces of the picture." in text_of(html(response))
    response = _save(trainer, {**fields, "themes_section": "9"})
    assert "Choose one of the sections, or none of them" in error_summary(response)


def test_without_a_themes_section_the_trainer_ticks_suggested_themes(login_as):
    trainer, _ = login_as("trainer")
    response = _review(trainer, NO_THEMES)
    page = html(response)
    boxes = [b["value"] for b in page.find_all("input", attrs={"name": "candidate"})]
    assert "Every bruise on a baby needs a same-day response" in boxes
    assert "Fathers must be part of every assessment." in boxes
    assert "Who lives in the home?" not in boxes  # a question for reflection is not a theme
    fields = _fields(response)
    assert fields["themes"].strip() == ""
    fields["candidate"] = [
        "Every bruise on a baby needs a same-day response",
        "Fathers must be part of every assessment.",
    ]
    assert _save(trainer, fields).status_code == 302
    briefing = db.session.scalar(select(Briefing))
    assert [t.text for t in briefing.themes] == fields["candidate"]


def test_nothing_typed_or_ticked_asks_for_a_theme(login_as):
    trainer, _ = login_as("trainer")
    fields = _fields(_review(trainer, NO_THEMES))
    response = _save(trainer, fields)
    assert "Enter at least one learning theme" in error_summary(response)


def test_a_file_and_pasted_text_together_say_which_was_used(login_as):
    trainer, _ = login_as("trainer")
    response = trainer.submit(
        "/authoring/briefings/import",
        {"upload": (io.BytesIO("\n".join(LINES).encode()), "baby-b.txt"), "pasted": NO_THEMES},
        content_type="multipart/form-data",
    )
    assert "We used the file you uploaded (baby-b.txt), not the text you pasted" in text_of(
        html(response)
    )
    assert "Records were not shared" in _review_form(response)["themes"]


def test_which_headings_name_the_themes():
    assert names_the_themes("Key learning")
    assert names_the_themes("Learning themes")
    assert not names_the_themes("What the review found")
    assert not names_the_themes("Findings")
    assert not names_the_themes("Key findings")
    assert not names_the_themes("Background")
