"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the tests: it keeps what it accepts, and
can be told to refuse recipients or whole messages as a real server does ("550 ...")."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

REFUSED_RECIPIENT = "550 5.1.1 Mailbox unavailable"
REFUSED_MESSAGE = "554 5.7.1 Message refused by policy"
LINK = re.compile(r"https?://\S+/set-password/\S+")


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def body(self) -> str:
        return self.message.get_content()

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def password_link(self) -> str:
        found = LINK.search(self.body)
        assert found, f"no link to set a password in:\n{self.body}"
        return found.group(0)


@dataclass
class MailServer:
    """What the server accepted; set refuse_recipient or refuse_messages to make it refuse."""

    port: int = 0
    received: list[Received] = field(default_factory=list)
    refuse_recipient: Callable[[str], bool] = lambda _address: False
    refuse_messages: bool = False

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse_recipient(address):
            return REFUSED_RECIPIENT
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.refuse_messages:
            return REFUSED_MESSAGE
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_mail_server():
    server = MailServer(port=free_port())
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def mail_server():
    with running_mail_server() as server:
        yield server


@pytest.fixture
def mail(app, mail_server):
    """The app sending through the test's SMTP server."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=mail_server.port, MAIL_USE_TLS=False)
    return mail_server
