"""Trainers: import a briefing, add scenario questions, preview and publish them."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quiz.briefings import BriefingError
from quiz.extensions import db
from quiz.item_flaws import flaws as item_flaws
from quiz.library import REFLECTION_PROMPT, load_library
from quiz.models import Question, QuestionVersion, Role, Theme
from quiz.services.analysis import analyse_briefing
from quiz.services.audit_trail import report_viewed
from quiz.services.briefing_import import (
    AUTO,
    ImportProblem,
    propose,
    review_of,
    save_import,
    themes_from_lines,
)
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
        flaws=item_flaws(question.current_version.content())
        if question is not None and question.current_version is not None
        else [],
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
        "authoring/preview.html",
        question=question,
        version=version,
        publish_form=PublishForm(),
        flaws=item_flaws(version.content()),
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
            return _review_page(review, proposal, ReviewChoices.of(proposal))
    return render_template("authoring/import.html", form=form)


@dataclass
class ReviewChoices:
    """What the trainer chose on the review page besides the form's fields: which section
    lists the themes, corrected headings, and suggested themes ticked."""

    themes_section: int | str | None = AUTO
    headings: dict[int, str] = field(default_factory=dict)
    candidates: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, proposal) -> ReviewChoices:
        return cls(
            proposal.themes_section,
            {i: s.heading for i, s in enumerate(proposal.sections)},
        )

    @classmethod
    def from_form(cls, data) -> ReviewChoices:
        chosen = data.get("themes_section", AUTO)
        if chosen == "none":
            themes_section: int | str | None = None
        elif chosen.isdigit():
            themes_section = int(chosen)
        else:
            themes_section = chosen  # AUTO, or something save_import refuses
        headings = {
            int(name.removeprefix("heading-")): value
            for name, value in data.items()
            if name.startswith("heading-") and name.removeprefix("heading-").isdigit()
        }
        return cls(themes_section, headings, data.getlist("candidate"))


def _review_page(form, proposal, choices: ReviewChoices, problems: dict | None = None):
    problems = problems or {}
    return render_template(
        "authoring/review_import.html",
        form=form,
        proposal=proposal,
        choices=choices,
        problems=problems,
        extra_errors=[{"text": text, "href": f"#{name}"} for name, text in problems.items()],
    )


@bp.route("/briefings/import/save", methods=["POST"])
@role_required(Role.TRAINER)
def save_imported_briefing():
    form = ReviewImportForm()
    choices = ReviewChoices.from_form(request.form)
    problems: dict[str, str] = {}
    if form.validate_on_submit():
        themes = themes_from_lines(form.themes.data or "")
        # A ticked sentence that is also typed counts once; two typed lines the same are
        # the trainer's to fix, and save_import says so.
        ticked = dict.fromkeys(" ".join(c.split()) for c in choices.candidates if c.strip())
        themes += [c for c in ticked if c not in themes]
        try:
            briefing = save_import(
                form.title.data,
                form.slug.data,
                form.source_text.data or "",
                themes,
                current_user,
                themes_section=choices.themes_section,
                headings=choices.headings,
            )
        except ImportProblem as problem:
            if problem.field in form:
                form[problem.field].errors.append(str(problem))
            else:
                problems[problem.field] = str(problem)
        else:
            db.session.commit()
            flash("The briefing is saved as a draft. Practitioners cannot see it yet.", "success")
            return redirect(url_for(".briefing", slug=briefing.slug))
    source = form.source_text.data or ""
    proposal = review_of(source) if source.strip() and not form.source_text.errors else None
    return _review_page(form, proposal, choices, problems)


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
        drafted = set_tags(theme, request.form.getlist("tags"), current_user)
        db.session.commit()
        redrafted = (
            f" {drafted} new draft {'question' if drafted == 1 else 'questions'} replaced the "
            "drafts nobody had edited."
            if drafted
            else ""
        )
        flash(f"Tags for theme {theme.position} saved.{redrafted}", "success")
    return redirect(url_for(".briefing", slug=theme.briefing.slug))
