import pytest

from clinic.settings import (
    DEFAULT_ALLOWED_ORIGINS,
    SQLITE_DEFAULT_DB,
    allowed_origins,
    lock_store_settings,
    platform_settings,
    rate_limit_per_minute,
    rest_token,
    retention_days,
    seconds,
    tracker_store_settings,
)

PG = {"DB_DIALECT": "postgresql", "DB_HOST": "127.0.0.1", "DB_NAME": "rasa", "DB_USER": "rasa"}


def test_sqlite_is_the_default() -> None:
    assert tracker_store_settings({}) == {"dialect": "sqlite", "db": SQLITE_DEFAULT_DB}


def test_sqlite_path_can_be_set() -> None:
    assert tracker_store_settings({"DB_NAME": "/tmp/x.db"})["db"] == "/tmp/x.db"


def test_postgresql_from_environment() -> None:
    settings = tracker_store_settings({**PG, "DB_PORT": "5433", "DB_PASSWORD": "s"})
    assert settings == {
        "dialect": "postgresql",
        "host": "127.0.0.1",
        "port": 5433,
        "db": "rasa",
        "username": "rasa",
        "password": "s",
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({**PG, "DB_HOST": ""}, "DB_HOST"),
        ({"DB_DIALECT": "postgresql"}, "DB_HOST, DB_NAME, DB_USER"),
        ({**PG, "DB_PORT": "five"}, "DB_PORT"),
        ({"DB_DIALECT": "mysql"}, "DB_DIALECT"),
    ],
)
def test_bad_settings_name_the_variable(env: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tracker_store_settings(env)


@pytest.mark.parametrize(
    ("env", "days"), [({}, 30), ({"RETENTION_DAYS": "7"}, 7), ({"RETENTION_DAYS": "0"}, 0)]
)
def test_retention_days(env: dict, days: float) -> None:
    assert retention_days(env) == days


@pytest.mark.parametrize("raw", ["a week", "-1"])
def test_bad_retention_names_the_variable(raw: str) -> None:
    with pytest.raises(ValueError, match="RETENTION_DAYS"):
        retention_days({"RETENTION_DAYS": raw})


def test_allowed_origins_default_to_the_demo_page() -> None:
    assert allowed_origins({}) == list(DEFAULT_ALLOWED_ORIGINS)


def test_allowed_origins_from_environment() -> None:
    env = {"ALLOWED_ORIGINS": "https://clinic.example/, https://www.clinic.example:8443"}
    assert allowed_origins(env) == ["https://clinic.example", "https://www.clinic.example:8443"]


@pytest.mark.parametrize("bad", ["*", "clinic.example", "https://clinic.example/chat", "ftp://x"])
def test_allowed_origins_refuse_wildcards_and_non_origins(bad: str) -> None:
    with pytest.raises(ValueError, match="ALLOWED_ORIGINS"):
        allowed_origins({"ALLOWED_ORIGINS": bad})


def test_a_platform_without_credentials_is_off() -> None:
    assert platform_settings({}, "telegram") is None
    assert platform_settings({"TELEGRAM_BOT_TOKEN": "  "}, "telegram") is None


def test_a_platform_with_credentials_is_on_with_defaults() -> None:
    env = {"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_SECRET": "s3"}
    assert platform_settings(env, "telegram") == {
        "TELEGRAM_BOT_TOKEN": "1:abc",
        "TELEGRAM_WEBHOOK_SECRET": "s3",
        "TELEGRAM_API_URL": "https://api.telegram.org",
    }


def test_a_half_configured_platform_names_what_is_missing() -> None:
    env = {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"}
    with pytest.raises(ValueError, match="TWILIO_WHATSAPP_NUMBER"):
        platform_settings(env, "whatsapp")


def test_locks_are_in_memory_unless_redis_is_configured() -> None:
    assert lock_store_settings({}) is None
    assert lock_store_settings({"REDIS_HOST": "redis", "REDIS_PORT": "6380"}) == {
        "host": "redis",
        "port": 6380,
        "db": 1,
        "password": None,
        "key_prefix": None,
    }
    with pytest.raises(ValueError, match="REDIS_PORT"):
        lock_store_settings({"REDIS_HOST": "redis", "REDIS_PORT": "x"})


def test_several_sanic_workers_need_shared_locks() -> None:
    assert lock_store_settings({"SANIC_WORKERS": "1"}) is None
    with pytest.raises(ValueError, match="SANIC_WORKERS=2 needs REDIS_HOST"):
        lock_store_settings({"SANIC_WORKERS": "2"})
    assert lock_store_settings({"SANIC_WORKERS": "2", "REDIS_HOST": "redis"}) is not None


def test_rate_limit_and_seconds_settings() -> None:
    assert rate_limit_per_minute({}) == 30
    assert rate_limit_per_minute({"RATE_LIMIT_PER_MINUTE": "0"}) == 0
    with pytest.raises(ValueError, match="RATE_LIMIT_PER_MINUTE"):
        rate_limit_per_minute({"RATE_LIMIT_PER_MINUTE": "-1"})
    assert seconds({}, "TURN_DEADLINE_SECONDS", 3.0) == 3.0
    assert seconds({"TURN_DEADLINE_SECONDS": "1.5"}, "TURN_DEADLINE_SECONDS", 3.0) == 1.5
    for bad in ("0", "soon"):
        with pytest.raises(ValueError, match="TURN_DEADLINE_SECONDS"):
            seconds({"TURN_DEADLINE_SECONDS": bad}, "TURN_DEADLINE_SECONDS", 3.0)


def test_rest_token_is_optional_but_never_short() -> None:
    assert rest_token({}) is None and rest_token({"REST_TOKEN": "  "}) is None
    assert rest_token({"REST_TOKEN": "a" * 32}) == "a" * 32
    with pytest.raises(ValueError, match="32 characters"):
        rest_token({"REST_TOKEN": "secret"})
