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
    # A sign-in with no activity for this long ends (PERMANENT_SESSION_LIFETIME ends any).
    IDLE_TIMEOUT_MINUTES = int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30"))
    # Wrong passwords or codes allowed per account and per client address before sign-in
    # pauses; a wrong code also counts against a daily limit, since six digits are few.
    SIGN_IN_FAILURE_LIMIT = os.environ.get("SIGN_IN_FAILURE_LIMIT", "10 per 5 minutes")
    SIGN_IN_CODE_FAILURE_DAILY_LIMIT = "20 per day"
    # Flask-Limiter: counters in Redis when REDIS_URL is set, so every gunicorn worker
    # counts the same failures; in the process's memory otherwise (one worker only).
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_KEY_PREFIX = "briefing-quiz"
    # If Redis goes away, sign-in still works, counted per worker until it is back.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True


class DevelopmentConfig(Config):
    # A development key is fine on a laptop; ProductionConfig refuses it.
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"


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
