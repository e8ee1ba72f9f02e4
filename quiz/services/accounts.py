"""People and sign-in: password hashing, creating people, passwords, server-side sessions."""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from collections.abc import Callable
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import has_request_context, request
from sqlalchemy import bindparam, func, select, update

from quiz.extensions import db
from quiz.models import AuditEvent, LoginSession, Role, Team, User
from quiz.models.people import utcnow
from quiz.passwords import password_problem
from quiz.people_file import EMAIL_PATTERN  # one rule for an email address, pure

# A session's last activity is written at most this often, so most page views only read.
SEEN_EVERY = timedelta(minutes=1)

# argon2id with the library's defaults (RFC 9106 low-memory profile).
_hasher = PasswordHasher()
# Tests create many people; hashing at full cost would make the suite slow.
_cheap_hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
# More hashes at once than cores only makes each one slower and costs 64 MiB apiece.
_hashing = threading.BoundedSemaphore(os.cpu_count() or 1)


class AccountError(ValueError):
    pass


class WrongPassword(AccountError):
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


def authenticate(email: str, password: str, address: str | None = None) -> User | None:
    """The active person with this email and password, or None (and the failure audited).

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
            right = False
        else:
            right = _verify(stored_hash, password)
        rehashed = (
            hash_password(password) if right and _hasher.check_needs_rehash(stored_hash) else None
        )
    user = db.session.get(User, user_id) if user_id is not None else None
    if not right or user is None or not user.active:
        # The email as typed, so an administrator can see what was tried against whom.
        tried = normalise_email(email)[:320]
        audit(user, "sign-in.failed", f"user:{user_id}" if user else "unknown", tried, address)
        return None
    if rehashed:
        user.password_hash = rehashed
    return user


def check_new_password(password: str, email: str, name: str, whose: str = "the") -> None:
    problem = password_problem(password, email=email, name=name, whose=whose)
    if problem:
        raise AccountError(problem)


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
    check_new_password(password, email, name)
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


def change_password(user: User, current: str, new: str, address: str | None = None) -> None:
    """Check the current password, set the new one and end every session of theirs.

    Raises AccountError naming what is wrong. As in authenticate, no transaction is held
    while the two hashes run.
    """
    check_new_password(new, user.email, user.name, whose="your")
    user_id, stored_hash = user.id, user.password_hash
    db.session.rollback()
    with _hashing:
        right = _verify(stored_hash, current)
        new_hash = hash_password(new) if right else None
    user = db.session.get(User, user_id)
    if new_hash is None:
        audit(user, "password.change-failed", f"user:{user_id}", "", address)
        raise WrongPassword("Your current password is not right")
    user.password_hash = new_hash
    end_all_sessions(user)
    audit(user, "password.change", f"user:{user_id}", "", address)


def password_is_right(user: User, password: str) -> bool:
    """For changes that ask for the password again; no transaction is held while it hashes."""
    stored_hash = user.password_hash
    db.session.rollback()
    with _hashing:
        return _verify(stored_hash, password)


def deactivate_user(user: User, actor: User | None, address: str | None = None) -> None:
    """They can no longer sign in, and every session they have ends now."""
    user.active = False
    end_all_sessions(user)
    audit(actor, "user.deactivate", f"user:{user.id}", user.email, address)


def audit(
    actor: User | None, action: str, subject: str, detail: str = "", address: str | None = None
) -> None:
    """Append an event. Without an address, the request's client address when there is a
    request (a command has none), so every change made through a page says where from."""
    if address is None and has_request_context():
        address = request.remote_addr
    db.session.add(
        AuditEvent(
            actor_id=actor.id if actor else None,
            action=action,
            subject=subject,
            detail=detail,
            address=address[:64] if address else None,
        )
    )


# Sessions ------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, address: str | None = None, browser: str | None = None) -> str:
    """Record a new sign-in and return the token to keep in the browser's cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            address=(address or "")[:64],
            browser=(browser or "")[:200],
        )
    )
    db.session.flush()
    return token


def _live(started_after, seen_after):
    """The conditions for a session that has not ended, expired (started before
    started_after) or gone idle (last seen before seen_after)."""
    return (
        LoginSession.ended_at.is_(None),
        LoginSession.created_at > started_after,
        LoginSession.last_seen_at > seen_after,
    )


@cache
def _signed_in_statement():
    """user_for_session's query, built once with parameters: every signed-in request runs it,
    and building it cost more CPU than running it."""
    return (
        select(User, LoginSession.id, LoginSession.last_seen_at)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            LoginSession.token_hash == bindparam("token_hash"),
            User.active.is_(True),
            *_live(bindparam("started_after"), bindparam("seen_after")),
        )
    )


def user_for_session(
    token: str | None,
    max_age: timedelta,
    idle_timeout: timedelta,
    *,
    note_seen_separately: bool = False,
    on_seen: Callable[[], None] | None = None,
) -> User | None:
    """The person signed in with this token, unless it ended, expired, went idle or they
    were deactivated. One query: the session and its person together.

    Their activity is noted at most once a minute. With note_seen_separately (a request that
    only reads) it is written in its own short transaction, since such a request never
    commits; otherwise it joins the request's transaction and is saved with it. on_seen is
    called when it is noted.
    """
    if not token:
        return None
    now = utcnow()
    row = db.session.execute(
        _signed_in_statement(),
        {
            "token_hash": _token_hash(token),
            "started_after": now - max_age,
            "seen_after": now - idle_timeout,
        },
    ).first()
    if row is None:
        return None
    user, login_id, last_seen_at = row
    if now - last_seen_at >= SEEN_EVERY:
        seen = update(LoginSession).where(LoginSession.id == login_id).values(last_seen_at=now)
        if note_seen_separately:
            with db.engine.begin() as connection:
                connection.execute(seen)
        else:
            db.session.execute(seen)
        if on_seen is not None:
            on_seen()
    return user


def sessions_of(user: User, max_age: timedelta, idle_timeout: timedelta) -> list[LoginSession]:
    """Their sessions still live, the most recently used first."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(LoginSession)
            .where(LoginSession.user_id == user.id, *_live(now - max_age, now - idle_timeout))
            .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
        )
    )


def session_id_for(token: str | None) -> int | None:
    if not token:
        return None
    return db.session.scalar(
        select(LoginSession.id).where(LoginSession.token_hash == _token_hash(token))
    )


def end_session(token: str | None) -> None:
    if not token:
        return
    db.session.execute(
        update(LoginSession)
        .where(LoginSession.token_hash == _token_hash(token), LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def end_sessions_of(user: User, *, only_id: int | None = None, except_id: int | None = None) -> int:
    """End this person's sessions (one, or all but one); returns how many ended.

    Always scoped to the person: an id of someone else's session ends nothing.
    """
    query = update(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)
    )
    if only_id is not None:
        query = query.where(LoginSession.id == only_id)
    if except_id is not None:
        query = query.where(LoginSession.id != except_id)
    return db.session.execute(query.values(ended_at=utcnow())).rowcount


def end_all_sessions(user: User) -> int:
    return end_sessions_of(user)
