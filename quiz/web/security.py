"""What every response tells the browser, and the development server's promise to stay local.

The headers follow OWASP's secure headers project and NCSC's guidance for web apps that hold
personal data: scripts and styles only from this site or with this response's nonce, no
framing, no guessing of content types, no caching of pages (they show named people's answers).
"""

from __future__ import annotations

import secrets
from ipaddress import ip_address

from flask import Flask, Response, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

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


def _policy(inline: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self'{inline}",
            f"style-src 'self'{inline}",
            "img-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


# Joined once, not per response. A page's nonce goes where {nonce} is; a response made
# without a template (a redirect, a CSV or JSON file) has nothing inline, so no nonce.
_POLICY_FOR_A_PAGE = _policy(" 'nonce-{nonce}'")
_POLICY_WITHOUT_INLINE = _policy("")

# The same on every response.
FIXED_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    # For browsers older than frame-ancestors.
    ("X-Frame-Options", "DENY"),
    # Not no-referrer: over HTTPS, Flask-WTF checks that a form was posted from this site
    # by its Referer. same-origin sends it to us and to nobody else.
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), geolocation=(), microphone=(), payment=()"),
)


def content_security_policy(nonce: str | None) -> str:
    return _POLICY_WITHOUT_INLINE if nonce is None else _POLICY_FOR_A_PAGE.format(nonce=nonce)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    # Every template is given a nonce (nonce_for_templates below); other responses have none.
    headers["Content-Security-Policy"] = content_security_policy(g.get("csp_nonce"))
    for name, value in FIXED_HEADERS:
        headers[name] = value
    hsts = current_app.config["HSTS_SECONDS"]
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


class SessionCookie(SecureCookieSessionInterface):
    """Flask's signed session cookie, its signing serializer made once per key, not once
    per request (the keys are the only thing it depends on)."""

    _made: tuple[tuple, URLSafeTimedSerializer | None] = ((), None)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made_for, serializer = self._made
        if made_for != keys:
            serializer = super().get_signing_serializer(app)
            self._made = (keys, serializer)
        return serializer


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
    app.session_interface = SessionCookie()

    @app.context_processor
    def nonce_for_templates():
        # govuk template.html puts nonce="{{ cspNonce }}" on its one inline script.
        return {"cspNonce": csp_nonce()}
