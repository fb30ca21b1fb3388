"""Serving speed, side by side: this project's bot vs Rasa's stock `rasa init` bot
(moodbot), trained in the same run and driven by the same load generator.

Each bot runs as `rasa run` (one Sanic worker) on loopback with the REST
channel; ours with its action server and its SQLite tracker store (with
redaction), as `make run` starts it, moodbot with Rasa's defaults (in-memory
store, no action server). Ours is measured a second time with two Sanic
workers sharing their conversation locks in Redis (SANIC_WORKERS=2,
redis-server from Debian on loopback), when redis-server is installed. The
load is closed-loop: N concurrent senders, each a new sender id per
conversation, each message sent when the previous reply arrived. Every bot gets
the same warm-up (a few messages) before measuring.

Then ours takes open-loop load: messages offered at a fixed mean rate
(Poisson arrivals, seeded), whatever the replies' speed, as a busy site sends
them: an arrival continues a conversation whose last reply is in (a
follow-up, a booking request) or else a new sender starts one. Each rate runs
for a minute, and its replies are waited for before the next rate starts.

Writes build/bench/serving.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp

from bench.metrics import latency_summary
from clinic.profile import load_profile
from scripts.processes import answers, free_port, stop, wait_until

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
RASA = str(ROOT / ".venv" / "bin" / "rasa")
LEVELS = [(1, 60), (20, 400)]  # (concurrent senders, messages measured)
WARM_UP = 12
# One long chat: how a turn's time grows with the conversation (the first and
# the last of these many turns compared, by their median).
LONG_TURNS, LONG_WINDOW = 200, 10
DEPLOYMENT = "this project, make run (2 instances)"
DEPLOYMENT_INSTANCES = 2
OPEN_LOOP_RATES = (10, 30, 60)  # messages offered per second
OPEN_LOOP_SECONDS = 60
OPEN_LOOP_TIMEOUT = 10  # seconds; a slower reply counts as an error

CONVERSATIONS = {
    "this project": [
        ["hi", "what is medical massage?", "does insurance cover it?", "book"],
        [
            "I have fibromyalgia, can massage help?",
            "how often should I come?",
            "what would you do in a session?",
            "I'd like to book",
        ],
        [
            "how is it different from a spa massage?",
            "do I need a prescription?",
            "how long is a session",
            "thanks",
        ],
    ],
    "moodbot": [
        ["hi", "I am sad", "yes", "bye"],
        ["hello there", "I'm feeling great", "goodbye"],
        ["hey", "I am very unhappy", "no", "bye bye"],
    ],
}


def post(url: str, sender: str, text: str, timeout: float = 10) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return list(json.loads(response.read()))


def start_and_time(
    args: list[str], cwd: Path, env: dict[str, str], url: str, log: Path
) -> tuple[subprocess.Popen[bytes], float]:
    """Start a server; seconds from process start to its first answer."""
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    wait_until(
        lambda: post(url, "bench-startup", "hi", timeout=30), process, log, 600, interval=0.2
    )
    return process, time.perf_counter() - start


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (Sanic's worker processes)."""
    children = [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]
    return [pid] + [p for child in children for p in process_tree(child)]


def is_rasa_server(pid: int) -> bool:
    """A Rasa server process (`rasa run --model ...`), not the action server or a helper."""
    try:
        return b"--model" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def memory(pid: int) -> dict[str, float]:
    """Peak RSS of the largest Rasa process of the server, and of all of them together."""
    peaks = [peak_rss_mb(p) for p in process_tree(pid) if is_rasa_server(p)]
    return {"peak_rss_mb": max(peaks), "peak_rss_total_mb": sum(peaks)}


async def drive(
    url: str, conversations: list[list[str]], senders: int, messages: int, tag: str
) -> dict[str, Any]:
    """Closed-loop load: `senders` workers until `messages` replies are in."""
    latencies: list[float] = []
    problems = 0
    remaining = messages
    apology = load_profile().phrases["technical_problem"][:40]

    async def worker(number: int, session: aiohttp.ClientSession) -> None:
        nonlocal remaining, problems
        conversation = 0
        while remaining > 0:
            sender = f"{tag}-{number}-{conversation}"
            for text in conversations[(number + conversation) % len(conversations)]:
                if remaining <= 0:
                    return
                remaining -= 1
                start = time.perf_counter()
                async with session.post(url, json={"sender": sender, "message": text}) as reply:
                    replies = await reply.json() if reply.status == 200 else None
                latencies.append(time.perf_counter() - start)
                if not replies or apology in json.dumps(replies):
                    problems += 1
            conversation += 1

    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        start = time.perf_counter()
        await asyncio.gather(*(worker(n, session) for n in range(senders)))
        wall = time.perf_counter() - start
    return {**latency_summary(latencies, wall), "senders": senders, "errors_or_empty": problems}


async def open_loop(
    url: str, conversations: list[list[str]], rate: float, seconds: float, tag: str, seed: int = 0
) -> dict[str, Any]:
    """Open-loop load: messages offered at `rate` per second for `seconds`.

    Each arrival is the next message of a conversation whose previous reply
    has come (oldest first), else the first message of a new sender's
    conversation, so the offered rate does not depend on how fast the bot is."""
    arrivals = random.Random(seed)
    latencies: list[float] = []
    errors = 0
    apology = load_profile().phrases["technical_problem"][:40]
    ready: list[tuple[str, list[str]]] = []  # (sender, messages still to send)
    started = 0

    async def send(session: aiohttp.ClientSession, sender: str, rest: list[str]) -> None:
        nonlocal errors
        start = time.perf_counter()
        try:
            message = {"sender": sender, "message": rest[0]}
            async with session.post(url, json=message) as reply:
                replies = await reply.json() if reply.status == 200 else None
        except (aiohttp.ClientError, asyncio.TimeoutError):
            replies = None
        latencies.append(time.perf_counter() - start)
        if not replies or apology in json.dumps(replies):
            errors += 1
        elif len(rest) > 1:
            ready.append((sender, rest[1:]))

    timeout = aiohttp.ClientTimeout(total=OPEN_LOOP_TIMEOUT)
    # no client-side cap on connections: a queue here would close the loop
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        tasks = []
        begin = time.perf_counter()
        due = begin
        while True:
            due += arrivals.expovariate(rate)
            if due - begin > seconds:
                break
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            if ready:
                sender, rest = ready.pop(0)
            else:
                sender = f"{tag}-{started}"
                rest = conversations[started % len(conversations)]
                started += 1
            tasks.append(asyncio.create_task(send(session, sender, rest)))
        offered_seconds = time.perf_counter() - begin
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - begin
    return {
        **latency_summary(latencies, wall),
        "offered_per_second": rate,
        "sent_per_second": len(tasks) / offered_seconds,
        "seconds": seconds,
        "conversations": started,
        "errors_or_empty": errors,
    }


async def long_conversation(url: str, texts: list[str], turns: int, window: int) -> dict[str, Any]:
    """Median ms of the first and the last `window` turns of one `turns`-turn chat.

    The last turns repeat the first turns' messages, so the two medians differ
    only by how long the conversation is, not by what was asked."""
    latencies: list[float] = []
    problems = 0
    said = [texts[turn % len(texts)] for turn in range(turns - window)] + texts[:window]
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        for text in said:
            start = time.perf_counter()
            message = {"sender": "long-chat", "message": text}
            async with session.post(url, json=message) as reply:
                problems += reply.status != 200 or not await reply.json()
            latencies.append((time.perf_counter() - start) * 1000)
    return {
        "turns": turns,
        "window": window,
        "errors_or_empty": problems,
        "first_ms": statistics.median(latencies[:window]),
        "last_ms": statistics.median(latencies[-window:]),
    }


def measure(
    name: str, url: str, process: subprocess.Popen[bytes], startup: float
) -> dict[str, Any]:
    conversations = CONVERSATIONS["moodbot" if name == "moodbot" else "this project"]
    asyncio.run(drive(url, conversations, 1, WARM_UP, f"warm-{name}"))
    levels = {}
    for senders, messages in LEVELS:
        print(f"[bench serving] {name}: {senders} senders x {messages} messages", flush=True)
        levels[str(senders)] = asyncio.run(
            drive(url, conversations, senders, messages, f"l{senders}")
        )
    print(f"[bench serving] {name}: one chat of {LONG_TURNS} turns", flush=True)
    texts = [text for conversation in conversations for text in conversation]
    long = asyncio.run(long_conversation(url, texts, LONG_TURNS, LONG_WINDOW))
    result: dict[str, Any] = {"levels": levels, "long": long}
    if name != "moodbot":
        offered: dict[str, Any] = {}
        for rate in OPEN_LOOP_RATES:
            print(f"[bench serving] {name}: open loop, {rate} msg/s offered", flush=True)
            offered[str(rate)] = asyncio.run(
                open_loop(url, conversations, rate, OPEN_LOOP_SECONDS, f"open{rate}")
            )
        result["open_loop"] = offered
    # the peak may come under the heaviest load, so memory is read last
    return {"startup_seconds": startup, **memory(process.pid), **result}


@contextmanager
def our_server(
    work: Path, env: dict[str, str], name: str
) -> Iterator[tuple[str, subprocess.Popen[bytes], float]]:
    """This project as `make run` starts it: action server, then the Rasa server.

    Yields the REST webhook URL, the Rasa process and its start-up seconds."""
    run = work / name.replace(" ", "-").replace(",", "")
    run.mkdir()
    actions_port, port = free_port(), free_port()
    endpoints = run / "endpoints.yml"
    endpoints.write_text(
        (ROOT / "endpoints.yml").read_text().replace("localhost:5055", f"127.0.0.1:{actions_port}")
    )
    # The long chat sends faster than a person types: no per-sender limit.
    ours_env = env | {"DB_NAME": str(run / "conversations.db"), "RATE_LIMIT_PER_MINUTE": "0"}
    actions = subprocess.Popen(
        [RASA, "run", "actions", "--actions", "actions", "--port", str(actions_port)],
        cwd=ROOT,
        env=ours_env,
        stdout=(run / "actions.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    try:
        # The action server is up before the clock starts.
        wait_until(
            answers(f"http://127.0.0.1:{actions_port}/health"), actions, run / "actions.log", 60
        )
        process, startup = start_and_time(
            [
                *(RASA, "run", "--model", "models/clinic.tar.gz", "--endpoints", str(endpoints)),
                *("--credentials", "credentials.yml", "--port", str(port)),
                *("--interface", "127.0.0.1"),
            ],
            ROOT,
            ours_env,
            url,
            run / "rasa.log",
        )
        try:
            yield url, process, startup
        finally:
            stop(process)
    finally:
        stop(actions)


@contextmanager
def our_deployment(
    work: Path, env: dict[str, str], name: str, instances: int
) -> Iterator[tuple[str, subprocess.Popen[bytes], float]]:
    """This project exactly as `make run` serves it (scripts/run.sh): the action
    server, `instances` Rasa instances behind nginx, Redis for the locks.

    Yields the REST webhook URL on nginx, the script's process and the seconds
    from its start to the first answer."""
    run = work / name.replace(" ", "-").replace(",", "").replace("(", "").replace(")", "")
    run.mkdir()
    port = free_port()
    run_env = env | {
        "RASA_INSTANCES": str(instances),
        "RASA_PORT": str(port),
        "ACTIONS_PORT": str(free_port()),
        "DEMO_PORT": str(free_port()),
        "HOST": "127.0.0.1",
        "MODEL": "models/clinic.tar.gz",
        "DB_NAME": str(run / "conversations.db"),
        "RATE_LIMIT_PER_MINUTE": "0",  # the long chat sends faster than a person types
    }
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    # stop() sends the script Ctrl-C, as in a terminal: its cleanup stops the rest.
    process, startup = start_and_time(["scripts/run.sh"], ROOT, run_env, url, run / "run.log")
    try:
        yield url, process, startup
    finally:
        stop(process)


def measure_ours(work: Path, env: dict[str, str], name: str) -> dict[str, Any]:
    with our_server(work, env, name) as (url, process, startup):
        return measure(name, url, process, startup)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="clinic-bench-serving-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    results: dict[str, Any] = {}
    try:
        print("[bench serving] training moodbot (rasa init)", flush=True)
        (work / "moodbot").mkdir()  # rasa init wants an existing folder
        start = time.perf_counter()
        subprocess.run(
            [RASA, "init", "--no-prompt", "--init-dir", str(work / "moodbot")],
            cwd=work,
            env=env,
            check=True,
            capture_output=True,
        )
        moodbot_training = time.perf_counter() - start

        port = free_port()
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        process, startup = start_and_time(
            [RASA, "run", "--model", "models", "--port", str(port), "--interface", "127.0.0.1"],
            work / "moodbot",
            env,
            url,
            work / "moodbot.log",
        )
        try:
            results["moodbot"] = measure("moodbot", url, process, startup)
            results["moodbot"]["train_seconds"] = moodbot_training
        finally:
            stop(process)

        results["this project"] = measure_ours(work, env, "this project")
        if shutil.which("nginx") and shutil.which("redis-server"):
            with our_deployment(work, env, DEPLOYMENT, DEPLOYMENT_INSTANCES) as started:
                results[DEPLOYMENT] = measure(DEPLOYMENT, *started)
        else:
            print("[bench serving] nginx or redis-server missing: make run's deployment skipped")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (OUT / "serving.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
