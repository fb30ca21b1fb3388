"""Serve the demo clinic page with the chat widget (what `make run` opens on port 8000).

Only the page, the widget loader, its stylesheet and the rasa-webchat bundle
are served, from a fixed list (no directory listing, no path from the URL
reaches the file system). The page is filled in from content/clinic.yml, and
its Content-Security-Policy lets scripts come only from here and connections
go only to the Rasa server.

    python scripts/serve_demo.py [--host 127.0.0.1] [--port 8000] [--rasa-url URL]

--rasa-url (env RASA_URL) defaults to port RASA_PORT (5005) on the host the browser used.
"""

from __future__ import annotations

import argparse
import html
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from clinic import content

ROOT = Path(__file__).resolve().parent.parent / "web"
FILES = {
    "/clinic-chat.js": (ROOT / "public" / "clinic-chat.js", "text/javascript; charset=utf-8"),
    "/clinic.css": (ROOT / "public" / "clinic.css", "text/css; charset=utf-8"),
    "/webchat.js": (ROOT / "vendor" / "webchat.js", "text/javascript; charset=utf-8"),
}
PAGE = ROOT / "public" / "index.html"


def render_page(template: str, fields: dict[str, str], rasa_url: str) -> str:
    """The demo page with `{{field}}` placeholders filled in, HTML-escaped."""
    values = {**fields, "rasa_url": rasa_url}
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", html.escape(str(value)))
    return template


def security_headers(rasa_url: str) -> dict[str, str]:
    parts = urlsplit(rasa_url)
    socket = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"
    policy = (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data:; font-src 'self' data:; connect-src {rasa_url} {socket}; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def make_handler(
    fields: dict[str, str], rasa_url: str | None, rasa_port: str = "5005"
) -> type[BaseHTTPRequestHandler]:
    class DemoHandler(BaseHTTPRequestHandler):
        server_version = "clinic-demo"

        def rasa_url(self) -> str:
            host = (self.headers.get("Host") or "127.0.0.1").rsplit(":", 1)[0]
            return rasa_url or f"http://{host}:{rasa_port}"

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path in ("/", "/index.html"):
                body = render_page(PAGE.read_text(), fields, self.rasa_url()).encode()
                self.reply(200, body, "text/html; charset=utf-8")
            elif path in FILES:
                file, content_type = FILES[path]
                self.reply(200, file.read_bytes(), content_type)
            else:
                self.reply(404, b"Not found", "text/plain; charset=utf-8")

        def reply(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            for name, value in security_headers(self.rasa_url()).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass  # the page has no patient data, but keep the console for the servers

    return DemoHandler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("DEMO_PORT", "8000")))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL") or None)
    args = parser.parse_args()
    missing = [str(file) for file, _ in FILES.values() if not file.exists()]
    if missing:
        raise SystemExit(f"serve_demo: missing {', '.join(missing)} (run `make install`)")
    fields = {key: str(value) for key, value in content.profile().fields.items()}
    handler = make_handler(fields, args.rasa_url, os.environ.get("RASA_PORT", "5005"))
    server = ThreadingHTTPServer((args.host, args.port), handler)
    print(f"Demo page with the chat widget: http://{args.host}:{args.port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
