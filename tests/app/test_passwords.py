"""Finding 7: weak passwords are refused when an account is made and when a password is
changed; changing it needs the current one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import AuditEvent
from quiz.services.accounts import AccountError, create_user
from tests.conftest import html, text_of
from tests.seed import PASSWORD

EMAIL = "sam.smith@example.org"


@pytest.mark.parametrize(
    "password", ["password1234", "aaaaaaaaaaaa", EMAIL, "short pass", "sam smith rocks"]
)
def test_create_user_refuses_weak_passwords(app, password):
    with pytest.raises(AccountError):
        create_user(EMAIL, "Sam Smith", password, "practitioner")


def test_create_user_accepts_a_long_uncommon_password(app):
    user = create_user(EMAIL, "Sam Smith", "tangerine otter lamp", "practitioner")
    assert user.id


def test_the_command_line_refuses_a_weak_password(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", EMAIL, "--role", "practitioner", "--password-stdin"],
        input="password1234\n",
    )
    assert result.exit_code != 0
    assert "too common" in result.output


def change(client, current: str, new: str):
    return client.submit("/account/password", {"current_password": current, "new_password": new})


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("password1234", "Your password is too common"),
        ("aaaaaaaaaaaa", "Your password is a repeated or simple pattern"),
        ("short", "Your password must be at least 12 characters"),
    ],
)
def test_changing_to_a_weak_password_is_refused(login_as, new, message):
    client, _ = login_as("practitioner")
    response = change(client, PASSWORD, new)
    assert response.status_code == 200
    page = html(response)
    assert message in text_of(page.find(class_="govuk-error-summary"))
    assert page.title.string.startswith("Error:")


def test_changing_to_your_own_email_is_refused(login_as):
    client, user = login_as("practitioner")
    response = change(client, PASSWORD, user.email)
    assert "must not contain your name or email address" in text_of(html(response))


def test_changing_needs_the_current_password(login_as):
    client, user = login_as("practitioner")
    response = change(client, "not my password", "tangerine otter lamp")
    assert "Your current password is not right" in text_of(html(response))
    failed = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "password.change-failed")
    )
    assert failed.actor_id == user.id


def test_wrong_current_passwords_are_throttled(login_as):
    client, _ = login_as("practitioner")
    for number in range(10):
        assert change(client, f"guess {number:04}", "tangerine otter lamp").status_code == 200
    assert change(client, PASSWORD, "tangerine otter lamp").status_code == 429


def test_the_change_is_audited(login_as):
    client, user = login_as("practitioner")
    assert change(client, PASSWORD, "tangerine otter lamp").status_code == 302
    changed = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password.change"))
    assert changed.actor_id == user.id
