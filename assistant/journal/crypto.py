"""Encryption at rest for the journal, built only from the `cryptography` package.

A passphrase is stretched with Scrypt (random salt, parameters stored beside it so they can be raised later) into
a Fernet key; Fernet gives authenticated encryption, so a wrong key or a tampered entry is detected instead of
decoding into garbage. A verifier token (a fixed text encrypted with the key) tells "wrong passphrase" apart from
"damaged entry" before any entry is touched.
"""

from __future__ import annotations

import base64
import json
import os
import unicodedata
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from mend.assistant.errors import JournalError, JournalLockedError

VERIFIER_TEXT = b"mend journal key check, version 1"
DEFAULT_SCRYPT_N = 2**15  # about 0.1 s and 32 MiB per unlock: slow for guessing, quick for a person
MIN_SCRYPT_N = 2**14


@dataclass(frozen=True)
class KdfParams:
    """Everything needed to derive the same key again from the same passphrase."""

    salt: bytes
    n: int = DEFAULT_SCRYPT_N
    r: int = 8
    p: int = 1

    def to_json(self) -> str:
        salt = base64.b64encode(self.salt).decode("ascii")
        return json.dumps({"kdf": "scrypt", "salt": salt, "n": self.n, "r": self.r, "p": self.p})

    @classmethod
    def from_json(cls, text: str | bytes) -> "KdfParams":
        try:
            data = json.loads(text)
            if data.get("kdf") != "scrypt":
                raise ValueError(f"unknown key derivation {data.get('kdf')!r}")
            params = cls(base64.b64decode(data["salt"]), int(data["n"]), int(data["r"]), int(data["p"]))
            if len(params.salt) < 16 or params.n < MIN_SCRYPT_N or params.n & (params.n - 1):
                raise ValueError("key derivation parameters are too weak or malformed")
            return params
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise JournalError(
                f"the journal's protection settings are damaged ({exc})",
                hint="Restore the journal file from a backup, or move it aside to start a new journal.",
            ) from None


def new_params() -> KdfParams:
    return KdfParams(salt=os.urandom(16))


class Sealer:
    """Encrypts and decrypts entry payloads with the key derived from one passphrase."""

    def __init__(self, passphrase: str, params: KdfParams) -> None:
        if not passphrase:
            raise JournalError("the passphrase is empty", hint="Choose a passphrase of at least one character.")
        normalised = unicodedata.normalize("NFC", passphrase).encode("utf-8")
        key = Scrypt(salt=params.salt, length=32, n=params.n, r=params.r, p=params.p).derive(normalised)
        self.params = params
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, plaintext: bytes) -> bytes:
        return self._fernet.encrypt(plaintext)

    def open(self, token: bytes, what: str) -> bytes:
        try:
            return self._fernet.decrypt(bytes(token))
        except InvalidToken:
            raise JournalError(
                f"{what} cannot be decrypted: it is damaged or was not written with this passphrase",
                hint="Delete that entry with `mend journal delete ID`, or restore the journal from a backup.",
            ) from None

    def make_verifier(self) -> bytes:
        return self.seal(VERIFIER_TEXT)

    def check_verifier(self, token: bytes) -> None:
        """Raise JournalLockedError when this key is not the one the journal was protected with."""
        try:
            ok = self._fernet.decrypt(bytes(token)) == VERIFIER_TEXT
        except InvalidToken:
            ok = False
        if not ok:
            raise JournalLockedError(
                "wrong passphrase",
                hint="Type the journal passphrase again (or fix MEND_PASSPHRASE); it cannot be recovered if lost.",
            )
