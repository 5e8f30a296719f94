"""A small threaded HTTP server for the demo site on 127.0.0.1 (tests, `make demo`, the benchmark).

Static files come from demo/site with ETag and Last-Modified, and answer conditional
requests with 304, as a well-behaved news site does. Under /fejl/ it serves the broken inputs the
crawler must survive: a redirect loop, a 20 MB page, a page whose declared charset is wrong, an
empty PDF, a truncated feed and a sitemap listing them. `routes` adds generated pages (the
benchmark site). Run it by hand with `python -m demo.server --port 8765`.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import threading
import time
import tomllib
from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

DEMO_SITE = Path(__file__).resolve().parent / "site"
BIG_PAGE_BYTES = 20 * 1024 * 1024

# (status, headers, body)
Reply = tuple[int, dict[str, str], bytes]
Route = Callable[[str], Reply | None]

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
}


class DemoServer:
    """`with DemoServer() as server: server.url` serves the demo site on a free port."""

    def __init__(
        self,
        root: Path = DEMO_SITE,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        delay: float = 0.0,
        routes: dict[str, Route] | None = None,
    ) -> None:
        self.root = root.resolve()
        self.delay = delay
        self.routes = {"/fejl/": fault_route(self.root), **(routes or {})}
        self.overrides = _load_overrides(self.root)
        self.requests: list[tuple[str, int]] = []  # (path, status) served, for tests
        handler = type("Handler", (_Handler,), {"site": self})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> DemoServer:
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="demo-server", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()

    def reply(self, path: str) -> Reply:
        for prefix, route in self.routes.items():
            if path.startswith(prefix):
                answer = route(path)
                if answer is not None:
                    return answer
        return self.static(path)

    def static(self, path: str) -> Reply:
        file = (self.root / unquote(path).lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if not file.is_relative_to(self.root) or not file.is_file() or file.name.startswith("_"):
            return _not_found()
        body = file.read_bytes()
        content_type = self.overrides.get(path) or CONTENT_TYPES.get(file.suffix, "application/octet-stream")
        headers = {
            "Content-Type": content_type,
            "ETag": '"' + hashlib.sha1(body).hexdigest()[:20] + '"',
            "Last-Modified": formatdate(int(file.stat().st_mtime), usegmt=True),
        }
        return 200, headers, body


class _Handler(BaseHTTPRequestHandler):
    site: DemoServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def do_POST(self) -> None:  # noqa: N802
        """The debate blog's comment form: accepted and sent back to the post (not stored)."""
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(min(length, 1_000_000))
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", self.headers.get("Referer") or "/debat/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self, send_body: bool) -> None:
        if self.site.delay:
            time.sleep(self.site.delay)
        path = urlsplit(self.path).path
        status, headers, body = self.site.reply(path)
        if status == 200 and self._not_modified(headers):
            status, body = 304, b""
        self.site.requests.append((path, status))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body:
            # The crawler gives up on a too large body, as it should.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    def _not_modified(self, headers: dict[str, str]) -> bool:
        etag = headers.get("ETag")
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return bool(etag) and etag in [t.strip() for t in if_none_match.split(",")]
        since, modified = self.headers.get("If-Modified-Since"), headers.get("Last-Modified")
        if since and modified:
            try:
                return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: tests and the demo print their own progress."""


def _not_found() -> Reply:
    return (
        404,
        {"Content-Type": "text/html; charset=utf-8"},
        b"<html><body><h1>404 Ikke fundet</h1></body></html>",
    )


def _load_overrides(root: Path) -> dict[str, str]:
    path = root / "_headers.toml"
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        return {str(k): str(v) for k, v in tomllib.load(fh).items()}


def fault_route(root: Path) -> Route:
    """The broken inputs under /fejl/ (generated, so the repository holds no 20 MB file)."""
    html_type = "text/html; charset=utf-8"

    def route(path: str) -> Reply | None:
        name = path.removeprefix("/fejl/")
        if name == "omdirigering-a":
            return 302, {"Location": "/fejl/omdirigering-b"}, b""
        if name == "omdirigering-b":
            return 302, {"Location": "/fejl/omdirigering-a"}, b""
        if name == "kaempe.html":
            filler = ("<p>" + "Fyldtekst om ingenting. " * 40 + "</p>\n").encode()
            body = b"<html><body>" + filler * (BIG_PAGE_BYTES // len(filler) + 1) + b"</body></html>"
            return 200, {"Content-Type": html_type}, body
        if name == "forkert-tegnsaet.html":
            # Declared UTF-8 in the header, but the bytes are windows-1252.
            page = (root / "avis/artikler/skanderborg-ventelister-dagtilbud.html").read_text(encoding="utf-8")
            page = page.replace('<meta charset="utf-8">', "").replace("/avis/print/", "/fejl/print/")
            return 200, {"Content-Type": html_type}, page.encode("cp1252", errors="xmlcharrefreplace")
        if name == "tom.pdf":
            return 200, {"Content-Type": "application/pdf"}, b""
        if name == "afkortet-feed.xml":
            rss = (root / "avis/rss.xml").read_bytes()
            return 200, {"Content-Type": "application/rss+xml; charset=utf-8"}, rss[: int(len(rss) * 0.55)]
        if name == "sitemap.xml":
            locs = [
                "/fejl/omdirigering-a",
                "/fejl/kaempe.html",
                "/fejl/forkert-tegnsaet.html",
                "/fejl/tom.pdf",
                "/fejl/findes-ikke.html",
                "/avis/artikler/horsens-ledighed-falder.html",
            ]
            rows = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
            body = (
                '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">{rows}</urlset>'
            ).encode()
            return 200, {"Content-Type": "application/xml"}, body
        return None

    return route


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the Kommunevagt demo site.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each answer")
    args = parser.parse_args()
    with DemoServer(port=args.port, delay=args.delay) as server:
        print(f"demo site on {server.url}/  (Ctrl-C stops)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
