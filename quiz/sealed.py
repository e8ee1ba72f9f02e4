"""pure: secrets the app must read back (authenticator app keys), sealed with AES-256-GCM.

A password is stored as a one-way hash, but a TOTP shared key must be read to check a
code, so it is encrypted instead: a copy of the database (a backup, a stolen disk) does
not give anyone the keys that make a person's codes. The encryption key comes from
TOTP_ENCRYPTION_KEY, or else is derived from SECRET_KEY with HKDF; either way it never
sits in the database beside what it protects.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Stored values start with this; anything else is a key saved before encryption.
PREFIX = "v1."
_NONCE_BYTES = 12
# HKDF's info binds the derived key to this one use: the same SECRET_KEY also signs
# cookies, and the two must never be the same key.
_PURPOSE = b"briefing-quiz: authenticator app keys at rest, v1"


class UnreadableSecret(ValueError):
    """The value was sealed with another key (or altered): it cannot be opened."""


def sealing_key(settings: Mapping) -> bytes:
    """The 256-bit key for sealing, from the app's settings."""
    material = settings.get("TOTP_ENCRYPTION_KEY") or settings.get("SECRET_KEY") or ""
    if not material:
        raise UnreadableSecret("Set SECRET_KEY (or TOTP_ENCRYPTION_KEY) to keep app keys")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE)
    return hkdf.derive(material.encode())


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def seal(plain: str, key: bytes, context: bytes = b"totp") -> str:
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plain.encode(), context)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def open_sealed(stored: str, key: bytes, context: bytes = b"totp") -> str:
    """The plain value; a value from before encryption is returned as it is."""
    if not is_sealed(stored):
        return stored
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX) :].encode("ascii"))
        nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
        return AESGCM(key).decrypt(nonce, sealed, context).decode()
    except (InvalidTag, ValueError) as error:
        raise UnreadableSecret(
            "An authenticator app key cannot be read with this TOTP_ENCRYPTION_KEY or "
            "SECRET_KEY: was the key changed?"
        ) from error
