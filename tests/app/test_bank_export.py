"""The questions/ format round-trips: export, load into an empty database, export again."""

import filecmp

from quiz import create_app
from quiz.bank.reader import read_bank
from quiz.extensions import db
from quiz.services.bank_loading import load_bank
from quiz.services.briefing_import import save_import
from tests.seed import QUESTIONS_DIR, SEED_BRIEFING, SEED_SLUG


def _export(app, slug, folder):
    result = app.test_cli_runner().invoke(args=["questions", "export", slug, str(folder)])
    assert result.exit_code == 0, result.output
    return folder / slug


def _fresh_load(tmp_path, name, bank_dir):
    other = create_app(
        "test",
        QUESTIONS_DIR=str(bank_dir),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / name}.sqlite3",
    )
    with other.app_context():
        db.create_all()
        load_bank(read_bank(bank_dir))
        db.session.commit()
    return other


def test_export_load_export_gives_identical_files(app, bank, tmp_path):
    first = _export(app, SEED_SLUG, tmp_path / "first")
    other = _fresh_load(tmp_path, "second", tmp_path / "first")
    with other.app_context():
        second = _export(other, SEED_SLUG, tmp_path / "second")
        db.session.remove()
    for name in ("briefing.txt", "questions.yaml"):
        assert filecmp.cmp(first / name, second / name, shallow=False), name


def test_exported_bank_has_every_published_question(app, bank, tmp_path):
    folder = _export(app, SEED_SLUG, tmp_path)
    [exported] = read_bank(tmp_path)
    [original] = read_bank(QUESTIONS_DIR)
    assert [(q.key, q.theme, q.question) for q in exported.questions] == [
        (q.key, q.theme, q.question) for q in original.questions
    ]
    assert (folder / "briefing.txt").read_text() == (SEED_BRIEFING).read_text()


def test_themes_a_trainer_changed_survive_the_round_trip(app, make_user, tmp_path):
    trainer = make_user("trainer")
    text = "A briefing\n\n01 Key learning themes\n\n- Written theme one\n- Written theme two\n"
    briefing = save_import("A briefing", "a-briefing", text, ["Merged theme"], trainer)
    db.session.commit()
    _export(app, briefing.slug, tmp_path / "first")
    [read] = read_bank(tmp_path / "first")
    assert read.themes == ("Merged theme",)


def test_export_will_not_overwrite_without_force(app, bank, tmp_path):
    _export(app, SEED_SLUG, tmp_path)
    again = app.test_cli_runner().invoke(args=["questions", "export", SEED_SLUG, str(tmp_path)])
    assert again.exit_code != 0 and "--force" in again.output


def test_export_of_an_unknown_briefing_fails_clearly(app):
    result = app.test_cli_runner().invoke(args=["questions", "export", "nope"])
    assert result.exit_code != 0 and "There is no briefing 'nope'" in result.output


def test_loaded_themes_are_tagged_from_the_library(bank):
    tags = [t.library_ids for t in bank.themes]
    assert tags[0] == ["care-experienced-parents"]
    assert "voice-of-the-child" in tags[1]
    assert "physical-abuse-injuries" in tags[2]
    assert "supervision-and-oversight" in tags[3]
