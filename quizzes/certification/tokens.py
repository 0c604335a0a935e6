"""Unguessable verification tokens for certificate QR codes.

A token is 16 random bytes plus an HMAC-SHA256 signature of them (truncated to 10 bytes) keyed with
``SECRET_KEY`` (and any ``SECRET_KEY_FALLBACKS``, so keys can be rotated), both base64url-encoded without
padding: 22 + 14 = 36 characters. ``is_well_formed`` rejects a mistyped, truncated or modified token
before any database query, so guessing costs the attacker a signature forgery, not a lookup; the random
part alone (128 bits) already makes enumeration hopeless. The token is stored on the certificate and looked
up only after its signature checks out.
"""

from __future__ import annotations

import base64
import binascii
import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

KEY_SALT = "quizzes.certification.tokens.v1"
RANDOM_BYTES = 16
SIGNATURE_BYTES = 10
_RANDOM_CHARS = 22  # len(b64url(16 bytes)) without padding
_SIGNATURE_CHARS = 14  # len(b64url(10 bytes)) without padding
TOKEN_LENGTH = _RANDOM_CHARS + _SIGNATURE_CHARS


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(random_part: bytes, secret: str) -> str:
    digest = salted_hmac(KEY_SALT, random_part, secret=secret, algorithm="sha256").digest()
    return _b64(digest[:SIGNATURE_BYTES])


def make_token() -> str:
    random_part = secrets.token_bytes(RANDOM_BYTES)
    return _b64(random_part) + _signature(random_part, settings.SECRET_KEY)


def is_well_formed(token: str) -> bool:
    """True if ``token`` has the right shape and a valid signature under the current or a fallback key."""
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH or not token.isascii():
        return False
    random_text, signature = token[:_RANDOM_CHARS], token[_RANDOM_CHARS:]
    try:
        random_part = _unb64(random_text)
    except (binascii.Error, ValueError):
        return False
    if len(random_part) != RANDOM_BYTES or _b64(random_part) != random_text:
        return False
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        if constant_time_compare(signature, _signature(random_part, secret)):
            return True
    return False
