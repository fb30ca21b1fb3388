"""Where the Rasa process spends its time under load: `make profile`.

Starts this project's bot as bench.serving does (one worker), warms it up,
then records the Rasa process with py-spy (sampling, from outside the
process) while 20 senders send 400 messages. Writes the raw profile
(build/bench/profile.speedscope.json, open it at https://www.speedscope.app)
and build/bench/profile.txt: the functions found on the most samples.
py-spy pauses the process for each sample, so throughput under the profiler
is lower than in `make bench`; the shares are what matter.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.serving import CONVERSATIONS, OUT, ROOT, WARM_UP, drive, our_server

PY_SPY = ROOT / ".venv" / "bin" / "py-spy"
TOP = 60


def inclusive_shares(profile: dict[str, Any], top: int = TOP) -> list[tuple[float, str]]:
    """(share of samples, "function (file:line)") for the frames on the most samples.

    A frame counts once per sample however deep it recurses; `profile` is a
    py-spy speedscope document (sampled profiles, frames shared)."""
    frames = profile["shared"]["frames"]
    counts: Counter[str] = Counter()
    total = 0
    for thread in profile["profiles"]:
        for stack in thread["samples"]:
            total += 1
            names = set()
            for index in stack:
                frame = frames[index]
                where = str(frame.get("file", "")).split("site-packages/")[-1]
                names.add(f"{frame['name']} ({where}:{frame.get('line', '')})")
            counts.update(names)
    return [(count / total, name) for name, count in counts.most_common(top)] if total else []


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    raw = OUT / "profile.speedscope.json"
    work = Path(tempfile.mkdtemp(prefix="clinic-bench-profile-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    conversations = CONVERSATIONS["this project"]
    try:
        with our_server(work, env, "profile") as (url, process, _):
            asyncio.run(drive(url, conversations, 1, WARM_UP, "warm"))
            spy = subprocess.Popen(
                [
                    *(str(PY_SPY), "record", "--pid", str(process.pid), "--rate", "50"),
                    *("--format", "speedscope", "--output", str(raw)),
                ],
                stdout=subprocess.DEVNULL,
            )
            time.sleep(2)  # py-spy attaches
            load = asyncio.run(drive(url, conversations, 20, 400, "profile"))
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    shares = inclusive_shares(json.loads(raw.read_text()))
    lines = [
        f"20 senders x 400 messages under py-spy: {load['per_second']:.1f} messages/s, "
        f"p50 {load['p50_ms']:.0f} ms",
        "share of samples on which each function was running (itself or below it):",
        *(f"{100 * share:5.1f}%  {name}" for share, name in shares),
    ]
    (OUT / "profile.txt").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
