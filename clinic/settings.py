"""Settings read from the environment, with the defaults `make run` uses."""

from __future__ import annotations

from collections.abc import Mapping
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


def retention_days(env: Mapping[str, str]) -> float:
    """How long conversations are kept (RETENTION_DAYS, default 30; 0 keeps them forever)."""
    raw = env.get("RETENTION_DAYS", "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    try:
        days = float(raw)
    except ValueError:
        raise ValueError(f"RETENTION_DAYS must be a number of days, got {raw!r}") from None
    if days < 0:
        raise ValueError(f"RETENTION_DAYS must not be negative, got {raw!r}")
    return days
