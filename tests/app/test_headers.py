"""Every response carries the security headers; pages with people's data are never cached."""

import re

import pytest

from quiz import create_app
from quiz.extensions import db
from tests.conftest import html

GOOD_KEY = "kX3v9qTz1Lr8bN2wYc7Hs5Jd0Fg4MpQe6RtUaViZoWx"


def csp(response) -> dict[str, str]:
    """The Content-Security-Policy as directive -> sources."""
    header = response.headers["Content-Security-Policy"]
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip()
    )


def nonce_of(response) -> str:
    [nonce] = re.findall(r"'nonce-([^']+)'", csp(response)["script-src"])
    return nonce


def test_a_page_has_every_security_header(web):
    response = web.get("/sign-in")
    policy = csp(response)
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_each_response_has_its_own_nonce_and_the_page_uses_it(web):
    first, second = web.get("/sign-in"), web.get("/sign-in")
    assert nonce_of(first) != nonce_of(second)
    assert len(nonce_of(first)) >= 22  # at least 128 bits
    page = html(first)
    scripts = page.find_all("script")
    assert scripts
    for script in scripts:
        # Inline scripts carry the nonce; the rest come from this site.
        if script.get("src"):
            assert script["src"].startswith("/static/")
        else:
            assert script.get("nonce") == nonce_of(first), script


def test_no_page_has_inline_styles_or_handlers(login_as, assigned):
    client, _ = login_as("practitioner")
    page = client.page(f"/briefings/{assigned.briefing.slug}")
    assert not page.select("[style]")
    assert not page.find_all("style")
    for element in page.find_all(True):
        assert not [a for a in element.attrs if a.startswith("on")], element.name


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("supervisor", "/teams/{team}"),
        ("supervisor", "/teams/{team}/progress.csv"),
        ("supervisor", "/teams/{team}/progress.xlsx"),
        ("practitioner", "/"),
        ("practitioner", "/briefings/{slug}"),
        (None, "/no-such-page"),
        (None, "/health"),
    ],
)
def test_pages_and_files_with_personal_data_are_not_cached(
    web, login_as, assigned, team, who, path
):
    client = login_as(who)[0] if who else web
    response = client.get(path.format(team=team.id, slug=assigned.briefing.slug))
    assert response.status_code in (200, 404)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response.headers
    assert "Expires" not in response.headers


def test_static_files_may_be_cached_but_are_not_sniffed(web):
    response = web.get("/static/app.js")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_error_page_of_a_failure_has_the_headers_too(app, web):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.add_url_rule("/broken", "broken", lambda: 1 / 0)
    response = web.get("/broken")
    assert response.status_code == 500
    assert response.headers["Cache-Control"] == "no-store"
    assert csp(response)["frame-ancestors"] == "'none'"
    [script] = [s for s in html(response).find_all("script") if not s.get("src")]
    assert script["nonce"] == nonce_of(response)


def test_no_hsts_outside_production(web):
    assert "Strict-Transport-Security" not in web.get("/sign-in").headers


def test_hsts_in_production(tmp_path):
    app = create_app(
        "production",
        SECRET_KEY=GOOD_KEY,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/prod.sqlite3",
        ALLOW_SQLITE_IN_PRODUCTION=True,
    )
    with app.app_context():
        db.create_all()
    response = app.test_client().get("/sign-in", base_url="https://quiz.example")
    hsts = response.headers["Strict-Transport-Security"]
    assert re.fullmatch(r"max-age=(\d+); includeSubDomains", hsts)
    assert int(hsts.split("=")[1].split(";")[0]) >= 180 * 24 * 3600


def test_a_response_without_a_page_allows_nothing_inline(web):
    """A redirect, a CSV or JSON file is made without a template: no nonce, nothing inline."""
    response = web.get("/account")
    assert response.status_code == 302
    policy = csp(response)
    assert policy["script-src"] == policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
