from urllib.parse import parse_qs, urlsplit

import pytest

from clinic.booking import booking_url

TOPICS = {"ask_insurance", "ask_what_is"}
BASE = "https://book.clinic.example/online"


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_tags_source_channel_and_topic() -> None:
    url = booking_url(BASE, "socketio", "ask_insurance", TOPICS)
    assert url.startswith(BASE + "?")
    assert query(url) == {
        "utm_source": ["clinic_assistant"],
        "utm_medium": ["socketio"],
        "utm_campaign": ["ask_insurance"],
    }


@pytest.mark.parametrize(
    ("channel", "topic", "medium", "campaign"),
    [
        (None, None, "other", "general"),  # nothing known yet
        ("rest", "Jane Doe 555-0100", "rest", "general"),  # typed text never becomes a topic
        ("jane@example.com", "ask_what_is", "other", "ask_what_is"),  # nor a channel
    ],
)
def test_only_whitelisted_values_reach_the_url(
    channel: str | None, topic: str | None, medium: str, campaign: str
) -> None:
    q = query(booking_url(BASE, channel, topic, TOPICS))
    assert q["utm_medium"] == [medium] and q["utm_campaign"] == [campaign]


def test_keeps_clinic_parameters_and_replaces_stale_utm() -> None:
    url = booking_url(BASE + "?location=2&utm_campaign=old", "rest", "ask_what_is", TOPICS)
    q = query(url)
    assert q["location"] == ["2"] and q["utm_campaign"] == ["ask_what_is"]


@pytest.mark.parametrize("base", ["http://book.example/", "/relative", "mailto:a@b.example"])
def test_rejects_non_https_base(base: str) -> None:
    with pytest.raises(ValueError):
        booking_url(base, "rest", None, TOPICS)


def test_service_is_preselected_from_a_knowledge_base_key() -> None:
    url = booking_url(
        "https://book.example/online",
        channel="rest",
        topic="ask_my_condition",
        known_topics={"ask_my_condition"},
        service="back_pain",
        service_url="https://book.example/online?service={service}",
    )
    query = parse_qs(urlsplit(url).query)
    assert query["service"] == ["back_pain"]
    assert query["utm_campaign"] == ["ask_my_condition"]


def test_without_a_service_template_the_plain_link_is_used() -> None:
    url = booking_url("https://book.example/online", "rest", None, set(), service="back_pain")
    assert "service" not in parse_qs(urlsplit(url).query)
