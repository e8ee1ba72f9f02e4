"""Finding 3: guessing passwords is throttled per account and per address, and recorded.

At most 10 failures in 5 minutes for an account (the email as typed) or a client address;
then every attempt, even with the right password, gets "Too many attempts" (429) until
the window moves on. Unknown and known emails get the same answers throughout.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import AuditEvent, LoginSession
from tests.conftest import Browser, html, text_of
from tests.seed import PASSWORD

ALLOWED_FAILURES = 10
ADDRESS = "203.0.113.7"
_real_time = time.time


def attempt(client: Browser, email: str, password: str, address: str = ADDRESS):
    return client.submit(
        "/sign-in",
        {"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def fail_times(client: Browser, email: str, times: int, address: str = ADDRESS) -> None:
    for number in range(times):
        response = attempt(client, email, f"wrong guess {number:04}", address)
        assert response.status_code == 200, number
        assert "The email address or password is not right" in text_of(html(response))


def later(monkeypatch, seconds: float) -> None:
    """Move the clock on this far from now, as the throttle's counters see it."""
    monkeypatch.setattr(time, "time", lambda: _real_time() + seconds)


def signed_in_sessions(user) -> int:
    return len(
        db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)).all()
    )


def test_after_ten_wrong_passwords_even_the_right_one_waits(web, make_user):
    user = make_user("practitioner")
    fail_times(web, user.email, ALLOWED_FAILURES)
    response = attempt(web, user.email, PASSWORD)
    assert response.status_code == 429
    page = html(response)
    assert "Too many attempts: try again in 5 minutes" in text_of(page)
    assert page.title.string.startswith("Too many attempts")
    assert 0 < int(response.headers["Retry-After"]) <= 300
    assert signed_in_sessions(user) == 0


def test_the_pause_ends_when_the_window_moves_on(web, make_user, monkeypatch):
    user = make_user("practitioner")
    fail_times(web, user.email, ALLOWED_FAILURES)
    later(monkeypatch, 4 * 60)
    assert attempt(web, user.email, PASSWORD).status_code == 429
    later(monkeypatch, 5 * 60 + 1)
    assert attempt(web, user.email, PASSWORD).status_code == 302


def test_an_unknown_email_gets_the_same_answers_as_a_known_one(web, make_user):
    user = make_user("practitioner")
    answers = {}
    for number, email in enumerate((user.email, "nobody@example.org")):
        fail_times(web, email, ALLOWED_FAILURES, address=f"198.51.100.{number + 1}")
        response = attempt(web, email, "wrong guess", address="192.0.2.44")
        answers[email] = (response.status_code, text_of(html(response).main))
    assert answers[user.email] == answers["nobody@example.org"]
    assert answers[user.email][0] == 429


def test_one_address_trying_many_accounts_is_paused(web, make_user):
    user = make_user("practitioner")
    for number in range(ALLOWED_FAILURES):
        fail_times(web, f"guess{number}@example.org", 1)
    assert attempt(web, user.email, PASSWORD).status_code == 429
    # The person themselves, from their own network, is not held up.
    assert attempt(Browser(web.app), user.email, PASSWORD, address="192.0.2.44").status_code == 302


def test_one_account_tried_from_many_addresses_is_paused(web, make_user):
    user = make_user("practitioner")
    for number in range(ALLOWED_FAILURES):
        fail_times(web, user.email, 1, address=f"198.51.100.{number + 1}")
    assert attempt(web, user.email, PASSWORD, address="192.0.2.44").status_code == 429


def test_email_case_and_spaces_do_not_make_a_new_account_to_guess(web, make_user):
    user = make_user("practitioner")
    for number in range(ALLOWED_FAILURES):
        email = f"  {user.email.upper()} " if number % 2 else user.email
        fail_times(web, email, 1, address=f"198.51.100.{number + 1}")
    assert attempt(web, user.email, PASSWORD, address="192.0.2.44").status_code == 429


def test_right_passwords_never_count(app, make_user):
    """A team signing in together from one office network is never paused."""
    people = [make_user("practitioner") for _ in range(3)]
    for _ in range(5):
        for person in people:
            assert attempt(Browser(app), person.email, PASSWORD).status_code == 302


def test_a_few_failures_then_the_right_password_signs_in(web, make_user):
    user = make_user("practitioner")
    fail_times(web, user.email, ALLOWED_FAILURES - 1)
    assert attempt(web, user.email, PASSWORD).status_code == 302


def test_the_limit_comes_from_configuration(app, make_user):
    app.config["SIGN_IN_FAILURE_LIMIT"] = "3 per 5 minutes"
    user = make_user("practitioner")
    client = Browser(app)
    fail_times(client, user.email, 3)
    assert attempt(client, user.email, PASSWORD).status_code == 429


def events(action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def test_sign_ins_failures_and_sign_outs_are_in_the_audit_log(web, make_user):
    user = make_user("practitioner")
    attempt(web, user.email, "not my password")
    attempt(web, "Nobody@Example.org", "not a password")
    attempt(web, user.email, PASSWORD)
    web.submit("/sign-out", form_url="/", environ_base={"REMOTE_ADDR": ADDRESS})

    wrong, unknown = events("sign-in.failed")
    assert (wrong.actor_id, wrong.subject, wrong.detail) == (user.id, f"user:{user.id}", user.email)
    assert (unknown.actor_id, unknown.subject) == (None, "unknown")
    assert unknown.detail == "nobody@example.org"
    [signed_in] = events("sign-in")
    assert (signed_in.actor_id, signed_in.detail) == (user.id, "password")
    [signed_out] = events("sign-out")
    assert signed_out.actor_id == user.id
    for event in (wrong, unknown, signed_in, signed_out):
        assert event.address == ADDRESS
        assert event.at is not None


def test_a_huge_email_is_refused_before_any_check(web):
    response = attempt(web, "a" * 5000 + "@example.org", "whatever it is")
    assert response.status_code == 200
    assert "Enter your email address" in text_of(html(response))
    assert events("sign-in.failed") == []


@pytest.fixture
def redis_gone(app):
    """Counters in a Redis that does not answer; put the shared limiter right afterwards."""
    from quiz.web.auth.throttle import limiter

    app.config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:9/0"
    limiter.init_app(app)
    yield
    limiter._storage_dead = False


def test_sign_in_still_works_and_is_still_throttled_when_redis_is_down(app, make_user, redis_gone):
    user = make_user("practitioner")
    client = Browser(app)
    assert attempt(client, user.email, PASSWORD).status_code == 302
    other = make_user("practitioner")
    fail_times(Browser(app), other.email, ALLOWED_FAILURES)
    assert attempt(Browser(app), other.email, PASSWORD).status_code == 429


def test_only_views_have_limits_so_no_check_is_needed_before_every_request(app):
    """The limiter's check before every request is left out (quiz/web/auth/throttle.py):
    it would count only default, application or blueprint limits, so there must be none."""
    from quiz.web.auth.throttle import limiter

    manager = limiter.limit_manager
    assert not manager.default_limits
    assert not manager.application_limits
    assert not any(manager._blueprint_limits.values())
    assert not limiter._meta_limits
    assert limiter._check_request_limit not in app.before_request_funcs[None]
