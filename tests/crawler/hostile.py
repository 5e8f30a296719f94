"""A hostile HTTP server on 127.0.0.1 for crawler tests: the answers real sites give on bad days.

Each route is a function of the path that returns a `Reply`; a body may be bytes (sent with a
Content-Length) or an iterator of chunks (sent without one, the connection closed at the end, as
a streaming server does). Everything is bounded so a crawler bug cannot hang or fill the test
machine: a socket timeout per connection, a cap on the bytes of one answer and on the number of
requests served (after which every answer is 503 and `overflowed` is set).

The routes below model the classes of trouble from issue 17: pages that are temporarily down
(503), a sitemap index that lists itself, a sitemap index that fans out without end, a gzipped
sitemap that inflates far beyond the sitemaps.org limit, links longer than browsers accept,
Rich markup in a Content-Type, and a large page streamed without a Content-Length.
"""

from __future__ import annotations

import contextlib
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
MARKUP_CONTENT_TYPE = "text/[bold red]x[/bold red] [link=file:///etc/passwd]x[/] [/]"


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""


Route = Callable[[str], Reply | None]


class HostileServer:
    """`with HostileServer(routes) as server: server.url`; `server.hits[path]` counts requests."""

    def __init__(
        self,
        routes: dict[str, Route],
        *,
        max_requests: int = 5000,
        max_body_bytes: int = 64 * 1024 * 1024,
        socket_timeout: float = 20.0,
    ) -> None:
        self.routes = routes
        self.max_requests = max_requests
        self.max_body_bytes = max_body_bytes
        self.hits: Counter[str] = Counter()
        self.served = 0
        self.overflowed = False
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"site": self, "timeout": socket_timeout})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="hostile", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> HostileServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def reply(self, path: str) -> Reply:
        with self.lock:
            self.hits[path] += 1
            self.served += 1
            if self.served > self.max_requests:
                self.overflowed = True
                return Reply(503, {"Content-Type": HTML}, b"too many requests for a test")
        for prefix, route in self.routes.items():
            if path.startswith(prefix) and (answer := route(path)) is not None:
                return answer
        return Reply(404, {"Content-Type": HTML}, b"<html><body>ikke fundet</body></html>")


class _Handler(BaseHTTPRequestHandler):
    site: HostileServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        answer = self.site.reply(urlsplit(self.path).path)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, TimeoutError):
            if isinstance(answer.body, bytes):
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
                return
            self.send_header("Connection", "close")  # no length: the end of the body is the close
            self.end_headers()
            self.close_connection = True
            sent = 0
            for chunk in answer.body:
                sent += len(chunk)
                if sent > self.site.max_body_bytes:
                    break
                self.wfile.write(chunk)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


# --- building blocks -----------------------------------------------------------------------------


def article(title: str, sentences: int = 6) -> bytes:
    """A small Danish news page with enough main text for the extractor."""
    body = " ".join(
        f"{title}: Byrådet i Skanderborg Kommune drøftede sag nummer {i} på mødet i går aftes."
        for i in range(sentences)
    )
    return (
        f"<html><head><title>{escape(title)}</title></head><body><article><h1>{escape(title)}</h1>"
        f"<p>{escape(body)}</p></article></body></html>"
    ).encode()


def rss(links: Iterable[str]) -> bytes:
    items = "".join(f"<item><title>{escape(u)}</title><link>{escape(u)}</link></item>" for u in links)
    channel = f"<channel><title>t</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


def urlset(links: Iterable[str]) -> bytes:
    rows = "".join(f"<url><loc>{escape(u)}</loc></url>" for u in links)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'
    ).encode()


def sitemap_index(links: Iterable[str]) -> bytes:
    rows = "".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in links)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'
    ).encode()


def gzip_bomb(inflated_bytes: int) -> bytes:
    """A gzip member that inflates to `inflated_bytes` of XML-ish filler (about 1000:1), built a
    megabyte at a time so the test never holds the inflated size itself."""
    deflater = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip framing
    parts = [
        deflater.compress(
            b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        )
    ]
    block = b" " * (1024 * 1024)
    for _ in range(inflated_bytes // len(block)):
        parts.append(deflater.compress(block))
    parts.append(deflater.flush())
    return b"".join(parts)


def stream(total_bytes: int, chunk: bytes = b"<p>" + b"Fyld " * 2000 + b"</p>\n") -> Iterator[bytes]:
    """`total_bytes` of HTML in chunks, generated as it is sent (never held whole)."""
    yield b"<html><body>"
    sent = 0
    while sent < total_bytes:
        yield chunk
        sent += len(chunk)
    yield b"</body></html>"
