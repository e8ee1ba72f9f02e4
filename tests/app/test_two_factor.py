"""A code from an authenticator app after the password: required for trainers and
administrators, optional for everyone else, with single-use backup codes."""

from __future__ import annotations

import re
import time
from datetime import date

import pyotp
import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import AuditEvent, RecoveryCode
from quiz.services import two_factor
from quiz.services.demo import PEOPLE, create_demo
from tests.conftest import Browser, app_code, html, text_of, turn_on_app
from tests.seed import PASSWORD

SETUP = "/account/two-factor"


def password_step(client: Browser, user, password: str = PASSWORD):
    return client.submit("/sign-in", {"email": user.email, "password": password})


def code_step(client: Browser, code: str):
    return client.submit("/sign-in/code", {"code": code})


def is_signed_in(client: Browser) -> bool:
    return client.get("/account").status_code == 200


def setup_key(page) -> str:
    return page.find(id="setup-key").get_text().replace(" ", "")


def backup_codes(response) -> list[str]:
    return [code.get_text() for code in html(response).select("#backup-codes code")]


# Trainers and administrators must set up an app -----------------------------------------


@pytest.mark.parametrize("role", ["trainer", "admin"])
def test_without_an_app_they_are_sent_to_set_one_up_from_every_page(app, make_user, bank, role):
    user = make_user(role, two_factor=False)
    client = Browser(app)
    response = password_step(client, user)
    assert response.status_code == 302  # the password was enough to start...
    for path in ("/", "/authoring/", "/teams/", "/admin/people", "/account"):
        response = client.get(path)
        assert response.status_code == 302, path  # ...but nothing opens until the app is set up
        assert response.headers["Location"] == SETUP, path
    assert client.get(SETUP).status_code == 200
    client.post("/sign-out")
    assert not is_signed_in(client)


def test_setting_up_an_app_with_the_key_and_a_code(app, make_user):
    user = make_user("trainer", two_factor=False)
    client = Browser(app)
    password_step(client, user)
    page = client.page(SETUP)
    assert page.find("svg", attrs={"role": "img"}), "a QR code to scan"
    key = setup_key(page)
    assert re.fullmatch(r"[A-Z2-7]{32}", key)

    response = client.submit(SETUP, {"code": "000000"})
    assert "The code is not right" in text_of(html(response))
    assert user.totp_secret is None

    response = client.submit(SETUP, {"code": pyotp.TOTP(key).now()})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    codes = backup_codes(response)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert user.totp_secret == key
    assert client.get("/authoring/").status_code == 200
    # Kept hashed: no backup code is stored as it was shown.
    stored = set(db.session.scalars(select(RecoveryCode.code_hash)))
    assert len(stored) == 10 and not stored & set(codes)
    assert db.session.scalar(
        select(AuditEvent.actor_id).where(AuditEvent.action == "two-factor.on")
    )


def test_the_setup_key_stays_the_same_until_it_is_confirmed(app, make_user):
    user = make_user("practitioner")
    client = Browser(app)
    client.sign_in(user)
    assert setup_key(client.page(SETUP)) == setup_key(client.page(SETUP))


def test_the_setup_link_names_the_service_and_person():
    uri = two_factor.setup_uri(
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "sam@example.org", "Briefing Quiz"
    )
    assert uri.startswith(
        "otpauth://totp/Briefing%20Quiz:sam%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    )
    assert "issuer=Briefing%20Quiz" in uri


# Signing in with a code -------------------------------------------------------------------


def test_sign_in_asks_for_the_code_after_the_password(app, make_user):
    user = make_user("trainer")
    client = Browser(app)
    response = password_step(client, user)
    assert response.headers["Location"] == "/sign-in/code"
    assert not is_signed_in(client)
    page = client.page("/sign-in/code")
    assert page.find("input", attrs={"name": "code", "autocomplete": "one-time-code"})
    response = code_step(client, "123456")
    assert "The code is not right" in text_of(html(response))
    assert not is_signed_in(client)
    response = code_step(client, app_code(user))
    assert response.headers["Location"] == "/"
    assert is_signed_in(client)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sign-in"))
    assert event.detail == "password and authenticator app"


def test_a_wrong_password_never_reaches_the_code_step(app, make_user):
    user = make_user("admin")
    client = Browser(app)
    response = password_step(client, user, "not the password")
    assert response.status_code == 200
    assert client.get("/sign-in/code").headers["Location"] == "/sign-in"


def test_a_code_works_once(app, make_user):
    user = make_user("trainer")
    code = app_code(user)
    first, second = Browser(app), Browser(app)
    password_step(first, user)
    password_step(second, user)
    assert code_step(first, code).status_code == 302
    response = code_step(second, code)
    assert response.status_code == 200 and not is_signed_in(second)


def test_the_code_step_goes_stale(app, make_user, monkeypatch):
    user = make_user("trainer")
    client = Browser(app)
    password_step(client, user)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 6 * 60)
    response = client.get("/sign-in/code")
    assert response.headers["Location"] == "/sign-in"
    assert "took too long" in text_of(client.page("/sign-in"))


def test_the_code_step_keeps_the_page_to_return_to(app, make_user, bank):
    user = make_user("trainer")
    client = Browser(app)
    client.submit(
        "/sign-in?next=/authoring/",
        {"email": user.email, "password": PASSWORD},
        form_url="/sign-in",
    )
    assert code_step(client, app_code(user)).headers["Location"] == "/authoring/"


def test_wrong_codes_are_throttled(app, make_user):
    user = make_user("trainer")
    client = Browser(app)
    password_step(client, user)
    for number in range(10):
        assert code_step(client, f"{number:06}").status_code == 200
    response = code_step(client, app_code(user))
    assert response.status_code == 429
    assert "Too many attempts: try again in" in text_of(html(response))


def test_a_backup_code_signs_in_once(app, make_user):
    user = make_user("practitioner")
    key = two_factor.new_secret()
    codes = two_factor.turn_on(user, key, pyotp.TOTP(key).at(time.time() - 30))
    db.session.commit()
    client = Browser(app)
    password_step(client, user)
    response = code_step(client, codes[0].upper().replace("-", " "))
    assert response.status_code == 302
    assert "You used a backup code: you have 9 left" in text_of(client.page("/"))
    again = Browser(app)
    password_step(again, user)
    assert code_step(again, codes[0]).status_code == 200


# Optional for everyone else, and managing it ----------------------------------------------


def test_practitioners_need_no_app_but_may_set_one_up(app, make_user, team):
    user = make_user("practitioner", team=team)
    client = Browser(app)
    assert password_step(client, user).headers["Location"] == "/"
    key = setup_key(client.page(SETUP))
    response = client.submit(SETUP, {"code": pyotp.TOTP(key).now()})
    assert len(backup_codes(response)) == 10
    later = Browser(app)
    assert password_step(later, user).headers["Location"] == "/sign-in/code"


def test_new_backup_codes_replace_the_old_ones(app, make_user):
    user = make_user("practitioner")
    key = two_factor.new_secret()
    old = two_factor.turn_on(user, key, pyotp.TOTP(key).at(time.time() - 30))
    db.session.commit()
    client = Browser(app)
    client.sign_in(user)
    response = client.submit("/account/two-factor/backup-codes", {"code": "999999"}, form_url=SETUP)
    assert "The code is not right" in text_of(html(response))
    response = client.submit(
        "/account/two-factor/backup-codes", {"code": app_code(user)}, form_url=SETUP
    )
    new = backup_codes(response)
    assert len(new) == 10 and not set(new) & set(old)
    assert two_factor.check_code(user, old[1]) is None
    assert two_factor.check_code(user, new[1]) == two_factor.CodeKind.BACKUP


def test_turning_the_app_off_needs_the_password(app, make_user):
    user = make_user("practitioner")
    turn_on_app(user)
    client = Browser(app)
    client.sign_in(user)
    response = client.submit("/account/two-factor/turn-off", {"password": "not it"}, form_url=SETUP)
    assert "Your password is not right" in text_of(html(response))
    assert user.totp_secret is not None
    response = client.submit("/account/two-factor/turn-off", {"password": PASSWORD}, form_url=SETUP)
    assert response.headers["Location"] == "/account"
    assert user.totp_secret is None
    assert db.session.scalar(select(RecoveryCode).where(RecoveryCode.user_id == user.id)) is None


def test_a_trainer_who_turns_the_app_off_must_set_up_a_new_one(app, make_user):
    user = make_user("trainer")
    client = Browser(app)
    client.sign_in(user)
    response = client.submit("/account/two-factor/turn-off", {"password": PASSWORD}, form_url=SETUP)
    assert response.headers["Location"] == SETUP
    assert client.get("/authoring/").headers["Location"] == SETUP


# The demo ----------------------------------------------------------------------------------


def test_the_demo_trainer_signs_in_and_sets_up_an_app(app):
    create_demo(date.today())
    db.session.commit()
    trainer = next(person for person in PEOPLE if person.role == "trainer")
    client = Browser(app)
    response = client.submit("/sign-in", {"email": trainer.email, "password": trainer.password})
    assert client.get(response.headers["Location"]).headers["Location"] == SETUP
    key = setup_key(client.page(SETUP))
    response = client.submit(SETUP, {"code": pyotp.TOTP(key).now()})
    assert len(backup_codes(response)) == 10
    assert client.get("/authoring/").status_code == 200
