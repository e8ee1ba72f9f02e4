"""Trainers import a briefing, correct its themes, and publish it once every theme is covered."""

import io

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Briefing, BriefingStatus, Question
from tests.app.journey import error_summary
from tests.app.test_authoring import _question_form
from tests.conftest import html, text_of
from tests.documents import make_docx, make_image_only_pdf, make_pdf
from tests.seed import SEED_SLUG

LINES = [
    "7-minute briefing: Baby B",
    "",
    "02 Key learning themes",
    "",
    "- Bruising in a non-mobile baby needs a same-day response",
    "- Practitioners did not speak to the father",
    "- Records were not shared",
    "",
    "01 Background",
    "",
    "A four-month-old baby was seen with a bruise on the cheek.",
]


def _upload(trainer, name, data):
    return trainer.submit(
        "/authoring/briefings/import",
        {"upload": (io.BytesIO(data), name), "pasted": ""},
        content_type="multipart/form-data",
    )


def _review_form(response) -> dict:
    page = html(response)
    form = page.find("form", attrs={"action": "/authoring/briefings/import/save"})
    assert form is not None, text_of(page)[:500]
    return {
        "title": form.find("input", attrs={"name": "title"})["value"],
        "slug": form.find("input", attrs={"name": "slug"})["value"],
        "themes": form.find("textarea", attrs={"name": "themes"}).get_text(),
        "source_text": form.find("input", attrs={"name": "source_text"})["value"],
    }


def _save(trainer, fields):
    return trainer.submit(
        "/authoring/briefings/import/save", fields, form_url="/authoring/briefings/import"
    )


def test_pasted_briefing_is_shown_for_checking_and_nothing_is_saved_yet(login_as):
    trainer, _ = login_as("trainer")
    response = trainer.submit("/authoring/briefings/import", {"pasted": "\n".join(LINES)})
    assert response.status_code == 200
    fields = _review_form(response)
    assert fields["title"] == "7-minute briefing: Baby B"
    assert fields["slug"] == "7-minute-briefing-baby-b"
    assert fields["themes"].strip().splitlines() == [
        "Bruising in a non-mobile baby needs a same-day response",
        "Practitioners did not speak to the father",
        "Records were not shared",
    ]
    assert "We found 2 sections and 3 learning themes" in text_of(html(response))
    assert db.session.scalar(select(func.count(Briefing.id))) == 0


def test_trainer_fixes_themes_and_saves_a_draft(login_as):
    trainer, _ = login_as("trainer")
    fields = _review_form(
        trainer.submit("/authoring/briefings/import", {"pasted": "\n".join(LINES)})
    )
    # Merge the last two themes and rename the first.
    fields["themes"] = (
        "A bruise on a baby who cannot move about needs a same-day response\n"
        "Practitioners did not speak to the father, and records were not shared\n"
    )
    fields["title"] = "Baby B: bruising"
    response = _save(trainer, fields)
    assert response.status_code == 302
    briefing = db.session.scalar(select(Briefing))
    assert briefing.status == BriefingStatus.DRAFT
    assert briefing.title == "Baby B: bruising"
    assert [t.text for t in briefing.themes] == fields["themes"].strip().splitlines()
    assert [s.number for s in briefing.sections] == ["02", "01"]
    page = text_of(trainer.page(response.headers["Location"]))
    assert "2 more needed" in page


def test_word_and_pdf_uploads_are_read(login_as):
    trainer, _ = login_as("trainer")
    docx = make_docx(
        [
            ("Title", "7-minute briefing: Baby B"),
            ("Heading 1", "02 Key learning themes"),
            ("List Bullet", "Bruising in a non-mobile baby needs a same-day response"),
            ("List Bullet", "Practitioners did not speak to the father"),
        ]
    )
    assert (
        "Practitioners did not speak to the father"
        in _review_form(_upload(trainer, "baby-b.docx", docx))["themes"]
    )
    pdf = _review_form(_upload(trainer, "baby-b.pdf", make_pdf(LINES)))
    assert "Records were not shared" in pdf["themes"]


def test_scanned_pdf_gets_a_clear_message(login_as):
    trainer, _ = login_as("trainer")
    response = _upload(trainer, "scan.pdf", make_image_only_pdf())
    assert response.status_code == 200
    assert "scan.pdf has no text layer" in error_summary(response)


def test_nothing_to_import_is_explained(login_as):
    trainer, _ = login_as("trainer")
    response = trainer.submit("/authoring/briefings/import", {"pasted": "   "})
    assert "Paste the briefing's text or choose a file" in error_summary(response)


def test_briefing_without_themes_lets_the_trainer_type_them(login_as):
    trainer, _ = login_as("trainer")
    response = trainer.submit(
        "/authoring/briefings/import", {"pasted": "A briefing\n\nSome prose about a review."}
    )
    page = text_of(html(response))
    assert "No learning themes found" in page
    fields = _review_form(response)
    fields["themes"] = "Escalation when a referral is closed"
    assert _save(trainer, fields).status_code == 302
    briefing = db.session.scalar(select(Briefing))
    assert briefing.sections[0].text == "A briefing\n\nSome prose about a review."


def test_bad_review_input_is_named_and_nothing_is_saved(login_as, bank):
    trainer, _ = login_as("trainer")
    fields = _review_form(
        trainer.submit("/authoring/briefings/import", {"pasted": "\n".join(LINES)})
    )
    for change, message in [
        ({"themes": ""}, "Enter at least one learning theme"),
        ({"themes": "Same\nSame"}, "Two learning themes are the same"),
        ({"slug": "Not A Slug"}, "lowercase letters, numbers and hyphens"),
        ({"slug": SEED_SLUG}, "already uses the short name"),
        ({"title": ""}, "Enter the briefing's title"),
    ]:
        response = _save(trainer, {**fields, **change})
        assert response.status_code == 200
        assert message in error_summary(response), change
    assert db.session.scalar(select(func.count(Briefing.id))) == 1


def test_draft_briefing_publishes_only_when_every_theme_is_covered(login_as):
    trainer, _ = login_as("trainer")
    fields = _review_form(
        trainer.submit("/authoring/briefings/import", {"pasted": "\n".join(LINES)})
    )
    fields["themes"] = "Only theme"
    _save(trainer, fields)
    briefing = db.session.scalar(select(Briefing))
    page_url = f"/authoring/briefings/{briefing.slug}"
    publish_url = f"/authoring/briefings/{briefing.slug}/publish"
    theme = briefing.themes[0]

    def add_and_publish():
        response = trainer.submit(f"/authoring/themes/{theme.id}/questions/new", _question_form())
        question_url = response.headers["Location"]
        question_id = int(question_url.rsplit("/", 1)[1])
        trainer.submit(f"/authoring/questions/{question_id}/publish", form_url=question_url)

    add_and_publish()
    # The button is not offered yet, and a forced POST is refused with the reason.
    assert "Publish this briefing" not in text_of(trainer.page(page_url))
    trainer.submit(publish_url, form_url=page_url)
    assert "theme 1 needs 1 more" in text_of(trainer.page(page_url))
    assert db.session.get(Briefing, briefing.id).status == BriefingStatus.DRAFT
    add_and_publish()
    assert "Publish this briefing" in text_of(trainer.page(page_url))
    trainer.submit(publish_url, form_url=page_url)
    assert db.session.get(Briefing, briefing.id).status == BriefingStatus.PUBLISHED
    assert db.session.scalar(select(func.count(Question.id))) == 2


def test_saved_themes_are_tagged_and_get_draft_questions(login_as):
    from quiz.models import QuestionStatus

    trainer, _ = login_as("trainer")
    fields = _review_form(
        trainer.submit("/authoring/briefings/import", {"pasted": "\n".join(LINES)})
    )
    fields["themes"] = (
        "Bruising in a non-mobile baby needs a same-day response\n"
        "The importance of the new IT system\n"
    )
    response = _save(trainer, fields)
    briefing = db.session.scalar(select(Briefing))
    bruising, unmatched = briefing.themes
    assert "non-mobile-bruising" in bruising.library_ids
    assert unmatched.library_ids == []
    drafts = bruising.questions
    assert drafts and all(q.status == QuestionStatus.DRAFT for q in drafts)
    assert all(len(q.current_version.options) == 4 for q in drafts)
    assert unmatched.questions == []
    page = text_of(trainer.page(response.headers["Location"]))
    assert "matched no theme in the library" in page
    # Drafts count as drafts, not towards coverage.
    assert "2 more needed" in page


def test_trainer_changes_a_themes_tags(login_as):
    trainer, _ = login_as("trainer")
    fields = _review_form(
        trainer.submit("/authoring/briefings/import", {"pasted": "\n".join(LINES)})
    )
    _save(trainer, fields)
    briefing = db.session.scalar(select(Briefing))
    theme = briefing.themes[1]
    page_url = f"/authoring/briefings/{briefing.slug}"
    trainer.submit(
        f"/authoring/themes/{theme.id}/tags",
        {"tags": ["hidden-men", "not-a-library-theme"]},
        form_url=page_url,
    )
    db.session.expire_all()
    assert theme.library_ids == ["hidden-men"]
