import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest

from scripts.serve_demo import make_handler, render_page, security_headers

FIELDS = {"name": "Bayberry <Medical> Massage", "phone": "(631) 555-0142"}


def test_page_fields_are_filled_in_and_escaped() -> None:
    page = render_page("<h1>{{name}}</h1><p>{{phone}}</p>{{rasa_url}}", FIELDS, "http://h:5005")
    assert page == "<h1>Bayberry &lt;Medical&gt; Massage</h1><p>(631) 555-0142</p>http://h:5005"


def test_policy_allows_scripts_from_the_page_and_connections_to_rasa_only() -> None:
    policy = security_headers("https://chat.clinic.example")["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy
    assert "connect-src https://chat.clinic.example wss://chat.clinic.example;" in policy


@pytest.fixture
def demo() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(FIELDS, None, "5099"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_serves_the_page_pointed_at_rasa_on_the_same_host(demo: str) -> None:
    with urllib.request.urlopen(demo + "/") as response:
        page = response.read().decode()
        assert "nosniff" in response.headers["X-Content-Type-Options"]
    assert 'data-socket-url="http://127.0.0.1:5099"' in page
    assert "Bayberry &lt;Medical&gt; Massage" in page


@pytest.mark.parametrize("path", ["/../Makefile", "/public/index.html", "/vendor/VERSION", "/x"])
def test_serves_nothing_but_its_files(demo: str, path: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(demo + path)
    assert refused.value.code == 404
