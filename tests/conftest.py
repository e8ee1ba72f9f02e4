"""Shared fixtures: an app with CSRF on, people by role, and a browser-like client."""

from __future__ import annotations

import functools
import itertools
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pyotp
import pytest
from bs4 import BeautifulSoup

from quiz import create_app
from quiz.bank.reader import read_bank
from quiz.extensions import db
from quiz.models import Agency, Assignment, Briefing, Team, User
from quiz.services.accounts import create_user
from quiz.services.bank_loading import load_bank
from quiz.services.two_factor import required_for
from tests.mailserver import mail, mail_server  # noqa: F401  (fixtures: a real SMTP server)
from tests.seed import PASSWORD, QUESTIONS_DIR, SEED_SLUG


def _test_app(database: Path):
    # A file, not ":memory:": every request gets its own connection, as in production.
    return create_app(
        "test", QUESTIONS_DIR=str(QUESTIONS_DIR), SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}"
    )


@functools.cache
def _empty_database() -> Path:
    """A database file with every table and trigger and no rows, made once per test run:
    copying it is a hundred times quicker than create_all, which every test would repeat."""
    made = Path(tempfile.mkdtemp(prefix="briefing-quiz-schema-")) / "empty.sqlite3"
    app = _test_app(made)
    with app.app_context():
        db.create_all()
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.engine.dispose()
    return made


@contextmanager
def running_app(folder: Path):
    """An app with CSRF on and empty tables, inside its app context."""
    database = folder / "app.sqlite3"
    shutil.copyfile(_empty_database(), database)
    app = _test_app(database)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(tmp_path):
    with running_app(tmp_path) as app:
        yield app


@functools.cache
def _seed_bank_files() -> tuple:
    # Read once per test run: the files do not change, and reading them is most of a
    # test's setup. load_bank only reads what it is given.
    return tuple(read_bank(QUESTIONS_DIR))


def load_seed_bank() -> Briefing:
    load_bank(list(_seed_bank_files()))
    db.session.commit()
    return db.session.query(Briefing).filter_by(slug=SEED_SLUG).one()


@pytest.fixture
def bank(app):
    """The real question bank, loaded as `make run` loads it."""
    return load_seed_bank()


@pytest.fixture
def team(app):
    agency = Agency(name="Test Council")
    team = Team(name="Assessment Team", agency=agency)
    db.session.add(team)
    db.session.commit()
    return team


@pytest.fixture
def make_team(app):
    counter = itertools.count(1)

    def make(name: str | None = None) -> Team:
        number = next(counter)
        agency = db.session.query(Agency).filter_by(name="Other Agency").first() or Agency(
            name="Other Agency"
        )
        made = Team(name=name or f"Other Team {number}", agency=agency)
        db.session.add(made)
        db.session.commit()
        return made

    return make


def turn_on_app(user: User) -> str:
    """Give the person an authenticator app, as if they had set one up; returns its key."""
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    return user.totp_secret


def app_code(user: User) -> str:
    """The code the person's authenticator app shows now. A code works once, so when now's
    code has signed them in already, the next one (the app shows it within 30 seconds)."""
    totp = pyotp.TOTP(user.totp_secret)
    step = max(totp.timecode(time.time()), (user.totp_last_step or 0) + 1)
    return totp.generate_otp(step)


@pytest.fixture
def make_user(app):
    """A person with this role; trainers and administrators have an authenticator app set
    up (they must), unless two_factor=False."""
    counter = itertools.count(1)

    def make(
        role: str = "practitioner",
        team: Team | None = None,
        supervises=(),
        name=None,
        two_factor: bool | None = None,
    ):
        number = next(counter)
        user = create_user(
            f"{role}{number}@example.org",
            name or f"{role.title()} {number}",
            PASSWORD,
            role,
            team=team,
            supervises=list(supervises),
        )
        db.session.commit()
        if required_for(user) if two_factor is None else two_factor:
            turn_on_app(user)
        return user

    return make


@pytest.fixture
def assigned(bank, team):
    """The seed briefing assigned to the team, due in a week."""
    assignment = Assignment(briefing=bank, team=team, due_on=date.today() + timedelta(days=7))
    db.session.add(assignment)
    db.session.commit()
    return assignment


class Browser:
    """A test client that fills in forms as a person would, CSRF token included.

    Each request runs in its own application context, as on a real server, so
    `g` and the database session never leak from the test into a request.
    """

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()

    def get(self, url: str, **kwargs):
        with self.app.app_context():
            response = self.client.get(url, **kwargs)
        self._see_changes()
        return response

    def post(self, url: str, **kwargs):
        # Buffered, as a server sends it: the whole page, then the response is closed and
        # what the app does after the page has gone (call_on_close) runs.
        kwargs.setdefault("buffered", True)
        with self.app.app_context():
            response = self.client.post(url, **kwargs)
        self._see_changes()
        return response

    @staticmethod
    def _see_changes():
        # End the test's own transaction so its next query sees what the request wrote.
        db.session.rollback()

    def page(self, url: str) -> BeautifulSoup:
        response = self.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return html(response)

    def csrf_token(self, url: str) -> str:
        token = html(self.get(url)).find("input", attrs={"name": "csrf_token"})
        assert token is not None, f"no form on {url}"
        return token["value"]

    def submit(self, url: str, data: dict | None = None, form_url: str | None = None, **kwargs):
        """POST to url with the CSRF token from the page at form_url (default: url)."""
        payload = {"csrf_token": self.csrf_token(form_url or url), **(data or {})}
        return self.post(url, data=payload, **kwargs)

    def sign_in(self, user, password: str = PASSWORD):
        """Sign in with the password, and the app's code when asked for one."""
        response = self.submit("/sign-in", {"email": user.email, "password": password})
        if response.headers.get("Location", "").endswith("/sign-in/code"):
            response = self.submit("/sign-in/code", {"code": app_code(user)})
        location = response.headers.get("Location", "")
        assert response.status_code == 302 and "/sign-in" not in location, "sign-in failed"
        return response


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()


@pytest.fixture
def web(app):
    """Someone not signed in, using the site."""
    return Browser(app)


@pytest.fixture
def login_as(app, make_user, team):
    """Sign a new person with this role in; returns (browser, user)."""

    def login(role: str = "practitioner", **kwargs):
        if role == "practitioner":
            kwargs.setdefault("team", team)
        if role == "supervisor":
            kwargs.setdefault("supervises", [team])
        user = make_user(role, **kwargs)
        client = Browser(app)
        client.sign_in(user)
        return client, user

    return login
