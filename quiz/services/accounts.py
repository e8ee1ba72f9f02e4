"""People and sign-in: password hashing, creating people, server-side sessions."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
from datetime import timedelta

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import AuditEvent, LoginSession, Role, Team, User
from quiz.models.people import utcnow

MIN_PASSWORD_LENGTH = 12
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# argon2id with the library's defaults (RFC 9106 low-memory profile).
_hasher = PasswordHasher()
# Tests create many people; hashing at full cost would make the suite slow.
_cheap_hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
# More hashes at once than cores only makes each one slower and costs 64 MiB apiece.
_hashing = threading.BoundedSemaphore(os.cpu_count() or 1)


class AccountError(ValueError):
    pass


def use_cheap_hashing(enabled: bool) -> None:
    global _hasher
    _hasher = _cheap_hasher if enabled else PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def people_by_name() -> list[User]:
    """Everyone who has an account, active or not, by name."""
    return list(db.session.scalars(select(User).order_by(User.name)))


def authenticate(email: str, password: str) -> User | None:
    """The active person with this email and password, or None.

    Checking a password takes a fifth of a second of CPU and 64 MiB, so no transaction is
    held while it runs (on SQLite that would hold the write lock, and everyone else's
    sign-in and answers would wait), and only a few run at once in each process.
    """
    user = find_user(email)
    user_id, stored_hash = (user.id, user.password_hash) if user else (None, None)
    db.session.rollback()  # only read so far: end the transaction before the slow part
    with _hashing:
        if stored_hash is None:
            # Spend the same time as a real check so timing does not reveal who has an account.
            _hasher.hash(password)
            return None
        if not _verify(stored_hash, password):
            return None
        rehashed = hash_password(password) if _hasher.check_needs_rehash(stored_hash) else None
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return None
    if rehashed:
        user.password_hash = rehashed
    return user


def create_user(
    email: str,
    name: str,
    password: str,
    role: str,
    team: Team | None = None,
    supervises: list[Team] | None = None,
    actor: User | None = None,
) -> User:
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise AccountError(f"'{email}' is not an email address.")
    if role not in set(Role):
        raise AccountError(f"Unknown role '{role}'. Use one of: {', '.join(Role)}.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if find_user(email) is not None:
        raise AccountError(f"Someone with the email {email} already exists.")
    user = User(
        email=email,
        name=name.strip() or email,
        password_hash=hash_password(password),
        role=role,
        team=team,
        supervised_teams=list(supervises or []),
    )
    db.session.add(user)
    db.session.flush()
    audit(actor, "user.create", f"user:{user.id}", f"{email} as {role}")
    return user


def audit(actor: User | None, action: str, subject: str, detail: str = "") -> None:
    db.session.add(
        AuditEvent(
            actor_id=actor.id if actor else None, action=action, subject=subject, detail=detail
        )
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> str:
    """Record a new sign-in and return the token to keep in the browser's cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(token_hash=_token_hash(token), user_id=user.id))
    db.session.flush()
    return token


def user_for_session(token: str | None, max_age: timedelta) -> User | None:
    """The person signed in with this token, unless it ended, expired or they were deactivated."""
    if not token:
        return None
    login = db.session.scalar(
        select(LoginSession).where(
            LoginSession.token_hash == _token_hash(token),
            LoginSession.ended_at.is_(None),
            LoginSession.created_at > utcnow() - max_age,
        )
    )
    if login is None or not login.user.active:
        return None
    return login.user


def end_session(token: str | None) -> None:
    if not token:
        return
    login = db.session.scalar(
        select(LoginSession).where(LoginSession.token_hash == _token_hash(token))
    )
    if login is not None and login.ended_at is None:
        login.ended_at = utcnow()
