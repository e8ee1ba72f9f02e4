"""Agencies, teams, people and their sign-in sessions."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.append_only import make_append_only
from quiz.models.checks import one_of
from quiz.professions import Profession
from quiz.sealed import open_sealed, seal, sealing_key


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Role(enum.StrEnum):
    PRACTITIONER = "practitioner"
    SUPERVISOR = "supervisor"
    TRAINER = "trainer"
    ADMIN = "admin"


team_supervisors = Table(
    "team_supervisors",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
)


class Agency(db.Model):
    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    teams: Mapped[list[Team]] = relationship(back_populates="agency", order_by="Team.name")


class Team(db.Model):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    agency: Mapped[Agency] = relationship(back_populates="teams")
    members: Mapped[list[User]] = relationship(back_populates="team", order_by="User.name")
    supervisors: Mapped[list[User]] = relationship(
        secondary=team_supervisors, back_populates="supervised_teams", order_by="User.name"
    )


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (one_of("role", Role), one_of("profession", Profession))
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None until the person sets a password: added by an administrator, they cannot sign in yet.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.PRACTITIONER)
    # What they do (quiz.professions), apart from their access role; the quiz draws
    # questions written for it. None until an administrator, the import or they set it.
    profession: Mapped[str | None] = mapped_column(String(40))
    # Indexed: every team page reads a team's people.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When they were last deactivated (set by the `active` listener below); the retention
    # period runs from here. None while active.
    deactivated_at: Mapped[datetime | None]
    # When `flask retention apply` replaced their name, email and free text: never again.
    anonymised_at: Mapped[datetime | None]
    # The shared key of their authenticator app, once they have set one up, sealed with
    # AES-GCM (quiz/sealed.py): read and written through totp_secret, never as stored.
    totp_sealed: Mapped[str | None] = mapped_column("totp_secret", String(255))
    # The last time step whose code signed them in: a code works once, never twice.
    totp_last_step: Mapped[int | None]

    team: Mapped[Team | None] = relationship(back_populates="members")
    supervised_teams: Mapped[list[Team]] = relationship(
        secondary=team_supervisors, back_populates="supervisors", order_by="Team.name"
    )

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def has_two_factor(self) -> bool:
        return self.totp_sealed is not None

    @property
    def totp_secret(self) -> str | None:
        """The app's key in base32; raises UnreadableSecret if sealed with another key."""
        if self.totp_sealed is None:
            return None
        return open_sealed(self.totp_sealed, sealing_key(current_app.config))

    @totp_secret.setter
    def totp_secret(self, key: str | None) -> None:
        self.totp_sealed = None if key is None else seal(key, sealing_key(current_app.config))

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


@event.listens_for(User.active, "set")
def _note_when_deactivated(person: User, active: bool, was_active, _initiator) -> None:
    """Every way of deactivating someone (a page, the import, a command) starts the clock."""
    if not active and was_active is not False:
        person.deactivated_at = utcnow()
    elif active:
        person.deactivated_at = None


class LoginSession(db.Model):
    """A server-side record of one sign-in, so signing out ends it for good."""

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Updated at most once a minute, so a page view rarely writes; the idle timeout reads it.
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    # What "Your account" shows, so a person can tell their sessions apart.
    address: Mapped[str] = mapped_column(String(64), default="")
    browser: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A single-use backup code for when the authenticator app is not to hand; kept hashed."""

    __tablename__ = "recovery_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class AuditEvent(db.Model):
    """Who did what, from where: content, people, assignments and signing in and out."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(60))
    # Indexed, so a person's events are found in a long log ("user:12").
    subject: Mapped[str] = mapped_column(String(200), index=True)
    detail: Mapped[str] = mapped_column(String(2000), default="")
    # The client's address as the app saw it (behind a proxy, once ProxyFix is configured).
    address: Mapped[str | None] = mapped_column(String(64))


# The database itself refuses to change or remove an audit event (see append_only.py).
make_append_only(AuditEvent.__table__)
