"""UK GDPR storage limitation: what is kept about people who left, and for how long.

A person deactivated more than RETENTION_DAYS_AFTER_LEAVING days ago is pseudonymised:
their name becomes "Former member of staff N", their email a placeholder that can never
receive mail, and they lose their password, authenticator app, backup codes and the
addresses and browsers of their sign-ins. What they wrote in their own words (their
reflections) is removed. What the partnership's figures are made of stays: attempts with
their states, scores and dates, the options chosen and the confidence ratings, now tied to
nobody nameable, so team and partnership completion figures and item statistics do not
change. Running it again changes nothing more.

The audit log is kept whole (it is append-only): it is the record of who did what, and
its own retention is the deployment's decision (see the README).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from quiz.extensions import db
from quiz.models import Attempt, LoginSession, RecoveryCode, Reflection, User
from quiz.models.people import utcnow
from quiz.services.accounts import audit

REMOVED_REFLECTION = "Removed after the retention period."
# A reserved top-level domain (RFC 2606): no mail can ever be delivered there.
PLACEHOLDER_DOMAIN = "retained.invalid"


def former_name(person_id: int) -> str:
    return f"Former member of staff {person_id}"


def placeholder_email(person_id: int) -> str:
    return f"former-{person_id}@{PLACEHOLDER_DOMAIN}"


@dataclass(frozen=True)
class RetentionRun:
    left_before: datetime
    people: list[int]
    reflections: int
    dry_run: bool

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        return (
            f"{len(self.people)} people who left before {self.left_before:%Y-%m-%d} {verb} "
            f"anonymised; {self.reflections} reflections {verb} removed"
        )


def due(left_before: datetime) -> list[User]:
    """People deactivated before this moment and not yet anonymised."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.active.is_(False),
                User.deactivated_at.is_not(None),
                User.deactivated_at < left_before,
                User.anonymised_at.is_(None),
            )
            .order_by(User.id)
        )
    )


def _reflections_of(ids: list[int]):
    return select(Reflection.id).join(Attempt).where(Attempt.user_id.in_(ids))


def apply_retention(
    days: int, *, dry_run: bool = False, now: datetime | None = None
) -> RetentionRun:
    """Pseudonymise everyone who left more than `days` days ago. Flushes, never commits;
    a dry run only reads (the caller rolls back) and writes nothing to the audit log."""
    now = now or utcnow()
    left_before = now - timedelta(days=days)
    people = due(left_before)
    ids = [p.id for p in people]
    reflections = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        reflections += len(db.session.scalars(_reflections_of(chunk)).all())
        if dry_run:
            continue
        db.session.execute(
            update(Reflection)
            .where(Reflection.id.in_(_reflections_of(chunk)))
            .values(text=REMOVED_REFLECTION),
            execution_options={"synchronize_session": False},
        )
        db.session.execute(
            update(LoginSession)
            .where(LoginSession.user_id.in_(chunk))
            .values(address="", browser="", ended_at=now),
            execution_options={"synchronize_session": False},
        )
        db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id.in_(chunk)))
    run = RetentionRun(left_before, ids, reflections, dry_run)
    if dry_run:
        return run
    for person in people:
        person.name = former_name(person.id)
        person.email = placeholder_email(person.id)
        person.password_hash = None
        person.totp_secret = None
        person.totp_last_step = None
        person.anonymised_at = now
        audit(
            None, "user.anonymise", f"user:{person.id}", f"left on {person.deactivated_at:%Y-%m-%d}"
        )
    audit(None, "retention.apply", "people", f"{run.summary()} (after {days} days)")
    db.session.flush()
    db.session.expire_all()
    return run
