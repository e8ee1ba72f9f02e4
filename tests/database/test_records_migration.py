"""On SQLite and PostgreSQL through the real migrations: the audit log refuses changes, and
the records migration seals existing app keys and dates existing leavers."""

from __future__ import annotations

from datetime import datetime

import pyotp
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from quiz.extensions import db
from quiz.sealed import PREFIX, open_sealed, sealing_key
from quiz.services.accounts import audit
from tests.seed import ROOT

pytestmark = pytest.mark.postgres

RECORDS = "b7e4c2d91a05"
BEFORE = ScriptDirectory(str(ROOT / "migrations")).get_revision(RECORDS).down_revision


def test_the_audit_log_refuses_update_delete_and_truncate(db_app, dialect):
    audit(None, "retention.apply", "people", "kept")
    db.session.commit()
    changes = ["UPDATE audit_events SET detail = 'changed'", "DELETE FROM audit_events"]
    if dialect == "postgresql":
        changes.append("TRUNCATE audit_events")
    for statement in changes:
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.execute(text("SELECT detail FROM audit_events")).scalars().all() == ["kept"]
    audit(None, "retention.apply", "people", "appending still works")
    db.session.commit()


def test_the_migration_seals_app_keys_and_dates_leavers(db_app, migrations):
    migrations.downgrade(BEFORE)
    key = pyotp.random_base32()
    insert = (
        "INSERT INTO users (id, email, name, password_hash, role, active, created_at, totp_secret)"
        " VALUES (:id, :email, 'X', NULL, 'practitioner', :active, :created, :totp)"
    )
    created = datetime(2024, 1, 1)
    db.session.execute(
        text(insert),
        {"id": 1, "email": "a@example.org", "active": True, "created": created, "totp": key},
    )
    db.session.execute(
        text(insert),
        {"id": 2, "email": "b@example.org", "active": False, "created": created, "totp": None},
    )
    db.session.execute(
        text(insert),
        {"id": 3, "email": "c@example.org", "active": False, "created": created, "totp": None},
    )
    db.session.execute(
        text(
            "INSERT INTO audit_events (at, action, subject, detail)"
            " VALUES (:at, 'user.deactivate', 'user:2', '')"
        ),
        {"at": datetime(2025, 6, 1, 12, 0)},
    )
    db.session.commit()

    migrations.upgrade("head")
    rows = dict(db.session.execute(text("SELECT id, totp_secret FROM users")).all())
    assert rows[1].startswith(PREFIX) and key not in rows[1]
    assert open_sealed(rows[1], sealing_key(db_app.config)) == key
    left = dict(db.session.execute(text("SELECT id, deactivated_at FROM users")).all())
    assert left[1] is None
    assert str(left[2]).startswith("2025-06-01 12:00")  # from the audit log
    assert str(left[3])[:4] >= "2026"  # no record: the clock starts at the migration
    db.session.commit()

    migrations.downgrade(BEFORE)
    assert db.session.execute(text("SELECT totp_secret FROM users WHERE id = 1")).scalar() == key
    db.session.execute(text("UPDATE audit_events SET detail = 'allowed again below'"))
    db.session.commit()
