"""A stand-in for the Telegram, Messenger and Twilio APIs on loopback.

The Rasa server under test is pointed at it (TELEGRAM_API_URL and friends),
so the outbound calls the bot makes are captured here and nothing leaves the
machine. It answers every call with a success in the shape the APIs use.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Call:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}


class PlatformAPI:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                url = urlsplit(self.path)
                with api._lock:
                    api.calls.append(Call(url.path, parse_qs(url.query), dict(self.headers), body))
                reply = json.dumps({"ok": True, "result": {}, "sid": "SM0"}).encode()
                self.send_response(201 if "/Messages.json" in url.path else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self, path_part: str) -> list[Call]:
        """The calls whose path contains `path_part`, removed from the record."""
        with self._lock:
            taken = [call for call in self.calls if path_part in call.path]
            self.calls = [call for call in self.calls if path_part not in call.path]
        return taken

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
