"""Trainers: import a briefing, add scenario questions, preview and publish them."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quiz.briefings import BriefingError
from quiz.extensions import db
from quiz.library import REFLECTION_PROMPT, load_library
from quiz.models import Question, QuestionVersion, Role, Theme
from quiz.services.analysis import analyse_briefing
from quiz.services.audit_trail import report_viewed
from quiz.services.briefing_import import ImportProblem, propose, save_import, themes_from_lines
from quiz.services.content import (
    ContentError,
    briefings_by_title,
    change_quiz_settings,
    coverage,
    create_draft,
    publish,
    publish_briefing,
    retire,
    save_edit,
    void_version,
)
from quiz.services.drafting import set_tags
from quiz.web.access import (
    get_briefing_or_404,
    role_required,
    teams_visible_to,
    writes_when_read,
)
from quiz.web.assign import assign_page
from quiz.web.authoring import bp
from quiz.web.authoring.forms import (
    ImportForm,
    PublishForm,
    QuestionForm,
    QuizSettingsForm,
    ReviewImportForm,
    VoidForm,
)


@bp.route("/")
@role_required(Role.TRAINER)
def index():
    return render_template("authoring/index.html", briefings=briefings_by_title())


def _question_page(form: QuestionForm, theme: Theme, question: Question | None = None):
    return render_template(
        "authoring/question_form.html",
        theme=theme,
        form=form,
        question=question,
    )


@bp.route("/themes/<int:theme_id>/questions/new", methods=["GET", "POST"])
@role_required(Role.TRAINER)
def new_question(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            question = create_draft(theme, form.to_content(), current_user)
        except ContentError as error:
            form.show_problems(error.problems)
        else:
            db.session.commit()
            return redirect(url_for(".preview", question_id=question.id))
    return _question_page(form, theme)


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@role_required(Role.TRAINER)
def edit_question(question_id: int):
    question = db.get_or_404(Question, question_id)
    form = QuestionForm()
    if request.method == "GET" and question.current_version is not None:
        form.fill_from(question.current_version.content())
    if form.validate_on_submit():
        try:
            changed = save_edit(question, form.to_content(), current_user)
        except ContentError as error:
            form.show_problems(error.problems)
        else:
            db.session.commit()
            flash(
                "Saved as a new version. Answers already given keep the version people saw."
                if changed
                else "Nothing had changed, so no new version was made.",
                "success",
            )
            return redirect(url_for(".preview", question_id=question.id))
    return _question_page(form, question.theme, question)


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


@bp.route("/questions/<int:question_id>/retire", methods=["POST"])
@role_required(Role.TRAINER)
def retire_question(question_id: int):
    question = db.get_or_404(Question, question_id)
    if PublishForm().validate_on_submit():
        retire(question, current_user)
        db.session.commit()
        flash("The question is retired. New attempts will not include it.", "success")
    return redirect(url_for(".preview", question_id=question.id))


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


@bp.route("/briefings/import", methods=["GET", "POST"])
@role_required(Role.TRAINER)
def import_briefing():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.upload.data
        try:
            proposal = propose(
                upload.filename if upload else None,
                upload.read() if upload else None,
                form.pasted.data,
            )
        except BriefingError as error:
            form.upload.errors.append(str(error))
        else:
            review = ReviewImportForm(
                formdata=None,
                title=proposal.title,
                slug=proposal.slug,
                themes="\n".join(proposal.themes),
                source_text=proposal.source_text,
            )
            return render_template("authoring/review_import.html", form=review, proposal=proposal)
    return render_template("authoring/import.html", form=form)


@bp.route("/briefings/import/save", methods=["POST"])
@role_required(Role.TRAINER)
def save_imported_briefing():
    form = ReviewImportForm()
    if form.validate_on_submit():
        try:
            briefing = save_import(
                form.title.data,
                form.slug.data,
                form.source_text.data or "",
                themes_from_lines(form.themes.data),
                current_user,
            )
        except ImportProblem as problem:
            form[problem.field].errors.append(str(problem))
        else:
            db.session.commit()
            flash("The briefing is saved as a draft. Practitioners cannot see it yet.", "success")
            return redirect(url_for(".briefing", slug=briefing.slug))
    return render_template("authoring/review_import.html", form=form, proposal=None)


@bp.route("/briefings/<slug>")
@role_required(Role.TRAINER)
def briefing(slug: str):
    found = get_briefing_or_404(slug)
    settings = QuizSettingsForm(
        questions_per_theme=found.questions_per_theme,
        pass_mark_percent=found.pass_mark_percent,
    )
    return _briefing_page(found, settings)


def _briefing_page(found, settings_form):
    minimum = current_app.config["MIN_QUESTIONS_PER_THEME"]
    return render_template(
        "authoring/briefing.html",
        briefing=found,
        coverage=coverage(found, minimum),
        minimum=minimum,
        publish_form=PublishForm(),
        settings_form=settings_form,
        page_forms=[settings_form],
        library=load_library(),
        reflection_prompt=REFLECTION_PROMPT,
    )


@bp.route("/briefings/<slug>/quiz-settings", methods=["POST"])
@role_required(Role.TRAINER)
def quiz_settings(slug: str):
    found = get_briefing_or_404(slug)
    form = QuizSettingsForm()
    if form.validate_on_submit():
        try:
            changed = change_quiz_settings(
                found, form.questions_per_theme.data, form.pass_mark_percent.data, current_user
            )
        except ContentError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash("Quiz settings saved." if changed else "Nothing had changed.", "success")
            return redirect(url_for(".briefing", slug=slug) + "#quiz-settings")
    return _briefing_page(found, form)


@bp.route("/briefings/<slug>/publish", methods=["POST"])
@role_required(Role.TRAINER)
def publish_imported_briefing(slug: str):
    found = get_briefing_or_404(slug)
    if PublishForm().validate_on_submit():
        try:
            publish_briefing(found, current_app.config["MIN_QUESTIONS_PER_THEME"], current_user)
        except ContentError as error:
            flash(str(error))
        else:
            db.session.commit()
            flash(
                "The briefing is published. Assign it to teams so they can complete it.", "success"
            )
    return redirect(url_for(".briefing", slug=slug))


@bp.route("/briefings/<slug>/analysis")
@role_required(Role.TRAINER)
@writes_when_read
def analysis(slug: str):
    found = get_briefing_or_404(slug)
    minimum = current_app.config["ITEM_ANALYSIS_MINIMUM"]
    analysed = analyse_briefing(found.id, minimum)
    page = render_template(
        "authoring/analysis.html",
        briefing=found,
        versions=analysed.versions,
        stats=analysed.stats,
        minimum=minimum,
    )
    report_viewed(current_user, f"briefing:{found.id}", f"item analysis of {found.slug}")
    db.session.commit()
    return page


@bp.route("/versions/<int:version_id>/void", methods=["GET", "POST"])
@role_required(Role.TRAINER)
def void(version_id: int):
    version = db.get_or_404(QuestionVersion, version_id)
    form = VoidForm()
    if form.validate_on_submit():
        try:
            count = void_version(version, form.reason.data, current_user)
        except ContentError as error:
            form.reason.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                f"Version {version.number} no longer counts. {count} people's results "
                "were recalculated.",
                "success",
            )
            return redirect(url_for(".preview", question_id=version.question_id))
    return render_template("authoring/void.html", version=version, form=form)


@bp.route("/briefings/<slug>/assign", methods=["GET", "POST"])
@role_required(Role.TRAINER)
def assign_briefing(slug: str):
    found = get_briefing_or_404(slug)
    return assign_page(found, teams_visible_to(current_user), url_for(".briefing", slug=slug))


@bp.route("/themes/<int:theme_id>/tags", methods=["POST"])
@role_required(Role.TRAINER)
def theme_tags(theme_id: int):
    theme = db.get_or_404(Theme, theme_id)
    if PublishForm().validate_on_submit():
        set_tags(theme, request.form.getlist("tags"), current_user)
        db.session.commit()
        flash(f"Tags for theme {theme.position} saved.", "success")
    return redirect(url_for(".briefing", slug=theme.briefing.slug))
