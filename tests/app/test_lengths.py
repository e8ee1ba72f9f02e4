"""The app enforces every text's length before saving; the database is not asked to.

SQLite stores 200,000 characters in a 2,000-character column without a word, and PostgreSQL
answers a Text column's flood with a full disk: the limits live in the app.
"""

import pytest
from sqlalchemy import func, select

from quiz.briefings.limits import MAX_CHARACTERS as MAX_SOURCE_TEXT
from quiz.extensions import db
from quiz.models import AuditEvent, Briefing, Question, Reflection, VoidedVersion
from quiz.question import QuestionContent, lettered, problems
from quiz.services.briefing_import import save_import
from quiz.services.content import ContentError, create_draft, void_version
from tests.app.journey import answer_all, error_summary, rate, start
from tests.app.test_authoring import _question_form
from tests.app.test_import_briefing import LINES, _review_form, _save
from tests.seed import SEED_DRAWN_COUNT

FLOOD = "x" * 200_000


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_200000_character_void_reason_is_refused_and_nothing_stored(login_as, bank):
    version = bank.themes[0].questions[0].current_version
    trainer, _ = login_as("trainer")
    response = trainer.submit(f"/authoring/versions/{version.id}/void", {"reason": FLOOD})
    assert response.status_code == 200
    assert "Keep the reason to 2,000 characters or fewer" in error_summary(response)
    assert count(VoidedVersion) == 0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "version.void")) is None


def test_the_void_service_refuses_a_long_reason_whoever_calls_it(bank, make_user):
    version = bank.themes[0].questions[0].current_version
    with pytest.raises(ContentError, match="2,000 characters"):
        void_version(version, "y" * 2001, make_user("trainer"))
    db.session.rollback()
    assert count(VoidedVersion) == 0


def test_a_reason_of_the_longest_length_is_kept_whole_and_its_audit_fits(bank, make_user):
    version = bank.themes[0].questions[0].current_version
    reason = "why " * 500  # 2,000 characters
    void_version(version, reason, make_user("trainer"))
    db.session.commit()
    assert db.session.scalar(select(VoidedVersion.reason)) == reason.strip()
    detail = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "version.void"))
    assert len(detail) <= AuditEvent.__table__.c.detail.type.length


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("role", "Keep the role to 100 characters or fewer"),
        ("scenario", "Keep the scenario to 3,000 characters or fewer"),
        ("prompt", "Keep the question to 500 characters or fewer"),
        ("option_a", "Keep option A to 1,000 characters or fewer"),
        ("feedback_b", "Keep the feedback on option B to 1,000 characters or fewer"),
    ],
)
def test_question_fields_past_their_length_are_refused(login_as, bank, field, message):
    trainer, _ = login_as("trainer")
    before = count(Question)
    url = f"/authoring/themes/{bank.themes[0].id}/questions/new"
    response = trainer.submit(url, _question_form(**{field: FLOOD}))
    assert response.status_code == 200
    assert message in error_summary(response)
    assert count(Question) == before


def _content(**fields) -> QuestionContent:
    options = lettered([("Do this", True, "Right."), ("Do that", False, "Not right.")])
    return QuestionContent(
        **{
            "kind": "single",
            "role": "GP",
            "scenario": "You are a GP.",
            "prompt": "What now?",
            "options": options,
            **fields,
        }
    )


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (_content(role="r" * 101), "role"),
        (_content(scenario="s" * 3001), "scenario"),
        (_content(prompt="p" * 501), "prompt"),
        (_content(options=lettered([("t" * 1001, True, "ok"), ("b", False, "ok")])), "option"),
        (_content(options=lettered([("a", True, "f" * 1001), ("b", False, "ok")])), "option"),
    ],
)
def test_the_question_rules_limit_every_text(content, field):
    found = problems(content)
    assert [p.field for p in found] == [field]
    assert "characters or fewer" in found[0].message


def test_a_long_question_from_any_source_is_refused_by_the_service(bank, make_user):
    # GIFT imports, the bank loader and drafts all go through the same rules.
    with pytest.raises(ContentError, match="3,000 characters"):
        create_draft(bank.themes[0], _content(scenario=FLOOD), make_user("trainer"))


def test_a_200000_character_reflection_is_refused_and_nothing_stored(login_as, assigned):
    client, _ = login_as("practitioner")
    briefing = assigned.briefing
    start(client, briefing.slug)
    rate(client, briefing.slug, briefing.themes)
    answer_all(client, briefing.slug, SEED_DRAWN_COUNT)
    client.submit(f"/briefings/{briefing.slug}/check")
    response = client.submit(
        f"/briefings/{briefing.slug}/reflect",
        {**{f"theme_{t.id}": "4" for t in briefing.themes}, "reflection": FLOOD},
    )
    assert response.status_code == 200
    assert "Keep your reflection under 2,000 characters" in error_summary(response)
    assert count(Reflection) == 0


def test_a_pasted_briefing_past_the_limit_is_refused_before_reading(login_as):
    trainer, _ = login_as("trainer")
    pasted = "\n".join(LINES) + "\n" + "y" * MAX_SOURCE_TEXT
    response = trainer.submit("/authoring/briefings/import", {"pasted": pasted})
    assert response.status_code == 200
    assert "200,000 characters" in error_summary(response)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "T" * 301, "Keep the title to 300 characters or fewer"),
        ("themes", "A theme\n" * 2000, "Keep the learning themes to"),
        ("source_text", "z" * (MAX_SOURCE_TEXT + 1), "200,000 characters"),
    ],
)
def test_review_fields_past_their_length_are_refused(login_as, field, value, message):
    trainer, _ = login_as("trainer")
    fields = _review_form(
        trainer.submit("/authoring/briefings/import", {"pasted": "\n".join(LINES)})
    )
    response = _save(trainer, {**fields, field: value})
    assert response.status_code == 200
    assert message in error_summary(response)
    assert count(Briefing) == 0


def test_the_import_service_refuses_long_text_whoever_calls_it(make_user):
    trainer = make_user("trainer")
    with pytest.raises(ValueError, match="300 characters"):
        save_import("T" * 301, "ok", "text", ["A theme"], trainer)
    with pytest.raises(ValueError, match="200,000 characters"):
        save_import("Title", "ok", "z" * (MAX_SOURCE_TEXT + 1), ["A theme"], trainer)
    assert count(Briefing) == 0


def test_a_heading_longer_than_its_column_is_kept_as_text_not_lost(make_user):
    heading = "#### " + "A very long heading that goes on " * 20
    source = (
        f"Title\n\n## Background\n\n{heading}\n\nText.\n\n"
        "## Learning themes\n\n- Curiosity\n- Sharing\n"
    )
    briefing = save_import("Title", "long-heading", source, ["Curiosity"], make_user("trainer"))
    db.session.commit()
    assert max(len(s.heading) for s in briefing.sections) <= 300
    # Too long to be a heading, so the parser reads it as the section's text.
    assert any("goes on A very long heading" in s.text for s in briefing.sections)
    assert "goes on A very long heading" in briefing.source_text
