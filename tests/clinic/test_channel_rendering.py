import pytest

from clinic.channel_rendering import (
    MESSENGER_QUICK_REPLIES,
    MESSENGER_TEMPLATE_TEXT_LIMIT,
    MESSENGER_TITLE_LIMIT,
    TELEGRAM_CALLBACK_BYTES,
    chosen_payload,
    messenger_messages,
    numbered_menu,
    shorten,
    split_text,
    telegram_messages,
    webchat_messages,
)

BOOK = {"title": "Book online", "type": "web_url", "url": "https://book.example/?utm_source=x"}
CHOICES = [
    {"title": "Insurance coverage", "payload": "/ask_insurance"},
    {"title": "What is medical massage?", "payload": "/ask_what_is"},
]
HINT = "Reply with the number of your choice."


def test_shorten_cuts_at_a_word_and_marks_the_cut() -> None:
    assert shorten("What is medical massage?", 20) == "What is medical…"
    assert shorten("Short", 20) == "Short"
    assert len(shorten("x" * 50, 20)) == 20


@pytest.mark.parametrize("limit", [10, 50, 640])
def test_split_text_keeps_every_word_within_the_limit(limit: int) -> None:
    text = " ".join(f"word{i}" for i in range(400))
    parts = split_text(text, limit)
    assert all(0 < len(part) <= limit for part in parts)
    assert " ".join(parts).split() == text.split()


def test_telegram_inline_keyboard_has_choices_and_links() -> None:
    [body] = telegram_messages("Hello", [*CHOICES, BOOK])
    assert body["text"] == "Hello" and "parse_mode" not in body
    assert body["reply_markup"]["inline_keyboard"] == [
        [{"text": "Insurance coverage", "callback_data": "/ask_insurance"}],
        [{"text": "What is medical massage?", "callback_data": "/ask_what_is"}],
        [{"text": "Book online", "url": BOOK["url"]}],
    ]


def test_telegram_long_payload_falls_back_to_a_short_title() -> None:
    long_payload = '/inform{"condition": "' + "x" * 80 + '"}'
    [body] = telegram_messages("Pick", [{"title": "Arthritis", "payload": long_payload}])
    data = body["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert data == "Arthritis" and len(data.encode()) <= TELEGRAM_CALLBACK_BYTES


def test_telegram_splits_long_text_and_keeps_the_keyboard_on_the_last_part() -> None:
    bodies = telegram_messages("word " * 2000, CHOICES)
    assert len(bodies) == 3
    assert all("reply_markup" not in body for body in bodies[:-1])
    assert "reply_markup" in bodies[-1]


def test_messenger_choices_become_quick_replies_with_short_titles() -> None:
    [message] = messenger_messages("Did you mean?", CHOICES)
    assert message["text"] == "Did you mean?"
    assert [q["payload"] for q in message["quick_replies"]] == ["/ask_insurance", "/ask_what_is"]
    assert all(len(q["title"]) <= MESSENGER_TITLE_LIMIT for q in message["quick_replies"])
    assert message["quick_replies"][1]["title"] == "What is medical…"


def test_messenger_offers_at_most_13_quick_replies() -> None:
    many = [{"title": f"Option {i}", "payload": f"/o{i}"} for i in range(20)]
    [message] = messenger_messages("Pick one", many)
    assert len(message["quick_replies"]) == MESSENGER_QUICK_REPLIES


def test_messenger_link_becomes_a_button_template_carrying_the_text() -> None:
    [message] = messenger_messages("Would you like to book?", [BOOK])
    payload = message["attachment"]["payload"]
    assert payload["template_type"] == "button"
    assert payload["text"] == "Would you like to book?"
    assert payload["buttons"] == [{"type": "web_url", "url": BOOK["url"], "title": "Book online"}]


def test_messenger_text_too_long_for_a_template_is_sent_before_it() -> None:
    text = "word " * 200
    assert len(text.strip()) > MESSENGER_TEMPLATE_TEXT_LIMIT
    first, template = messenger_messages(text, [BOOK])
    assert first["text"] == text.strip()
    assert template["attachment"]["payload"]["text"] == "Book online"


def test_numbered_menu_lists_choices_and_prints_links() -> None:
    [body] = numbered_menu("How can I help?", [*CHOICES, BOOK], HINT)
    assert body.splitlines() == [
        "How can I help?",
        "",
        "1. Insurance coverage",
        "2. What is medical massage?",
        HINT,
        f"Book online: {BOOK['url']}",
    ]


def test_numbered_menu_without_choices_has_no_hint() -> None:
    [body] = numbered_menu("Book here", [BOOK], HINT)
    assert HINT not in body and BOOK["url"] in body


@pytest.mark.parametrize(
    ("reply", "payload"),
    [
        ("1", "/ask_insurance"),
        (" 2. ", "/ask_what_is"),
        ("#2", "/ask_what_is"),
        ("2)", "/ask_what_is"),
    ],
)
def test_a_number_picks_the_matching_choice(reply: str, payload: str) -> None:
    assert chosen_payload(reply, [BOOK, *CHOICES]) == payload


@pytest.mark.parametrize("reply", ["0", "3", "12", "1 more question", "one", "", "555-0100"])
def test_anything_else_is_not_a_choice(reply: str) -> None:
    assert chosen_payload(reply, [*CHOICES, BOOK]) is None


def test_webchat_puts_choices_and_link_buttons_under_the_last_paragraph() -> None:
    first, last = webchat_messages("First part.\n\nSecond part.", [CHOICES[0], BOOK])
    assert first == {"text": "First part."}
    assert last == {
        "text": "Second part.",
        "buttons": [
            {"content_type": "text", "title": "Insurance coverage", "payload": "/ask_insurance"},
            {"content_type": "text", "type": "web_url", "title": "Book online", "url": BOOK["url"]},
        ],
    }


def test_webchat_drops_links_that_are_not_web_addresses() -> None:
    evil = {"title": "Click", "type": "web_url", "url": "javascript:alert(1)"}
    assert webchat_messages("Hi", [evil]) == [{"text": "Hi"}]
