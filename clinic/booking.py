"""Build booking links that carry campaign tracking and never personal data."""

from __future__ import annotations

from collections.abc import Container
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

UTM_SOURCE = "clinic_assistant"
# Channel names Rasa reports; anything else is recorded as "other". Together
# with the topic whitelist this keeps anything a patient typed out of the URL.
KNOWN_CHANNELS = frozenset({"rest", "socketio", "telegram", "facebook", "twilio", "cmdline"})

# Channels that cannot show a link button: the booking link goes in the text.
LINK_AS_TEXT_CHANNELS = frozenset({"cmdline", "twilio"})


def booking_url(
    base_url: str,
    channel: str | None,
    topic: str | None,
    known_topics: Container[str],
    service: str | None = None,
    service_url: str = "",
) -> str:
    """The booking URL with utm_source, utm_medium (channel) and utm_campaign (topic).

    Only whitelisted values are written: an unknown channel becomes "other", an
    unknown or missing topic "general". Existing query parameters of `base_url`
    are kept, except utm_* ones, which are replaced. With a `service` (a
    knowledge-base key, never patient text) and a `service_url` template such
    as "https://book.example/online?service={service}", the link preselects it.
    """
    if service and service_url:
        base_url = service_url.format(service=quote(service, safe=""))
    parts = urlsplit(base_url)
    if parts.scheme != "https" or not parts.netloc:
        raise ValueError(f"booking URL must be an absolute https URL, got {base_url!r}")
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")]
    query += [
        ("utm_source", UTM_SOURCE),
        ("utm_medium", channel if channel in KNOWN_CHANNELS else "other"),
        ("utm_campaign", topic if topic and topic in known_topics else "general"),
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))
