"""Email sent (or not), links to set a password, and reminders already sent."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.checks import one_of
from quiz.models.people import User, utcnow


class EmailKind(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password-reset"
    REMINDER = "reminder"
    ASSIGNED = "assigned"

    @property
    def label(self) -> str:
        return {
            EmailKind.INVITATION: "Invitation",
            EmailKind.PASSWORD_RESET: "Password reset",
            EmailKind.REMINDER: "Reminder",
            EmailKind.ASSIGNED: "Briefing assigned",
        }[self]


class EmailStatus(enum.StrEnum):
    # Only after the mail server accepted the message.
    SENT = "sent"
    FAILED = "failed"
    # No mail server is set up: the message went to the server's console.
    CONSOLE = "console"

    @property
    def label(self) -> str:
        return {
            EmailStatus.SENT: "Sent",
            EmailStatus.FAILED: "Failed",
            EmailStatus.CONSOLE: "Written to the console",
        }[self]


class OutboxEmail(db.Model):
    """One message and what became of it. The body is not kept: it may hold a password link."""

    __tablename__ = "outbox_emails"
    __table_args__ = (
        one_of("kind", EmailKind),
        one_of("status", EmailStatus),
        Index("ix_outbox_emails_status_at", "status", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320))
    # Copies (a reminder goes to the person's supervisors too), comma-separated.
    copied: Mapped[str] = mapped_column(String(2000), default="")
    subject: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    error: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship()


class LinkPurpose(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password-reset"


class PasswordLink(db.Model):
    """A single-use link to set a password; only the token's SHA-256 hash is kept."""

    __tablename__ = "password_links"
    __table_args__ = (one_of("purpose", LinkPurpose),)
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # Set when the link is used, or when a newer link for the same person replaces it.
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class ReminderSent(db.Model):
    """A person was reminded about a briefing: the next reminder waits a week."""

    __tablename__ = "reminders_sent"
    __table_args__ = (
        Index("ix_reminders_sent_user_briefing", "user_id", "briefing_id", "sent_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id", ondelete="CASCADE"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Who chased: None for `flask reminders send`.
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
