"""`flask db backup FILE`: a whole, consistent copy of the SQLite database."""

import sqlite3

from sqlalchemy import func, select

from quiz import create_app
from quiz.extensions import db
from quiz.models import User


def backup(app, *args):
    return app.test_cli_runner().invoke(args=["db", "backup", *map(str, args)])


def test_backup_copies_every_row(app, make_user, tmp_path):
    for _ in range(3):
        make_user("practitioner")
    target = tmp_path / "backup.sqlite3"
    result = backup(app, target)
    assert result.exit_code == 0, result.output
    assert str(target) in result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        [(people,)] = copy.execute("SELECT count(*) FROM users").fetchall()
    assert people == db.session.scalar(select(func.count()).select_from(User)) == 3
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_backup_while_someone_holds_a_read_transaction(app, make_user, tmp_path):
    make_user("practitioner")
    reader = sqlite3.connect(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM users").fetchall()
    try:
        assert backup(app, tmp_path / "copy.sqlite3").exit_code == 0
    finally:
        reader.rollback()
        reader.close()


def test_backup_never_overwrites_a_file(app, tmp_path):
    target = tmp_path / "existing.sqlite3"
    target.write_text("an older backup")
    result = backup(app, target)
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert target.read_text() == "an older backup"


def test_backup_into_a_missing_folder_says_so(app, tmp_path):
    result = backup(app, tmp_path / "nowhere" / "backup.sqlite3")
    assert result.exit_code == 1 and "There is no folder" in result.output


def test_backup_of_postgresql_points_to_pg_dump(tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI="postgresql+psycopg://quiz@localhost/quiz")
    result = backup(app, tmp_path / "backup.sql")
    assert result.exit_code == 1 and "pg_dump" in result.output
    assert not (tmp_path / "backup.sql").exists()
