"""The assistant end to end over the REST channel: real model, real action server, SQLite store."""

from __future__ import annotations

import socket
import sqlite3
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from clinic.profile import load_profile
from tests.server.conftest import Bot, Servers

pytestmark = pytest.mark.server
PROFILE = load_profile()
DISCLAIMER = PROFILE.phrases["disclaimer"]


def texts(replies: list[dict]) -> str:
    return " ".join(r.get("text", "") for r in replies)


def test_what_is_medical_massage(bot: Bot) -> None:
    replies = bot.say("what-is", "what is medical massage?")
    assert "hands-on treatment aimed at a specific health problem" in texts(replies)
    assert {"title": "Book online", "payload": "/book"} in replies[0]["buttons"]


def test_practical_answer_comes_from_the_clinic_profile(bot: Bot) -> None:
    replies = bot.say("insurance", "will my insurance pay for this?")
    assert replies[0]["text"] == PROFILE.answer("ask_insurance")


def test_booking_link_carries_channel_and_topic_only(bot: Bot) -> None:
    bot.say("booker", "do you take no-fault for car accidents?")
    replies = bot.say("booker", "/book")
    (button,) = replies[-1]["buttons"]
    url = urlsplit(button["url"])
    assert button["url"].startswith(PROFILE.fields["booking_url"])
    assert parse_qs(url.query) == {
        "utm_source": ["clinic_assistant"],
        "utm_medium": ["rest"],
        "utm_campaign": ["ask_car_accident"],
    }


# Vague clinic questions that could mean two topics; which ones a retrained
# model is unsure about varies, so the test needs one of them to get the
# guesses, not a particular one. (Vague text with nothing of the clinic in it,
# "hmm", "and that?", is declined as off-topic instead.)
VAGUE = [
    "does the therapy work",
    "what about the massage and insurance thing",
    "massage help?",
    "i have a question about sessions",
    "info on massage pls",
]


def test_unclear_message_offers_guesses_then_a_person(bot: Bot) -> None:
    for number, message in enumerate(VAGUE):
        sender = f"unsure-{number}"
        first = bot.say(sender, message)
        if first[-1]["text"] == PROFILE.phrases["fallback_intro"]:
            break
    else:
        pytest.fail(f"none of {VAGUE} got the 'did you mean' guesses")
    # two guesses plus "something else"
    assert len(first[-1]["buttons"]) == 3
    # Still unsure: sent as the fallback intent itself, so the second step does
    # not depend on the model either.
    second = bot.say(sender, "/nlu_fallback")
    assert texts(second) == PROFILE.answer("cannot_help")


def test_off_topic_question_gets_no_clinic_facts(bot: Bot) -> None:
    reply = texts(bot.say("weather", "what's the weather going to be like tomorrow?"))
    assert PROFILE.fields["address"] not in reply
    assert "insurance" not in reply.lower()


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("", "did not catch a question"),
        ("   \n ", "did not catch a question"),
        ("🙂🙂🙂", "did not catch a question"),
        ("pain " * 2000, "too long"),  # 10,000 characters
    ],
    ids=["empty", "whitespace", "emoji", "10k-chars"],
)
def test_unusable_text_gets_a_polite_reply(bot: Bot, message: str, expected: str) -> None:
    assert expected in texts(bot.say("bad-input", message))


def test_markup_is_ignored_by_the_classifier(bot: Bot) -> None:
    replies = bot.say("markup", "<script>alert('x')</script> what is medical massage?")
    assert "hands-on treatment aimed at a specific health problem" in texts(replies)


@pytest.mark.parametrize(
    "message",
    ["<img src=x onerror=alert(1)> <b>hi</b>", "¿Qué es el masaje médico?"],
    ids=["html", "spanish"],
)
def test_odd_text_still_gets_a_reply_that_never_echoes_it(bot: Bot, message: str) -> None:
    replies = bot.say("odd-input", message)
    assert replies and all(r.get("text") for r in replies)
    assert "<script" not in texts(replies)


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"sender": "x"}', b'{"sender": "x", "message": 42}', b"[]"],
    ids=["malformed", "no-message", "not-text", "not-an-object"],
)
def test_broken_requests_get_a_4xx(bot: Bot, body: bytes) -> None:
    status, _ = bot.post(body)
    assert 400 <= status < 500


def test_conversations_survive_a_restart(servers: Servers, bot: Bot) -> None:
    bot.say("returning", "does medical massage help athletes?")
    servers.stop_rasa()
    restarted = servers.start_rasa()
    replies = restarted.say("returning", "/book")
    # the topic asked before the restart still tags the booking link
    assert parse_qs(urlsplit(replies[-1]["buttons"][0]["url"]).query)["utm_campaign"] == [
        "ask_athletes"
    ]
    with sqlite3.connect(servers.env["DB_NAME"]) as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = 'returning' AND type_name = 'user'"
        ).fetchone()
    assert count == 2


def test_emergency_comes_first_even_inside_a_faq_question(bot: Bot) -> None:
    bot.say("emergency", "how much is a session?")
    replies = bot.say("emergency", "do you take insurance? my dad is slurring his words right now")
    assert "call 911" in texts(replies)
    assert len(replies) == 1  # nothing else: no FAQ answer, no booking button
    assert "buttons" not in replies[0]


def test_crisis_gets_988(bot: Bot) -> None:
    assert "988" in texts(bot.say("crisis", "i dont want to be alive anymore"))


def test_negated_symptom_gets_the_faq_answer(bot: Bot) -> None:
    reply = texts(
        bot.say("negated", "no chest pain, just a stiff neck - what is deep tissue massage?")
    )
    assert "911" not in reply
    assert "deeper layers of muscle" in reply


def test_caution_sends_to_the_physician_and_offers_booking(bot: Bot) -> None:
    reply = bot.say("caution", "I'm on warfarin, is deep tissue massage ok for me?")[0]
    assert "doctor" in reply["text"] and "health history" in reply["text"]
    assert reply["buttons"][0]["type"] == "web_url"


def test_caution_with_a_practical_question_answers_both(bot: Bot) -> None:
    reply = bot.say("caution-cost", "im pregnant, how much does a session cost?")[0]
    assert "obstetrician" in reply["text"]
    assert PROFILE.answer("ask_cost") in reply["text"]


def test_no_booking_with_a_fever(bot: Bot) -> None:
    reply = bot.say("fever", "i have a fever of 101, can i still come in today?")[0]
    assert "do not come in" in reply["text"]
    assert "buttons" not in reply


def test_disclaimer_follows_the_first_answer_once(bot: Bot) -> None:
    first = bot.say("disclaimer", "what is myofascial release?")
    assert [r["text"] for r in first][1:] == [DISCLAIMER]
    later = bot.say("disclaimer", "how often should i come?")
    assert later and DISCLAIMER not in texts(later)


def test_disclaimer_waits_for_an_answer_after_small_talk(bot: Bot) -> None:
    # The widget opens every chat with a greeting: the disclaimer qualifies the answer.
    assert DISCLAIMER not in texts(bot.say("greeted", "hi"))
    assert [r["text"] for r in bot.say("greeted", "what is myofascial release?")][-1] == DISCLAIMER


def test_disclaimer_never_comes_before_the_emergency_reply(bot: Bot) -> None:
    replies = bot.say("emergency-first", "i think im having a heart attack")
    assert len(replies) == 1 and "911" in replies[0]["text"]
    assert bot.say("emergency-first", "what is myofascial release?")[-1]["text"] == DISCLAIMER


def stored_events(servers: Servers, sender: str) -> list[str]:
    with sqlite3.connect(servers.env["DB_NAME"]) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)).fetchall()
    return [data for (data,) in rows]


def test_stored_conversation_keeps_no_identifiers_but_the_reply_works(
    servers: Servers, bot: Bot
) -> None:
    assert bot.say("identifiers", "Hi, I'm Maria Gonzalez, cell 631-555-0187, maria.g@example.com")
    replies = bot.say(
        "identifiers", "my member id is XQJ88231907, dob 04/02/1979. does insurance cover massage?"
    )
    assert replies[0]["text"] == PROFILE.answer("ask_insurance")
    stored = " ".join(stored_events(servers, "identifiers"))
    assert '"user"' in stored  # the message was stored, without the identifiers
    for secret in ("Maria", "Gonzalez", "555-0187", "maria.g", "04/02/1979", "XQJ88231907"):
        assert secret not in stored
    assert "[PHONE]" in stored and "[EMAIL]" in stored


def test_forget_me_asks_first_and_deletes_only_after_yes(servers: Servers, bot: Bot) -> None:
    bot.say("forget", "what is medical massage?")
    question = bot.say("forget", "please delete my data")
    assert [b["payload"] for b in question[0]["buttons"]] == ["/affirm", "/deny"]
    assert stored_events(servers, "forget")  # nothing deleted yet
    assert "deleted this conversation" in texts(bot.say("forget", "yes"))
    assert stored_events(servers, "forget") == []
    # the next message starts a new conversation, stored again from scratch
    again = bot.say("forget", "what is myofascial release?")
    assert again[-1]["text"] == DISCLAIMER
    assert stored_events(servers, "forget")


def test_forget_me_called_off_keeps_the_conversation(servers: Servers, bot: Bot) -> None:
    bot.say("keep", "what is medical massage?")
    bot.say("keep", "delete this chat")
    kept = bot.say("keep", "no, keep it")
    assert kept[0]["text"] == "OK, I have not deleted anything. What else can I help with?"
    assert stored_events(servers, "keep")


@pytest.mark.parametrize(
    "message",
    ["please tell me a recipe for this meal", "yes", "delete my spotify playlist", "hmm"],
)
def test_nothing_is_deleted_without_a_yes_to_the_question(
    servers: Servers, bot: Bot, message: str
) -> None:
    sender = f"no-delete-{abs(hash(message))}"
    bot.say(sender, "what is medical massage?")
    replies = bot.say(sender, message)
    assert "deleted this conversation" not in texts(replies)
    assert stored_events(servers, sender)


def test_restart_typed_by_a_patient_gets_a_reply_not_the_technical_apology(bot: Bot) -> None:
    bot.say("restarter", "what is medical massage?")
    replies = bot.say("restarter", "/restart")
    assert texts(replies).startswith("OK, let's start over.")
    assert "technical problem" not in texts(replies)


@pytest.mark.parametrize("command", ["/start", "/help"])
def test_commands_people_type_first_get_the_greeting(bot: Bot, command: str) -> None:
    replies = bot.say(f"command-{command}", command)
    assert texts(replies).startswith("Hi! I am the clinic's automated assistant.")


def test_logs_hold_no_message_text(servers: Servers, bot: Bot) -> None:
    bot.say("logs", "my neighbour Quentin Zabriskie says massage helps his sciatica")
    for log in servers.workdir.glob("*.log"):
        assert "Zabriskie" not in log.read_text(errors="replace"), log.name


def test_condition_follow_ups_remember_the_condition_until_it_changes(bot: Bot) -> None:
    first = bot.say("headaches", "I get tension headaches every week, could massage help?")
    assert "tension headaches" in first[0]["text"]
    often = bot.say("headaches", "how often should I come?")
    assert often[0]["text"].startswith("For tension headaches")
    changed = bot.say("headaches", "actually it's my back")
    assert "low back pain" in changed[0]["text"]
    booking = bot.say("headaches", "/book")
    query = parse_qs(urlsplit(booking[-1]["buttons"][0]["url"]).query)
    assert query["service"] == ["back_pain"]


def test_surgery_with_rehab_gets_the_caution_and_the_pair(bot: Bot) -> None:
    reply = bot.say(
        "hip", "I'm doing post-op rehab after a hip replacement, can massage be part of it?"
    )[0]["text"]
    assert "surgeon" in reply
    assert "physical therapist" in reply  # the rehabilitation setting


def test_unknown_condition_gets_an_honest_general_answer(bot: Bot) -> None:
    reply = bot.say("gout", "can it help my gout?")[0]["text"]
    assert "specific information" in reply and PROFILE.fields["phone"] in reply


def test_action_server_down_or_hung_gets_an_apology_and_static_answers_still_work(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # A second Rasa server whose action server was never started.
    alone = Servers(tmp_path_factory.mktemp("no-actions"))
    try:
        bot = alone.start_rasa()
        reply = texts(bot.say("down", "does my insurance cover medical massage?"))
        assert reply == PROFILE.render(PROFILE.phrases["technical_problem"])
        assert PROFILE.fields["phone"] in reply
        assert "hands-on treatment" in texts(bot.say("down", "what is medical massage?"))
        # Started without platform credentials: the messaging channels are off.
        for platform in ("telegram", "facebook", "twilio"):
            url = f"http://127.0.0.1:{bot.rasa_port}/webhooks/{platform}/webhook"
            with pytest.raises(urllib.error.HTTPError) as off:
                urllib.request.urlopen(urllib.request.Request(url, data=b"{}"), timeout=10)
            assert off.value.code == 404

        # Now an action server that accepts connections and never answers.
        with socket.create_server(("127.0.0.1", alone.actions_port)) as hung:
            hung.listen(64)
            start = time.monotonic()
            reply = texts(bot.say("hung", "does my insurance cover medical massage?"))
            took = time.monotonic() - start
            assert reply == PROFILE.render(PROFILE.phrases["technical_problem"])
            assert took < 3.5, f"the apology took {took:.1f} s"
            # A static answer arrives by the deadline too (its disclaimer, a custom action, hangs).
            start = time.monotonic()
            assert "hands-on treatment" in texts(bot.say("hung-2", "what is medical massage?"))
            assert time.monotonic() - start < 3.5
    finally:
        alone.stop_all()


def test_a_sender_over_the_rate_limit_is_asked_to_slow_down(bot: Bot) -> None:
    slow_down = PROFILE.render(PROFILE.phrases["rate_limited"])
    replies = [texts(bot.say("hammering", "hello")) for _ in range(31)]
    assert slow_down not in " ".join(replies[:30])
    assert replies[30] == slow_down
    assert slow_down not in texts(bot.say("someone-else", "hello"))
