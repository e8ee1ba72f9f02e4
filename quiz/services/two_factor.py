"""A second step at sign-in: a code from an authenticator app (TOTP, RFC 6238), or one of
ten single-use backup codes for when the app is not to hand.

Required for trainers and administrators (they change what everyone sees and who can sign
in), optional for everyone else.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import time
from enum import StrEnum

import pyotp
from sqlalchemy import delete, func, or_, select, update

from quiz.extensions import db
from quiz.models import RecoveryCode, Role, User
from quiz.models.people import utcnow
from quiz.sealed import UnreadableSecret
from quiz.services.accounts import audit

log = logging.getLogger(__name__)

REQUIRED_FOR = frozenset({Role.TRAINER, Role.ADMIN})
BACKUP_CODE_COUNT = 10
# No 0/o or 1/l/i to misread. 12 characters from 31 is about 59 bits: too many to guess.
_BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_BACKUP_LENGTH = 12
# A code from the step before or after is accepted too, for a phone clock a little off.
_STEPS_EITHER_SIDE = 1
_APP_CODE = re.compile(r"\d{6}")


class CodeKind(StrEnum):
    APP = "app"
    BACKUP = "backup"


def required_for(user: User) -> bool:
    return user.role in REQUIRED_FOR


def must_set_up(user: User) -> bool:
    return required_for(user) and not user.has_two_factor


def new_secret() -> str:
    return pyotp.random_base32()


def setup_uri(secret: str, email: str, issuer: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def grouped(secret: str) -> str:
    """The key in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalised(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose code this is, within a step either side of now; else None."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(time.time())
    for step in range(now - _STEPS_EITHER_SIDE, now + _STEPS_EITHER_SIDE + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def turn_on(user: User, secret: str, code: str, address: str | None = None) -> list[str] | None:
    """Keep the app's key once a code from it proves it was set up; returns the backup
    codes to show once, or None when the code is not right."""
    step = _matching_step(secret, _normalised(code))
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step
    codes = _replace_backup_codes(user)
    audit(user, "two-factor.on", f"user:{user.id}", "", address)
    return codes


def turn_off(user: User, address: str | None = None) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit(user, "two-factor.off", f"user:{user.id}", "", address)


def new_backup_codes(user: User, address: str | None = None) -> list[str]:
    codes = _replace_backup_codes(user)
    audit(user, "two-factor.new-backup-codes", f"user:{user.id}", "", address)
    return codes


def check_code(user: User, code: str) -> CodeKind | None:
    """Whether this is a code from their app or an unused backup code; it then cannot be
    used again. Each use is claimed with one conditional UPDATE, so two requests racing
    with the same code cannot both win."""
    entered = _normalised(code)
    if not user.has_two_factor:
        return None
    if _APP_CODE.fullmatch(entered):
        try:
            secret = user.totp_secret
        except UnreadableSecret:
            # Refused, never let through: the key was sealed under another setting. A
            # backup code still works, and the log says what an administrator must fix.
            log.error("user %s: their authenticator app key cannot be unsealed", user.id)
            return None
        step = _matching_step(secret, entered)
        if step is None:
            return None
        claimed = db.session.execute(
            update(User)
            .where(
                User.id == user.id,
                or_(User.totp_last_step.is_(None), User.totp_last_step < step),
            )
            .values(totp_last_step=step)
        ).rowcount
        return CodeKind.APP if claimed else None
    claimed = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _code_hash(entered),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    ).rowcount
    return CodeKind.BACKUP if claimed else None


def backup_codes_left(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def _code_hash(code: str) -> str:
    # The codes are random and long, so a fast hash is enough (as for session tokens).
    return hashlib.sha256(code.encode()).hexdigest()


def _replace_backup_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "".join(secrets.choice(_BACKUP_ALPHABET) for _ in range(_BACKUP_LENGTH))
        for _ in range(BACKUP_CODE_COUNT)
    ]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_code_hash(c)) for c in codes)
    db.session.flush()
    return [f"{c[:4]}-{c[4:8]}-{c[8:]}" for c in codes]
