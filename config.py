"""Configuration classes. Environment variables override the defaults."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", _sqlite_url(BASE_DIR / "instance" / "briefing-quiz.sqlite3")
    )
    # pool_pre_ping checks a pooled connection before a request uses it, so the first
    # request after a PostgreSQL restart gets a fresh connection, not an error page (without
    # it each pooled connection fails once before the pool reconnects). Kept on purpose: its
    # SELECT 1 costs one round trip on PostgreSQL (0.1-0.2 ms wall, 25 µs of CPU here) and
    # 3 µs on SQLite, against 5-10 ms of CPU for a question page. The statement counts the
    # tests pin leave it out.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    QUESTIONS_DIR = os.environ.get("QUESTIONS_DIR", str(BASE_DIR / "questions"))
    WTF_CSRF_ENABLED = True
    # An hour is long enough to read a briefing and answer a question, short
    # enough that a form left open on a shared computer goes stale.
    WTF_CSRF_TIME_LIMIT = 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    SERVICE_NAME = "Briefing Quiz"
    # A briefing is published only when every theme has this many published questions.
    MIN_QUESTIONS_PER_THEME = int(os.environ.get("MIN_QUESTIONS_PER_THEME", "2"))
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    # Item statistics on fewer answers than this mislead, and could identify people.
    ITEM_ANALYSIS_MINIMUM = int(os.environ.get("ITEM_ANALYSIS_MINIMUM", "10"))


class DevelopmentConfig(Config):
    # A development key is fine on a laptop; ProductionConfig refuses it.
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True

    @classmethod
    def check(cls) -> None:
        if len(cls.SECRET_KEY) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random string of at least 32 characters in production"
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
