import pytest

from clinic.settings import PLATFORMS
from clinic.webhooks import Inbound
from extensions.messenger_channel import MessengerInput
from extensions.telegram_channel import TelegramInput
from extensions.whatsapp_channel import WhatsAppInput

CHANNELS = [TelegramInput, MessengerInput, WhatsAppInput]


@pytest.mark.parametrize("channel", CHANNELS)
def test_off_without_credentials(channel: type, monkeypatch: pytest.MonkeyPatch) -> None:
    for variables in PLATFORMS.values():
        for name in variables.required:
            monkeypatch.delenv(name, raising=False)
    assert channel.from_credentials(None).settings is None


def test_half_configured_stops_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC1")
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    with pytest.raises(ValueError, match="TWILIO_AUTH_TOKEN"):
        WhatsAppInput.from_credentials(None)


def alias(token: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "s")
    channel = TelegramInput.from_credentials(None)
    assert isinstance(channel, TelegramInput)
    return channel.sender_id(Inbound("700100200", "700100200", "hi"))


def test_pseudonyms_are_keyed_by_the_platform_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    first = alias("1:abc", monkeypatch)
    assert first.startswith("telegram-") and "700100200" not in first
    assert alias("1:abc", monkeypatch) == first
    assert alias("1:other", monkeypatch) != first
