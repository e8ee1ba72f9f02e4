"""With REDIS_URL set, the sign-in throttle counts in Redis, so every gunicorn worker sees
the same failures: ten wrong passwords spread over two processes pause the account.

Needs a Redis server (TEST_REDIS_URL, default redis://127.0.0.1:6379/15). Without one
these tests are skipped with the reason, unless REQUIRE_REDIS=1, when they fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from quiz.extensions import db
from quiz.services.accounts import create_user
from quiz.web.auth.throttle import limiter
from tests.conftest import Browser, html, text_of
from tests.seed import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

# Another worker: its own process and app, the same Redis. It makes wrong guesses.
OTHER_WORKER = """
import sys
from quiz import create_app

url, email, address, times = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
app = create_app("test", RATELIMIT_STORAGE_URI=url, WTF_CSRF_ENABLED=False,
                 SQLALCHEMY_DATABASE_URI="sqlite:///" + sys.argv[5])
from quiz.extensions import db
with app.app_context():
    db.create_all()
client = app.test_client()
for number in range(times):
    response = client.post("/sign-in", data={"email": email, "password": f"guess {number:04}"},
                           environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 200, response.status_code
"""


def _redis_problem() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return str(error)
    return None


@pytest.fixture
def redis_app(app):
    problem = _redis_problem()
    if problem:
        message = f"no Redis at {REDIS_URL}: {problem}"
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(message + " (REQUIRE_REDIS=1)")
        pytest.skip(message)
    app.config["RATELIMIT_STORAGE_URI"] = REDIS_URL
    limiter.init_app(app)
    yield app


def unique_address() -> str:
    """An address no earlier run has used, so counters left in Redis do not interfere."""
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


def attempt(app, email: str, password: str, address: str):
    return Browser(app).submit(
        "/sign-in", {"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_the_counters_are_in_redis(redis_app, make_user):
    import redis

    user = make_user("practitioner")
    address = unique_address()
    before = set(redis.Redis.from_url(REDIS_URL).keys("*"))
    attempt(redis_app, user.email, "wrong guess", address)
    added = set(redis.Redis.from_url(REDIS_URL).keys("*")) - before
    assert added, "the failure was not counted in Redis"
    assert all(b"@" not in key for key in added), "no email address is kept in Redis"


def test_failures_in_two_workers_add_up(redis_app, tmp_path):
    # An email new to Redis on every run. The other worker's database does not know it,
    # which makes no difference: unknown and known accounts are counted alike.
    email = f"worker.test.{uuid.uuid4().hex[:8]}@example.org"
    create_user(email, "Worker Test", PASSWORD, "practitioner")
    db.session.commit()
    address = unique_address()
    subprocess.run(
        [
            sys.executable,
            "-c",
            OTHER_WORKER,
            REDIS_URL,
            email,
            address,
            "6",
            str(tmp_path / "w.db"),
        ],
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    for number in range(4):
        response = attempt(redis_app, email, f"another guess {number}", unique_address())
        assert response.status_code == 200
    response = attempt(redis_app, email, PASSWORD, unique_address())
    assert response.status_code == 429
    assert "Too many attempts: try again in" in text_of(html(response))
