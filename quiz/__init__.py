"""Briefing Quiz: the application factory. It only assembles; it loads no data."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, CONFIGS, DevelopmentConfig, development_secret_key
from quiz.extensions import csrf, db, login_manager, migrate
from quiz.web.errors import QuizFlask, register_error_pages
from quiz.web.routing import IdConverter
from quiz.web.security import init_security
from quiz.web.templating import add_govuk_macros


def create_app(config_name: str | None = None, **overrides) -> Flask:
    app = QuizFlask(__name__, instance_path=str(BASE_DIR / "instance"))
    _configure(app, config_name or os.environ.get("QUIZ_CONFIG", "development"), overrides)
    if app.config["PROXY_COUNT"]:
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    # Before any route is added: every <int:...> in a URL is an id the database can hold.
    app.url_map.converters["int"] = IdConverter

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
    add_govuk_macros(app.jinja_env)

    init_security(app)
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    _init_login(app)

    from quiz.services.accounts import use_cheap_hashing

    use_cheap_hashing(app.config.get("TESTING", False))

    from quiz.web import (
        admin,
        auth,
        authoring,
        health,
        meetings,
        practice,
        records,
        reminders,
        supervision,
    )

    app.register_blueprint(auth.bp)
    app.register_blueprint(practice.bp)
    app.register_blueprint(supervision.bp)
    app.register_blueprint(reminders.bp)
    app.register_blueprint(authoring.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(meetings.bp)
    app.register_blueprint(records.bp)

    from quiz.cli import register_cli

    register_cli(app)
    register_error_pages(app)
    from quiz.web import busy

    busy.register(app)
    _register_template_helpers(app)
    return app


def _configure(app: Flask, name: str, overrides: dict) -> None:
    """Load the named configuration; refuse to start on settings unfit for it."""
    if name not in CONFIGS:
        raise RuntimeError(f"QUIZ_CONFIG={name!r}: use one of {', '.join(CONFIGS)}")
    config_class = CONFIGS[name]
    app.config.from_object(config_class)
    app.config.update(overrides)
    # The default SQLite database lives in instance/, which a fresh clone lacks.
    os.makedirs(app.instance_path, exist_ok=True)
    if config_class is DevelopmentConfig and not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = development_secret_key(Path(app.instance_path))
    refusals = getattr(config_class, "refusals", None)
    problems = refusals(app.config) if refusals else []
    if problems:
        raise RuntimeError(
            f"QUIZ_CONFIG={name} refuses to start:\n" + "\n".join(f"- {p}" for p in problems)
        )


def _init_login(app: Flask) -> None:
    from quiz.web.auth.signed_in import signed_in_user

    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    # Sessions live on the server (LoginSession), so Flask-Login's own
    # "remember me" cookie and session protection are not needed.
    login_manager.session_protection = None

    @login_manager.user_loader
    def load_user(user_id: str):
        # The server decides when a sign-in expires or goes idle, not only the cookie.
        user = signed_in_user()
        return user if user is not None and str(user.id) == user_id else None


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
    from quiz.web.navigation import menu_markup
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
            "service_menu": menu_markup,
            "may_open": may_open,
            # The trainer's preview shows the practitioner's own answer field.
            "practitioner_answer_form": answer_form,
        }

    from quiz.web.rich_text import render_markdown

    app.add_template_filter(render_markdown, "markdown")

    @app.template_filter("day")
    def day(value):
        return value.strftime("%-d %B %Y") if value else ""
