"""The email migration: people an older import created with an unusable "!..." hash come
out with no password, so they can be invited like people added on the admin pages."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from quiz.extensions import db
from tests.seed import ROOT

pytestmark = pytest.mark.postgres

EMAIL = "d3a6562420c0"
# Whatever comes before it once parallel branches' migrations are chained.
BEFORE_EMAIL = ScriptDirectory(str(ROOT / "migrations")).get_revision(EMAIL).down_revision


def test_old_unusable_hashes_become_no_password(db_app, migrations):
    migrations.downgrade(BEFORE_EMAIL)
    db.session.execute(text("INSERT INTO agencies (name) VALUES ('Council')"))
    for email, password_hash in (
        ("imported@example.org", "!abcdef"),
        ("real@example.org", "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$aGFzaA"),
    ):
        db.session.execute(
            text(
                "INSERT INTO users (email, name, password_hash, role, active, created_at)"
                " VALUES (:email, 'N', :hash, 'practitioner', :active, CURRENT_TIMESTAMP)"
            ),
            {"email": email, "hash": password_hash, "active": True},
        )
    db.session.commit()
    migrations.upgrade(EMAIL)
    hashes = dict(db.session.execute(text("SELECT email, password_hash FROM users")).all())
    assert hashes["imported@example.org"] is None
    assert hashes["real@example.org"].startswith("$argon2id$")
    db.session.commit()
    migrations.downgrade(BEFORE_EMAIL)
    migrations.upgrade("head")
