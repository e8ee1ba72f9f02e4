"""Trainers add a scenario question, preview it and publish it."""

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import AuditEvent, Question, QuestionStatus
from tests.app.journey import error_summary
from tests.conftest import html, text_of
from tests.seed import SEED_DRAWN_COUNT, SEED_QUESTION_COUNT, SEED_QUESTIONS_PER_THEME


def _question_form(**overrides):
    data = {
        "role": "School nurse",
        "scenario": "You are a school nurse. A seven-year-old says her arm hurts "
        "because Dad was cross.",
        "prompt": "What should you do now?",
        "kind": "single",
        "correct_b": "y",
    }
    for key in "abcd":
        data[f"option_{key}"] = f"Option {key} text"
        data[f"feedback_{key}"] = f"Why option {key} is or is not right."
    data.update(overrides)
    return data


def test_trainer_adds_previews_and_publishes_a_question(login_as, bank):
    trainer, _ = login_as("trainer")
    theme = bank.themes[2]
    index = trainer.page("/authoring/")
    assert theme.text in text_of(index)
    url = f"/authoring/themes/{theme.id}/questions/new"
    response = trainer.submit(url, _question_form())
    assert response.status_code == 302
    preview = trainer.page(response.headers["Location"])
    assert "School nurse" in text_of(preview)
    assert "B (best answer)" in text_of(preview)
    question = db.session.scalar(select(Question).where(Question.key == "school-nurse-1"))
    assert question.status == QuestionStatus.DRAFT
    assert question.current_version.options[1].is_correct

    publish_url = f"/authoring/questions/{question.id}/publish"
    response = trainer.submit(publish_url, form_url=f"/authoring/questions/{question.id}")
    assert response.status_code == 302
    db.session.expire_all()
    assert question.status == QuestionStatus.PUBLISHED
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "question.draft" in actions and "question.publish" in actions


def test_missing_fields_are_named(login_as, bank):
    trainer, _ = login_as("trainer")
    url = f"/authoring/themes/{bank.themes[0].id}/questions/new"
    response = trainer.submit(url, _question_form(scenario="", feedback_c=""))
    assert response.status_code == 200
    summary = error_summary(response)
    assert "Enter the scenario" in summary
    assert "Enter the feedback on option C" in summary
    form = _question_form()
    del form["correct_b"]
    assert "mark the best answer as right" in error_summary(trainer.submit(url, form))
    assert db.session.scalar(select(Question).where(Question.key.like("school-nurse%"))) is None


def test_draft_questions_do_not_reach_practitioners(login_as, assigned):
    trainer, _ = login_as("trainer")
    theme = assigned.briefing.themes[0]
    trainer.submit(f"/authoring/themes/{theme.id}/questions/new", _question_form())
    from tests.app.journey import rate, start

    client, _ = login_as("practitioner")
    start(client, assigned.briefing.slug)
    rate(client, assigned.briefing.slug, assigned.briefing.themes)
    check = html(client.get(f"/briefings/{assigned.briefing.slug}/check"))
    assert len(check.select(".govuk-summary-list__row")) == SEED_DRAWN_COUNT


def test_unknown_theme_is_not_found(login_as, bank):
    trainer, _ = login_as("trainer")
    assert trainer.get("/authoring/themes/9999/questions/new").status_code == 404


def test_multiple_response_and_true_false_questions(login_as, bank):
    trainer, _ = login_as("trainer")
    url = f"/authoring/themes/{bank.themes[0].id}/questions/new"
    multiple = _question_form(kind="multiple", correct_a="y")
    assert trainer.submit(url, multiple).status_code == 302
    wrong_true_false = _question_form(kind="true_false")
    assert "two options, True and False" in error_summary(trainer.submit(url, wrong_true_false))
    true_false = {
        k: v for k, v in _question_form(kind="true_false").items() if not k.endswith(("_c", "_d"))
    }
    true_false.update(option_a="True", option_b="False")
    assert trainer.submit(url, true_false).status_code == 302
    kinds = sorted(
        q.current_version.kind
        for q in db.session.scalars(select(Question).where(Question.key.like("school-nurse%")))
    )
    assert kinds == ["multiple", "true_false"]


def test_editing_a_question_adds_a_version_and_keeps_earlier_answers(login_as, assigned):
    from tests.app.journey import answer, rate, start

    briefing = assigned.briefing
    client, _ = login_as("practitioner")
    start(client, briefing.slug)
    rate(client, briefing.slug, briefing.themes)
    answer(client, briefing.slug, 1)
    question = briefing.themes[0].questions[0]
    first = question.current_version

    trainer, _ = login_as("trainer")
    edit_url = f"/authoring/questions/{question.id}/edit"
    page = trainer.page(edit_url)
    assert page.find("textarea", attrs={"name": "scenario"}).get_text().strip() == first.scenario
    fields = {
        tag["name"]: tag.get("value", "") if tag.name == "input" else tag.get_text()
        for tag in page.select("form input[name], form textarea[name]")
        if tag.get("type") not in ("checkbox", "radio", "hidden")
    }
    fields.update(kind=first.kind, scenario=first.scenario + " The baby is now asleep.")
    for option, key in zip(first.options, "abcdef", strict=False):
        if option.is_correct:
            fields[f"correct_{key}"] = "y"
    response = trainer.submit(edit_url, fields)
    assert response.status_code == 302
    db.session.expire_all()
    assert [v.number for v in question.versions] == [1, 2]
    from quiz.models import Answer

    saved = db.session.scalar(select(Answer))
    assert saved.version_id == first.id
    # Saving again without changes makes no new version.
    trainer.submit(edit_url, fields)
    db.session.expire_all()
    assert len(question.versions) == 2


def test_retired_questions_leave_new_attempts(login_as, assigned):
    from tests.app.journey import rate, start

    question = assigned.briefing.themes[0].questions[0]
    # Every question drawn, so the retired one would be asked if it were still in the bank.
    assigned.briefing.questions_per_theme = max(SEED_QUESTIONS_PER_THEME)
    db.session.commit()
    trainer, _ = login_as("trainer")
    preview = f"/authoring/questions/{question.id}"
    trainer.submit(f"/authoring/questions/{question.id}/retire", form_url=preview)
    db.session.expire_all()
    assert question.status == QuestionStatus.RETIRED
    client, _ = login_as("practitioner")
    start(client, assigned.briefing.slug)
    rate(client, assigned.briefing.slug, assigned.briefing.themes)
    check = html(client.get(f"/briefings/{assigned.briefing.slug}/check"))
    assert len(check.select(".govuk-summary-list__row")) == SEED_QUESTION_COUNT - 1


def test_voiding_a_version_recalculates_results_and_is_audited(login_as, make_user, team, assigned):
    from tests.app.test_analysis_page import _people_submit

    briefing = assigned.briefing
    _people_submit(make_user, team, briefing, 2, right=False)
    from quiz.models import Attempt

    assert [a.score for a in db.session.scalars(select(Attempt))] == [0, 0]
    question = briefing.themes[0].questions[0]
    version = question.current_version
    trainer, _ = login_as("trainer")
    url = f"/authoring/versions/{version.id}/void"
    assert "Say why" in error_summary(trainer.submit(url, {"reason": " "}))
    response = trainer.submit(url, {"reason": "The best answer was wrong for our procedure."})
    assert response.status_code == 302
    assert "2 people's results were recalculated" in text_of(
        trainer.page(response.headers["Location"])
    )
    attempts = db.session.scalars(select(Attempt)).all()
    left = SEED_QUESTION_COUNT - 1
    assert [(a.score, a.max_score) for a in attempts] == [(0, left), (0, left)]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "version.void"))
    assert "The best answer was wrong" in event.detail
    assert "Withdrawn from scoring" in text_of(trainer.page(f"/authoring/questions/{question.id}"))


def test_script_and_javascript_links_in_trainer_text_never_reach_a_page(login_as, bank):
    trainer, _ = login_as("trainer")
    url = f"/authoring/themes/{bank.themes[0].id}/questions/new"
    response = trainer.submit(
        url,
        _question_form(
            scenario="You are a GP. <script>alert('x')</script> [Read this](javascript:alert(1))",
            feedback_a='<img src=x onerror="alert(1)"> **Why** it matters',
        ),
    )
    page = trainer.page(response.headers["Location"])
    assert page.find("script", string=lambda s: s and "alert" in s) is None
    assert page.find("img", attrs={"onerror": True}) is None
    assert not [a for a in page.find_all("a") if "javascript" in a.get("href", "").lower()]
    assert page.find("strong", string="Why") is not None


def test_the_question_list_links_each_question(login_as, bank):
    trainer, _ = login_as("trainer")
    page = trainer.page("/authoring/")
    question = bank.themes[0].questions[0]
    link = page.find("a", href=f"/authoring/questions/{question.id}")
    assert link is not None and link.get_text(strip=True) == question.current_version.prompt


def _edit_fields(page) -> dict:
    """The edit form as the browser would send it back unchanged."""
    fields = {
        tag["name"]: tag.get("value", "") if tag.name == "input" else tag.get_text()
        for tag in page.select("form input[name], form textarea[name]")
        if tag.get("type") not in ("checkbox", "radio")
    }
    for tag in page.select("form input[type=checkbox][checked], form input[type=radio][checked]"):
        fields[tag["name"]] = tag.get("value", "y")
    return fields


def test_a_question_with_eight_options_is_kept_whole_when_written_and_edited(login_as, bank):
    trainer, _ = login_as("trainer")
    url = f"/authoring/themes/{bank.themes[0].id}/questions/new"
    form = _question_form()
    for key in "efgh":
        form[f"option_{key}"] = f"Option {key} text"
        form[f"feedback_{key}"] = f"Why option {key} is or is not right."
    response = trainer.submit(url, form)
    assert response.status_code == 302
    question = db.session.scalar(select(Question).where(Question.key.like("school-nurse%")))
    version = question.current_version
    assert [o.key for o in version.options] == list("abcdefgh")
    assert version.options[7].text == "Option h text"

    edit_url = f"/authoring/questions/{question.id}/edit"
    fields = _edit_fields(trainer.page(edit_url))
    assert fields["option_h"].strip() == "Option h text"
    trainer.submit(edit_url, fields)
    db.session.expire_all()
    assert len(question.versions) == 1, "an unchanged save loses nothing and adds no version"

    fields["option_h"] = "Option h, reworded"
    assert trainer.submit(edit_url, fields).status_code == 302
    db.session.expire_all()
    assert [o.text for o in question.current_version.options][-1] == "Option h, reworded"
    assert len(question.current_version.options) == 8


def test_editing_a_true_or_false_question_keeps_its_true_and_false_options(login_as, bank):
    question = next(
        q
        for theme in bank.themes
        for q in theme.questions
        if q.current_version.kind == "true_false"
    )
    trainer, _ = login_as("trainer")
    edit_url = f"/authoring/questions/{question.id}/edit"
    fields = _edit_fields(trainer.page(edit_url))
    trainer.submit(edit_url, fields)
    db.session.expire_all()
    assert len(question.versions) == 1
    assert [o.key for o in question.current_version.options] == ["true", "false"]
