"""The floor the app's pages are measured against: two minimal Flask apps, served by gunicorn.

    gunicorn 'minimal:insert_app()'   one INSERT per POST, committed (BENCH_DATABASE_URL)
    gunicorn 'minimal:page_app()'     a small template rendered, no database

They use the app's own SQLite settings and engine options, so a ratio measures what the
app does on top of serving a request and writing a row, not a different database setup.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flask import Flask, redirect, render_template, request
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, func

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import quiz.extensions  # noqa: E402,F401  (the app's SQLite pragmas and BEGIN IMMEDIATE on POST)
from config import Config  # noqa: E402

metadata = MetaData()
rows = Table(
    "bench_rows",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("attempt_id", Integer, nullable=False),
    Column("answer", String(40), nullable=False),
    Column("at", DateTime, server_default=func.now()),
)


def insert_app() -> Flask:
    app = Flask(__name__)
    engine = create_engine(os.environ["BENCH_DATABASE_URL"], **Config.SQLALCHEMY_ENGINE_OPTIONS)

    @app.post("/answers")
    def answer():
        with engine.begin() as connection:
            connection.execute(rows.insert().values(attempt_id=1, answer=request.form["answer"]))
        return redirect("/answers")

    @app.get("/ready")
    def ready():
        return "ready"

    return app


def page_app() -> Flask:
    app = Flask(__name__, template_folder=str(Path(__file__).parent / "templates"))

    @app.get("/page/<int:position>")
    def page(position: int):
        options = [f"Option {letter}" for letter in "abcd"]
        return render_template("page.html", position=position, options=options)

    @app.get("/ready")
    def ready():
        return "ready"

    return app


def create_rows_table(url: str) -> None:
    engine = create_engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    engine.dispose()
