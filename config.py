"""Configuration classes. Environment variables override the defaults."""

import math
import os
import secrets
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

MIN_SECRET_KEY_LENGTH = 32
# Keys that have been public at some point: in this file, the README or the tests. A
# production server started with one of them would let anyone forge a sign-in.
SAMPLE_SECRET_KEYS = frozenset(
    {
        "development-only-not-secret",
        "test-only-not-secret",
        "change-me",
        "changeme",
        "secret",
        "dev",
    }
)
# Words a placeholder has and a random key never does.
SAMPLE_KEY_WORDS = ("not-secret", "change-me", "changeme", "example", "replace", "your-secret")


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", _sqlite_url(BASE_DIR / "instance" / "briefing-quiz.sqlite3")
    )
    # pool_pre_ping checks a pooled connection before a request uses it, so the first
    # request after a PostgreSQL restart gets a fresh connection, not an error page (without
    # it each pooled connection fails once before the pool reconnects). Kept on purpose: its
    # SELECT 1 costs one round trip on PostgreSQL (0.1-0.2 ms wall, 25 µs of CPU here) and
    # 3 µs on SQLite, against about 1.6 ms of CPU for a question page. The statement counts the
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
    # The cookie is signed and sent again only when what it holds changes (sign-in, a
    # message, a CSRF token) or the server notes activity (at most once a minute,
    # quiz/web/auth/signed_in.py), not on every response: the server decides when a sign-in
    # expires or goes idle (LoginSession); the cookie lapses PERMANENT_SESSION_LIFETIME
    # after it was last sent.
    SESSION_REFRESH_EACH_REQUEST = False
    SERVICE_NAME = "Briefing Quiz"
    # Named on every completion record (CPD evidence): the partnership that shares the briefings.
    PARTNERSHIP_NAME = os.environ.get("PARTNERSHIP_NAME", "Example Safeguarding Partnership")
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
    # How many reverse proxies stand in front of the app and set X-Forwarded-* headers.
    # 0 trusts none: with no proxy, anyone could claim any address or scheme.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # Strict-Transport-Security lifetime; 0 sends none (plain http on a laptop).
    HSTS_SECONDS = 0
    # Only requests from this computer are answered (development: see LOCAL_ONLY below).
    LOCAL_ONLY = False
    # Outgoing email (invitations, password resets, reminders). Without MAIL_SERVER every
    # message is written to the server's console instead, and the page that sent it says so.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = _flag("MAIL_USE_TLS")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Briefing Quiz <no-reply@localhost>")
    MAIL_TIMEOUT_SECONDS = int(os.environ.get("MAIL_TIMEOUT_SECONDS", "20"))
    # The address people reach the service at, for the links in emails. Never taken from a
    # request's Host header: anyone can send a Host, and a reset link must not point elsewhere.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    # A link to set a password works once, for this long.
    INVITATION_LINK_HOURS = int(os.environ.get("INVITATION_LINK_HOURS", "72"))
    RESET_LINK_HOURS = int(os.environ.get("RESET_LINK_HOURS", "2"))
    # `flask reminders send` chases briefings overdue or due within this many days, and
    # reminds each person about each briefing at most once in REMINDER_EVERY_DAYS.
    REMINDER_DAYS_BEFORE_DUE = int(os.environ.get("REMINDER_DAYS_BEFORE_DUE", "3"))
    REMINDER_EVERY_DAYS = int(os.environ.get("REMINDER_EVERY_DAYS", "7"))
    # Drafts from a language model the partnership chooses (quiz/library/model_drafts.py):
    # an OpenAI-compatible chat completions address, the model's name and its key. Unset,
    # nothing is sent anywhere and drafts come from the library alone.
    DRAFTS_LLM_URL = os.environ.get("DRAFTS_LLM_URL", "")
    DRAFTS_LLM_MODEL = os.environ.get("DRAFTS_LLM_MODEL", "")
    DRAFTS_LLM_KEY = os.environ.get("DRAFTS_LLM_KEY", "")
    # Seconds to wait for one theme's answer, and for all of a briefing's: an import waits.
    DRAFTS_LLM_TIMEOUT = float(os.environ.get("DRAFTS_LLM_TIMEOUT", "20"))
    DRAFTS_LLM_BUDGET = float(os.environ.get("DRAFTS_LLM_BUDGET", "90"))
    # UK GDPR storage limitation: `flask retention apply` anonymises people this many days
    # after they were deactivated (two years by default: long enough for supervision and
    # audits of a leaver's learning, short enough not to keep it for ever).
    RETENTION_DAYS_AFTER_LEAVING = int(os.environ.get("RETENTION_DAYS_AFTER_LEAVING", "730"))
    # The key that seals authenticator app keys in the database (any long random string).
    # Without it the key is derived from SECRET_KEY, so changing SECRET_KEY would make
    # every app key unreadable: set this separately if SECRET_KEY may be rotated.
    TOTP_ENCRYPTION_KEY = os.environ.get("TOTP_ENCRYPTION_KEY", "")


class DevelopmentConfig(Config):
    # Without SECRET_KEY, create_app() makes a random key once and keeps it in instance/,
    # so no copy of the app ever signs sessions with a key printed anywhere.
    # `make run` needs no configuration, so it must not be reachable from other computers
    # even when someone starts it with a public address by mistake.
    LOCAL_ONLY = True


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    DRAFTS_LLM_URL = ""  # tests that want a model start their own, on 127.0.0.1


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    # The __Host- prefix makes the browser refuse the cookie unless it is Secure, for the
    # whole site (Path=/) and for this host only (no Domain): a neighbouring subdomain
    # cannot plant or overwrite it.
    SESSION_COOKIE_NAME = "__Host-session"
    SESSION_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    HSTS_SECONDS = 365 * 24 * 3600
    # SQLite serves one machine and one disk; a deployment says so explicitly.
    ALLOW_SQLITE_IN_PRODUCTION = _flag("ALLOW_SQLITE_IN_PRODUCTION")

    @staticmethod
    def refusals(settings: Mapping) -> list[str]:
        """Why these settings must not serve real people; empty when they may."""
        found = []
        weakness = secret_key_weakness(settings.get("SECRET_KEY") or "")
        if weakness:
            found.append(
                f"SECRET_KEY {weakness}. Make one with: "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        if settings.get("DEBUG"):
            found.append("debug mode is on: unset FLASK_DEBUG (it shows code to anyone)")
        uri = str(settings.get("SQLALCHEMY_DATABASE_URI", ""))
        if uri.startswith("sqlite") and not settings.get("ALLOW_SQLITE_IN_PRODUCTION"):
            found.append(
                "DATABASE_URL is SQLite: use PostgreSQL, or set ALLOW_SQLITE_IN_PRODUCTION=1 "
                "for a single small server"
            )
        if settings.get("MAIL_SERVER") and not str(settings.get("BASE_URL", "")).startswith(
            "https://"
        ):
            found.append(
                "BASE_URL must be the https:// address people use (the links in emails go there)"
            )
        return found


def secret_key_weakness(key: str) -> str | None:
    """What makes key unfit to sign sessions, or None when it looks random enough.

    A random key of 32 or more characters (hex or URL-safe base64) passes every check
    here with overwhelming probability; a word, a pattern or a placeholder does not.
    """
    if not key:
        return "is missing"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"is shorter than {MIN_SECRET_KEY_LENGTH} characters"
    lowered = key.lower()
    if lowered in SAMPLE_SECRET_KEYS or any(word in lowered for word in SAMPLE_KEY_WORDS):
        return "is a sample key that has been published"
    if _shannon_bits(key) < 80:
        return "has too few different characters to be random"
    trigrams = [key[i : i + 3] for i in range(len(key) - 2)]
    if len(set(trigrams)) < 0.75 * len(trigrams):
        return "repeats itself, so it is not random"
    steps = [ord(b) - ord(a) for a, b in zip(key, key[1:], strict=False)]
    if sum(abs(step) <= 1 for step in steps) > 0.6 * len(steps):
        return "runs in sequence (like aaaa or abcd), so it is not random"
    return None


def development_secret_key(folder: Path) -> str:
    """A random key made the first time and kept in folder/secret-key (readable by its owner).

    Every worker and every restart reads the same file, so sign-ins survive them; several
    processes starting at once agree on one key, because only one can create the file.
    """
    path = folder / "secret-key"
    if not path.exists():
        draft = folder / f"secret-key.{os.getpid()}.{secrets.token_hex(8)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)  # atomic, and refuses to replace a key already made
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def _shannon_bits(text: str) -> float:
    """An estimate of the information in text from how often each character appears."""
    counts = Counter(text).values()
    return -sum(c * math.log2(c / len(text)) for c in counts)


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
