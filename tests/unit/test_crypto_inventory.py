"""The cryptography docs/ASVS.md lists (ASVS V11), held to what it says."""

from __future__ import annotations

import math

from argon2 import Type, extract_parameters

from quiz.sealed import PREFIX, open_sealed, seal, sealing_key
from quiz.services import accounts, two_factor


def test_passwords_use_argon2id_at_rfc_9106_parameters_or_above():
    was_cheap = accounts._hasher is accounts._cheap_hasher
    accounts.use_cheap_hashing(False)
    try:
        parameters = extract_parameters(accounts.hash_password("a long enough passphrase"))
    finally:
        accounts.use_cheap_hashing(was_cheap)
    assert parameters.type is Type.ID
    # RFC 9106 section 4, second recommended option: t=3, 64 MiB, 4 lanes.
    assert parameters.time_cost >= 3
    assert parameters.memory_cost >= 64 * 1024
    assert parameters.parallelism >= 1


def test_backup_codes_have_enough_entropy_for_a_fast_hash():
    # SHA-256 is enough for them only because they cannot be guessed: at least 56 bits.
    bits = two_factor._BACKUP_LENGTH * math.log2(len(two_factor._BACKUP_ALPHABET))
    assert bits >= 56


def test_app_keys_are_sealed_with_a_256_bit_key_and_a_fresh_nonce():
    key = sealing_key({"SECRET_KEY": "k" * 40})
    assert len(key) == 32
    sealed = {seal("JBSWY3DPEHPK3PXP", key) for _ in range(50)}
    assert len(sealed) == 50 and all(s.startswith(PREFIX) for s in sealed)
    assert {open_sealed(s, key) for s in sealed} == {"JBSWY3DPEHPK3PXP"}
