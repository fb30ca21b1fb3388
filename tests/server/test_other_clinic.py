"""Another clinic's profile (CLINIC_PROFILE) reaches every place a patient sees.

Both servers and the demo page run on a copy of the profile with another
clinic's name, phone, e-mail, address and booking page; the example clinic's
must appear nowhere: not in answers, not in the apology when the action server
is down, not on the demo page.
"""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic.profile import load_profile
from scripts.processes import free_port, stop
from tests.server.conftest import BIN, ROOT, Bot, Servers

pytestmark = pytest.mark.server
EXAMPLE = load_profile()
OTHER = {
    "name": "Harbour Light Physio",
    "phone": "(516) 555-0199",
    "email": "front-desk@harbour-light.example",
    "address": "9 Quay Road, Oyster Bay, NY 11771",
    "booking_url": "https://harbour-light.example/book",
    "booking_service_url": "https://harbour-light.example/book?service={service}",
}
EXAMPLE_MARKS = ["Bayberry", "bayberry", EXAMPLE.fields["phone"], "Example Lane"]


def other_profile(directory: Path) -> Path:
    text = (ROOT / "content" / "clinic.yml").read_text()
    for field, value in OTHER.items():
        text = text.replace(str(EXAMPLE.fields[field]), value)
    path = directory / "other-clinic.yml"
    path.write_text(text)
    assert load_profile(path).fields["name"] == OTHER["name"]
    return path


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Servers, Bot]]:
    workdir = tmp_path_factory.mktemp("other-clinic")
    servers = Servers(workdir, extra_env={"CLINIC_PROFILE": str(other_profile(workdir))})
    try:
        servers.start_actions()
        yield servers, servers.start_rasa()
    finally:
        servers.stop_all()


def texts(replies: list[dict]) -> str:
    return " ".join([r.get("text", "") for r in replies] + [str(r.get("buttons")) for r in replies])


def assert_no_example_clinic(text: str) -> None:
    assert [mark for mark in EXAMPLE_MARKS if mark in text] == []


def test_answers_and_booking_links_are_the_other_clinics(other: tuple[Servers, Bot]) -> None:
    _, bot = other
    seen = ""
    for message in ["where are you located?", "how do I contact someone?", "/book", "hi"]:
        seen += texts(bot.say("other-clinic", message))
    assert OTHER["phone"] in seen and OTHER["booking_url"] in seen
    assert_no_example_clinic(seen)


def test_apology_when_the_action_server_is_down_is_the_other_clinics(
    other: tuple[Servers, Bot],
) -> None:
    servers, bot = other
    stop(servers.processes.pop(0))  # the action server
    reply = texts(bot.say("other-down", "how much does a session cost?"))
    assert OTHER["phone"] in reply
    assert_no_example_clinic(reply)


def test_demo_page_is_the_other_clinics(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "python"), "scripts/serve_demo.py", "--port", str(port)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "CLINIC_PROFILE": str(other_profile(tmp_path))},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        stop(process)
    assert OTHER["name"] in page
    assert_no_example_clinic(page)
