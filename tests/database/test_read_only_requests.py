"""On PostgreSQL a request that only reads runs its statements without a transaction (no
BEGIN before them, no ROLLBACK after: two round trips fewer per page, and psycopg keeps its
prepared statements, which a ROLLBACK throws away). A request that writes keeps its
transaction, all or nothing, even on a pooled connection a reading request used last."""

from __future__ import annotations

import pytest
from flask import request
from psycopg.pq import TransactionStatus
from sqlalchemy import func, select

from quiz import create_app
from quiz.extensions import csrf, db, writes_from_now_on
from quiz.models import Agency
from tests.database.conftest import migrate
from tests.seed import QUESTIONS_DIR


class Failed(Exception):
    pass


@pytest.fixture
def probed(database_url):
    """An app with three pages: one that reads, one that writes and fails half way, one
    that writes and commits. Each reports whether its connection was in a transaction."""
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url, QUESTIONS_DIR=str(QUESTIONS_DIR))
    with app.app_context():
        migrate()
        db.session.remove()

    def in_transaction() -> str:
        raw = db.session.connection().connection.dbapi_connection
        if db.engine.dialect.name != "postgresql":
            return "yes" if raw.in_transaction else "no"
        return "yes" if raw.info.transaction_status == TransactionStatus.INTRANS else "no"

    @app.get("/probe/read")
    def read():
        db.session.scalar(select(func.count(Agency.id)))
        return in_transaction()

    @app.post("/probe/write-then-fail")
    @csrf.exempt
    def write_then_fail():
        db.session.add(Agency(name="Half saved"))
        db.session.flush()
        raise Failed

    @app.get("/probe/read-then-record")
    def read_then_record():
        db.session.scalar(select(func.count(Agency.id)))
        db.session.rollback()
        writes_from_now_on()
        db.session.add(Agency(name="Recorded"))
        db.session.flush()
        answer = in_transaction()
        if request.args.get("fail"):
            raise Failed
        db.session.commit()
        return answer

    @app.post("/probe/write")
    @csrf.exempt
    def write():
        db.session.add(Agency(name="Saved"))
        db.session.flush()
        answer = in_transaction()
        db.session.commit()
        return answer

    yield app
    with app.app_context():
        db.engine.dispose()


def agency_names(app) -> list[str]:
    with app.app_context():
        names = list(db.session.scalars(select(Agency.name).order_by(Agency.name)))
        db.session.remove()
        return names


def test_a_page_that_only_reads_holds_no_transaction_on_postgresql(probed, dialect_of):
    client = probed.test_client()
    expected = "no" if dialect_of(probed) == "postgresql" else "yes"
    assert client.get("/probe/read").get_data(as_text=True) == expected


def test_a_form_after_a_page_is_still_all_or_nothing(probed):
    client = probed.test_client()
    for _ in range(3):  # the same pooled connection, read from without a transaction
        assert client.get("/probe/read").status_code == 200
        with pytest.raises(Failed):
            client.post("/probe/write-then-fail")
    assert agency_names(probed) == []

    # Outside a request too (a command, a job), after a page used the connection.
    assert client.get("/probe/read").status_code == 200
    with probed.app_context():
        db.session.add(Agency(name="Rolled back"))
        db.session.flush()
        db.session.rollback()
    assert agency_names(probed) == []

    assert client.get("/probe/read").status_code == 200
    assert client.post("/probe/write").get_data(as_text=True) == "yes"
    assert agency_names(probed) == ["Saved"]


@pytest.fixture
def dialect_of():
    def dialect(app) -> str:
        with app.app_context():
            return db.engine.dialect.name

    return dialect


def test_a_page_that_records_who_read_it_writes_in_a_transaction(probed):
    client = probed.test_client()
    with pytest.raises(Failed):
        client.get("/probe/read-then-record?fail=1")
    assert agency_names(probed) == []
    assert client.get("/probe/read-then-record").get_data(as_text=True) == "yes"
    assert agency_names(probed) == ["Recorded"]
