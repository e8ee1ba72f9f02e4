"""gunicorn settings for the kill scenario: a worker that stops mid-transaction when asked.

Loaded with `gunicorn --config` by bench/reliability/kill.py only, never by the app. A
request carrying the header X-Reliability-Stop-After: <table> makes the worker handling
it stop right after its first INSERT into or UPDATE of that table, inside the request's
open transaction, and write its pid into RELIABILITY_STOP_DIR. The scenario then kills
that worker with SIGKILL, so the transaction is cut exactly where the table says.
"""

import os
import time

STOP_HEADER = "X-Reliability-Stop-After"
STOP_SECONDS = 60  # far longer than the scenario takes to kill the worker


def post_fork(server, worker):
    from flask import has_request_context, request
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    folder = os.environ["RELIABILITY_STOP_DIR"]

    @event.listens_for(Engine, "after_cursor_execute")
    def stop_here(connection, cursor, statement, parameters, context, executemany):
        if not has_request_context():
            return
        table = request.headers.get(STOP_HEADER)
        if table and statement.startswith((f"INSERT INTO {table} ", f"UPDATE {table} ")):
            with open(os.path.join(folder, str(os.getpid())), "w") as note:
                note.write(statement)
            time.sleep(STOP_SECONDS)
