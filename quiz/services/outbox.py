"""Sending email and recording what became of every message.

A caller builds its messages, commits its own change, then calls send(): the messages go
out with no database transaction open (on SQLite a form's transaction holds the write
lock, and a slow mail server must not hold up everyone else), then one row per message
records it as sent (the server accepted it), failed (with the reason) or written to the
console (no mail server is set up).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from sqlalchemy import select

from quiz.extensions import db
from quiz.mail import Delivery, MailSettings, Message, deliver
from quiz.models import EmailStatus, OutboxEmail
from quiz.services.listing import Page, page_of

CONSOLE_NOTICE = "Email is not set up: the message was written to the server's console."


def console_notice(messages: int = 1) -> str:
    if messages == 1:
        return CONSOLE_NOTICE
    return "Email is not set up: the messages were written to the server's console."


def mail_settings() -> MailSettings:
    return MailSettings.from_config(current_app.config)


def email_is_set_up() -> bool:
    return mail_settings().configured


def link(endpoint: str, **values) -> str:
    """The address of a page for an email, from BASE_URL (never a request's Host header).

    Built from the URL map alone, so the `flask reminders send` command, which has no
    request, writes the same links as the pages do.
    """
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def compose(template: str, **context) -> tuple[str, str]:
    """(subject, body) from a text template whose first line is "Subject: ..."."""
    text = render_template(
        template, service_name=current_app.config["SERVICE_NAME"], **context
    ).strip()
    first, _, body = text.partition("\n")
    if not first.startswith("Subject: "):
        raise ValueError(f"{template} must start with a Subject: line")
    return first.removeprefix("Subject: ").strip(), body.strip() + "\n"


@dataclass(frozen=True)
class Sending:
    """What a page tells the person who sent some email."""

    sent: int
    failed: int
    console: int
    # What became of each message, in the order given.
    statuses: tuple[str, ...] = ()

    @property
    def notice(self) -> str | None:
        return console_notice(self.console) if self.console else None


def send(messages: list[Message]) -> Sending:
    """Send the messages and record each; flushes, never commits.

    Call it with no transaction open and commit after it: the rows then say exactly what
    the mail server did.
    """
    deliveries = deliver(messages, mail_settings())
    db.session.add_all(_record(d) for d in deliveries)
    db.session.flush()
    counts = {status: 0 for status in EmailStatus}
    for d in deliveries:
        counts[EmailStatus(d.status)] += 1
    return Sending(
        sent=counts[EmailStatus.SENT],
        failed=counts[EmailStatus.FAILED],
        console=counts[EmailStatus.CONSOLE],
        statuses=tuple(d.status for d in deliveries),
    )


def _record(delivery: Delivery) -> OutboxEmail:
    message = delivery.message
    return OutboxEmail(
        recipient=message.to[:320],
        copied=", ".join(message.copied)[:2000],
        subject=message.subject[:200],
        kind=message.kind,
        user_id=message.user_id,
        status=delivery.status,
        error=delivery.error[:1000],
    )


def emails_page(status: str | None, number: int) -> Page:
    """Recorded emails, newest first; only those with this status when given."""
    query = select(OutboxEmail).order_by(OutboxEmail.created_at.desc(), OutboxEmail.id.desc())
    if status in set(EmailStatus):
        query = query.where(OutboxEmail.status == status)
    return page_of(query, number)


def emails_to(user_id: int, limit: int = 10) -> list[OutboxEmail]:
    """The latest emails to this person, newest first."""
    return list(
        db.session.scalars(
            select(OutboxEmail)
            .where(OutboxEmail.user_id == user_id)
            .order_by(OutboxEmail.created_at.desc(), OutboxEmail.id.desc())
            .limit(limit)
        )
    )
