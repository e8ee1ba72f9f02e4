"""Trainers see which questions work, partnership-wide, once enough people have answered."""

from quiz.extensions import db
from quiz.services.attempts import record_answer, record_confidence, start_or_resume, submit
from tests.conftest import text_of


def _people_submit(make_user, team, briefing, count, right=True):
    # Everyone is asked every question (no draw), so each question gets every answer.
    briefing.questions_per_theme = max(len(t.questions) for t in briefing.themes)
    for _ in range(count):
        person = make_user("practitioner", team=team)
        attempt = start_or_resume(person, briefing)
        record_confidence(attempt, "before", {t.id: 3 for t in briefing.themes})
        for item in attempt.questions:
            options = [o for o in item.version.options if o.is_correct == right]
            chosen = [o.id for o in options] if right else [options[0].id]
            record_answer(attempt, item.position, item.version_id, chosen)
        submit(attempt)
    db.session.commit()


def test_figures_appear_once_ten_people_have_answered(login_as, make_user, team, assigned):
    briefing = assigned.briefing
    trainer, _ = login_as("trainer")
    _people_submit(make_user, team, briefing, 4)
    page = text_of(trainer.page(f"/authoring/briefings/{briefing.slug}/analysis"))
    assert "4 answers so far: figures appear at 10" in page
    _people_submit(make_user, team, briefing, 6, right=False)
    page = text_of(trainer.page(f"/authoring/briefings/{briefing.slug}/analysis"))
    assert "Facility 40%" in page
    assert "Discrimination 1.00" in page


def test_supervisors_cannot_see_item_analysis(login_as, assigned):
    supervisor, _ = login_as("supervisor")
    response = supervisor.get(f"/authoring/briefings/{assigned.briefing.slug}/analysis")
    assert response.status_code == 403
