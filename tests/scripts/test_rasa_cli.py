"""`make run` and `make shell` start Rasa through scripts/rasa_cli.py: no deprecation notices."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The libraries that printed deprecation notices at every start-up.
NOISY_IMPORTS = "import rasa.core.tracker_store, sanic_cors, matplotlib.font_manager, typer"


def stderr_of(code: str) -> str:
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", "PYTHONPATH": str(ROOT)}
    env |= {"TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_stock_start_up_prints_deprecation_notices_despite_the_filter() -> None:
    # Sanic's import overrides PYTHONWARNINGS: the reason the wrapper exists.
    assert "DeprecationWarning" in stderr_of(f"import sanic; {NOISY_IMPORTS}")


def test_the_wrapper_keeps_start_up_quiet() -> None:
    assert "Warning" not in stderr_of(f"import scripts.rasa_cli; {NOISY_IMPORTS}")
