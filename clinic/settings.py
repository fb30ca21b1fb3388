"""Settings read from the environment, with the defaults `make run` uses."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SQLITE_DEFAULT_DB = "conversations.db"


def tracker_store_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """SQLTrackerStore arguments: SQLite by default, PostgreSQL when DB_DIALECT says so.

    Raises ValueError naming the variable when a PostgreSQL setting is missing
    or malformed, so a misconfigured server stops at start-up with a clear cause.
    """
    dialect = env.get("DB_DIALECT", "sqlite").strip().lower() or "sqlite"
    if dialect == "sqlite":
        return {"dialect": "sqlite", "db": env.get("DB_NAME") or SQLITE_DEFAULT_DB}
    if dialect not in {"postgresql", "postgres"}:
        raise ValueError(f"DB_DIALECT must be 'sqlite' or 'postgresql', got {dialect!r}")
    missing = [name for name in ("DB_HOST", "DB_NAME", "DB_USER") if not env.get(name)]
    if missing:
        raise ValueError(f"DB_DIALECT=postgresql needs {', '.join(missing)} to be set")
    port = env.get("DB_PORT", "5432")
    if not port.isdigit():
        raise ValueError(f"DB_PORT must be a number, got {port!r}")
    return {
        "dialect": "postgresql",
        "host": env["DB_HOST"],
        "port": int(port),
        "db": env["DB_NAME"],
        "username": env["DB_USER"],
        "password": env.get("DB_PASSWORD", ""),
    }


DEFAULT_RETENTION_DAYS = 30


def _amount(env: Mapping[str, str], name: str, default: float, unit: str, zero_ok: bool) -> float:
    """A number of `unit` from `name`, else `default`; ValueError naming `name` if invalid."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of {unit}, got {raw!r}") from None
    if value < 0 or (value == 0 and not zero_ok):
        raise ValueError(f"{name} must be {'zero or more' if zero_ok else 'positive'}, got {raw!r}")
    return value


def retention_days(env: Mapping[str, str]) -> float:
    """How long conversations are kept (RETENTION_DAYS, default 30; 0 keeps them forever)."""
    return _amount(env, "RETENTION_DAYS", DEFAULT_RETENTION_DAYS, "days", zero_ok=True)


DEFAULT_ALLOWED_ORIGINS = ("http://localhost:8000", "http://127.0.0.1:8000")  # the demo page
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")


def allowed_origins(env: Mapping[str, str]) -> list[str]:
    """The web origins allowed to use the chat (ALLOWED_ORIGINS, separated by commas or spaces).

    Defaults to the demo page served by `make run`. "*" is refused: the widget
    carries health information, so only the clinic's own sites may embed it.
    """
    raw = env.get("ALLOWED_ORIGINS", "").replace(",", " ").split()
    origins = [origin.rstrip("/") for origin in raw] or list(DEFAULT_ALLOWED_ORIGINS)
    for origin in origins:
        if not _ORIGIN.match(origin):
            raise ValueError(
                f"ALLOWED_ORIGINS entries must look like https://clinic.example, got {origin!r}"
            )
    return origins


@dataclass(frozen=True)
class PlatformVariables:
    """Environment variables a messaging platform needs, and its optional ones with defaults."""

    required: tuple[str, ...]
    optional: Mapping[str, str] = field(default_factory=dict)


PLATFORMS = {
    "telegram": PlatformVariables(
        required=("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET"),
        optional={"TELEGRAM_API_URL": "https://api.telegram.org"},
    ),
    "messenger": PlatformVariables(
        required=("MESSENGER_PAGE_ACCESS_TOKEN", "MESSENGER_APP_SECRET", "MESSENGER_VERIFY_TOKEN"),
        optional={"MESSENGER_GRAPH_URL": "https://graph.facebook.com/v19.0"},
    ),
    "whatsapp": PlatformVariables(
        required=("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER"),
        # The public URL Twilio posts to; signatures are computed over it, and
        # behind a proxy the server cannot see it. Empty: the request's own URL.
        optional={"TWILIO_API_URL": "https://api.twilio.com", "TWILIO_WEBHOOK_URL": ""},
    ),
}


def platform_settings(env: Mapping[str, str], platform: str) -> dict[str, str] | None:
    """The platform's settings, or None when none of its required variables is set (off).

    A platform with only some of its required variables set is a mistake, not
    "off": raises ValueError naming the missing ones, so the server stops at start-up.
    """
    variables = PLATFORMS[platform]
    present = [name for name in variables.required if env.get(name, "").strip()]
    if not present:
        return None
    missing = [name for name in variables.required if name not in present]
    if missing:
        raise ValueError(f"{platform} is half configured: set {', '.join(missing)} too")
    settings = {name: env[name].strip() for name in variables.required}
    for name, default in variables.optional.items():
        settings[name] = env.get(name, "").strip() or default
    return settings


def lock_store_settings(env: Mapping[str, str]) -> dict[str, Any] | None:
    """RedisLockStore arguments when REDIS_HOST is set, else None (in-memory locks).

    Several Rasa instances serving the same conversations must share their
    locks, or two messages of one conversation could be processed at once.
    """
    host = env.get("REDIS_HOST", "").strip()
    if not host:
        # Rasa accepts SANIC_WORKERS > 1 with any custom lock store, so without
        # this check the worker processes would each keep their own locks.
        workers = env.get("SANIC_WORKERS", "1").strip()
        if workers not in ("", "0", "1"):
            raise ValueError(
                f"SANIC_WORKERS={workers} needs REDIS_HOST: worker processes must share "
                "their conversation locks in Redis"
            )
        return None
    port, db = env.get("REDIS_PORT", "6379"), env.get("REDIS_DB", "1")
    for name, value in (("REDIS_PORT", port), ("REDIS_DB", db)):
        if not value.isdigit():
            raise ValueError(f"{name} must be a number, got {value!r}")
    return {
        "host": host,
        "port": int(port),
        "db": int(db),
        "password": env.get("REDIS_PASSWORD") or None,
        "key_prefix": env.get("REDIS_KEY_PREFIX") or None,
    }


DEFAULT_DB_CONNECT_SECONDS = 30.0
# A patient waiting longer than this hears "technical problem" rather than silence.
DEFAULT_TURN_DEADLINE_SECONDS = 3.0


def seconds(env: Mapping[str, str], name: str, default: float) -> float:
    """A positive number of seconds from `name`, else `default`."""
    return _amount(env, name, default, "seconds", zero_ok=False)


DEFAULT_RATE_LIMIT_PER_MINUTE = 30


def rate_limit_per_minute(env: Mapping[str, str]) -> int:
    """Messages one sender may send per minute (RATE_LIMIT_PER_MINUTE, default 30; 0: no limit)."""
    raw = env.get("RATE_LIMIT_PER_MINUTE", "").strip()
    if not raw:
        return DEFAULT_RATE_LIMIT_PER_MINUTE
    if not raw.isdigit():
        raise ValueError(f"RATE_LIMIT_PER_MINUTE must be a whole number, got {raw!r}")
    return int(raw)


# Long enough that guessing it is hopeless; `openssl rand -hex 32` makes one.
MIN_REST_TOKEN_CHARS = 32


def rest_token(env: Mapping[str, str]) -> str | None:
    """The bearer token REST callers must send (REST_TOKEN), or None when unset."""
    token = env.get("REST_TOKEN", "").strip()
    if token and len(token) < MIN_REST_TOKEN_CHARS:
        raise ValueError(
            f"REST_TOKEN must be at least {MIN_REST_TOKEN_CHARS} characters "
            "(for example `openssl rand -hex 32`)"
        )
    return token or None
