"""What every response tells the browser, and the development server's promise to stay local.

The headers follow OWASP's secure headers project and NCSC's guidance for web apps that hold
personal data: scripts and styles only from this site or with this response's nonce, no
framing, no guessing of content types, no caching of pages (they show named people's answers).
"""

from __future__ import annotations

import secrets
from ipaddress import ip_address

from flask import Flask, Response, current_app, g, request

# Static files (CSS, scripts, icons) hold nothing personal and may be cached.
CACHEABLE_ENDPOINTS = frozenset({"static"})

LOCAL_ONLY_MESSAGE = (
    "This copy of Briefing Quiz runs in development mode, which only answers on the computer "
    "it runs on. To serve other people, set QUIZ_CONFIG=production (see the README).\n"
)


def csp_nonce() -> str:
    """This response's nonce: an inline script or style runs only if it carries it."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    # For browsers older than frame-ancestors.
    headers["X-Frame-Options"] = "DENY"
    # Not no-referrer: over HTTPS, Flask-WTF checks that a form was posted from this site
    # by its Referer. same-origin sends it to us and to nobody else.
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), geolocation=(), microphone=(), payment=()"
    hsts = current_app.config.get("HSTS_SECONDS", 0)
    if hsts:
        headers["Strict-Transport-Security"] = f"max-age={hsts}; includeSubDomains"
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        # Results, records, reports and CSV files name people: keep them out of the
        # browser's cache and any proxy's, so the back button on a shared computer or a
        # proxy cannot show them to the next person.
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
        headers.pop("Last-Modified", None)
    return response


def refuse_other_computers() -> Response | None:
    """In development, answer only requests from this computer."""
    try:
        local = ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        local = False
    if local:
        return None
    return Response(LOCAL_ONLY_MESSAGE, 403, mimetype="text/plain")


def init_security(app: Flask) -> None:
    if app.config.get("LOCAL_ONLY"):
        app.before_request(refuse_other_computers)
    app.after_request(add_security_headers)

    @app.context_processor
    def nonce_for_templates():
        # govuk template.html puts nonce="{{ cspNonce }}" on its one inline script.
        return {"cspNonce": csp_nonce()}
