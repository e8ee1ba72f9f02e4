"""Authenticator app keys are sealed in the database; the second factor stays optional for
practitioners and supervisors, with backup codes that work once."""

from __future__ import annotations

import time

import pyotp
import pytest
from sqlalchemy import text

from quiz.extensions import db
from quiz.sealed import PREFIX, UnreadableSecret, open_sealed, seal, sealing_key
from quiz.services import two_factor
from tests.conftest import Browser, app_code, text_of, turn_on_app


def stored_key(user) -> str:
    return db.session.execute(
        text("SELECT totp_secret FROM users WHERE id = :id"), {"id": user.id}
    ).scalar_one()


def test_the_stored_column_is_not_the_key(app, make_user):
    user = make_user("trainer")
    key = user.totp_secret
    stored = stored_key(user)
    assert stored.startswith(PREFIX)
    assert key not in stored and key.lower() not in stored.lower()
    # Sealing the same key twice gives different text (a fresh nonce each time).
    assert seal(key, sealing_key(app.config)) != seal(key, sealing_key(app.config))


def test_a_sealed_key_still_signs_in(app, make_user):
    user = make_user("admin")
    Browser(app).sign_in(user)  # password, then the app's code from the sealed key


def test_a_key_saved_before_sealing_is_still_read(app, make_user):
    user = make_user("practitioner")
    plain = pyotp.random_base32()
    db.session.execute(
        text("UPDATE users SET totp_secret = :k WHERE id = :id"), {"k": plain, "id": user.id}
    )
    db.session.commit()
    db.session.expire_all()
    assert user.totp_secret == plain
    Browser(app).sign_in(user)


def test_a_key_sealed_with_another_secret_is_refused_not_a_500(app, make_user):
    user = make_user("trainer")
    code = app_code(user)
    app.config["TOTP_ENCRYPTION_KEY"] = "another key entirely, as after a mistaken rotation"
    try:
        db.session.expire_all()
        with pytest.raises(UnreadableSecret):
            _ = user.totp_secret
        assert two_factor.check_code(user, code) is None
    finally:
        app.config["TOTP_ENCRYPTION_KEY"] = ""


def test_the_key_comes_from_its_own_setting_before_the_secret_key():
    by_secret = sealing_key({"SECRET_KEY": "s" * 40})
    own = sealing_key({"SECRET_KEY": "s" * 40, "TOTP_ENCRYPTION_KEY": "t" * 40})
    assert by_secret != own and len(own) == 32
    # HKDF, not the secret key itself: the cookie-signing key is never the sealing key.
    assert by_secret != ("s" * 32).encode()
    sealed = seal("JBSWY3DPEHPK3PXP", own)
    assert open_sealed(sealed, own) == "JBSWY3DPEHPK3PXP"
    with pytest.raises(UnreadableSecret):
        open_sealed(sealed, by_secret)
    with pytest.raises(UnreadableSecret):
        open_sealed(sealed[:-4] + "AAAA", own)


@pytest.mark.parametrize("role", ["practitioner", "supervisor"])
def test_the_app_is_optional_for_practitioners_and_supervisors(app, make_user, team, role):
    user = make_user(
        role,
        team=team if role == "practitioner" else None,
        supervises=[team] if role == "supervisor" else (),
    )
    assert not two_factor.required_for(user)
    client = Browser(app)
    response = client.submit("/sign-in", {"email": user.email, "password": _password()})
    assert not response.headers["Location"].endswith("/sign-in/code")
    assert "/account/two-factor" not in response.headers["Location"]
    turn_on_app(user)
    later = Browser(app)
    response = later.submit("/sign-in", {"email": user.email, "password": _password()})
    assert response.headers["Location"].endswith("/sign-in/code")
    assert later.submit("/sign-in/code", {"code": app_code(user)}).status_code == 302


def test_a_supervisors_backup_code_works_once(app, make_user, team):
    user = make_user("supervisor", supervises=[team])
    key = two_factor.new_secret()
    codes = two_factor.turn_on(user, key, pyotp.TOTP(key).at(time.time()))
    db.session.commit()
    assert len(codes) == two_factor.BACKUP_CODE_COUNT
    for attempt, expected in ((1, 302), (2, 200)):
        client = Browser(app)
        client.submit("/sign-in", {"email": user.email, "password": _password()})
        response = client.submit("/sign-in/code", {"code": codes[0]})
        assert response.status_code == expected, attempt
    assert "is not right" in text_of_response(response)


def _password() -> str:
    from tests.seed import PASSWORD

    return PASSWORD


def text_of_response(response) -> str:
    from tests.conftest import html

    return text_of(html(response))
