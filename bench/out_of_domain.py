"""The out-of-domain gate of the shipped model, measured on text it was never trained on.

- tests/nlu/off_topic_blind.txt (written blind, never trained or tuned on):
  how many everyday off-topic requests are declined plainly, offered a
  "did you mean", given a safety reply, answered with clinic content, or sent
  towards deleting the conversation.
- The in-domain share the gate keeps: held-out in-domain messages
  (tests/nlu/heldout.yml) and the development set bench/data/gate_dev_in_domain.txt.
- The sweep the gate's threshold and margin were chosen on: the development
  sets in bench/data/ (never a test file), with the gate's rule applied again
  to each message's saved similarities and intent ranking.

Writes build/bench/out_of_domain.json.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

from bench.metrics import SAFETY_INTENTS, quiet_rasa_logs
from bench.nlu import OUT, ROOT, SHIPPED_MODEL, pipeline_setting
from clinic.names import OUT_OF_SCOPE
from clinic.out_of_domain import NO_DOUBT, Doubt, Nearness, gated_intent

GATE = "extensions.out_of_domain_gate.OutOfDomainGate"
BLIND = ROOT / "tests" / "nlu" / "off_topic_blind.txt"
DEV_IN = ROOT / "bench" / "data" / "gate_dev_in_domain.txt"
# the second and third written 2026-12-03 by other helpers: off-topic
# questions to other businesses, asked the way one would ask a clinic, and
# other health questions; the fourth 2026-12-06, requests to other businesses
# and everyday requests in a clinic's words
DEV_OUT = [ROOT / "bench" / "data" / f"gate_dev_off_topic{n}.txt" for n in ("", "_2", "_3", "_4")]
THRESHOLDS = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55]
MARGINS = [-0.1, -0.075, -0.05, -0.025, 0.0, 0.05]
# (margin, off-topic weight) within which the classifier's off-topic weight
# decides, each swept with the gate margins it can work inside
DOUBT_MARGINS = [-0.05, -0.025, 0.0]
DOUBTS = [(m, w) for m in (-0.1, -0.075, -0.05) for w in (0.02, 0.05, 0.1, 0.2)]
# Set after the gate (input guard, safety rules): the gate cannot change them.
AFTER_GATE = SAFETY_INTENTS | {"message_empty", "message_too_long"}
NOT_ANSWERED = {OUT_OF_SCOPE, "nlu_fallback"}


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in text if line.strip() and not line.startswith("#")]


def parse_all(agent: Agent, texts: list[str]) -> list[dict[str, Any]]:
    async def run() -> list[dict[str, Any]]:
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(run())


def regate(
    parse: dict[str, Any], threshold: float, margin: float, doubt: tuple[float, float] | None
) -> str:
    """The final intent had the gate used this threshold, margin and doubt."""
    final = str(parse["intent"]["name"])
    near = parse.get("out_of_domain")
    if final in AFTER_GATE or not near:
        return final
    ranking = parse.get("intent_ranking") or []
    before = str(ranking[0]["name"]) if ranking else final  # the fallback's or classifier's
    setting = NO_DOUBT if doubt is None else Doubt(*doubt)
    return gated_intent(before, ranking, Nearness(**near), threshold, margin, setting)


def outcomes(intents: list[str]) -> dict[str, float]:
    counts, total = Counter(intents), len(intents)
    safety = sum(counts[i] for i in SAFETY_INTENTS)
    return {
        "messages": total,
        "declined": counts[OUT_OF_SCOPE] / total,
        "did_you_mean": counts["nlu_fallback"] / total,
        "safety_reply": safety / total,
        "clinic_answer": (total - counts[OUT_OF_SCOPE] - counts["nlu_fallback"] - safety) / total,
        "towards_deleting": counts["forget_me"] / total,
    }


def kept(intents: list[str]) -> float:
    """Share of in-domain messages the gate let through (not declined as off-topic)."""
    return sum(i != OUT_OF_SCOPE for i in intents) / len(intents)


def main() -> None:
    quiet_rasa_logs()
    agent = Agent.load(str(SHIPPED_MODEL))
    heldout = [
        m.get("text")
        for m in load_data(str(ROOT / "tests" / "nlu" / "heldout.yml")).intent_examples
        if m.get("intent") != OUT_OF_SCOPE
    ]
    parsed = {
        name: parse_all(agent, texts)
        for name, texts in {
            "blind": lines(BLIND),
            "heldout_in_domain": heldout,
            "dev_in_domain": lines(DEV_IN),
            "dev_off_topic": [line for path in DEV_OUT for line in lines(path)],
        }.items()
    }
    final = {name: [str(p["intent"]["name"]) for p in ps] for name, ps in parsed.items()}
    threshold, margin = pipeline_setting(GATE, "threshold"), pipeline_setting(GATE, "margin")
    doubt_margin, doubt_off_topic = (
        pipeline_setting(GATE, k) for k in ("doubt_margin", "doubt_off_topic")
    )
    shipped = None if doubt_margin is None else (doubt_margin, doubt_off_topic)
    settings = [(t, m, shipped) for t in THRESHOLDS for m in MARGINS]
    # a doubt only counts where the margin leaves room for it (margin > doubt margin)
    settings += [
        (threshold, m, doubt)
        for m in DOUBT_MARGINS
        for doubt in DOUBTS
        if doubt[0] < m and (m, doubt) != (margin, shipped)
    ]
    sweep = []
    for t, m, doubt in settings:
        dev_in = [regate(p, t, m, doubt) for p in parsed["dev_in_domain"]]
        dev_out = [regate(p, t, m, doubt) for p in parsed["dev_off_topic"]]
        sweep.append(
            {
                "threshold": t,
                "margin": m,
                # [margin, off-topic weight] of a doubt; null: none
                "doubt": None if doubt is None else list(doubt),
                "dev_in_domain_answered": sum(i not in NOT_ANSWERED for i in dev_in) / len(dev_in),
                "dev_in_domain_kept": kept(dev_in),
                "dev_off_topic_declined": outcomes(dev_out)["declined"],
                "dev_off_topic_clinic_answer": outcomes(dev_out)["clinic_answer"],
            }
        )
    report = {
        "threshold": pipeline_setting(GATE, "threshold"),
        "margin": pipeline_setting(GATE, "margin"),
        "neighbours": pipeline_setting(GATE, "neighbours"),
        "doubt_margin": doubt_margin,
        "doubt_off_topic": doubt_off_topic,
        "blind_off_topic": outcomes(final["blind"]),
        "heldout_in_domain_kept": kept(final["heldout_in_domain"]),
        "heldout_in_domain_messages": len(heldout),
        "dev_in_domain_kept": kept(final["dev_in_domain"]),
        "dev_in_domain_messages": len(final["dev_in_domain"]),
        "dev_off_topic": outcomes(final["dev_off_topic"]),
        "sweep": sweep,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "out_of_domain.json").write_text(json.dumps(report, indent=2))
    print(f"[bench out-of-domain] {json.dumps(report['blind_off_topic'])}", flush=True)


if __name__ == "__main__":
    main()
