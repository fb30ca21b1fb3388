"""What patients asked that the assistant did not answer well, grouped by meaning.

Pure functions over stored conversation events (already redacted by the
tracker store) and sentence vectors; `scripts/answer_gaps.py` reads the store
and writes the staff report (`make gaps`).

A patient message is a gap when the assistant
- offered "did you mean" (it was unsure),
- fell back to "our team can help" after that,
- declined it as off-topic,
- said it has no answer (the profile's `cannot_help`, or the knowledge base's
  answer for a condition it does not know), or
- answered, but the patient asked again in other words right after (a
  rephrase: the answer missed).
Button clicks (payloads such as "/book") are not patient wording and are skipped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np
import numpy.typing as npt

from clinic.names import ACTION_HANDLE_FALLBACK, NLU_FALLBACK, OUT_OF_SCOPE

# Two messages this close in meaning, one right after the other, are the same
# question asked again.
REPHRASE_SIMILARITY = 0.6
# Wordings grouped together are at least about this close to each other on average.
GROUP_SIMILARITY = 0.45
EXAMPLES_PER_GROUP = 3

Vectors = npt.NDArray[np.float32]


class Outcome(Enum):
    """What the assistant did with one patient message."""

    ANSWERED = "answered"
    DID_YOU_MEAN = "offered 'did you mean'"
    FELL_BACK = "could not help (pointed to the team)"
    OFF_TOPIC = "declined as off-topic"
    NO_ANSWER = "said it has no answer"
    REPHRASED = "answered, then the patient asked again in other words"


@dataclass(frozen=True)
class Turn:
    """One patient message and what the assistant did in reply."""

    conversation: str
    text: str
    intent: str
    timestamp: float
    actions: tuple[str, ...] = ()
    replies: tuple[str, ...] = ()


def turns_from_events(events: Iterable[tuple[str, Mapping[str, Any]]]) -> list[Turn]:
    """Patient messages with the actions and replies that followed, from (sender, event) rows.

    Rows must come in the order they were stored, conversation by conversation
    or interleaved.
    """
    open_turns: dict[str, dict[str, Any]] = {}
    done: list[Turn] = []

    def close(sender: str) -> None:
        turn = open_turns.pop(sender, None)
        if turn is not None:
            done.append(
                Turn(
                    **{**turn, "actions": tuple(turn["actions"]), "replies": tuple(turn["replies"])}
                )
            )

    for sender, event in events:
        kind = event.get("event")
        if kind == "user":
            close(sender)
            text = str(event.get("text") or "")
            if not text.strip() or text.startswith("/"):
                continue  # a button click, not the patient's own words
            intent = str(((event.get("parse_data") or {}).get("intent") or {}).get("name") or "")
            open_turns[sender] = {
                "conversation": sender,
                "text": text,
                "intent": intent,
                "timestamp": float(event.get("timestamp") or 0),
                "actions": [],
                "replies": [],
            }
        elif sender in open_turns and kind == "action":
            name = str(event.get("name") or "")
            if name != "action_listen":
                open_turns[sender]["actions"].append(name)
        elif sender in open_turns and kind == "bot":
            open_turns[sender]["replies"].append(str(event.get("text") or ""))
    for sender in list(open_turns):
        close(sender)
    return sorted(done, key=lambda t: (t.conversation, t.timestamp))


def outcome(turn: Turn, fallback_intro: str, no_answer_texts: Iterable[str]) -> Outcome:
    """What the assistant did with `turn`, before looking at what the patient said next."""
    replies = " ".join(turn.replies)
    if turn.intent == OUT_OF_SCOPE:
        return Outcome.OFF_TOPIC
    if ACTION_HANDLE_FALLBACK in turn.actions or turn.intent == NLU_FALLBACK:
        if fallback_intro and fallback_intro in replies:
            return Outcome.DID_YOU_MEAN
        return Outcome.FELL_BACK
    if any(text and text in replies for text in no_answer_texts):
        return Outcome.NO_ANSWER
    return Outcome.ANSWERED


def outcomes_with_rephrases(
    turns: Sequence[Turn], first: Sequence[Outcome], vectors: Vectors
) -> list[Outcome]:
    """`first`, with answered messages that the patient asked again right after marked."""
    final = list(first)
    for i in range(len(turns) - 1):
        same_chat = turns[i].conversation == turns[i + 1].conversation
        asked_again = float(vectors[i] @ vectors[i + 1]) >= REPHRASE_SIMILARITY
        if same_chat and asked_again and final[i] is Outcome.ANSWERED:
            final[i] = Outcome.REPHRASED
    return final


def group_by_meaning(vectors: Vectors, similarity: float = GROUP_SIMILARITY) -> list[list[int]]:
    """Indices grouped so that wordings of the same question fall together, largest first."""
    if len(vectors) == 0:
        return []
    if len(vectors) == 1:
        return [[0]]
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(
        n_clusters=None,
        affinity="cosine",
        linkage="average",
        distance_threshold=1 - similarity,
    ).fit_predict(vectors)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


@dataclass(frozen=True)
class Group:
    """One topic patients asked about and the assistant did not answer well."""

    size: int
    examples: tuple[str, ...]
    what_happened: tuple[tuple[str, int], ...]  # outcome label, count; most common first


@dataclass(frozen=True)
class GapReport:
    """The report for one period."""

    period: str
    messages: int
    answered: int
    groups: tuple[Group, ...]


def build_report(
    period: str, turns: Sequence[Turn], outcomes: Sequence[Outcome], vectors: Vectors
) -> GapReport:
    """Group the gaps among `turns` by meaning (vectors: one unit row per turn)."""
    gaps = [i for i, o in enumerate(outcomes) if o is not Outcome.ANSWERED]
    groups = []
    for members in group_by_meaning(vectors[gaps] if gaps else vectors[:0]):
        indices = [gaps[m] for m in members]
        examples: list[str] = []
        for index in indices:  # distinct wordings, in the order asked
            if turns[index].text not in examples:
                examples.append(turns[index].text)
        counts: dict[str, int] = {}
        for index in indices:
            counts[outcomes[index].value] = counts.get(outcomes[index].value, 0) + 1
        groups.append(
            Group(
                size=len(indices),
                examples=tuple(examples[:EXAMPLES_PER_GROUP]),
                what_happened=tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    answered = sum(o is Outcome.ANSWERED for o in outcomes)
    return GapReport(period, len(turns), answered, tuple(groups))


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def _happened(group: Group) -> str:
    return "; ".join(f"{label} ({count})" for label, count in group.what_happened)


def to_markdown(report: GapReport, chart: str | None = None) -> str:
    """The report as Markdown, for reports/answer-gaps.md."""
    lines = [f"# What patients asked that the assistant did not answer well ({report.period})", ""]
    if report.messages == 0:
        return "\n".join([*lines, "No conversations in this period.", ""])
    gaps = report.messages - report.answered
    lines += [
        f"{report.messages} patient messages; {report.answered} answered "
        f"({_share(report.answered, report.messages)}), {gaps} not answered well, "
        f"in {len(report.groups)} topics (largest first).",
        "",
    ]
    if chart:
        lines += [f"![largest topics]({chart})", ""]
    for number, group in enumerate(report.groups, 1):
        lines += [f"## {number}. {group.size} message{'s' if group.size > 1 else ''}", ""]
        lines += [f'- "{example}"' for example in group.examples]
        lines += ["", f"What the assistant did: {_happened(group)}.", ""]
    return "\n".join(lines)


def to_html(report: GapReport, chart_png_base64: str | None = None) -> str:
    """The report as one self-contained page (the chart inlined), for staff to open."""
    esc = html.escape
    title = "What patients asked that the assistant did not answer well"
    body = [f"<h1>{title} ({esc(report.period)})</h1>"]
    if report.messages == 0:
        body.append("<p>No conversations in this period.</p>")
    else:
        gaps = report.messages - report.answered
        body.append(
            f"<p>{report.messages} patient messages; {report.answered} answered "
            f"({_share(report.answered, report.messages)}), {gaps} not answered well, "
            f"in {len(report.groups)} topics (largest first).</p>"
        )
        if chart_png_base64:
            body.append(
                f'<img alt="largest topics" src="data:image/png;base64,{chart_png_base64}">'
            )
        for number, group in enumerate(report.groups, 1):
            examples = "".join(f"<li>{esc(e)}</li>" for e in group.examples)
            body.append(
                f"<h2>{number}. {group.size} message{'s' if group.size > 1 else ''}</h2>"
                f"<ul>{examples}</ul><p>What the assistant did: {esc(_happened(group))}.</p>"
            )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Answer gaps</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;padding:0 1em}"
        "img{max-width:100%}</style></head><body>" + "".join(body) + "</body></html>\n"
    )
