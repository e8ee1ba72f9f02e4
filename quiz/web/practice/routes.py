"""The practitioner's journey: briefings, confidence, questions, result, reflection."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quiz.draw import estimated_minutes
from quiz.extensions import db
from quiz.models import AttemptState, ConfidenceStage, Role
from quiz.services import attempts, briefing_text, drawing
from quiz.services.attempts import AttemptError, Step
from quiz.services.progress import progress_of
from quiz.services.reports import Status, my_briefings, status_of
from quiz.web.access import get_assigned_briefing_or_404
from quiz.web.busy import NOT_SAVED, retry_page
from quiz.web.practice import bp
from quiz.web.practice.forms import (
    ReflectionForm,
    RetakeForm,
    StartForm,
    SubmitAnswersForm,
    answer_form,
    as_id,
    as_ids,
    confidence_form,
    fill_answer,
    fill_choice,
    fill_ratings,
    missing_answer,
    ratings_from,
    refused,
)


def _today() -> date:
    return date.today()


def _load(slug: str):
    """The briefing, its assignment and the person's latest attempt: one statement."""
    return get_assigned_briefing_or_404(slug, current_user)


def _go(slug: str, step: Step):
    """A redirect to the page a step of the attempt names."""
    where = {"position": step.position} if step.position is not None else {}
    return redirect(url_for(f".{step.page}", slug=slug, **where))


def _open_attempt_or_redirect(slug: str):
    """The attempt still taking answers, or where the person should be instead."""
    briefing, _, attempt = _load(slug)
    if attempt is None or attempt.state != AttemptState.IN_PROGRESS:
        return briefing, attempt, _go(slug, attempts.next_step(attempt))
    return briefing, attempt, None


@bp.route("/")
@login_required
def home():
    if current_user.team_id is None and current_user.role != Role.PRACTITIONER:
        return redirect(url_for("supervision.teams"))
    rows = my_briefings(current_user, _today())
    progress = progress_of([row.attempt for row in rows])
    return render_template("practice/home.html", rows=rows, Status=Status, progress=progress)


@bp.route("/briefings/<slug>")
@login_required
def briefing(slug: str):
    briefing, assignment, attempt = _load(slug)
    status = status_of(attempt, assignment.due_on, _today())
    if attempt is not None and attempt.state != AttemptState.COMPLETED:
        words = drawing.attempt_words(attempt.id)
    else:
        words = drawing.expected_words(current_user, briefing)
    return render_template(
        "practice/briefing.html",
        briefing=briefing_text.text_of(briefing),
        assignment=assignment,
        attempt=attempt,
        status=status,
        minutes=estimated_minutes(words),
        back_to_question=_back_to_question(attempt),
        form=StartForm(),
    )


def _back_to_question(attempt) -> str | None:
    """The question a person left to read the briefing again, with the answer they had
    chosen but not saved (?question=3&answer=12), or None."""
    position = as_id(request.args.get("question", ""))
    if attempt is None or attempt.state != AttemptState.IN_PROGRESS or position < 1:
        return None
    answers = as_ids(request.args.getlist("answer"))
    return url_for(
        ".question", slug=attempt.briefing.slug, position=position, answer=answers or None
    )


@bp.route("/briefings/<slug>/questions/<int:position>/read-briefing", methods=["POST"])
@login_required
def read_briefing(slug: str, position: int):
    """The question page's "Read the briefing again" button: to the briefing, carrying the
    answer chosen so far (not saved), so coming back shows it chosen."""
    _, attempt, elsewhere = _open_attempt_or_redirect(slug)
    if elsewhere:
        return elsewhere
    # Its one check, the CSRF token, is made for every post (CSRFProtect): no form to make.
    answers = as_ids(request.form.getlist("answer"))
    where = url_for(".briefing", slug=slug, question=position, answer=answers or None)
    return redirect(where + "#briefing-text")


@bp.route("/briefings/<slug>/retake", methods=["POST"])
@login_required
def retake(slug: str):
    briefing, _, latest = _load(slug)
    # No form made: CSRFProtect checks the token of every post, and the choice of themes is
    # "weak" or anything else (RetakeForm's hidden field, "all" unless changed).
    weak_themes_only = request.form.get("themes") == "weak"
    try:
        attempt = attempts.retake(
            current_user, briefing, weak_themes_only=weak_themes_only, latest=latest
        )
    except AttemptError as error:
        flash(str(error))
        return redirect(url_for(".briefing", slug=slug))
    step = attempts.next_step(attempt)
    db.session.commit()
    return _go(slug, step)


@bp.route("/briefings/<slug>/start", methods=["POST"])
@login_required
def start(slug: str):
    briefing, _, latest = _load(slug)
    # No form made: its one check, the CSRF token, is made for every post (CSRFProtect).
    try:
        attempt = attempts.start_or_resume(current_user, briefing, latest)
    except AttemptError as error:
        flash(str(error))
        return redirect(url_for(".briefing", slug=slug))
    step = attempts.next_step(attempt)  # before the commit, which expires the attempt
    db.session.commit()
    return _go(slug, step)


@bp.route("/briefings/<slug>/confidence", methods=["GET", "POST"])
@login_required
def confidence(slug: str):
    briefing, attempt, elsewhere = _open_attempt_or_redirect(slug)
    if elsewhere:
        return elsewhere
    themes = attempts.themes_to_rate(attempt, ConfidenceStage.BEFORE)
    form = confidence_form(themes)
    if request.method == "GET":
        fill_ratings(form, themes)
    if form.validate_on_submit():
        attempts.record_confidence(
            attempt, ConfidenceStage.BEFORE, ratings_from(form, themes), themes
        )
        step = attempts.step_after_confidence(attempt)
        db.session.commit()
        return _go(slug, step)
    return render_template(
        "practice/confidence.html", briefing=briefing, form=form, stage=ConfidenceStage.BEFORE
    )


@bp.route("/briefings/<slug>/questions/<int:position>", methods=["GET", "POST"])
@login_required
def question(slug: str, position: int):
    briefing, attempt, elsewhere = _open_attempt_or_redirect(slug)
    if elsewhere:
        return elsewhere
    try:
        item = attempts.question_at(attempt, position)
    except AttemptError:
        abort(404)
    version = item.version
    if request.method == "POST":
        # Checked without the form, which is made only to show the page again.
        values = request.form.getlist("answer")
        problem = missing_answer(version, values)
        if problem is None:
            try:
                attempts.record_answer(
                    attempt,
                    position,
                    as_id(request.form.get("version_id")),
                    # Every value sent, not the first: a tampered radio may carry two.
                    as_ids(values),
                )
            except AttemptError as error:
                problem = str(error)
            else:
                from_check = request.args.get("from") == "check"
                # Worked out before the commit: after it, reading the attempt loads it again.
                step = attempts.step_after_answer(attempt, position, from_check=from_check)
                db.session.commit()
                return _go(slug, step)
        form = answer_form(version)  # bound to the posted fields: the choice stays chosen
        refused(form, problem)
    else:
        form = answer_form(version)
        fill_answer(form, version, item.chosen_ids)
        # Back from reading the briefing: the choice made before leaving, not yet saved.
        fill_choice(form, version, as_ids(request.args.getlist("answer")))
    return _question_page(briefing, attempt, item, form)


@retry_page("practice.question")
def question_again(slug: str, position: int) -> str | None:
    """The question again after its answer could not be saved, with that answer chosen."""
    briefing, attempt, elsewhere = _open_attempt_or_redirect(slug)
    if elsewhere:
        return None
    try:
        item = attempts.question_at(attempt, position)
    except AttemptError:
        return None
    # Bound to the posted fields, so the person's choice is still selected.
    form = answer_form(item.version)
    return _question_page(briefing, attempt, item, form, not_saved=NOT_SAVED)


def _question_page(briefing, attempt, item, form, not_saved: str | None = None) -> str:
    slug = briefing.slug
    back = (
        url_for(".question", slug=slug, position=item.position - 1)
        if item.position > 1
        else url_for(".confidence", slug=slug)
    )
    return render_template(
        "practice/question.html",
        briefing=briefing,
        item=item,
        version=item.version,
        form=form,
        total=attempts.question_count(attempt),
        back=back,
        from_check=request.args.get("from") == "check",
        not_saved=not_saved,
    )


@bp.route("/briefings/<slug>/check", methods=["GET", "POST"])
@login_required
def check(slug: str):
    briefing, attempt, elsewhere = _open_attempt_or_redirect(slug)
    if elsewhere:
        if request.method == "POST" and attempt is not None:
            flash("Your answers were already submitted. Here is your result.")
        return elsewhere
    form = SubmitAnswersForm()
    if form.validate_on_submit():
        try:
            attempts.submit(attempt)
        except AttemptError as error:
            flash(str(error))
            return _go(slug, attempts.next_step(attempt))
        db.session.commit()
        return redirect(url_for(".result", slug=slug))
    result = attempts.attempt_result(attempt)
    return render_template(
        "practice/check.html",
        briefing=briefing,
        attempt=attempt,
        result=result,
        missing=result.first_unanswered,
        form=form,
    )


@bp.route("/briefings/<slug>/result")
@login_required
def result(slug: str):
    briefing, _, attempt = _load(slug)
    if attempt is None or attempt.state == AttemptState.IN_PROGRESS:
        return redirect(url_for(".briefing", slug=slug))
    return render_template(
        "practice/result.html",
        briefing=briefing,
        attempt=attempt,
        result=attempts.attempt_result(attempt),
        retake_form=RetakeForm(),
    )


@bp.route("/briefings/<slug>/reflect", methods=["GET", "POST"])
@login_required
def reflect(slug: str):
    briefing, _, attempt = _load(slug)
    if attempt is None or attempt.state != AttemptState.SUBMITTED:
        return redirect(url_for(".briefing", slug=slug))
    themes = attempts.themes_to_rate(attempt, ConfidenceStage.AFTER)
    confidence = confidence_form(themes, submit_label="Finish")
    reflection = ReflectionForm()
    if request.method == "POST":
        confidence_ok = confidence.validate_on_submit()
        reflection_ok = reflection.validate()
        if confidence_ok and reflection_ok:
            try:
                attempts.complete(
                    attempt, ratings_from(confidence, themes), reflection.reflection.data, themes
                )
            except AttemptError as error:
                reflection.reflection.errors.append(str(error))
            else:
                # Straight to the record, not through the briefing's record address. Its id
                # is taken before the commit, after which reading it loads the attempt again.
                record = url_for("records.record", attempt_id=attempt.id)
                db.session.commit()
                flash("Well done. Your learning has been recorded.", "success")
                return redirect(record)
    return render_template(
        "practice/reflect.html",
        briefing=briefing,
        form=confidence,
        reflection=reflection,
        page_forms=[confidence, reflection],
    )


@bp.route("/briefings/<slug>/record")
@login_required
def record(slug: str):
    """The latest completion's record (the address finishing a briefing leads to)."""
    briefing, _, attempt = _load(slug)
    if attempt is None or attempt.state != AttemptState.COMPLETED:
        return redirect(url_for(".briefing", slug=slug))
    return redirect(url_for("records.record", attempt_id=attempt.id))
