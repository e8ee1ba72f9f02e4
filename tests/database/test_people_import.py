"""The people import on the migrated schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import LoginSession, User
from quiz.people_file import read_people_file
from quiz.services.accounts import create_user, find_user, start_session, user_for_session
from quiz.services.demo import create_demo
from quiz.services.people_import import (
    apply,
    find_upload,
    import_upload,
    keep_upload,
    preview,
    preview_upload,
)
from tests.seed import PASSWORD, ROOT

pytestmark = pytest.mark.postgres

SAMPLE = (ROOT / "demo" / "people-sample.csv").read_bytes()


def test_the_sample_imports_once_and_then_changes_nothing(db_app):
    create_demo(date.today())
    admin = create_user("ada@example.org", "Ada", PASSWORD, "admin")
    leaver = find_user("health.visitor@example.org")
    token = start_session(leaver)
    db.session.commit()

    upload_token = keep_upload(admin, "people-sample.csv", SAMPLE)
    db.session.commit()
    upload = find_upload(upload_token, admin)
    checked = preview_upload(upload, admin).fingerprint()
    result = import_upload(upload, checked, True, True, admin)
    db.session.commit()
    assert (result.created, result.changed, result.refused, result.deactivated) == (41, 1, 6, 1)
    assert user_for_session(token, timedelta(days=1), timedelta(days=1)) is None
    assert db.session.scalar(select(LoginSession.ended_at)) is not None
    assert find_upload(upload_token, admin) is None

    hana = find_user("hana.okafor@example.org")
    assert [t.name for t in hana.supervised_teams] == [
        "Health Visiting Team North",
        "School Nursing Team",
    ]
    again = preview(read_people_file(SAMPLE), actor=admin)
    assert {str(r.outcome) for r in again.rows} == {"unchanged", "refused"}
    assert again.leavers == ()
    result = apply(again, True, True, admin)
    db.session.commit()
    assert (result.created, result.changed, result.deactivated) == (0, 0, 0)
    assert db.session.scalar(select(User.active).where(User.id == leaver.id)) is False
