"""Render a bot message (text + Rasa buttons) for each messaging platform.

Pure functions returning the platform API's message bodies, so every limit is
tested without a network. A Rasa button is either a choice
(`{"title", "payload"}`) or a link (`{"title", "url"}`, `"type": "web_url"`).

The website widget (rasa-webchat) shows a message's `buttons` under it for
good (its `quick_replies` vanish as soon as another message follows, and the
disclaimer follows the first answer): a choice sends its payload, a `web_url`
item is a link that opens in a new tab.

Limits, from each platform's API reference:
- Telegram sendMessage: text <= 4096 characters, callback_data <= 64 bytes.
- Messenger Send API: text <= 2000 characters; quick replies <= 13 with titles
  <= 20 characters; button template text <= 640 characters, 1-3 buttons with
  titles <= 20 characters.
- Twilio (WhatsApp/SMS): body <= 1600 characters, no buttons at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

Button = Mapping[str, Any]

TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_CALLBACK_BYTES = 64
MESSENGER_TEXT_LIMIT = 2000
MESSENGER_TEMPLATE_TEXT_LIMIT = 640
MESSENGER_QUICK_REPLIES = 13
MESSENGER_TEMPLATE_BUTTONS = 3
MESSENGER_TITLE_LIMIT = 20
TWILIO_BODY_LIMIT = 1600


def is_link(button: Button) -> bool:
    return bool(button.get("url"))


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut.strip():
        cut = cut[: cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


def split_text(text: str, limit: int) -> list[str]:
    """`text` in parts of at most `limit` characters, cut between paragraphs or words."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        cut = cut if cut > 0 else limit  # a single word longer than the limit is cut
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not parts:
        parts.append(rest)
    return parts


def webchat_messages(text: str, buttons: Sequence[Button] = ()) -> list[dict[str, Any]]:
    """Socket.IO `bot_uttered` messages: one per paragraph, buttons under the last one.

    Only http(s) links become link buttons; anything else (a `javascript:`
    URL in an edited data file) is dropped rather than handed to the browser.
    """
    messages: list[dict[str, Any]] = [{"text": part} for part in text.strip().split("\n\n")]
    replies = []
    for button in buttons:
        if is_link(button):
            if str(button["url"]).startswith(("https://", "http://")):
                replies.append(
                    {
                        "content_type": "text",
                        "type": "web_url",
                        "title": button["title"],
                        "url": button["url"],
                    }
                )
        else:
            payload = str(button.get("payload") or button["title"])
            replies.append({"content_type": "text", "title": button["title"], "payload": payload})
    if replies:
        messages[-1]["buttons"] = replies
    return messages


def telegram_messages(text: str, buttons: Sequence[Button] = ()) -> list[dict[str, Any]]:
    """sendMessage bodies (without chat_id): an inline keyboard, one button per row.

    Text is sent without parse_mode, so Telegram shows it literally (no HTML or
    Markdown from a reply is ever interpreted). A choice whose payload does not
    fit callback_data sends its title instead, which the NLU understands.
    """
    keyboard = []
    for button in buttons:
        if is_link(button):
            keyboard.append([{"text": button["title"], "url": button["url"]}])
            continue
        data = str(button.get("payload") or button["title"])
        if len(data.encode()) > TELEGRAM_CALLBACK_BYTES:
            data = shorten(str(button["title"]), TELEGRAM_CALLBACK_BYTES // 4)
        keyboard.append([{"text": button["title"], "callback_data": data}])
    bodies: list[dict[str, Any]] = [
        {"text": part} for part in split_text(text, TELEGRAM_TEXT_LIMIT)
    ]
    if keyboard:
        bodies[-1]["reply_markup"] = {"inline_keyboard": keyboard}
    return bodies


def messenger_messages(text: str, buttons: Sequence[Button] = ()) -> list[dict[str, Any]]:
    """Send API `message` objects: choices as quick replies, links as a button template.

    Quick replies cannot open a link, so links go in a button template (which
    Messenger opens in its browser). Messenger rejects more than 13 quick
    replies, so only the first 13 choices are offered.
    """
    links = [b for b in buttons if is_link(b)][:MESSENGER_TEMPLATE_BUTTONS]
    choices = [b for b in buttons if not is_link(b)][:MESSENGER_QUICK_REPLIES]
    messages: list[dict[str, Any]] = [
        {"text": part} for part in split_text(text, MESSENGER_TEXT_LIMIT)
    ]
    if links:
        template_text = messages[-1]["text"]
        if len(template_text) <= MESSENGER_TEMPLATE_TEXT_LIMIT:
            messages.pop()  # the template carries the last part of the text itself
        else:
            template_text = str(links[0]["title"])
        messages.append(
            {
                "attachment": {
                    "type": "template",
                    "payload": {
                        "template_type": "button",
                        "text": template_text,
                        "buttons": [
                            {
                                "type": "web_url",
                                "url": link["url"],
                                "title": shorten(str(link["title"]), MESSENGER_TITLE_LIMIT),
                            }
                            for link in links
                        ],
                    },
                }
            }
        )
    if choices:
        # Quick replies attach to the last message of the turn, as Messenger shows them.
        messages[-1]["quick_replies"] = [
            {
                "content_type": "text",
                "title": shorten(str(choice["title"]), MESSENGER_TITLE_LIMIT),
                "payload": str(choice.get("payload") or choice["title"]),
            }
            for choice in choices
        ]
    return messages


def numbered_menu(text: str, buttons: Sequence[Button], reply_hint: str) -> list[str]:
    """Plain-text bodies for WhatsApp/SMS: choices as a numbered list, links as text."""
    lines = [text.strip()]
    choices = [b for b in buttons if not is_link(b)]
    links = [b for b in buttons if is_link(b)]
    if choices:
        lines.append("")
        lines += [f"{number}. {choice['title']}" for number, choice in enumerate(choices, 1)]
        lines.append(reply_hint)
    lines += [f"{link['title']}: {link['url']}" for link in links]
    return split_text("\n".join(lines), TWILIO_BODY_LIMIT)


_NUMBER_REPLY = re.compile(r"^\s*#?\s*(\d{1,2})\s*[.)]?\s*$")


def chosen_payload(reply: str, buttons: Sequence[Button]) -> str | None:
    """The payload of the numbered choice `reply` names ("2", "2.", "#2"), if any."""
    match = _NUMBER_REPLY.match(reply)
    if not match:
        return None
    choices = [b for b in buttons if not is_link(b)]
    index = int(match.group(1)) - 1
    if not 0 <= index < len(choices):
        return None
    choice = choices[index]
    return str(choice.get("payload") or choice["title"])
