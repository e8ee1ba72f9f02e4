"""The database busy or out of reach: a clean "try again" (503) that keeps what was sent.

SQLite locked by another writer for longer than the busy timeout (shortened here through
SQLITE_BUSY_TIMEOUT_MS): the question comes back with the person's choice still selected.
When even reading fails (a database that is down), the busy page sends the same answer again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from psycopg import errors as pg
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from quiz.extensions import db
from quiz.models import Answer
from quiz.web import busy
from quiz.web.busy import NOT_SAVED
from tests.app.journey import answer_all, question_page, rate, start
from tests.conftest import PASSWORD, html, text_of
from tests.seed import SEED_DRAWN_COUNT, SEED_SLUG

BUSY_TIMEOUT_MS = 150


@pytest.fixture
def short_busy_timeout(app, monkeypatch):
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT_MS", str(BUSY_TIMEOUT_MS))
    db.engine.dispose()  # connections opened from now on wait only this long for the lock


@contextmanager
def another_writer_holds_the_lock() -> Iterator[None]:
    """Someone else's write transaction, open for as long as the block runs."""
    other = sqlite3.connect(db.engine.url.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@contextmanager
def database_unreachable() -> Iterator[None]:
    """Every statement fails as when the database cannot be reached at all."""

    def refuse(*_args):
        raise sqlite3.OperationalError("database is locked")

    event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse)


def _at_first_question(login_as, assigned):
    client, _ = login_as("practitioner")
    start(client, SEED_SLUG)
    rate(client, SEED_SLUG, assigned.briefing.themes)
    page, version_id, options = question_page(client, SEED_SLUG, 1)
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    return client, {"csrf_token": token, "version_id": version_id, "answer": options[1]}


def _answers() -> list[tuple[int, frozenset[int]]]:
    return [(a.version_id, a.chosen_option_ids) for a in db.session.scalars(select(Answer))]


def _form_fields(page) -> dict[str, str]:
    """What the page's form sends when its button is pressed, as a browser would."""
    form = page.find("main").find("form")
    fields = {}
    for field in form.find_all("input"):
        if field["type"] in ("radio", "checkbox") and not field.has_attr("checked"):
            continue
        fields[field["name"]] = field.get("value", "")
    return fields


QUESTION_1 = f"/briefings/{SEED_SLUG}/questions/1"


def test_an_answer_sent_while_another_writer_holds_the_lock_comes_back_still_selected(
    login_as, assigned, short_busy_timeout
):
    client, sent = _at_first_question(login_as, assigned)
    with another_writer_holds_the_lock():
        response = client.post(QUESTION_1, data=sent)

    assert response.status_code == 503
    assert response.headers["Retry-After"]
    page = html(response)
    assert page.find("h1").get_text(strip=True) != "Sorry, there is a problem with the service"
    assert NOT_SAVED in text_of(page.find(class_="govuk-notification-banner"))
    checked = page.find_all("input", attrs={"name": "answer", "checked": True})
    assert [c["value"] for c in checked] == [sent["answer"]]
    assert _answers() == []

    response = client.post(QUESTION_1, data=_form_fields(page))
    assert response.status_code == 302
    assert _answers() == [(int(sent["version_id"]), frozenset({int(sent["answer"])}))]


def test_pages_still_open_while_another_writer_holds_the_lock(
    login_as, assigned, short_busy_timeout
):
    client, _ = _at_first_question(login_as, assigned)
    with another_writer_holds_the_lock():
        assert client.get(QUESTION_1).status_code == 200


def test_a_sign_in_while_the_lock_is_held_gets_a_way_back_and_no_password_in_the_page(
    web, make_user, team, short_busy_timeout
):
    person = make_user("practitioner", team=team)
    token = web.csrf_token("/sign-in")
    with another_writer_holds_the_lock():
        response = web.post(
            "/sign-in",
            data={"csrf_token": token, "email": person.email, "password": PASSWORD},
            headers={"Referer": "http://localhost/sign-in"},
        )
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert PASSWORD not in body
    assert html(response).find("a", string="Go back and try again")["href"] == "/sign-in"


def test_when_even_reading_fails_the_busy_page_sends_the_same_answer_again(login_as, assigned):
    client, sent = _at_first_question(login_as, assigned)
    with database_unreachable():
        response = client.post(f"{QUESTION_1}?from=check", data=sent)

    assert response.status_code == 503
    page = html(response)
    assert "Sorry, we could not save that just now" in text_of(page.find("h1"))
    assert page.find("main").find("form")["action"] == f"{QUESTION_1}?from=check"
    resent = _form_fields(page)
    assert resent["answer"] == sent["answer"] and resent["version_id"] == sent["version_id"]
    assert resent["csrf_token"]
    assert _answers() == []

    response = client.post(f"{QUESTION_1}?from=check", data=resent)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/check")
    assert db.session.scalar(select(func.count(Answer.id))) == 1


def test_a_page_that_cannot_be_read_offers_to_try_again(login_as, assigned):
    client, _ = _at_first_question(login_as, assigned)
    with database_unreachable():
        response = client.get(QUESTION_1)
    assert response.status_code == 503
    assert html(response).find("a", string="Try again")["href"] == QUESTION_1


def test_a_database_error_that_is_a_bug_is_not_dressed_up_as_busy(app, login_as, monkeypatch):
    client, _ = login_as("practitioner")

    def broken(**_):
        raise IntegrityError("INSERT ...", {}, sqlite3.IntegrityError("UNIQUE failed"))

    app.view_functions["practice.home"] = broken
    with pytest.raises(IntegrityError):  # TESTING propagates it; in production, the 500 page
        client.get("/")


def test_a_retry_page_that_fails_for_another_reason_falls_back_to_the_busy_page(
    login_as, assigned, short_busy_timeout, monkeypatch
):
    client, sent = _at_first_question(login_as, assigned)

    def broken(**_):
        raise RuntimeError("a bug in showing the form again")

    monkeypatch.setitem(busy._retry_pages, "practice.question", broken)
    with another_writer_holds_the_lock():
        response = client.post(QUESTION_1, data=sent)
    assert response.status_code == 503
    assert _form_fields(html(response))["answer"] == sent["answer"]


def test_a_reflection_sent_while_the_lock_is_held_is_kept_for_trying_again(
    login_as, assigned, short_busy_timeout
):
    client, _ = _at_first_question(login_as, assigned)
    answer_all(client, SEED_SLUG, SEED_DRAWN_COUNT)
    client.submit(f"/briefings/{SEED_SLUG}/check")
    reflect = f"/briefings/{SEED_SLUG}/reflect"
    written = "I will ask to see the child alone & write down what they say."
    sent = {
        "csrf_token": client.csrf_token(reflect),
        "reflection": written,
        **{f"theme_{t.id}": "4" for t in assigned.briefing.themes},
    }
    with another_writer_holds_the_lock():
        response = client.post(reflect, data=sent)

    assert response.status_code == 503
    carried = _form_fields(html(response))
    assert carried["reflection"] == written
    assert client.post(reflect, data=carried).status_code == 302


def test_a_page_already_made_is_served_when_the_connection_drops_before_its_rollback(
    login_as, assigned
):
    client, _ = _at_first_question(login_as, assigned)

    def server_went_away(_connection):
        shutdown = pg.AdminShutdown("terminating connection due to administrator command")
        raise OperationalError("ROLLBACK", {}, shutdown)

    event.listen(db.engine, "rollback", server_went_away)
    try:
        response = client.get(QUESTION_1)
    finally:
        event.remove(db.engine, "rollback", server_went_away)
    assert response.status_code == 200
    assert client.get(QUESTION_1).status_code == 200
