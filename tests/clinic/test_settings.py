import pytest

from clinic.settings import SQLITE_DEFAULT_DB, retention_days, tracker_store_settings

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
