"""Error pages: plain words for people, the details in the log under a reference.

A page never shows a traceback, SQL or an exception's message. When something breaks, the
page gives a short reference and the log has the same reference with the traceback, so a
person who reports the problem can be matched to what went wrong.
"""

from __future__ import annotations

import secrets

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError

from quiz.extensions import db


def error_reference() -> str:
    """This request's error reference, made on first use: 8 characters, easy to read out."""
    if "error_reference" not in g:
        g.error_reference = secrets.token_hex(4).upper()
    return g.error_reference


class QuizFlask(Flask):
    def log_exception(self, exc_info) -> None:
        """Flask's log of an unhandled exception, with the reference the page shows."""
        self.logger.error(
            "Error reference %s: %s %s failed",
            error_reference(),
            request.method,
            request.path,
            exc_info=exc_info,
        )


def register_error_pages(app: Flask) -> None:
    def page(template: str, status: int, **context):
        db.session.rollback()
        return render_template(template, **context), status

    @app.errorhandler(CSRFError)
    def expired_form(error):
        return page("errors/expired.html", 400)

    @app.errorhandler(400)
    def bad_request(error):
        return page("errors/400.html", 400)

    @app.errorhandler(403)
    def forbidden(error):
        return page("errors/403.html", 403)

    @app.errorhandler(404)
    def not_found(error):
        return page("errors/404.html", 404)

    @app.errorhandler(405)
    def method_not_allowed(error):
        return page("errors/404.html", 405)

    @app.errorhandler(413)
    def too_large(error):
        return page("errors/413.html", 413)

    @app.errorhandler(500)
    def server_error(error):
        reference = error_reference()
        try:
            return page("errors/500.html", 500, reference=reference)
        except Exception:  # the page itself needs the database, which may be what broke
            app.logger.exception("Error reference %s: the error page failed too", reference)
            return plain_error_page(reference), 500


def plain_error_page(reference: str) -> str:
    """The error page without the layout, which needs the database for the menu."""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Sorry, there is a problem with the service</title></head><body>"
        "<h1>Sorry, there is a problem with the service</h1>"
        "<p>Nothing you saved has been lost. Please try again later.</p>"
        f"<p>If you tell us about this, give the reference {reference}.</p></body></html>"
    )
