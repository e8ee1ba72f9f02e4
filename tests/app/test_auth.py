"""Sign-in, sign-out and who may open which page."""

from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import select

from quiz import create_app
from quiz.extensions import db
from quiz.models import Agency, LoginSession, Team
from tests.conftest import Browser, html, load_seed_bank, running_app, text_of
from tests.seed import PASSWORD, SEED_SLUG

# Pages anyone may open, and why. Every other route must send a stranger to sign in.
PUBLIC = {
    "static": "the stylesheet, scripts and icon the sign-in page itself needs",
    "auth.sign_in": "where everyone else is sent",
    "auth.sign_out": "signing out must work even after the sign-in has expired",
    "health.check": "load balancers and monitoring ask it; it names no one",
    "auth.forgotten_password": "people who cannot sign in ask for a reset link there",
    "auth.set_password": "the emailed link sets a password for someone not signed in",
}
CHECKED_METHODS = ("GET", "POST")


def routes(app) -> list[tuple[str, str]]:
    """(endpoint, method) for every route the app serves, public ones left out."""
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in PUBLIC
        for method in CHECKED_METHODS
        if method in rule.methods
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """One app with the seed data for every route's check: strangers change nothing."""
    with running_app(tmp_path_factory.mktemp("seeded")) as app:
        theme = load_seed_bank().themes[0]
        question = theme.questions[0]
        team = Team(name="Assessment Team", agency=Agency(name="Test Council"))
        db.session.add(team)
        db.session.commit()
        # Real ids, so each check reaches a page that exists rather than a 404.
        values = {
            "slug": SEED_SLUG,
            "position": 1,
            "team_id": team.id,
            "theme_id": theme.id,
            "question_id": question.id,
            "version_id": question.current_version.id,
        }
        yield app, values


def _dummy(rule, name: str):
    """1 for an id; for a choice of words (a download's table or format), the first word."""
    converter = rule._converters.get(name)
    return sorted(converter.items)[0] if hasattr(converter, "items") else 1


def asks_for_sign_in(app, web, endpoint: str, method: str, values: dict) -> bool:
    [rule] = app.url_map.iter_rules(endpoint)
    # An argument with no real value gets a dummy: a protected page asks for sign-in
    # before it looks anything up, so it never answers 404 to a stranger.
    arguments = {name: values.get(name, _dummy(rule, name)) for name in rule.arguments}
    with app.test_request_context():
        url = url_for(endpoint, **arguments)
        sign_in = url_for("auth.sign_in")
    # A POST carries a good CSRF token, so only the sign-in check can turn it away.
    response = web.get(url) if method == "GET" else web.submit(url, form_url=sign_in)
    location = response.headers.get("Location", "")
    return response.status_code == 302 and urlsplit(location).path == sign_in


@pytest.mark.parametrize(("endpoint", "method"), routes(create_app("test")))
def test_every_page_asks_for_sign_in(seeded, endpoint, method):
    app, values = seeded
    assert asks_for_sign_in(app, Browser(app), endpoint, method, values), (
        f"{method} {endpoint} does not send a stranger to sign in: protect it, "
        "or list it in PUBLIC with the reason"
    )


def test_public_pages_are_real_routes(app):
    assert set(PUBLIC) <= {rule.endpoint for rule in app.url_map.iter_rules()}


def test_a_new_unprotected_page_is_caught(app, web):
    app.add_url_rule("/forgotten/<int:thing_id>", "forgotten", lambda thing_id: "open to all")
    assert ("forgotten", "GET") in routes(app)
    assert not asks_for_sign_in(app, web, "forgotten", "GET", {})


def test_sign_in_page_has_a_title_and_form(web):
    page = web.page("/sign-in")
    assert page.title.string.startswith("Sign in")
    assert page.find("input", attrs={"name": "email", "autocomplete": "email"})


def test_wrong_password_gets_one_clear_message(web, make_user):
    user = make_user("practitioner")
    response = web.submit("/sign-in", {"email": user.email, "password": "wrong password"})
    assert response.status_code == 200
    page = html(response)
    assert "The email address or password is not right" in text_of(page)
    assert page.title.string.startswith("Error:")


def test_unknown_email_gets_the_same_message(web):
    response = web.submit("/sign-in", {"email": "nobody@example.org", "password": "x" * 12})
    assert "The email address or password is not right" in text_of(html(response))


def test_empty_sign_in_names_both_fields(web):
    response = web.submit("/sign-in", {"email": "", "password": ""})
    summary = text_of(html(response).find(class_="govuk-error-summary"))
    assert "Enter your email address" in summary and "Enter your password" in summary


def test_email_is_matched_without_regard_to_case(web, make_user):
    user = make_user("practitioner")
    response = web.submit("/sign-in", {"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302


def test_sign_in_starts_a_new_session(web, make_user):
    user = make_user("practitioner")
    web.get("/sign-in")
    with web.client.session_transaction() as before:
        before["planted"] = "by someone else"
    web.sign_in(user)
    with web.client.session_transaction() as after:
        assert "planted" not in after
        assert after["sid"]


def test_sign_out_ends_the_session_on_the_server(app, make_user):
    user = make_user("practitioner")
    client = Browser(app)
    client.sign_in(user)
    with client.client.session_transaction() as live:
        stolen = dict(live)
    response = client.submit("/sign-out", form_url="/")
    assert response.headers["Location"].endswith("/sign-in")
    ended = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    assert ended.ended_at is not None
    # Someone replays the cookie they copied before sign-out.
    replay = Browser(app)
    with replay.client.session_transaction() as session:
        session.update(stolen)
    response = replay.get("/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_next_page_after_sign_in_stays_on_this_site(web, make_user):
    user = make_user("practitioner")
    response = web.submit(
        "/sign-in?next=https://evil.example/",
        {"email": user.email, "password": PASSWORD},
        form_url="/sign-in",
    )
    assert response.headers["Location"] == "/"


def test_deactivated_person_cannot_sign_in(web, make_user):
    user = make_user("practitioner")
    user.active = False
    db.session.commit()
    response = web.submit("/sign-in", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("practitioner", "/teams/", 403),
        ("practitioner", "/authoring/", 403),
        ("practitioner", "/admin/people", 403),
        ("supervisor", "/authoring/", 403),
        ("supervisor", "/admin/people", 403),
        ("trainer", "/admin/people", 403),
        ("trainer", "/authoring/", 200),
        ("admin", "/admin/people", 200),
    ],
)
def test_roles_open_only_their_pages(login_as, bank, role, path, status):
    client, _ = login_as(role)
    assert client.get(path).status_code == status


def test_unknown_page_is_a_kind_404(web):
    response = web.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in text_of(html(response))


def test_a_sign_in_expires_on_the_server_after_the_session_lifetime(app, make_user):
    from datetime import timedelta

    user = make_user("practitioner")
    client = Browser(app)
    client.sign_in(user)
    login = db.session.scalar(select(LoginSession).where(LoginSession.user_id == user.id))
    login.created_at = login.created_at - app.permanent_session_lifetime - timedelta(minutes=1)
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
