"""A FirstAgenda Publication stand-in on 127.0.0.1, serving the saved responses in fixtures/firstagenda.

As the real portal, the API answers 302 to a login page unless the cookie set by `GET /{kommune}/`
is sent. Each path prefix is one kommune: `hvidovre` (real trimmed responses), `skrevet` (written
in the documented shape) and the broken ones: `login` (302 even with the cookie), `fejl` (HTTP
500), `html` (an HTML page where JSON belongs), `skiftet` (the kommune moved to another system:
the API is gone, 404). `aaben` is an Åben Dagsorden installation (no cookie) whose search, like
a server that ignores the date window, answers every window with the same meetings. `kk` is
kk.dk's JSON:API (two pages of agenda elements, item pages), `kkloop` one whose next page is
itself, and `mplus` a Formpipe Meetings+ site (overview, meeting pages, item PDFs).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from demo.server import DEMO_SITE

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "firstagenda"
AABEN = Path(__file__).resolve().parent / "fixtures" / "aabendagsorden"
KK = Path(__file__).resolve().parent / "fixtures" / "kk"
MPLUS = Path(__file__).resolve().parent / "fixtures" / "meetingsplus"
PDF_TEXT = DEMO_SITE / "dagsordenportal/silkeborg/filer/2026-03-24-byraadet-referat.pdf"
PDF_SCAN = DEMO_SITE / "dagsordenportal/skanderborg/filer/2026-01-28-byraadet-referat-scan.pdf"
COOKIE = ".AspNet.Cookies"
JSON = "application/json; charset=utf-8"
HTML = "text/html; charset=utf-8"

LISTINGS = {"hvidovre": "udvalgsliste.json", "skrevet": "skrevet_udvalgsliste.json"}
AGENDAS = {
    "0cad2b4d-c4a2-4583-a053-60704b2da0e5": "dagsorden_0cad2b4d.json",
    "2b0c9d6e-1111-4a52-9d57-6c3f0e0a7b01": "skrevet_dagsorden.json",
}
PDFS = {
    "e4cc3c13-2dc0-484a-b2a4-207d0957f643": PDF_TEXT,
    "11827ea0-2858-4bfd-b008-9117d05f50c2": PDF_SCAN,
    "d0c5ca40-6666-4c3d-8e9f-0a1b2c3d4e5f": PDF_SCAN,
}
Reply = tuple[int, dict[str, str], bytes]


def answer(path: str, cookie: str, query: str = "", base: str = "") -> Reply:
    """The portal's reply to GET `path` with the request's Cookie header (`base`: this server)."""
    kommune, _, rest = path.strip("/").partition("/")
    if not kommune or path == "/robots.txt":
        return 404, {"Content-Type": HTML}, b"<h1>404</h1>"
    if kommune == "aaben":
        return aaben(rest)
    if kommune in ("kk", "kkloop"):
        return kk(kommune, rest, query, base)
    if kommune == "mplus":
        return mplus(rest)
    if kommune in ("dagsordener", "documents"):  # Meetings+ links from the site's root
        return mplus(f"{kommune}/{rest}")
    if rest == "":
        page = f"<html><body><div id='app'>Dagsordener og referater ({kommune})</div></body></html>"
        return (
            200,
            {"Content-Type": HTML, "Set-Cookie": f"{COOKIE}=anon-{kommune}; Path=/{kommune}/"},
            page.encode(),
        )
    if rest == "login":
        return 200, {"Content-Type": HTML}, b"<html><body><form>Log ind</form></body></html>"
    if rest.startswith("api/"):
        if f"{COOKIE}=anon-{kommune}" not in cookie or kommune == "login":
            return 302, {"Location": f"/{kommune}/login"}, b""
        return api(kommune, rest.removeprefix("api/agenda/"))
    if rest.startswith("Vis/Pdf/bilag/") and rest.rsplit("/", 1)[-1] in PDFS:
        return 200, {"Content-Type": "application/pdf"}, PDFS[rest.rsplit("/", 1)[-1]].read_bytes()
    return 404, {"Content-Type": HTML}, b"<h1>404</h1>"


def aaben(rest: str) -> Reply:
    if rest == "rest/meeting/search":
        return 200, {"Content-Type": JSON}, (AABEN / "search.json").read_bytes()
    if rest == "fragments/meeting/5123/view":
        return 200, {"Content-Type": HTML}, (AABEN / "meeting_5123.html").read_bytes()
    return 404, {"Content-Type": HTML}, b"<h1>404</h1>"


KK_PAGES = {
    "referat/oekonomiudvalget/": "referat_budget.html",
    "referat/borgerrepraesentationen/": "referat_skole.html",
    "dagsorden/teknik-og-miljoeudvalget/": "dagsorden_affald.html",
}


def kk(kommune: str, rest: str, query: str, base: str) -> Reply:
    if rest == "jsonapi/node/agenda_element":
        name = (
            "elements_loop.json"
            if kommune == "kkloop"
            else "elements_2.json"
            if "offset" in query
            else "elements_1.json"
        )
        body = (KK / name).read_text(encoding="utf-8").replace("{base}", base)
        return 200, {"Content-Type": "application/vnd.api+json"}, body.encode()
    for prefix, name in KK_PAGES.items():
        if rest.startswith(prefix):
            return 200, {"Content-Type": HTML}, (KK / name).read_bytes()
    return 404, {"Content-Type": HTML}, b"<h1>404</h1>"


def mplus(rest: str) -> Reply:
    if rest == "overview":
        return 200, {"Content-Type": HTML}, (MPLUS / "overview.html").read_bytes()
    if rest.startswith("dagsordener/") and rest.rsplit("/", 1)[-1] in ("4711", "4712"):
        return 200, {"Content-Type": HTML}, (MPLUS / f"meeting_{rest.rsplit('/', 1)[-1]}.html").read_bytes()
    pdfs = {"documents/4711/punkt-2.pdf": PDF_TEXT, "documents/4711/punkt-3-scan.pdf": PDF_SCAN}
    if rest in pdfs:
        return 200, {"Content-Type": "application/pdf"}, pdfs[rest].read_bytes()
    return 404, {"Content-Type": HTML}, b"<h1>404</h1>"


def api(kommune: str, call: str) -> Reply:
    if kommune == "fejl":
        return 500, {"Content-Type": HTML}, b"<h1>Server Error in '/' Application.</h1>"
    if kommune == "html":
        return (
            200,
            {"Content-Type": HTML},
            b"<!DOCTYPE html><html><body>Siden er under vedligeholdelse</body></html>",
        )
    if kommune == "skiftet":
        return 404, {"Content-Type": HTML}, b"<h1>404</h1>"
    if call == "udvalgsliste" and kommune in LISTINGS:
        return 200, {"Content-Type": JSON}, (FIXTURES / LISTINGS[kommune]).read_bytes()
    meeting = call.removeprefix("dagsorden/")
    if call.startswith("dagsorden/") and meeting in AGENDAS:
        return 200, {"Content-Type": JSON}, (FIXTURES / AGENDAS[meeting]).read_bytes()
    if call.startswith("dagsorden/"):
        return 500, {"Content-Type": HTML}, b"<h1>Server Error in '/' Application.</h1>"
    return 404, {"Content-Type": HTML}, b"<h1>404</h1>"


class FirstAgendaServer:
    """`with FirstAgendaServer() as server: server.url`; `server.requests` lists (path, status, cookie)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, int, bool]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                path = parts.path
                cookie = self.headers.get("Cookie") or ""
                base = f"http://{self.headers.get('Host') or '127.0.0.1'}"
                status, headers, body = answer(path, cookie, parts.query, base)
                site.requests.append((path, status, COOKIE in cookie))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="firstagenda", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FirstAgendaServer:
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
