"""Briefing Quiz: the application factory. It only assembles; it loads no data."""

from __future__ import annotations

import os

from flask import Flask, render_template, session
from flask_wtf.csrf import CSRFError
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from config import BASE_DIR, CONFIGS
from quiz.extensions import csrf, db, login_manager, migrate


def create_app(config_name: str | None = None, **overrides) -> Flask:
    app = Flask(__name__, instance_path=str(BASE_DIR / "instance"))
    config_class = CONFIGS[config_name or os.environ.get("QUIZ_CONFIG", "development")]
    if hasattr(config_class, "check"):
        config_class.check()
    app.config.from_object(config_class)
    app.config.update(overrides)
    # The default SQLite database lives in instance/, which a fresh clone lacks.
    os.makedirs(app.instance_path, exist_ok=True)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(BASE_DIR / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    _init_login(app)

    from quiz.services.accounts import use_cheap_hashing

    use_cheap_hashing(app.config.get("TESTING", False))

    from quiz.web import admin, auth, authoring, practice, supervision

    app.register_blueprint(auth.bp)
    app.register_blueprint(practice.bp)
    app.register_blueprint(supervision.bp)
    app.register_blueprint(authoring.bp)
    app.register_blueprint(admin.bp)

    from quiz.cli import register_cli

    register_cli(app)
    _register_error_pages(app)
    from quiz.web import busy

    busy.register(app)
    _register_template_helpers(app)
    return app


def _init_login(app: Flask) -> None:
    from quiz.services.accounts import user_for_session

    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    # Sessions live on the server (LoginSession), so Flask-Login's own
    # "remember me" cookie and session protection are not needed.
    login_manager.session_protection = None

    @login_manager.user_loader
    def load_user(user_id: str):
        # The server decides when a sign-in expires, not only the cookie.
        max_age = app.permanent_session_lifetime
        user = user_for_session(session.get("sid"), max_age)
        return user if user is not None and str(user.id) == user_id else None


def _register_error_pages(app: Flask) -> None:
    def page(template: str, status: int, **context):
        db.session.rollback()
        return render_template(template, **context), status

    @app.errorhandler(CSRFError)
    def expired_form(error):
        return page("errors/expired.html", 400)

    @app.errorhandler(403)
    def forbidden(error):
        return page("errors/403.html", 403)

    @app.errorhandler(404)
    def not_found(error):
        return page("errors/404.html", 404)

    @app.errorhandler(405)
    def method_not_allowed(error):
        return page("errors/404.html", 405)

    @app.errorhandler(500)
    def server_error(error):
        return page("errors/500.html", 500)


def _register_template_helpers(app: Flask) -> None:
    from quiz.models import (
        AttemptState,
        BriefingStatus,
        ConfidenceStage,
        QuestionKind,
        QuestionStatus,
        Role,
    )
    from quiz.web.access import may_open
    from quiz.web.navigation import navigation_for
    from quiz.web.practice.forms import answer_form

    @app.context_processor
    def service_context():
        # Templates compare with the enums, never with their values written out again.
        return {
            "service_name": app.config["SERVICE_NAME"],
            "AttemptState": AttemptState,
            "BriefingStatus": BriefingStatus,
            "ConfidenceStage": ConfidenceStage,
            "QuestionKind": QuestionKind,
            "QuestionStatus": QuestionStatus,
            "Role": Role,
            # Functions, so only the pages that show a menu or a link work them out.
            "service_navigation": navigation_for,
            "may_open": may_open,
            # The trainer's preview shows the practitioner's own answer field.
            "practitioner_answer_form": answer_form,
        }

    from quiz.web.rich_text import render_markdown

    app.add_template_filter(render_markdown, "markdown")

    @app.template_filter("day")
    def day(value):
        return value.strftime("%-d %B %Y") if value else ""
