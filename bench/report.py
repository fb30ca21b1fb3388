"""Write BENCHMARKS.md (and BENCHMARKS-latency.png) from build/bench/*.json."""

from __future__ import annotations

import datetime
import json
import os
import platform
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
PIPELINES = [
    "this project",
    "previous pipeline (spaCy + DIET)",
    "Rasa default",
    "TF-IDF + logistic regression",
    "sentence encoder + logistic regression",
]
# The row the previous pipeline's numbers are compared with.
BEFORE = "previous pipeline (spaCy + DIET)"
BOTS = ["this project", "this project, make run (2 instances)", "moodbot"]
OURS = BOTS[:2]
NOTES = ROOT / "bench" / "notes.md"


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return f"{cpu}, {os.cpu_count()} cores, {memory_kb / 1024**2:.0f} GiB, {platform.platform()}"


RESULTS = ("nlu.json", "out_of_domain.json", "safety.json", "conversations.json", "serving.json")


def finished(path: Path) -> str:
    """When a result file was written, to the minute (UTC)."""
    stamp = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.timezone.utc)
    return stamp.strftime("%Y-%m-%d %H:%M")


def pct(value: float) -> str:
    return "n/a" if value != value else f"{100 * value:.1f}%"


def check(ok: bool) -> str:
    return "met" if ok else "**not met**"


def nlu_section(nlu: dict[str, Any]) -> tuple[list[str], list[tuple[str, str, str]]]:
    p = nlu["pipelines"]
    lines = [
        "## NLU quality",
        "",
        f"{nlu['training_examples']} training examples, {nlu['intents']} intents; "
        f"{nlu['folds']}-fold cross-validation (folds stratified by intent, seed {nlu['seed']}, "
        f"the same folds for every pipeline), then each pipeline trained on all of it and scored "
        f"on the {nlu['heldout_examples']} held-out examples. Entity F1 on "
        "tests/knowledge/entities_heldout.yml.",
        "",
        "| pipeline | CV accuracy | CV macro-F1 | held-out accuracy | held-out macro-F1 | "
        "confidently wrong (held-out) | out-of-scope recall (held-out) | entity F1 | "
        "training s (full data) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in PIPELINES:
        if name not in p:
            lines.append(f"| {name} | not run in this bench (BENCH_PIPELINES) |" + " |" * 7)
            continue
        cv, held, ent = p[name]["cross_validation"], p[name]["heldout"], p[name]["entity"]
        lines.append(
            f"| {name} | {pct(cv['accuracy'])} | {cv['macro_f1']:.3f} | {pct(held['accuracy'])} | "
            f"{held['macro_f1']:.3f} | {pct(held['confidently_wrong'])} | "
            f"{pct(held['oos_recall'])} | {ent['f1']:.3f} | {p[name]['train_seconds_full']:.0f} |"
        )
    shipped = nlu["shipped"]
    lines.append(
        f"| this project, shipped model (`rasa train`) | - | - | "
        f"{pct(shipped['heldout']['accuracy'])} | {shipped['heldout']['macro_f1']:.3f} | "
        f"{pct(shipped['heldout']['confidently_wrong'])} | {pct(shipped['heldout']['oos_recall'])} "
        f"| {shipped['entity']['f1']:.3f} | - |"
    )
    blind = shipped.get("blind_heldout") or {}
    for name, part in blind.items():
        scores = part["scores"]
        lines.append(
            f"| this project, shipped model, on {part['examples']} blind held-out examples "
            f"(bench/data/{name}; of the {part['written']} written, those not also a training "
            "text) | - | - | "
            f"{pct(scores['accuracy'])} | {scores['macro_f1']:.3f} | "
            f"{pct(scores['confidently_wrong'])} | {pct(scores['oos_recall'])} | - | - |"
        )
    newest = next(reversed(blind.items()), None)
    fresh = newest[1]["scores"] if newest else None
    by_rule = shipped["heldout"].get("wrong_by_safety_rule", float("nan"))
    ours = p.get(PIPELINES[0], {})
    if "cross_validation_confused" in ours:
        weakest = ", ".join(f"{k} {v:.2f}" for k, v in ours["cross_validation_weakest"].items())
        confused = ", ".join(f"{g} → {w} ({n})" for g, w, n in ours["cross_validation_confused"])
        lines += [
            "",
            f"Where this project's cross-validation goes wrong: the weakest intents by F1 "
            f"({weakest}); the most frequent mistakes, true → read as ({confused}).",
        ]
    lines += [
        "",
        "tests/nlu/heldout.yml was written blind, but its errors have been read since. "
        "Each bench/data/heldout_blind_*.yml was written blind by another helper (from the "
        "FAQ page and the topic list only) and none has been tuned on; the newest is the "
        "figure the targets are checked on.",
        "",
        f"Of the shipped model's confidently wrong answers, {pct(by_rule)} of the held-out "
        "messages are a safety rule's verdict (content/safety.yml), not the classifier's: an "
        "emergency reply, or a caution to check with a physician first followed by the answer "
        "to the question, where the held-out label names only the question.",
        "",
        "The pipeline rows are trained the same way (`rasa train nlu` on data/nlu; the "
        "baselines with scikit-learn). The last row is the model `make train` builds and the bot "
        "serves (the same NLU data, trained with the domain and the rules); the held-out "
        'targets are checked against it. Accuracy counts a fallback ("did you mean") as a miss.',
    ]
    ours = shipped["heldout"]
    cv = p["this project"]["cross_validation"]
    targets = [
        (
            "5-fold CV intent accuracy >= 90%, macro-F1 >= 0.90",
            f"{pct(cv['accuracy'])}, {cv['macro_f1']:.3f}"
            + (
                f" (previous pipeline {pct(p[BEFORE]['cross_validation']['accuracy'])})"
                if BEFORE in p
                else ""
            ),
            check(cv["accuracy"] >= 0.90 and cv["macro_f1"] >= 0.90),
        ),
        (
            "held-out intent accuracy >= 97% (fallbacks are misses)",
            pct(ours["accuracy"]),
            check(ours["accuracy"] >= 0.97),
        ),
        *(
            [
                (
                    f"newest blind held-out ({newest[0] if newest else ''}): accuracy >= 97%, "
                    "confidently wrong <= 1.5%",
                    f"{pct(fresh['accuracy'])}, {pct(fresh['confidently_wrong'])}",
                    check(fresh["accuracy"] >= 0.97 and fresh["confidently_wrong"] <= 0.015),
                )
            ]
            if fresh
            else []
        ),
        (
            "confidently wrong <= 1.5% (held-out)",
            f"{pct(ours['confidently_wrong'])} ({pct(ours['confidently_wrong'] - by_rule)} "
            f"classifier, {pct(by_rule)} safety verdicts)",
            check(ours["confidently_wrong"] <= 0.015),
        ),
    ]
    lines += ["", "Confusion matrix (shipped model, held-out): `BENCHMARKS-confusion.png`.", ""]
    if "threshold_sweep" in shipped:
        lines += [
            "The shipped model again, with its fallback threshold (config.yml: "
            f"{nlu.get('fallback_threshold', 'n/a')}) set to other values and the whole "
            "pipeline rerun on the held-out file for each (ambiguity threshold "
            f"{nlu.get('ambiguity_threshold', 'n/a')} kept):",
            "",
            "| fallback threshold | accuracy | macro-F1 | confidently wrong "
            "| out-of-scope recall |",
            "|---|---|---|---|---|",
            *[
                f"| {threshold} | {pct(row['accuracy'])} | {row['macro_f1']:.3f} | "
                f"{pct(row['confidently_wrong'])} | {pct(row['oos_recall'])} |"
                for threshold, row in shipped["threshold_sweep"].items()
            ],
            "",
        ]
    return lines, targets


def doubt_label(margin: float | None, off_topic: float | None) -> str:
    if margin is None or off_topic is None:
        return "none"
    return f"{margin} / {off_topic}"


def out_of_domain_section(ood: dict[str, Any]) -> tuple[list[str], list[tuple[str, str, str]]]:
    blind, dev = ood["blind_off_topic"], ood["dev_off_topic"]
    lines = [
        "## Out-of-domain gate",
        "",
        f"The shipped model (gate threshold {ood['threshold']}, margin {ood['margin']}, "
        f"nearest {ood.get('neighbours', 1)} examples of each kind, "
        f"doubt {doubt_label(ood.get('doubt_margin'), ood.get('doubt_off_topic'))}) on "
        f"tests/nlu/off_topic_blind.txt: {blind['messages']} everyday requests written by a "
        "helper who never saw the training data, never trained or tuned on "
        "(bench/out_of_domain.py).",
        "",
        "| file | messages | declined plainly | did you mean | safety reply | "
        "clinic answer | towards deleting |",
        "|---|---|---|---|---|---|---|",
        *[
            f"| {name} | {row['messages']} | {pct(row['declined'])} | {pct(row['did_you_mean'])} "
            f"| {pct(row['safety_reply'])} | {pct(row['clinic_answer'])} "
            f"| {pct(row['towards_deleting'])} |"
            for name, row in [("off-topic, blind test", blind), ("off-topic, development", dev)]
        ],
        "",
        f"In-domain messages the gate lets through: {pct(ood['heldout_in_domain_kept'])} of "
        f"the {ood['heldout_in_domain_messages']} held-out in-domain messages, "
        f"{pct(ood['dev_in_domain_kept'])} of the {ood['dev_in_domain_messages']} in the "
        "development set (bench/data/gate_dev_in_domain.txt).",
        "",
        "The threshold, margin and doubt were chosen on the development sets (bench/data/, "
        "written by a helper who never saw the training data; never a test file): the gate's "
        "rule applied again to each message's saved similarities and ranking. Doubt: an "
        "off-topic example nearer than the first figure from the nearest clinic example "
        "declines the message only when the classifier gives off-topic the second figure or "
        "more (none: never). The "
        "development off-topic figures are of the development files together. How many "
        "nearest examples count was chosen on the same files (bench/notes.md).",
        "",
        "| threshold | margin | doubt | dev in-domain answered | dev in-domain kept | "
        "dev off-topic declined | dev off-topic clinic answer |",
        "|---|---|---|---|---|---|---|",
        *[
            f"| {row['threshold']} | {row['margin']} | "
            f"{doubt_label(*row.get('doubt') or [None, None])} | "
            f"{pct(row['dev_in_domain_answered'])} | "
            f"{pct(row['dev_in_domain_kept'])} | {pct(row['dev_off_topic_declined'])} | "
            f"{pct(row['dev_off_topic_clinic_answer'])} |"
            for row in ood["sweep"]
        ],
        "",
    ]
    targets = [
        (
            "off-topic file: >= 95% declined plainly",
            pct(blind["declined"]),
            check(blind["declined"] >= 0.95),
        ),
        (
            "off-topic file: <= 1% answered with clinic content",
            f"{pct(blind['clinic_answer'])} (and {pct(blind['safety_reply'])} safety replies)",
            check(blind["clinic_answer"] <= 0.01),
        ),
        (
            "off-topic file: none deletes anything",
            f"{pct(blind['towards_deleting'])} reach the delete question; deleting needs a yes",
            check(blind["towards_deleting"] == 0),
        ),
    ]
    return lines, targets


def semantic_across_writers(result: dict[str, Any] | None) -> list[str]:
    if not result:
        return []
    return [
        "The semantic layer alone across writers: each of the "
        f"{result['batches']} tuning batches (tests/safety) left out of the exemplars in "
        "turn and scored by the others (the whole message's vector): "
        f"{pct(result['recall'])} of {result['emergencies']} emergencies found, "
        f"{pct(result['false_alarms'])} of {result['not_emergencies']} look-alikes and "
        "cautions flagged. The rules come on top of it in the bot.",
        "",
    ]


def safety_section(safety: dict[str, Any]) -> tuple[list[str], list[tuple[str, str, str]]]:
    untouched, latency = safety["untouched"], safety["latency"]
    rows = [("untouched (never tuned on)", untouched)]
    for earlier in safety.get("untouched_earlier", []):
        rows.append((f"{earlier['file']} (an earlier untouched batch, never tuned on)", earlier))
    if "untouched_spanish" in safety:
        rows.append(("untouched Spanish (never tuned on)", safety["untouched_spanish"]))
    rows += list(safety["tuned"].items())
    lines = [
        "## Safety",
        "",
        "Labelled messages through the shipped model (rules and semantic layer, "
        "bench/safety.py). Each batch was written blind by its own helper; the "
        "tests/safety ones were then used to tune the rules and the semantic "
        "thresholds, and are the semantic layer's exemplars (with data/safety), "
        "so their own rows below are not a measure; the development batch only to "
        "choose sentence-by-sentence "
        "scoring (overall figures, its messages not read), the untouched one never "
        "(bench/data/safety_untouched.yml, the untouched batch until a few of its lines "
        "showed in a bench log, is now among the others).",
        "",
        "| batch | emergencies | recall (right kind) | missed medical | missed crisis | "
        "look-alikes | false alarms | cautions to a physician | of them an emergency reply |",
        "|---|---|---|---|---|---|---|---|---|",
        *[
            f"| {name} | {r['emergencies']} | {pct(r['recall'])} | {r['missed_medical']} | "
            f"{r['missed_crisis']} | {r['look_alikes']} | {pct(r['false_alarm_rate'])} | "
            f"{pct(r['cautions_to_physician'])} | {pct(r['cautions_as_emergency'])} |"
            for name, r in rows
        ],
        "",
        "Detector time per message (rules, cautions and the semantic scores on the "
        "sentence vector the NLU already made; for a message of several sentences also "
        "the parse and each sentence's vector; the parse too when a sign is found in a "
        "message with a negation cue or a word of the past, for the clauses): "
        f"p50 {latency['p50_ms']:.2f} ms, "
        f"p99 {latency['p99_ms']:.2f} ms.",
        "",
        *semantic_across_writers(safety.get("semantic_leave_one_batch_out")),
    ]
    targets = [
        (
            "untouched safety batch: emergency and crisis recall 100%",
            pct(untouched["recall"]),
            check(untouched["recall"] == 1.0),
        ),
        (
            "untouched safety batch: false alarms <= 2%",
            pct(untouched["false_alarm_rate"]),
            check(untouched["false_alarm_rate"] <= 0.02),
        ),
        (
            "untouched safety batch: cautions to a physician >= 95%",
            pct(untouched["cautions_to_physician"]),
            check(untouched["cautions_to_physician"] >= 0.95),
        ),
        (
            "safety detector <= 10 ms per message",
            f"p99 {latency['p99_ms']:.2f} ms",
            check(latency["p99_ms"] <= 10),
        ),
    ]
    return lines, targets


def conversations_section(
    conversations: dict[str, Any],
) -> tuple[list[str], list[tuple[str, str, str]]]:
    lines = [
        "## Conversations",
        "",
        "The whole bot (NLU, rules, action server) on conversations written blind (follow-ups "
        "that must keep the topic, two questions in one message, the practical topics, other "
        "languages), never trained or tuned on (bench/conversations.py). A turn passes when "
        "the reply holds every expected answer in order.",
        "",
    ]
    targets = []
    for result in conversations["files"]:
        lines += [
            f"{result['file']}: {result['conversations']} conversations passed: "
            f"{pct(result['passed'])}; turns passed: {pct(result['turns_passed'])} "
            f"of {result['turns']}.",
            "",
            "| kind | conversations | passed |",
            "|---|---|---|",
            *[
                f"| {kind} | {r['cases']} | {pct(r['passed'])} |"
                for kind, r in result["by_kind"].items()
            ],
            "",
        ]
        targets.append(
            (
                f"blind conversations ({Path(result['file']).name}) >= 95%",
                pct(result["passed"]),
                check(result["passed"] >= 0.95),
            )
        )
    return lines, targets


def serving_section(serving: dict[str, Any]) -> tuple[list[str], list[tuple[str, str, str]]]:
    bots = [bot for bot in BOTS if bot in serving]
    ours = [bot for bot in OURS if bot in serving]
    lines = [
        "## Serving",
        "",
        "REST webhook, closed-loop load with a new sender per conversation (bench/serving.py). "
        "This project: action server and SQLite tracker store with redaction, first one "
        "Rasa process on its own, then exactly as `make run` serves it on this machine "
        "(scripts/run.sh: two Rasa instances behind nginx, locks and the rate limit in a "
        "local Redis); moodbot: `rasa init`, trained in the same run, Rasa's defaults, one "
        "worker. Memory counts the Rasa server processes.",
        "",
        "| bot | senders | messages | p50 ms | p95 ms | p99 ms | messages/s | errors or empty |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for bot in bots:
        for senders, level in serving[bot]["levels"].items():
            lines.append(
                f"| {bot} | {senders} | {level['messages']} | {level['p50_ms']:.0f} | "
                f"{level['p95_ms']:.0f} | {level['p99_ms']:.0f} | {level['per_second']:.1f} | "
                f"{level['errors_or_empty']} |"
            )
    lines += [
        "",
        "| bot | start-up to first answer s | peak RSS, largest process MB | "
        "peak RSS, all its processes MB |",
        "|---|---|---|---|",
    ]
    for bot in bots:
        run = serving[bot]
        lines.append(
            f"| {bot} | {run['startup_seconds']:.1f} | {run['peak_rss_mb']:.0f} | "
            f"{run['peak_rss_total_mb']:.0f} |"
        )
    long_chats = [bot for bot in bots if "long" in serving[bot]]
    if long_chats:
        shape = serving[long_chats[0]]["long"]
        lines += [
            "",
            f"One chat of {shape['turns']} turns from one sender (median of the first and of "
            f"the last {shape.get('window', 10)} turns; the last turns repeat the first turns' "
            "messages):",
            "",
            "| bot | first turns ms | last turns ms | last / first | errors or empty |",
            "|---|---|---|---|---|",
        ]
        for bot in long_chats:
            long = serving[bot]["long"]
            lines.append(
                f"| {bot} | {long['first_ms']:.0f} | {long['last_ms']:.0f} | "
                f"{long['last_ms'] / long['first_ms']:.2f}x | {long['errors_or_empty']} |"
            )
    open_loops = [bot for bot in ours if "open_loop" in serving[bot]]
    if open_loops:
        lines += [
            "",
            "Open-loop load (Poisson arrivals at the offered rate for "
            f"{next(iter(serving[open_loops[0]]['open_loop'].values()))['seconds']} s each; an "
            "arrival is a follow-up of a conversation whose reply has come, else a new "
            "sender; a reply slower than 10 s is an error):",
            "",
            "| bot | offered msg/s | sent msg/s | answered msg/s | p50 ms | p95 ms | p99 ms | "
            "errors or empty |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for bot in open_loops:
            for rate, run in serving[bot]["open_loop"].items():
                lines.append(
                    f"| {bot} | {rate} | {run['sent_per_second']:.1f} | {run['per_second']:.1f} | "
                    f"{run['p50_ms']:.0f} | {run['p95_ms']:.0f} | {run['p99_ms']:.0f} | "
                    f"{run['errors_or_empty']} |"
                )
    mood = serving["moodbot"]

    def at20(bot: str, key: str) -> float:
        return float(serving[bot]["levels"]["20"][key])

    ratios = {bot: at20(bot, "per_second") / at20("moodbot", "per_second") for bot in ours}
    lines += [
        "",
        f"moodbot training (`rasa init`): {mood['train_seconds']:.0f} s. Ratios to moodbot "
        "(throughput and p95 at 20 senders, start-up, largest process): "
        + "; ".join(
            f"{bot} {ratios[bot]:.2f}x, {at20(bot, 'p95_ms') / at20('moodbot', 'p95_ms'):.2f}x, "
            f"{serving[bot]['startup_seconds'] / mood['startup_seconds']:.2f}x, "
            f"{serving[bot]['peak_rss_mb'] / mood['peak_rss_mb']:.2f}x"
            for bot in ours
        )
        + ".",
        "",
        "Latency plot: `BENCHMARKS-latency.png`.",
        "",
    ]

    def each(render: Any) -> str:
        return "; ".join(
            f"{render(bot)} ({bot.removeprefix('this project').strip(', ') or '1 worker'})"
            for bot in ours
        )

    def offered(bot: str, rate: str, key: str) -> float:
        return float(serving[bot]["open_loop"][rate][key])

    def growth(bot: str) -> float:
        long = serving[bot]["long"]
        return float(long["last_ms"] / long["first_ms"])

    single = serving["this project"]
    one_sender_p50 = float(single["levels"]["1"]["p50_ms"])
    targets = [
        (
            "1 sender p50 <= 60 ms",
            f"{one_sender_p50:.0f} ms",
            check(one_sender_p50 <= 60),
        ),
        (
            "throughput at 20 senders, one worker: >= moodbot and >= 18 msg/s",
            f"{at20('this project', 'per_second'):.1f} msg/s, "
            f"{ratios['this project']:.2f}x moodbot",
            check(ratios["this project"] >= 1 and at20("this project", "per_second") >= 18),
        ),
        (
            "throughput at 20 senders >= 3x moodbot (the serving issue)",
            each(lambda bot: f"{ratios[bot]:.2f}x"),
            check(max(ratios.values()) >= 3),
        ),
        *(
            [
                (
                    "turn 200 of one chat within 20% of turn 1 (the serving issue)",
                    each(lambda bot: f"{growth(bot):.2f}x"),
                    check(max(growth(bot) for bot in ours) <= 1.2),
                )
            ]
            if all("long" in serving[bot] for bot in ours)
            else []
        ),
        *(
            [
                (
                    "p95 <= 250 ms at 30 msg/s offered (the serving issue)",
                    each(lambda bot: f"{offered(bot, '30', 'p95_ms'):.0f} ms"),
                    check(min(offered(bot, "30", "p95_ms") for bot in ours) <= 250),
                ),
                (
                    "no errors at 60 msg/s offered (the serving issue)",
                    each(lambda bot: f"{offered(bot, '60', 'errors_or_empty'):.0f} errors"),
                    check(min(offered(bot, "60", "errors_or_empty") for bot in ours) == 0),
                ),
            ]
            if open_loops == ours
            and all({"30", "60"} <= set(serving[bot]["open_loop"]) for bot in ours)
            else []
        ),
        (
            "start-up to first answer <= 20 s",
            f"{single['startup_seconds']:.1f} s",
            check(single["startup_seconds"] <= 20),
        ),
        (
            "peak RSS <= 1.5 GB (largest Rasa process)",
            each(lambda bot: f"{serving[bot]['peak_rss_mb']:.0f} MB"),
            check(max(serving[bot]["peak_rss_mb"] for bot in ours) <= 1536),
        ),
    ]
    return lines, targets


def latency_png(serving: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(11, 4.5))
    for ax, senders in zip(axes, ["1", "20"], strict=True):
        keys = ["p50_ms", "p95_ms", "p99_ms"]
        bots = [bot for bot in BOTS if bot in serving]
        width = 0.8 / len(bots)
        for offset, bot in enumerate(bots):
            values = [serving[bot]["levels"][senders][k] for k in keys]
            ax.bar([i + offset * width for i in range(3)], values, width=width * 0.95, label=bot)
        ax.set_xticks([i + 0.4 - width / 2 for i in range(3)], ["p50", "p95", "p99"])
        ax.set_ylabel("ms")
        ax.set_title(f"{senders} concurrent sender{'s' if senders != '1' else ''}")
        ax.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def main() -> None:
    nlu = json.loads((OUT / "nlu.json").read_text())
    serving = json.loads((OUT / "serving.json").read_text())
    ood = json.loads((OUT / "out_of_domain.json").read_text())
    safety = json.loads((OUT / "safety.json").read_text())
    conversations = json.loads((OUT / "conversations.json").read_text())
    nlu_lines, nlu_targets = nlu_section(nlu)
    ood_lines, ood_targets = out_of_domain_section(ood)
    safety_lines, safety_targets = safety_section(safety)
    conversation_lines, conversation_targets = conversations_section(conversations)
    serving_lines, serving_targets = serving_section(serving)
    latency_png(serving, ROOT / "BENCHMARKS-latency.png")
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.date.today().isoformat()}; machine: {machine()}.",
        "Every number below was measured, not written by hand (except the last section); "
        "each part comes from its script's latest run, finished at (UTC): "
        + ", ".join(f"{name} {finished(OUT / name)}" for name in RESULTS)
        + ". `make bench` reruns them all, one after another.",
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
        *[
            f"| {t} | {m} | {ok} |"
            for t, m, ok in nlu_targets
            + ood_targets
            + safety_targets
            + conversation_targets
            + serving_targets
        ],
        "",
        *nlu_lines,
        *ood_lines,
        *safety_lines,
        *conversation_lines,
        *serving_lines,
    ]
    if NOTES.exists():
        lines += [
            "## Notes written by hand",
            "",
            "Not generated by this run: what was profiled and changed in earlier sessions, "
            "with the figures measured then (bench/notes.md).",
            "",
            NOTES.read_text().strip(),
            "",
        ]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines))
    print("[bench] wrote BENCHMARKS.md")


if __name__ == "__main__":
    main()
