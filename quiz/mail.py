"""Handing messages to an SMTP server, or writing them to the console when there is none.

No Flask and no database: the outbox service (quiz/services/outbox.py) records what
happened. A message counts as sent only when the server accepted it for its recipient;
every refusal, timeout or lost connection is a failure with the server's own words.
"""

from __future__ import annotations

import smtplib
import ssl
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import TextIO

SENT, FAILED, CONSOLE = "sent", "failed", "console"
# The implicit-TLS port (SMTPS); any other port starts plain and upgrades with STARTTLS.
SMTPS_PORT = 465
MAX_ERROR_LENGTH = 1000


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str
    kind: str
    user_id: int | None = None
    copied: tuple[str, ...] = ()


@dataclass(frozen=True)
class Delivery:
    message: Message
    status: str
    error: str = ""


@dataclass(frozen=True)
class MailSettings:
    server: str = ""
    port: int = 587
    use_tls: bool = False
    username: str = ""
    password: str = ""
    sender: str = "Briefing Quiz <no-reply@localhost>"
    timeout: float = 20

    @classmethod
    def from_config(cls, config: Mapping) -> MailSettings:
        return cls(
            server=config.get("MAIL_SERVER") or "",
            port=int(config.get("MAIL_PORT") or 587),
            use_tls=bool(config.get("MAIL_USE_TLS")),
            username=config.get("MAIL_USERNAME") or "",
            password=config.get("MAIL_PASSWORD") or "",
            sender=config.get("MAIL_FROM") or cls.sender,
            timeout=float(config.get("MAIL_TIMEOUT_SECONDS") or 20),
        )

    @property
    def configured(self) -> bool:
        return bool(self.server)


def as_email(message: Message, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to
    if message.copied:
        email["Cc"] = ", ".join(message.copied)
    # One line: a line break in a header would be refused (or, elsewhere, start a new one).
    email["Subject"] = " ".join(message.subject.split())
    email["Date"] = formatdate(localtime=False, usegmt=True)
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    # Automatic mail: out-of-office replies should not answer it (RFC 3834).
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body)
    return email


def deliver(
    messages: Iterable[Message], settings: MailSettings, console: TextIO | None = None
) -> list[Delivery]:
    """Send each message, in order, over one connection; what became of each."""
    messages = list(messages)
    if not messages:
        return []
    if not settings.configured:
        return [_write_to_console(m, settings, console or sys.stdout) for m in messages]
    deliveries = []
    connection = None
    connection_error = ""
    for message in messages:
        if connection is None and not connection_error:
            try:
                connection = _connect(settings)
            except (OSError, smtplib.SMTPException) as error:
                # Every message left fails with the reason; none is tried on a dead server.
                connection_error = f"Could not reach the mail server: {_describe(error)}"
        if connection is None:
            deliveries.append(Delivery(message, FAILED, connection_error))
            continue
        delivery, connection_lost = _send_one(connection, message, settings)
        deliveries.append(delivery)
        if connection_lost:
            _close(connection)
            connection = None  # the next message opens a new connection
    if connection is not None:
        _close(connection)
    return deliveries


def _connect(settings: MailSettings) -> smtplib.SMTP:
    if settings.port == SMTPS_PORT:
        connection = smtplib.SMTP_SSL(
            settings.server,
            settings.port,
            timeout=settings.timeout,
            context=ssl.create_default_context(),
        )
    else:
        connection = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
        if settings.use_tls:
            connection.starttls(context=ssl.create_default_context())
    if settings.username:
        connection.login(settings.username, settings.password)
    return connection


def _send_one(connection, message: Message, settings: MailSettings) -> tuple[Delivery, bool]:
    """Send; returns the delivery and whether the connection is no longer usable."""
    try:
        email = as_email(message, settings.sender)
    except (ValueError, TypeError) as error:
        return Delivery(message, FAILED, f"Could not be written as an email: {error}"), False
    try:
        refused = connection.send_message(email)
    except smtplib.SMTPRecipientsRefused as error:
        reasons = "; ".join(_reply(code, text) for code, text in error.recipients.values())
        return Delivery(message, FAILED, f"Refused: {reasons}"), False
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        return Delivery(message, FAILED, _describe(error)), True
    except smtplib.SMTPException as error:
        # Refused sender or data: the connection may be mid-transaction, so start afresh.
        try:
            connection.rset()
        except (smtplib.SMTPException, OSError):
            return Delivery(message, FAILED, _describe(error)), True
        return Delivery(message, FAILED, _describe(error)), False
    if message.to in refused:
        code, text = refused[message.to]
        return Delivery(message, FAILED, f"Refused: {_reply(code, text)}"), False
    if refused:
        copies = "; ".join(f"{who}: {_reply(*why)}" for who, why in refused.items())
        return Delivery(message, SENT, f"Copies refused: {copies}"[:MAX_ERROR_LENGTH]), False
    return Delivery(message, SENT), False


def _write_to_console(message: Message, settings: MailSettings, console: TextIO) -> Delivery:
    copied = f"Cc: {', '.join(message.copied)}\n" if message.copied else ""
    console.write(
        "----- Email not sent (MAIL_SERVER is not set); it would have said: -----\n"
        f"From: {settings.sender}\nTo: {message.to}\n{copied}Subject: {message.subject}\n\n"
        f"{message.body}\n"
        "----- End of email -----\n"
    )
    console.flush()
    return Delivery(message, CONSOLE)


def _reply(code, text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        described = _reply(error.smtp_code, error.smtp_error)
    else:
        described = str(error) or type(error).__name__
    return described[:MAX_ERROR_LENGTH]


def _close(connection) -> None:
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()
