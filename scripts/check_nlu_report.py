"""Fail when held-out intent accuracy (from rasa test's intent_report.json) is too low."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SUMMARY_KEYS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", type=Path)
    parser.add_argument("--min-accuracy", type=float, required=True)
    args = parser.parse_args()
    report = json.loads(args.report.read_text())
    accuracy = float(report["accuracy"])
    per_intent = {k: v for k, v in report.items() if k not in SUMMARY_KEYS}
    weakest = sorted(per_intent.items(), key=lambda item: item[1]["f1-score"])[:5]
    print(
        f"held-out intent accuracy {accuracy:.3f} (threshold {args.min_accuracy:.2f}), "
        f"macro F1 {report['macro avg']['f1-score']:.3f}, "
        f"{sum(v['support'] for v in per_intent.values())} examples"
    )
    print("weakest intents: " + ", ".join(f"{k} {v['f1-score']:.2f}" for k, v in weakest))
    if accuracy < args.min_accuracy:
        print(
            f"FAIL: held-out intent accuracy {accuracy:.3f} < {args.min_accuracy:.2f}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
