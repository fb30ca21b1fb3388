"""Blind conversations through the whole bot: NLU, rules, the action server and its answers.

bench/data/conversations_blind.yml and conversations_blind_2.yml were
written by helpers who saw only the list of answers the bot gives (not the
training data, the rules or the code); they are never trained or tuned on.
Each turn lists the answers its reply must contain, in order (follow-ups
that keep the topic, two questions in one message, the practical topics,
other languages). A turn passes when
every expected answer's text is in the bot's replies, in that order; a
conversation passes when every turn does.

Writes build/bench/conversations.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from bench.metrics import quiet_rasa_logs
from bench.nlu import OUT, ROOT, SHIPPED_MODEL
from clinic import content
from clinic.answers import techniques_sentence
from scripts.processes import answers, free_port, stop, wait_until

# Both written blind, by different helpers on 2026-12-02; the second after
# the first had been used to measure the changes of that day.
BLIND = [
    ROOT / "bench" / "data" / "conversations_blind.yml",
    ROOT / "bench" / "data" / "conversations_blind_2.yml",
]
RASA = str(Path(sys.executable).with_name("rasa"))


def answer_texts() -> dict[str, list[str]]:
    """Every answer key of the blind file's vocabulary -> the texts that show it was given."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    profile, kb, safety = content.profile(), content.knowledge(), content.safety()
    texts: dict[str, list[str]] = defaultdict(list)
    for name, variants in domain["responses"].items():
        key = name.removeprefix("utter_")
        texts[key] += [" ".join(v["text"].split()) for v in variants if v.get("text")]
    for key in profile.answers:
        texts[key].append(profile.answer(key) or "")
    texts["forget_me"] = texts["confirm_forget_me"]
    for key, entry in kb.conditions.items():
        texts[f"ask_my_condition:{key}"] = [
            entry.answer,
            entry.frequency,
            entry.expect,
            techniques_sentence(kb, entry),
        ]
    # "how often should I come for my back?" is answered for the back
    for entry in kb.conditions.values():
        texts["ask_how_often"].append(entry.frequency)
        texts["ask_what_to_expect"].append(entry.expect)
        texts["ask_techniques"].append(techniques_sentence(kb, entry))
    for entry in kb.settings.values():
        texts[entry.intent].append(entry.answer)
    texts["ask_my_condition:unknown"] = [profile.render(kb.phrases["unknown_condition"])]
    for caution in safety.cautions:
        texts[f"caution:{caution.category.name}"] = [caution.answer]
    texts["caution"] = [c.answer for c in safety.cautions] + [safety.caution_default]
    for code, reply in content.languages().replies.items():
        texts[f"other_language:{code}"] = [profile.render(reply)]
    return {key: [t for t in values if t] for key, values in texts.items()}


def alternatives(item: str | Sequence[str]) -> list[str]:
    return [item] if isinstance(item, str) else list(item)


def turn_passes(
    reply: str, expect: Iterable[str | Sequence[str]], texts: dict[str, list[str]]
) -> bool:
    """Every expected answer (any of its alternatives) appears in `reply`, in order."""
    position = 0
    for item in expect:
        found = [
            (at, at + len(text))
            for key in alternatives(item)
            for text in texts.get(key, [])
            if (at := reply.find(text, position)) >= 0
        ]
        if not found:
            return False
        position = min(found)[1]
    return True


def unknown_keys(cases: list[dict[str, Any]], texts: dict[str, list[str]]) -> set[str]:
    return {
        key
        for case in cases
        for turn in case["turns"]
        for item in turn["expect"]
        for key in alternatives(item)
        if key not in texts
    }


async def replay(
    cases: list[dict[str, Any]], actions_url: str, prefix: str = "blind"
) -> list[list[str]]:
    """The bot's replies, joined per turn, for every conversation."""
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    quiet_rasa_logs()  # no debug line per event of the blind conversations
    agent = Agent.load(str(SHIPPED_MODEL), action_endpoint=EndpointConfig(url=actions_url))
    replies = []
    for case in cases:
        sender = f"{prefix}-{case['id']}"  # files may reuse ids: one chat each
        turns = []
        for turn in case["turns"]:
            sent = await agent.handle_text(turn["user"], sender_id=sender) or []
            turns.append("\n".join(" ".join(str(m.get("text") or "").split()) for m in sent))
        replies.append(turns)
    return replies


def score(
    cases: list[dict[str, Any]], replies: list[list[str]], texts: dict[str, list[str]]
) -> dict[str, Any]:
    passed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    failures = []
    turns_passed = turns = 0
    for case, said in zip(cases, replies, strict=True):
        expected = [turn["expect"] for turn in case["turns"]]
        results = [turn_passes(r, e, texts) for r, e in zip(said, expected, strict=True)]
        turns += len(results)
        turns_passed += sum(results)
        total[case["kind"]] += 1
        if all(results):
            passed[case["kind"]] += 1
        else:
            failures.append(case["id"])
    return {
        "conversations": len(cases),
        "passed": sum(passed.values()) / len(cases),
        "turns": turns,
        "turns_passed": turns_passed / turns,
        "by_kind": {k: {"cases": total[k], "passed": passed[k] / total[k]} for k in sorted(total)},
        # ids only: reading which failed, and why, would unblind the file
        "failed_ids": failures,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--file", type=Path, action="append", help="another conversation file (repeatable)"
    )
    parser.add_argument("--show", action="store_true", help="print every failed turn (not blind!)")
    args = parser.parse_args(argv)
    files = args.file or BLIND
    texts = answer_texts()
    cases = {
        path: yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"] for path in files
    }
    for path, written in cases.items():
        unknown = unknown_keys(written, texts)
        if unknown:
            raise SystemExit(f"{path}: answer keys the bot does not have: {sorted(unknown)}")
    port = free_port()
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / "conversations-actions.log"
    actions = subprocess.Popen(
        [RASA, "run", "actions", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(answers(f"http://127.0.0.1:{port}/health"), actions, log, 60)
        url = f"http://127.0.0.1:{port}/webhook"
        replies = {
            path: asyncio.run(replay(written, url, path.stem)) for path, written in cases.items()
        }
    finally:
        stop(actions)
    results = []
    for path, written in cases.items():
        result = score(written, replies[path], texts)
        resolved = path.resolve()
        result["file"] = str(
            resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else resolved
        )
        results.append(result)
        if args.show:
            for case, said in zip(written, replies[path], strict=True):
                for turn, reply in zip(case["turns"], said, strict=True):
                    if not turn_passes(reply, turn["expect"], texts):
                        print(f"{case['id']} {turn['user']!r}\n  expected {turn['expect']}")
                        print(f"  got {reply[:160]!r}")
    if args.show:
        return
    (OUT / "conversations.json").write_text(json.dumps({"files": results}, indent=2))
    for result in results:
        print(json.dumps({k: v for k, v in result.items() if k != "failed_ids"}, indent=2))


if __name__ == "__main__":
    main()
