"""Stable pseudonyms for messaging-platform user IDs.

WhatsApp and SMS identify a patient by phone number, Messenger and Telegram by
account IDs. None of these may be stored with the conversation, yet the same
person must reach the same conversation (follow-ups, "forget me"). A keyed
hash (HMAC-SHA256) gives a stable ID that cannot be reversed or recomputed
without the key; the key is the platform's own secret, already required to
run the channel, so there is nothing new to configure or leak.
"""

from __future__ import annotations

import hashlib
import hmac

DIGEST_CHARS = 32  # 128 bits: no collisions in any clinic's lifetime


def pseudonym(platform: str, user_id: str, key: str) -> str:
    """`<platform>-<hex>`: the same for the same user and key, unlinkable without the key."""
    if not key:
        raise ValueError("a pseudonym needs a non-empty key")
    digest = hmac.new(key.encode(), f"{platform}:{user_id}".encode(), hashlib.sha256)
    return f"{platform}-{digest.hexdigest()[:DIGEST_CHARS]}"
