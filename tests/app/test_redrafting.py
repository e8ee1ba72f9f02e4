"""Changing a theme's tags redrafts the drafts nobody touched, and keeps a trainer's edits."""

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Briefing, Question
from quiz.question import QuestionContent
from quiz.services.content import save_edit
from tests.app.test_import_briefing import LINES, _review_form, _save


def _import(trainer) -> Briefing:
    fields = _review_form(
        trainer.submit("/authoring/briefings/import", {"pasted": "\n".join(LINES)})
    )
    _save(trainer, fields)
    return db.session.scalar(select(Briefing))


def _retag(trainer, briefing, theme, tags):
    return trainer.submit(
        f"/authoring/themes/{theme.id}/tags",
        {"tags": tags},
        form_url=f"/authoring/briefings/{briefing.slug}",
    )


def test_new_tags_replace_untouched_drafts_with_drafts_for_those_tags(login_as):
    trainer, _ = login_as("trainer")
    briefing = _import(trainer)
    theme = briefing.themes[1]  # "Practitioners did not speak to the father"
    assert all(q.draft_source == "library" for q in theme.questions)
    response = _retag(trainer, briefing, theme, ["domestic-abuse"])
    assert response.status_code == 302
    db.session.expire_all()
    keys = [q.key for q in theme.questions]
    assert keys and all(k.startswith("draft-da-") for k in keys), keys
    page = trainer.page(f"/authoring/briefings/{briefing.slug}").get_text(" ", strip=True)
    assert "drafted from the library" in page


def test_a_draft_the_trainer_edited_stays_when_tags_change(login_as):
    trainer, user = login_as("trainer")
    briefing = _import(trainer)
    theme = briefing.themes[0]
    edited = theme.questions[0]
    content = edited.current_version.content()
    save_edit(
        edited,
        QuestionContent(
            content.kind,
            content.role,
            content.scenario + " It is Friday.",
            content.prompt,
            content.options,
        ),
        user,
    )
    db.session.commit()
    _retag(trainer, briefing, theme, ["safe-sleep-sudi"])
    db.session.expire_all()
    assert db.session.get(Question, edited.id) is not None
    others = [q for q in theme.questions if q.id != edited.id]
    assert others and all(q.key.startswith("draft-sleep-") for q in others), [q.key for q in others]


def test_the_same_tags_again_change_no_drafts(login_as):
    trainer, _ = login_as("trainer")
    briefing = _import(trainer)
    theme = briefing.themes[0]
    before = sorted(q.id for q in theme.questions)
    _retag(trainer, briefing, theme, list(theme.library_ids))
    db.session.expire_all()
    assert sorted(q.id for q in theme.questions) == before


def test_a_theme_whose_seeds_are_all_used_asks_for_a_question_written_by_hand(login_as):
    trainer, _ = login_as("trainer")
    themes = "\n".join(
        f"- {t}"
        for t in (
            "Bruising in a non-mobile baby",
            "Bruises on babies who are not mobile",
            "Any bruise on a non-mobile infant",
            "Non-mobile babies with bruising",
            "Bruising seen on a non-mobile baby at a visit",
            "Unexplained bruising in non-mobile babies",
        )
    )
    text = f"7-minute briefing\n\n01 Background\n\nA baby was hurt.\n\n02 Key learning\n\n{themes}"
    fields = _review_form(trainer.submit("/authoring/briefings/import", {"pasted": text}))
    _save(trainer, fields)
    briefing = db.session.scalar(select(Briefing))
    last = briefing.themes[-1]
    assert last.library_ids and last.questions == []
    seeds = [q.key for t in briefing.themes for q in t.questions]
    assert len(seeds) == len(set(seeds))
    page = trainer.page(f"/authoring/briefings/{briefing.slug}").get_text(" ", strip=True)
    assert "This theme needs a question written by hand" in page
