"""`make chat`: the replay script runs the sample conversations against the real model."""

from __future__ import annotations

import subprocess

import pytest

from tests.server.conftest import BIN, MODEL, ROOT, Servers

pytestmark = pytest.mark.server


def test_sample_conversations_replay_with_intents_actions_and_replies(servers: Servers) -> None:
    result = subprocess.run(
        [
            str(BIN / "python"),
            "scripts/replay_conversations.py",
            "tests/conversations/sample.txt",
            "--model",
            str(MODEL),
            "--actions-url",
            f"http://127.0.0.1:{servers.actions_port}/webhook",
        ],
        cwd=ROOT,
        env=servers.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert out.count("--- conversation") == 4
    assert "intent: ask_insurance" in out
    assert "entities: condition=tension_headache" in out
    assert "actions: action_answer_condition" in out
    assert "call 911" in out
    assert "bot: For tension headaches" in out  # the follow-up used the condition


def test_missing_file_is_a_clear_error() -> None:
    result = subprocess.run(
        [str(BIN / "python"), "scripts/replay_conversations.py", "no/such/file.txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "no such conversation file" in result.stderr
