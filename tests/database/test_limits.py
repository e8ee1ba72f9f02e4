"""Limits that only PostgreSQL would enforce: the app keeps within them on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quiz.bank.reader import read_bank
from quiz.extensions import db
from quiz.models import AuditEvent, QuestionVersion, Section
from quiz.services.accounts import create_user
from quiz.services.bank_loading import load_bank
from quiz.services.briefing_import import save_import
from quiz.services.content import MAX_VOID_REASON, void_version
from tests.conftest import Browser
from tests.seed import PASSWORD, QUESTIONS_DIR

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("number", [2**31, 2**63, 10**23])
def test_an_id_past_the_integer_column_is_not_found(db_app, number):
    admin = create_user("admin@example.org", "Admin", PASSWORD, "admin")
    db.session.commit()
    client = Browser(db_app)
    client.sign_in(admin)
    for path in (f"/teams/{number}", f"/authoring/questions/{number}"):
        assert client.get(path).status_code == 404, path


def test_the_longest_reason_and_its_audit_record_fit(db_app):
    load_bank(read_bank(QUESTIONS_DIR))
    trainer = create_user("trainer@example.org", "Trainer", PASSWORD, "trainer")
    db.session.commit()
    version = db.session.scalars(select(QuestionVersion)).first()
    void_version(version, "w" * MAX_VOID_REASON, trainer)
    db.session.commit()  # PostgreSQL refuses a detail past its 2,000 characters
    detail = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "version.void"))
    assert len(detail) <= 2000


def test_a_heading_past_its_column_is_saved_shortened(db_app):
    trainer = create_user("trainer@example.org", "Trainer", PASSWORD, "trainer")
    heading = "#### " + "A very long heading that goes on " * 20
    source = f"Title\n\n{heading}\n\nText.\n\n## Learning themes\n\n- Curiosity\n"
    save_import("T" * 300, "long-heading", source, ["Curiosity"], trainer)
    db.session.commit()  # PostgreSQL refuses a heading past its 300 characters
    headings = db.session.scalars(select(Section.heading)).all()
    assert max(map(len, headings)) <= 300
