"""SQLite locked by another writer for longer than the app's busy timeout.

The server runs with a short busy timeout (SQLITE_BUSY_TIMEOUT_MS). Another process
takes SQLite's write lock (BEGIN IMMEDIATE), writes a row and keeps the transaction open
while people send their first answer and someone signs in. Passes when every answer
came back as the question page (503) with the person's choice still selected and the
"not saved" message, pages still opened meanwhile, the sign-in got a way back without
its password in the page, the other writer's row was kept, and everyone then saved that
same answer by pressing the page's button and finished the quiz with nothing lost.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy.engine import make_url

from bench.reliability.burst import together
from bench.reliability.checks import Stored
from bench.reliability.client import (
    Person,
    Reply,
    Tally,
    chosen,
    csrf_token,
    field_values,
    main_form,
    timed,
)
from bench.reliability.journey import BRIEFING, Journey
from bench.reliability.server import PASSWORD, Server, email_of, errors_in_log, prepare
from quiz.web.busy import NOT_SAVED

FIRST_QUESTION = f"{BRIEFING}/questions/1"
OTHER_WRITER_ROW = "Written by another program while the app waited"


def _first_answers(journeys: list[Journey]) -> list[list[tuple[str, str]]]:
    """The fields each person would send for question 1 (their own choice of option)."""
    filled = []
    for number, journey in enumerate(journeys):
        page = journey.page("answer page", FIRST_QUESTION).page
        _, fields = main_form(page)
        options = field_values(page, "answer")
        filled.append([*fields, ("answer", options[number % len(options)])])
    return filled


def run(url: str, *, people: int = 10, workers: int = 3, busy_timeout_ms: int = 300) -> dict:
    prepare(url, people + 1)
    tally = Tally()
    database = make_url(url).database
    with Server(url, workers=workers, env={"SQLITE_BUSY_TIMEOUT_MS": str(busy_timeout_ms)}) as app:
        journeys = [Journey(Person(app.base, email_of(n)), tally) for n in range(people)]
        together(journeys, lambda j: j.sign_in() and j.start())
        sent = _first_answers(journeys)
        late_comer = Person(app.base, email_of(people))
        sign_in_page = late_comer.get("/sign-in").page

        other = sqlite3.connect(database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO agencies (name) VALUES (?)", (OTHER_WRITER_ROW,))
        replies: list[Reply | None] = [None] * people

        def send(number: int) -> None:
            journey = journeys[number]
            replies[number] = timed(
                tally, "answer", lambda: journey.person.post(FIRST_QUESTION, sent[number])
            )

        threads = [threading.Thread(target=send, args=(n,)) for n in range(people)]
        for thread in threads:
            thread.start()
        page_meanwhile = journeys[0].person.get(f"{BRIEFING}/questions/2").status
        sign_in = late_comer.post(
            "/sign-in",
            [
                ("csrf_token", csrf_token(sign_in_page)),
                ("email", late_comer.email),
                ("password", PASSWORD),
            ],
            headers={"Referer": f"{app.base}/sign-in"},
        )
        for thread in threads:
            thread.join()
        other.execute("COMMIT")
        other.close()

        kept = [
            r is not None
            and r.status == 503
            and NOT_SAVED in r.page
            and chosen(r.page, "answer") == [dict(s)["answer"]]
            for r, s in zip(replies, sent, strict=True)
        ]
        saved_again = 0
        for journey, reply in zip(journeys, replies, strict=True):
            _, fields = main_form(reply.page if reply else "")
            again = journey.person.post(FIRST_QUESTION, fields)
            if again.status == 302:
                saved_again += 1
                answer = dict(fields)
                tally.acknowledge(
                    journey.person.email,
                    int(answer["version_id"]),
                    frozenset({int(answer["answer"])}),
                )
        finished = together(journeys, lambda j: j.answer_all(2) and j.submit() and j.reflect())[1]
        log = app.stop()
    stored = Stored(url)
    checks = stored.lost_or_doubled(tally.acknowledged)
    other_row_kept = bool(
        sqlite3.connect(database)
        .execute("SELECT count(*) FROM agencies WHERE name = ?", (OTHER_WRITER_ROW,))
        .fetchone()[0]
    )
    sign_in_clean = sign_in.status == 503 and PASSWORD not in sign_in.page
    passed = (
        all(kept)
        and page_meanwhile == 200
        and sign_in_clean
        and other_row_kept
        and saved_again == people
        and finished == people
        and stored.completed == people
        and checks["answers_lost"] == 0
        and checks["answers_stored_twice"] == 0
        and not any(stored.half_saved().values())
        and tally.server_errors() == 0
    )
    return {
        "scenario": "locked",
        "database": "sqlite",
        "server": f"gunicorn -w {workers}",
        "busy_timeout_ms": busy_timeout_ms,
        "people": people,
        "passed": passed,
        "answers_sent_while_locked": people,
        "came_back_selected_with_message": sum(kept),
        "page_opened_meanwhile": page_meanwhile,
        "sign_in_while_locked": sign_in.status,
        "sign_in_page_clean": sign_in_clean,
        "other_writers_row_kept": other_row_kept,
        "saved_on_trying_again": saved_again,
        **checks,
        "completed": stored.completed,
        "half_saved": stored.half_saved(),
        "database_locked_in_log": log.count("database is locked"),
        "tracebacks_in_log": log.count("Traceback"),
        "errors_in_log": errors_in_log(log),
        "notes": tally.notes[:10],
    }
