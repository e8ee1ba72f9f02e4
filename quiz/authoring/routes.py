"""Trainers: see the bank, add a scenario question, preview it, publish it."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from quiz.access import role_required
from quiz.authoring import bp
from quiz.authoring.forms import OPTION_COUNT, PublishForm, QuestionForm
from quiz.content import (
    OPTION_KEYS,
    ContentError,
    DraftOption,
    DraftQuestion,
    create_draft,
    publish,
)
from quiz.extensions import db
from quiz.models import Briefing, Question, Role, Theme


@bp.route("/")
@role_required(Role.TRAINER)
def index():
    briefings = db.session.scalars(select(Briefing).order_by(Briefing.title)).all()
    return render_template("authoring/index.html", briefings=briefings)


@bp.route("/themes/<int:theme_id>/questions/new", methods=["GET", "POST"])
@role_required(Role.TRAINER)
def new_question(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    form = QuestionForm()
    if form.validate_on_submit():
        keys = OPTION_KEYS[:OPTION_COUNT]
        draft = DraftQuestion(
            role=form.role.data.strip(),
            scenario=form.scenario.data.strip(),
            prompt=form.prompt.data.strip(),
            options=[
                DraftOption(
                    text=form[f"option_{k}"].data.strip(),
                    feedback=form[f"feedback_{k}"].data.strip(),
                    correct=(form.correct.data == k),
                )
                for k in keys
            ],
        )
        try:
            question = create_draft(theme, draft, current_user)
        except ContentError as error:
            form.correct.errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for(".preview", question_id=question.id))
    return render_template(
        "authoring/new_question.html",
        theme=theme,
        form=form,
        option_keys=OPTION_KEYS[:OPTION_COUNT],
    )


@bp.route("/questions/<int:question_id>")
@role_required(Role.TRAINER)
def preview(question_id: int):
    question = db.get_or_404(Question, question_id)
    version = question.current_version
    if version is None:
        abort(404)
    return render_template(
        "authoring/preview.html", question=question, version=version, publish_form=PublishForm()
    )


@bp.route("/questions/<int:question_id>/publish", methods=["POST"])
@role_required(Role.TRAINER)
def publish_question(question_id: int):
    question = db.get_or_404(Question, question_id)
    if PublishForm().validate_on_submit():
        try:
            publish(question, current_user)
        except ContentError as error:
            flash(str(error))
        else:
            db.session.commit()
            flash("The question is published. New attempts will include it.", "success")
    return redirect(url_for(".preview", question_id=question.id))
