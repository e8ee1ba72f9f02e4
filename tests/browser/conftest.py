"""Real-browser fixtures: headless Debian Chromium, a live server, and an axe check.

Every test in this folder is marked `browser`; run them with `pytest -m browser`,
or leave them out with `pytest -m "not browser"`. Without /usr/bin/chromium they
are skipped, unless REQUIRE_BROWSER=1 (as in CI), where a missing browser fails.
"""

from __future__ import annotations

import os
import re
import threading
import weakref
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from quiz import create_app
from quiz.bank.reader import read_bank
from quiz.extensions import db
from quiz.models import Agency, Assignment, Briefing, Team, User
from quiz.services import attempts
from quiz.services.accounts import create_user
from quiz.services.bank_loading import load_bank
from tests.seed import PASSWORD, QUESTIONS_DIR, SEED_SLUG

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REFLECTION = "I will see the child alone and ask about life at home in their own words."
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    """Mark (and, without Chromium, skip) every test in this folder."""
    missing = not CHROMIUM.exists() and not _browser_required()
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} not found: install Debian's chromium (set REQUIRE_BROWSER=1 to fail)"
    )
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found; the browser tests need Debian's chromium package"
        if _browser_required():
            pytest.fail(message + " (REQUIRE_BROWSER=1)")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": LAUNCH_ARGS,
    }


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    password: str = PASSWORD


@dataclass
class LiveApp:
    app: Flask
    base_url: str
    practitioner: Person
    colleague: Person
    supervisor: Person
    slug: str = SEED_SLUG
    correct: dict[int, set[int]] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base_url + path

    def app_code(self, person: Person) -> str:
        """The code the person's authenticator app shows now (see tests.conftest.app_code)."""
        from tests.conftest import app_code

        with self.app.app_context():
            user = db.session.query(User).filter_by(email=person.email).one()
            code = app_code(user)
            db.session.remove()
            return code

    def complete_briefing(self, person: Person, reflection: str = REFLECTION) -> tuple[int, int]:
        """Complete the seed briefing through the attempt service; returns (score, max)."""
        with self.app.app_context():
            user = db.session.query(User).filter_by(email=person.email).one()
            briefing = db.session.query(Briefing).filter_by(slug=self.slug).one()
            attempt = attempts.start_or_resume(user, briefing)
            ratings = {t.id: 3 for t in briefing.themes}
            attempts.record_confidence(attempt, "before", ratings)
            for item in attempt.questions:
                right = sorted(self.correct[item.version_id])
                attempts.record_answer(attempt, item.position, item.version_id, right)
            attempts.submit(attempt)
            attempts.complete(attempt, {t: 4 for t in ratings}, reflection)
            db.session.commit()
            return attempt.score, attempt.max_score


class _QuietHandler(WSGIRequestHandler):
    """No access log: pytest shows the failing test's output, not every request."""

    def log_request(self, code="-", size="-"):
        pass


def _check_assets() -> None:
    """The layout and focus checks are only as good as the CSS they run against."""
    css = ROOT / "quiz" / "static" / "build" / "app.css"
    if not css.exists():
        pytest.fail(f"{css} is missing: run `npm run build` first", pytrace=False)
    newest_source = max(p.stat().st_mtime for p in (ROOT / "assets").iterdir())
    if css.stat().st_mtime < newest_source:
        pytest.fail(f"{css} is older than assets/: run `npm run build` again", pytrace=False)
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm install` (axe-core)", pytrace=False)


@pytest.fixture
def live_app(tmp_path):
    """The app on a real port, with a file database the server's threads can share."""
    _check_assets()
    app = create_app(
        "test",
        QUESTIONS_DIR=str(QUESTIONS_DIR),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/browser.sqlite3",
    )
    practitioner = Person("pat.practitioner@example.org", "Pat Practitioner")
    colleague = Person("cal.colleague@example.org", "Cal Colleague")
    supervisor = Person("sue.supervisor@example.org", "Sue Supervisor")
    with app.app_context():
        db.create_all()
        load_bank(read_bank(QUESTIONS_DIR))
        briefing = db.session.query(Briefing).filter_by(slug=SEED_SLUG).one()
        team = Team(name="Assessment Team", agency=Agency(name="Test Council"))
        db.session.add(team)
        db.session.flush()
        for person in (practitioner, colleague):
            create_user(person.email, person.name, PASSWORD, "practitioner", team=team)
        create_user(supervisor.email, supervisor.name, PASSWORD, "supervisor", supervises=[team])
        db.session.add(
            Assignment(briefing=briefing, team=team, due_on=date.today() + timedelta(days=14))
        )
        db.session.commit()
        correct = {
            q.current_version.id: set(q.current_version.correct_option_ids)
            for t in briefing.themes
            for q in t.questions
            if q.current_version is not None
        }
        db.session.remove()

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveApp(
            app=app,
            base_url=f"http://127.0.0.1:{server.server_port}",
            practitioner=practitioner,
            colleague=colleague,
            supervisor=supervisor,
            correct=correct,
        )
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


def axe_check(page) -> None:
    """Run axe-core's WCAG 2.2 A/AA rules on the page; fail listing every violation.

    axe needs JavaScript, so a page in a context with JavaScript off is checked
    as a copy: the same HTML, scripts removed, in a twin context with JavaScript on.
    """
    if page.evaluate("document.body.classList.contains('js-enabled')"):
        results = _run_axe(page)
    else:
        results = _run_axe(_twin_of(page))
    violations = results["violations"]
    if violations:
        lines = [f"axe found {len(violations)} problem(s) on {page.url} ({page.title()!r}):"]
        for v in violations:
            lines.append(f"- {v['id']} [{v.get('impact')}]: {v['help']} ({v['helpUrl']})")
            for node in v["nodes"]:
                lines.append(f"    at {', '.join(map(str, node['target']))}")
                summary = node.get("failureSummary")
                if summary:
                    lines.append("      " + re.sub(r"\s+", " ", summary).strip())
        pytest.fail("\n".join(lines), pytrace=False)


def _run_axe(page) -> dict:
    # Evaluated through the browser's debugging protocol, which the page's
    # Content-Security-Policy does not govern: a <script> tag would be refused (no nonce),
    # and the pages are checked under their real policy, with nothing bypassed.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )


_twins: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _twin_of(page):
    """A JavaScript page showing a copy of this (JavaScript-off) page, scripts removed."""
    if page.context not in _twins:
        context = page.context.browser.new_context()
        twin = context.new_page()
        copy = {"html": ""}

        def serve_copy(route) -> None:
            if route.request.is_navigation_request():
                route.fulfill(body=copy["html"], content_type="text/html")
            else:
                route.continue_()

        twin.route("**/*", serve_copy)
        page.context.on("close", lambda _: context.close())
        _twins[page.context] = (twin, copy)
    twin, copy = _twins[page.context]
    copy["html"] = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S | re.I)
    twin.goto(page.url)
    assert twin.title() == page.title(), "the copy for axe is not the page"
    return twin


def sign_in(page, live: LiveApp, person: Person) -> None:
    """Sign in as a person would: type, then press Enter in the password field."""
    page.goto(live.url("/sign-in"))
    axe_check(page)
    page.get_by_label("Email address", exact=True).fill(person.email)
    password = page.get_by_label("Password", exact=True)
    password.fill(person.password)
    with page.expect_navigation():
        password.press("Enter")
    if "/sign-in/code" in page.url:
        axe_check(page)
        page.get_by_label("Security code").fill(live.app_code(person))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
    elif page.url.endswith("/account/two-factor"):
        set_up_app(page)
    assert "/sign-in" not in page.url, f"sign-in failed for {person.email}"


def set_up_app(page) -> list[str]:
    """Set up an authenticator app as a trainer would: type the key shown into the app
    (here pyotp), enter its code, then keep the backup codes. Returns them."""
    axe_check(page)
    key = page.locator("#setup-key").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(key).now())
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    axe_check(page)
    codes = page.locator("#backup-codes code").all_inner_texts()
    assert len(codes) == 10, "no backup codes shown"
    with page.expect_navigation():
        page.get_by_role("link", name="I have saved my backup codes: continue").click()
    return codes
