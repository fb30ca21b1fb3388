import pytest
from rasa.core.actions.action import RemoteAction

from extensions.rasa_internals import RasaChangedError, require


class Base:
    def _private(self) -> None: ...


class Child(Base):
    pass


def test_the_installed_rasa_has_what_every_override_replaces() -> None:
    require(RemoteAction, "_validate_action_result", "test")


def test_another_rasa_release_stops_the_server_naming_the_override() -> None:
    with pytest.raises(RasaChangedError, match=r"extensions/x\.py.*Rasa 3\.7\.0"):
        require(RemoteAction, "_validate_action_result", "extensions/x.py", version="3.7.0")


def test_a_vanished_private_method_stops_the_server() -> None:
    with pytest.raises(RasaChangedError, match="no longer defines"):
        require(RemoteAction, "_validate_reply_somehow", "extensions/x.py")


def test_an_inherited_method_does_not_count_as_the_owners() -> None:
    # patching Child._private would not change what Base's callers use
    with pytest.raises(RasaChangedError):
        require(Child, "_private", "test")
    require(Base, "_private", "test")
