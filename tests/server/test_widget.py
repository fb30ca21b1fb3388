"""The website chat widget in a real browser: headless Debian Chromium driven by Playwright.

The demo page server and the Rasa server run on loopback; the browser opens
the page, opens the widget, asks a question, clicks a suggestion and checks
what a patient would see. A screenshot is saved to build/screenshots/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from clinic.profile import load_profile
from tests.server.conftest import ROOT, Bot, Servers, stop, wait_until_up

pytestmark = pytest.mark.server
PROFILE = load_profile()
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "build" / "screenshots"
# Flags for a closed network: no background calls to Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ANSWER_START = "Medical massage (also called clinical or therapeutic massage)"


@pytest.fixture(scope="module")
def demo_url(servers: Servers, bot: Bot) -> Iterator[str]:
    log = servers.workdir / "demo.log"
    rasa_url = f"http://127.0.0.1:{bot.rasa_port}"
    process = subprocess.Popen(
        [
            sys.executable,
            "scripts/serve_demo.py",
            "--port",
            str(servers.demo_port),
            "--rasa-url",
            rasa_url,
        ],
        cwd=ROOT,
        env=servers.env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{servers.demo_port}/"
    try:
        wait_until_up(url, process, log)
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def browser_page(demo_url: str) -> Iterator[tuple[Page, list[str], list[str]]]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `apt-get install chromium` (.ci/run installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        console_errors: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: console_errors.append(f"{message.type}: {message.text}"))
        page.goto(demo_url)
        yield page, requests, console_errors
        browser.close()


def bot_texts(page: Page) -> list[str]:
    return page.locator(".rw-response .rw-message-text").all_inner_texts()


def test_patient_chats_in_the_widget(browser_page: tuple[Page, list[str], list[str]]) -> None:
    page, requests, console_errors = browser_page
    expect(page).to_have_title(f"{PROFILE.fields['name']} – medical massage")
    page.locator("button.rw-launcher").click()
    expect(page.locator(".rw-response").first).to_be_visible(timeout=30_000)  # the greeting

    page.locator(".rw-new-message").fill("what is medical massage?")
    page.keyboard.press("Enter")
    answer = page.locator(".rw-response .rw-message-text", has_text=ANSWER_START)
    expect(answer).to_be_visible(timeout=30_000)
    # The disclaimer follows the first answer, once.
    expect(page.locator(".rw-response", has_text=PROFILE.phrases["disclaimer"])).to_have_count(1)
    shown = bot_texts(page)
    answer_at = next(i for i, text in enumerate(shown) if text.startswith(ANSWER_START))
    disclaimer_at = next(i for i, t in enumerate(shown) if PROFILE.phrases["disclaimer"] in t)
    assert answer_at < disclaimer_at, shown

    # The suggestion button under the answer books: its reply carries the link.
    page.locator(".rw-reply", has_text="Book online").last.click()
    link = page.locator("a.rw-reply", has_text="Book online")
    expect(link).to_be_visible(timeout=30_000)
    assert link.get_attribute("href", timeout=5_000).startswith(PROFILE.fields["booking_url"])
    assert "utm_medium=socketio" in (link.get_attribute("href") or "")
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in (link.get_attribute("rel") or "")

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget.png"))

    # Nothing was fetched from outside this machine, and the page's
    # Content-Security-Policy did not have to block anything the widget needs.
    assert all(url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:")) for url in requests)
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    assert not [e for e in console_errors if e.startswith("error")], console_errors


def test_typed_markup_is_shown_as_text_never_run(
    browser_page: tuple[Page, list[str], list[str]],
) -> None:
    page, _, _ = browser_page
    attack = '<img src=x onerror="window.__injected=1"><b>hi</b>'
    page.locator(".rw-new-message").fill(attack)
    page.keyboard.press("Enter")
    mine = page.locator(".rw-client .rw-message-text", has_text="onerror")
    expect(mine).to_have_text(attack)
    replies_before = len(bot_texts(page))
    for _ in range(60):  # the bot's reply to it has arrived (the page's CSP forbids eval)
        if len(bot_texts(page)) > replies_before:
            break
        page.wait_for_timeout(500)
    else:
        pytest.fail("no reply to the message with markup")
    assert page.evaluate("window.__injected") is None
    rendered = page.locator(".rw-messages-container img[src='x'], .rw-messages-container b")
    assert rendered.count() == 0


def test_history_lives_in_session_storage_only(
    browser_page: tuple[Page, list[str], list[str]],
) -> None:
    page, _, _ = browser_page
    stored = json.loads(page.evaluate("sessionStorage.getItem('chat_session')"))
    assert stored["session_id"] and stored["conversation"]
    assert page.evaluate("localStorage.length") == 0


def socket_handshake(bot: Bot, origin: str) -> int:
    url = f"http://127.0.0.1:{bot.rasa_port}/socket.io/?EIO=4&transport=polling"
    request = urllib.request.Request(url, headers={"Origin": origin})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_only_allowed_sites_may_connect(servers: Servers, bot: Bot) -> None:
    assert socket_handshake(bot, f"http://127.0.0.1:{servers.demo_port}") == 200
    assert socket_handshake(bot, "https://evil.example") == 400
    body = json.dumps({"sender": "cors", "message": "hi"}).encode()
    request = urllib.request.Request(
        bot.webhook,
        data=body,
        headers={"Content-Type": "application/json", "Origin": "https://evil.example"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
