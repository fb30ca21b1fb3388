"""Replay scripted conversations and print what the assistant understood and did.

For clinic staff checking a change to the answers without a browser:

    make chat FILE=tests/conversations/sample.txt

The file is plain text: one patient message per line; a blank line starts a
new conversation; lines starting with # are comments. For every message it
prints the intent, its confidence, the entities, the actions the bot ran and
its replies. Nothing is stored: conversations are kept in memory only.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "models/clinic.tar.gz"


def conversations(text: str) -> Iterator[list[str]]:
    """Blocks of messages separated by blank lines; # comments are skipped."""
    block: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            continue
        if not line:
            if block:
                yield block
            block = []
            continue
        block.append(line)
    if block:
        yield block


def describe_turn(events: list[dict[str, Any]], replies: list[dict[str, Any]]) -> list[str]:
    """Printable lines for one turn: what was understood, what was done, what was said."""
    lines = []
    user = next((e for e in reversed(events) if e.get("event") == "user"), None)
    if user is not None:
        parse = user.get("parse_data") or {}
        intent = parse.get("intent") or {}
        entities = ", ".join(f"{e['entity']}={e['value']}" for e in parse.get("entities") or [])
        lines.append(
            f"   intent: {intent.get('name')} ({float(intent.get('confidence') or 0):.2f})"
            + (f"   entities: {entities}" if entities else "")
        )
        start = events.index(user)
        actions = [
            e["name"]
            for e in events[start:]
            if e.get("event") == "action" and e.get("name") != "action_listen"
        ]
        lines.append(f"   actions: {', '.join(actions) or '(none)'}")
    for reply in replies:
        lines.append(f"   bot: {reply.get('text', '')}")
        for button in reply.get("buttons") or []:
            target = button.get("url") or button.get("payload")
            lines.append(f"        [{button.get('title')}] -> {target}")
    return lines


async def replay(path: Path, model: str, actions_url: str) -> int:
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    agent = Agent.load(model, action_endpoint=EndpointConfig(url=actions_url))
    for number, messages in enumerate(conversations(path.read_text(encoding="utf-8")), 1):
        sender = f"replay-{number}"
        print(f"--- conversation {number}")
        for message in messages:
            print(f"patient: {message}")
            replies = await agent.handle_text(message, sender_id=sender) or []
            tracker = await agent.processor.get_tracker(sender)  # type: ignore[union-attr]
            events = [e.as_dict() for e in tracker.events]
            for line in describe_turn(events, replies):
                print(line)
        print()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--actions-url", default="http://127.0.0.1:5055/webhook")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"replay: no such conversation file: {args.file}", file=sys.stderr)
        return 2
    return asyncio.run(replay(args.file, args.model, args.actions_url))


if __name__ == "__main__":
    sys.exit(main())
