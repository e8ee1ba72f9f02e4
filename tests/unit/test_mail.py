"""Handing messages to a real SMTP server: only what it accepts is sent."""

from __future__ import annotations

import io

from quiz.mail import CONSOLE, FAILED, SENT, MailSettings, Message, deliver
from tests.mailserver import REFUSED_MESSAGE, REFUSED_RECIPIENT, free_port


def message(to="pat@example.org", **kwargs) -> Message:
    return Message(
        to=to, subject="Hello", body="Set your password: https://x/y", kind="invitation", **kwargs
    )


def settings(port: int) -> MailSettings:
    return MailSettings(server="127.0.0.1", port=port, sender="Quiz <quiz@example.org>", timeout=5)


def test_a_message_the_server_accepts_is_sent(mail_server):
    [delivery] = deliver([message(copied=("sue@example.org",))], settings(mail_server.port))
    assert (delivery.status, delivery.error) == (SENT, "")
    [received] = mail_server.received
    assert received.recipients == ["pat@example.org", "sue@example.org"]
    assert received.subject == "Hello"
    assert received.message["From"] == "Quiz <quiz@example.org>"
    assert received.message["Auto-Submitted"] == "auto-generated"
    assert "Set your password" in received.body


def test_a_refused_recipient_fails_with_the_servers_words_and_the_rest_still_go(mail_server):
    mail_server.refuse_recipient = lambda address: address == "gone@example.org"
    deliveries = deliver(
        [message("gone@example.org"), message("pat@example.org")], settings(mail_server.port)
    )
    assert [d.status for d in deliveries] == [FAILED, SENT]
    assert REFUSED_RECIPIENT in deliveries[0].error
    assert [r.recipients for r in mail_server.received] == [["pat@example.org"]]


def test_a_refused_copy_still_sends_to_the_person_and_says_so(mail_server):
    mail_server.refuse_recipient = lambda address: address == "old.boss@example.org"
    [delivery] = deliver([message(copied=("old.boss@example.org",))], settings(mail_server.port))
    assert delivery.status == SENT
    assert "old.boss@example.org" in delivery.error


def test_a_server_that_refuses_the_message_sends_nothing(mail_server):
    mail_server.refuse_messages = True
    deliveries = deliver([message(), message("nia@example.org")], settings(mail_server.port))
    assert [d.status for d in deliveries] == [FAILED, FAILED]
    assert REFUSED_MESSAGE in deliveries[0].error
    assert mail_server.received == []


def test_no_server_listening_fails_every_message_with_the_reason():
    deliveries = deliver([message(), message("nia@example.org")], settings(free_port()))
    assert [d.status for d in deliveries] == [FAILED, FAILED]
    assert deliveries[0].error.startswith("Could not reach the mail server")


def test_without_a_server_messages_are_written_to_the_console():
    console = io.StringIO()
    [delivery] = deliver([message()], MailSettings(), console=console)
    assert delivery.status == CONSOLE
    written = console.getvalue()
    assert "MAIL_SERVER is not set" in written
    assert "To: pat@example.org" in written and "https://x/y" in written


def test_nothing_to_send_opens_no_connection():
    assert deliver([], settings(free_port())) == []


def test_a_line_break_in_a_subject_cannot_add_a_header(mail_server):
    sneaky = Message(
        to="pat@example.org", subject="Hello\r\nBcc: eve@example.org", body="Hi", kind="reminder"
    )
    [delivery] = deliver([sneaky], settings(mail_server.port))
    assert delivery.status == SENT
    [received] = mail_server.received
    assert received.recipients == ["pat@example.org"]
    assert received.subject == "Hello Bcc: eve@example.org"
    assert received.message["Bcc"] is None


def test_an_address_that_cannot_be_written_fails_that_message_only(mail_server):
    bad = message("pat@example.org\nBcc: eve@example.org")
    deliveries = deliver([bad, message()], settings(mail_server.port))
    assert [d.status for d in deliveries] == [FAILED, SENT]
    assert [r.recipients for r in mail_server.received] == [["pat@example.org"]]
