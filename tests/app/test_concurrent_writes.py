"""Several people writing at once on SQLite: they queue for the write lock, nobody gets an error.

In WAL mode a transaction that reads and then writes fails at once ("database is locked")
when another connection wrote in between; the busy timeout does not help. Requests that may
write therefore take the write lock when their transaction begins.
"""

from __future__ import annotations

import threading

from sqlalchemy import text

from quiz.extensions import db
from quiz.services import accounts
from quiz.services.accounts import create_user
from tests.conftest import PASSWORD


def _insert_agency(connection, name: str) -> None:
    connection.execute(text("INSERT INTO agencies (name) VALUES (:name)"), {"name": name})


def test_a_form_that_reads_then_writes_waits_for_another_writer_instead_of_failing(app):
    engine = db.engine
    other_started, other_done = threading.Event(), threading.Event()
    failures: list[Exception] = []

    def another_person_saves():
        try:
            with engine.connect() as connection, connection.begin():
                other_started.set()
                _insert_agency(connection, "Written by someone else")
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            failures.append(error)
        finally:
            other_done.set()

    with (
        app.test_request_context("/", method="POST"),
        db.engine.connect() as connection,
        connection.begin(),
    ):
        connection.execute(text("SELECT count(*) FROM agencies")).scalar()
        other = threading.Thread(target=another_person_saves)
        other.start()
        other_started.wait(5)
        other_done.wait(0.5)  # before the fix the other write commits here
        _insert_agency(connection, "Written by the form")
    other.join(20)

    assert failures == []
    with db.engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM agencies ORDER BY name")).scalars()
        assert list(names) == ["Written by someone else", "Written by the form"]


def test_no_transaction_is_held_while_a_password_is_checked(app, team, monkeypatch):
    create_user("hashing@example.org", "Hashing Person", PASSWORD, "practitioner", team=team)
    db.session.commit()
    writes_during_check: list[str] = []
    real_verify = accounts._verify

    def verify_while_someone_else_writes(stored_hash, password):
        with db.engine.connect() as connection:
            # Fail at once, rather than wait, if the sign-in holds the lock.
            connection.connection.dbapi_connection.execute("PRAGMA busy_timeout=0")
            with connection.begin():
                _insert_agency(connection, "Written during the password check")
        writes_during_check.append("ok")
        return real_verify(stored_hash, password)

    monkeypatch.setattr(accounts, "_verify", verify_while_someone_else_writes)
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    csrf = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/sign-in",
        data={"csrf_token": csrf, "email": "hashing@example.org", "password": PASSWORD},
    )
    assert writes_during_check == ["ok"]
    assert response.status_code == 302


def test_a_writer_waits_for_the_lock_in_short_steps_and_keeps_its_busy_timeout(app, monkeypatch):
    """SQLite's own busy handler sleeps 1, 2, 5, 10 ms... and is not woken when the lock
    frees, so two workers saving half-millisecond answers wrote hardly more than one."""
    import quiz.extensions

    holder = db.engine.raw_connection()
    holder.execute("BEGIN IMMEDIATE")  # another worker in the middle of a save
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 3:
            holder.commit()  # the other save ends while this one waits

    monkeypatch.setattr(quiz.extensions.time, "sleep", pause)
    with app.test_request_context("/", method="POST"), db.engine.connect() as connection:
        with connection.begin():
            _insert_agency(connection, "Saved after waiting")
        busy_timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    holder.close()

    assert len(pauses) == 3 and max(pauses) <= 0.001
    assert busy_timeout == quiz.extensions.sqlite_busy_timeout_ms()
