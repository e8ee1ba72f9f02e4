"""Production refuses unsafe settings; development stays on this computer; serving details."""

import random
import re
import string
import threading

import pytest
from flask import jsonify, request

from config import BASE_DIR, SAMPLE_SECRET_KEYS, development_secret_key, secret_key_weakness
from quiz import create_app
from quiz.extensions import db
from tests.conftest import html, text_of

GOOD_KEY = "kX3v9qTz1Lr8bN2wYc7Hs5Jd0Fg4MpQe6RtUaViZoWx"
POSTGRES = "postgresql+psycopg://quiz@db.internal/quiz"


def production(**settings):
    """A production app; creating it runs the checks (nothing connects to the database)."""
    return create_app(
        "production", **{"SECRET_KEY": GOOD_KEY, "SQLALCHEMY_DATABASE_URI": POSTGRES, **settings}
    )


def refusal(**settings) -> str:
    with pytest.raises(RuntimeError) as refused:
        production(**settings)
    return str(refused.value)


def test_production_starts_with_good_settings():
    app = production()
    assert app.config["SESSION_COOKIE_SECURE"] and not app.debug


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "missing"),
        ("k3y-Sh0rt", "shorter than 32"),
        ("a" * 32, "too few different characters"),
        ("a" * 64, "too few different characters"),
        ("ab" * 16, "too few different characters"),
        ("passwordpasswordpasswordpassword", "repeats itself"),
        ("0123456789abcdef0123456789abcdef", "repeats itself"),
        ("abcdefghijklmnopqrstuvwxyz0123456789", "runs in sequence"),
        ("development-only-not-secret-padded-to-32", "sample"),
        ("please-change-me-before-going-live-x9", "sample"),
        ("an-example-secret-key-Qm4tZ8wLp2vR7sKd", "sample"),
    ],
)
def test_production_refuses_a_weak_secret_key(key, reason):
    message = refusal(SECRET_KEY=key)
    assert "SECRET_KEY" in message and reason in message


@pytest.mark.parametrize("key", sorted(SAMPLE_SECRET_KEYS))
def test_every_published_sample_key_is_refused(key):
    assert secret_key_weakness(key) is not None
    assert secret_key_weakness(key + "x" * 40) is not None


def test_keys_in_the_readme_and_config_examples_are_refused():
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    written = re.findall(r"SECRET_KEY=([^\s`$|]+)", readme)
    for key in written:
        assert key == "..." or secret_key_weakness(key.strip("'\"")), key


@pytest.mark.parametrize("length", [32, 43, 64])
@pytest.mark.parametrize("alphabet", [string.hexdigits.lower()[:16], string.ascii_letters + "-_"])
def test_random_keys_are_accepted(length, alphabet):
    chooser = random.Random(f"{length}{alphabet}")  # repeatable, so never flaky
    for _ in range(500):
        key = "".join(chooser.choice(alphabet) for _ in range(length))
        assert secret_key_weakness(key) is None, key


def test_production_refuses_debug():
    assert "debug" in refusal(DEBUG=True)


def test_production_refuses_flask_debug_from_the_environment(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert "debug" in refusal()


def test_production_refuses_sqlite_unless_allowed(tmp_path):
    sqlite = f"sqlite:///{tmp_path}/quiz.sqlite3"
    assert "ALLOW_SQLITE_IN_PRODUCTION" in refusal(SQLALCHEMY_DATABASE_URI=sqlite)
    production(SQLALCHEMY_DATABASE_URI=sqlite, ALLOW_SQLITE_IN_PRODUCTION=True)


def test_production_names_every_problem_at_once(tmp_path):
    message = refusal(SECRET_KEY="", DEBUG=True, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert all(word in message for word in ("SECRET_KEY", "debug", "SQLite"))


def test_an_unknown_configuration_is_refused():
    with pytest.raises(RuntimeError, match="development, test, production"):
        create_app("prod")


def test_the_production_session_cookie_is_host_only_and_secure(tmp_path):
    app = production(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.sqlite3", ALLOW_SQLITE_IN_PRODUCTION=True
    )
    with app.app_context():
        db.create_all()
    response = app.test_client().get("/sign-in", base_url="https://quiz.example")
    [cookie] = response.headers.getlist("Set-Cookie")
    attributes = [a.strip() for a in cookie.split(";")]
    assert attributes[0].startswith("__Host-session=")
    assert {"Secure", "HttpOnly", "Path=/", "SameSite=Lax"} <= set(attributes)
    assert not [a for a in attributes if a.lower().startswith("domain")]


def test_development_makes_its_own_key_once(tmp_path):
    key = development_secret_key(tmp_path)
    assert secret_key_weakness(key) is None
    assert development_secret_key(tmp_path) == key
    assert (tmp_path / "secret-key").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret-key"]


def test_processes_starting_together_agree_on_one_key(tmp_path):
    keys = []
    threads = [
        threading.Thread(target=lambda: keys.append(development_secret_key(tmp_path)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1


def test_development_without_a_key_uses_the_kept_one(monkeypatch):
    monkeypatch.setattr("quiz.development_secret_key", lambda folder: f"kept in {folder.name}")
    monkeypatch.setattr("config.DevelopmentConfig.SECRET_KEY", "")
    app = create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["SECRET_KEY"] == "kept in instance"
    assert app.config["SECRET_KEY"] not in SAMPLE_SECRET_KEYS


@pytest.fixture
def development(tmp_path, monkeypatch):
    monkeypatch.setattr("config.DevelopmentConfig.SECRET_KEY", GOOD_KEY)
    app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/d.sqlite3")
    with app.app_context():
        db.create_all()
    return app


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_development_answers_this_computer(development, address):
    response = development.test_client().get("/sign-in", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 200


@pytest.mark.parametrize("address", ["192.0.2.7", "2001:db8::1", ""])
def test_development_refuses_other_computers_and_says_why(development, address):
    response = development.test_client().get("/sign-in", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 403
    assert "development mode" in response.get_data(as_text=True)
    assert "QUIZ_CONFIG=production" in response.get_data(as_text=True)


def where_from():
    return jsonify(address=request.remote_addr, scheme=request.scheme, host=request.host)


FORWARDED = {"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https"}


def test_forwarded_headers_are_ignored_without_a_proxy(app):
    app.add_url_rule("/where", "where", where_from)
    seen = app.test_client().get("/where", headers=FORWARDED).get_json()
    assert seen == {"address": "127.0.0.1", "scheme": "http", "host": "localhost"}


def test_behind_a_proxy_the_real_address_and_scheme_are_used(tmp_path):
    app = create_app("test", PROXY_COUNT=1)
    app.add_url_rule("/where", "where", where_from)
    headers = {**FORWARDED, "X-Forwarded-Host": "quiz.example"}
    seen = app.test_client().get("/where", headers=headers).get_json()
    assert seen == {"address": "203.0.113.5", "scheme": "https", "host": "quiz.example"}


def test_health_says_ok_and_nothing_else(web, make_user):
    make_user("practitioner")
    response = web.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_says_when_the_database_is_unreachable(tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/no/such/folder.db")
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert "folder.db" not in response.get_data(as_text=True)


def test_the_health_check_needs_no_sign_in_and_no_page(web):
    response = web.get("/health")
    assert response.mimetype == "application/json"
    assert "Sign in" not in text_of(html(response))
