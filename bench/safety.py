"""The safety layers on labelled batches: recall, false alarms, cautions, latency.

- bench/data/safety_untouched_6.yml: written blind by its own helper on
  2026-12-06 and never tuned on (the measure that counts).
- bench/data/safety_untouched_5.yml and safety_untouched_3.yml: the untouched
  batches before it, never tuned on (only their overall figures, and how many
  false alarms came from the rules and how many from the semantic layer, were
  ever looked at).
- bench/data/safety_untouched.yml: the previous untouched batch, never tuned
  on, but a few of its lines were seen in a bench log on 2026-12-02, so it is
  reported beside the tuned ones, no longer as the measure.
- bench/data/safety_development.yml: the batch before it, whose overall
  figures chose sentence-by-sentence scoring (its messages not read).
- tests/safety/batch_*.yml: written blind by other helpers, then used to tune
  the rules; reported for comparison (make test gates them).
Per batch: emergencies sent to help (a crisis must get the crisis reply, 988;
a medical emergency read as a crisis still reaches 911), look-alikes that set
off an emergency reply, cautions sent to a physician (the caution reply, or an
emergency reply, which also says to get help) and how many of those were an
emergency reply. Verdicts come from the shipped model's whole pipeline (the
rules, the semantic layer, everything before them), as the bot decides.
Latency is the detector's own time per message: the rules, the cautions and
the semantic layer's nearest-exemplar scores on the sentence vector the NLU
has already computed (the encoder's time is the NLU's, in the serving numbers),
plus, for a message of several sentences, the parse and each sentence's vector.
The semantic layer alone is also measured across writers: its exemplars
include the tuning batches, so each tuning batch in turn is left out of them
and scored (the whole message's vector), the other batches kept.

Writes build/bench/safety.json.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

from bench.metrics import percentile, quiet_rasa_logs
from bench.nlu import OUT, ROOT, SHIPPED_MODEL, pipeline_setting
from clinic import content
from clinic.safety import (
    SafetyRules,
    detect,
    detect_cautions,
    judged,
)
from clinic.safety_semantic import (
    SafetyExemplars,
    SemanticSettings,
    exemplar_texts,
    message_verdict,
)
from clinic.sentence_encoder import shared_encoder
from extensions.semantic_safety import SemanticSafety
from extensions.spacy_nlp import clause_splitter, sentence_splitter

UNTOUCHED = ROOT / "bench" / "data" / "safety_untouched_6.yml"
UNTOUCHED_EARLIER = [
    ROOT / "bench" / "data" / "safety_untouched_5.yml",
    ROOT / "bench" / "data" / "safety_untouched_3.yml",
]
SEEN_IN_A_LOG = ROOT / "bench" / "data" / "safety_untouched.yml"
# Spanish, written blind on 2026-12-02 after the Spanish rules were tuned on
# tests/safety/batch_spanish.yml; never tuned on.
UNTOUCHED_SPANISH = ROOT / "bench" / "data" / "safety_untouched_es.yml"
DEVELOPMENT = ROOT / "bench" / "data" / "safety_development.yml"
TUNED = [DEVELOPMENT, SEEN_IN_A_LOG, *sorted((ROOT / "tests" / "safety").glob("batch_*.yml"))]
MEDICAL, CRISIS, CAUTION = "emergency_medical", "emergency_crisis", "health_caution"
EMERGENCY = frozenset({MEDICAL, CRISIS})
SEMANTIC = {
    key: pipeline_setting("extensions.semantic_safety.SemanticSafety", key)
    for key in ("medical_threshold", "crisis_threshold", "margin", "k", "exemplars")
}
KINDS = ("medical", "crisis", "harmless")


Verdict = str  # the final intent of a message


def verdicts(agent: Agent, texts: list[str]) -> list[Verdict]:
    async def parse_all() -> list[Verdict]:
        return [str((await agent.parse_message(t))["intent"]["name"]) for t in texts]

    return asyncio.run(parse_all())


def score(batch: dict[str, Any], agent: Agent) -> dict[str, Any]:
    medical = verdicts(agent, batch["emergency"]["medical"])
    crisis = verdicts(agent, batch["emergency"]["crisis"])
    missed_medical = sum(v not in EMERGENCY for v in medical)
    # a crisis must get the crisis reply (988); medical read as a crisis still gets 911
    missed_crisis = sum(v != CRISIS for v in crisis)
    emergencies = len(medical) + len(crisis)
    look_alikes = verdicts(agent, batch["not_emergency"])
    cautions = verdicts(agent, batch.get("caution") or [])
    return {
        "emergencies": emergencies,
        "recall": 1 - (missed_medical + missed_crisis) / emergencies,
        "missed_medical": missed_medical,
        "missed_crisis": missed_crisis,
        "look_alikes": len(look_alikes),
        "false_alarm_rate": sum(v in EMERGENCY for v in look_alikes) / len(look_alikes),
        "cautions": len(cautions),
        "cautions_to_physician": sum(v in EMERGENCY | {CAUTION} for v in cautions) / len(cautions)
        if cautions
        else float("nan"),
        "cautions_as_emergency": sum(v in EMERGENCY for v in cautions) / len(cautions)
        if cautions
        else float("nan"),
    }


def semantic_settings() -> SemanticSettings:
    return SemanticSettings(
        **{k: SEMANTIC[k] for k in ("medical_threshold", "crisis_threshold", "margin", "k")}
    )


def encoded_exemplars(files: list[Path]) -> dict[Path, dict[str, Any]]:
    """Each labelled file's medical / crisis / harmless vectors, encoded once."""
    encoder = shared_encoder()
    return {
        path: {kind: encoder.encode(texts) for kind, texts in exemplar_texts([path]).items()}
        for path in files
    }


def ordinary_vectors() -> Any:
    """Every NLU training example, harmless to the semantic layer as in the pipeline."""
    ordinary = [m.get("text") for m in load_data(str(ROOT / "data" / "nlu")).intent_examples]
    return shared_encoder().encode(ordinary)


def exemplars_of(encoded: list[dict[str, Any]], ordinary: Any) -> SafetyExemplars:
    """The semantic layer's exemplars as the pipeline builds them, from encoded files."""
    return SafetyExemplars(
        medical=np.vstack([vectors["medical"] for vectors in encoded]),
        crisis=np.vstack([vectors["crisis"] for vectors in encoded]),
        harmless=np.vstack([*(vectors["harmless"] for vectors in encoded), ordinary]),
    )


def exemplar_files() -> list[Path]:
    return SemanticSafety.exemplar_files({"exemplars": SEMANTIC["exemplars"]})


def leave_one_batch_out() -> dict[str, Any]:
    """The semantic layer alone on each exemplar batch of tests/safety/, left out of
    its exemplars in turn: emergencies found, look-alikes and cautions flagged."""
    settings = semantic_settings()
    encoded, ordinary = encoded_exemplars(exemplar_files()), ordinary_vectors()
    held_out = [f for f in encoded if f.parent == ROOT / "tests" / "safety"]
    found = flagged = emergencies = harmless = 0
    for batch in held_out:
        exemplars = exemplars_of([v for f, v in encoded.items() if f != batch], ordinary)
        for kind in KINDS:
            for vector in encoded[batch][kind]:
                fired = message_verdict("", vector, exemplars, settings).kind is not None
                if kind == "harmless":
                    harmless, flagged = harmless + 1, flagged + fired
                else:
                    emergencies, found = emergencies + 1, found + fired
    return {
        "batches": len(held_out),
        "emergencies": emergencies,
        "recall": found / emergencies,
        "not_emergencies": harmless,
        "false_alarms": flagged / harmless,
    }


def latency_ms(texts: list[str], rules: SafetyRules, rounds: int = 5) -> dict[str, float]:
    """The detector's time per message, given the message's sentence vector."""
    encoder = shared_encoder()
    exemplars = exemplars_of(list(encoded_exemplars(exemplar_files()).values()), ordinary_vectors())
    settings = semantic_settings()
    vectors = encoder.encode(texts)
    split, clauses = sentence_splitter(), clause_splitter()
    times = []
    for _ in range(rounds):
        for text, vector in zip(texts, vectors, strict=True):
            start = time.perf_counter()
            semantic = message_verdict(text, vector, exemplars, settings, split, encoder.encode)
            judged(text, detect(text, rules, clauses), semantic.kind, rules)
            detect_cautions(text, rules, clauses)
            times.append(1000 * (time.perf_counter() - start))
    return {"p50_ms": percentile(times, 50), "p99_ms": percentile(times, 99)}


def messages(batch: dict[str, Any]) -> list[str]:
    return [
        *batch["emergency"]["medical"],
        *batch["emergency"]["crisis"],
        *batch["not_emergency"],
        *(batch.get("caution") or []),
    ]


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def main() -> None:
    quiet_rasa_logs()
    agent = Agent.load(str(SHIPPED_MODEL))
    untouched = load(UNTOUCHED)
    report = {
        "untouched": {"file": str(UNTOUCHED.relative_to(ROOT)), **score(untouched, agent)},
        "untouched_earlier": [
            {"file": str(path.relative_to(ROOT)), **score(load(path), agent)}
            for path in UNTOUCHED_EARLIER
        ],
        "untouched_spanish": {
            "file": str(UNTOUCHED_SPANISH.relative_to(ROOT)),
            **score(load(UNTOUCHED_SPANISH), agent),
        },
        "tuned": {str(p.relative_to(ROOT)): score(load(p), agent) for p in TUNED},
        "latency": latency_ms(messages(untouched), content.safety()),
        "semantic_leave_one_batch_out": leave_one_batch_out(),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "safety.json").write_text(json.dumps(report, indent=2))
    print(f"[bench safety] {json.dumps(report['untouched'])}", flush=True)


if __name__ == "__main__":
    main()
