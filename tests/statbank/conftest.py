"""A Statistikbanken stand-in on 127.0.0.1 serving the captured (and written) responses.

`statbank_server.answer(...)` sets what a table's tableinfo or data request gets (a fixture
file, an HTTP status, an HTML page); every request is recorded with its parsed JSON body, so
tests assert what the client sent. Nothing here reaches the internet.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
HTML_ERROR = b"<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>"


@dataclass
class Answer:
    body: bytes
    status: int = 200
    content_type: str = "text/json; charset=utf-8"


@dataclass
class StatbankServer:
    url: str
    answers: dict[tuple[str, str], Answer] = field(default_factory=dict)  # (kind, TABLE) -> answer
    requests: list[dict[str, Any]] = field(default_factory=list)

    def answer(
        self, kind: str, table: str, body: bytes | Path, *, status: int = 200, content_type: str = ""
    ) -> None:
        data = body.read_bytes() if isinstance(body, Path) else body
        guess = "text/csv; charset=utf-8" if data.startswith(b"\xef\xbb\xbf") else "text/json; charset=utf-8"
        self.answers[(kind, table.upper())] = Answer(data, status, content_type or guess)

    def tableinfo_fixtures(self) -> None:
        """Every written tableinfo fixture, as the answer to its table's tableinfo request."""
        for path in (FIXTURES / "tableinfo").glob("*_tableinfo_da.json"):
            self.answer("tableinfo", path.name.split("_")[0], path)


def _handler(server: StatbankServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep pytest output clean
            pass

        def _reply(self, kind: str, table: str) -> None:
            answer = server.answers.get(
                (kind, table.upper()), Answer(b'{"errorTypeCode":"TABLE-NOT-FOUND"}', 400)
            )
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            server.requests.append({"method": "GET", "path": url.path, "query": query})
            self._reply(url.path.rsplit("/", 1)[-1], query.get("id", ""))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            server.requests.append(
                {
                    "method": "POST",
                    "path": self.path,
                    "content_type": self.headers.get("Content-Type"),
                    "json": body,
                }
            )
            table = body.get("table", "") if isinstance(body, dict) else ""
            fmt = body.get("format", "") if isinstance(body, dict) else ""
            self._reply(f"data.{fmt}", table)

    return Handler


@pytest.fixture
def statbank_server() -> Iterator[StatbankServer]:
    state = StatbankServer(url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture
def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (a port bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
