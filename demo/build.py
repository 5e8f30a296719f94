# ruff: noqa: E501  (HTML templates read better unwrapped)
"""Render the demo site (demo/site/) from the texts in demo/src/.

Run once after editing the texts: `python -m demo.build`. The output, including the two
PDFs made with fpdf2, is committed so the demo and the tests never depend on this script.
Pages carry realistic boilerplate (navigation, teasers, related articles, comment forms) so
that main-text extraction has something to remove.
"""

from __future__ import annotations

import html
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
SRC = PACKAGE / "src"
SITE = PACKAGE / "site"
FONT_CANDIDATES = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]


def load(name: str) -> dict[str, Any]:
    with open(SRC / name, "rb") as fh:
        return tomllib.load(fh)


def paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in body.strip().split("\n\n") if p.strip()]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def danish_date(iso: str) -> str:
    months = [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ]
    d = datetime.fromisoformat(iso)
    return f"{d.day}. {months[d.month - 1]} {d.year} kl. {d:%H.%M}"


def rfc822(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%a, %d %b %Y %H:%M:%S +0100")


# --- newspaper ------------------------------------------------------------------------------

NAV = """<header class="top"><a class="logo" href="/avis/">Søhøjlandets Avis</a>
<nav><ul><li><a href="/avis/">Forside</a></li><li><a href="/avis/#lokalt">Lokalt</a></li>
<li><a href="/avis/#politik">Politik</a></li><li><a href="/avis/#sport">Sport</a></li>
<li><a href="/debat/">Debat</a></li><li><a href="/avis/#abonnement">Bliv abonnent</a></li></ul></nav>
<form class="search" action="/avis/soeg"><input name="q" placeholder="Søg"></form></header>"""

FOOTER = """<footer><p>Søhøjlandets Avis · Torvet 1 · 8600 Silkeborg · tlf. 86 00 00 00</p>
<p>Ansvarshavende chefredaktør: Karen Bjerre · <a href="/avis/#privatliv">Privatlivspolitik</a> ·
<a href="/avis/#cookies">Cookies</a></p><p>Alle personer i denne demo er opdigtede.</p></footer>"""


def article_page(a: dict[str, Any], others: list[dict[str, Any]], charset: str) -> str:
    related = "".join(
        f'<li><a href="/avis/artikler/{o["slug"]}.html">{esc(o["title"])}</a></li>' for o in others[:4]
    )
    teasers = "".join(
        f'<div class="teaser"><a href="/avis/artikler/{o["slug"]}.html"><h3>{esc(o["title"])}</h3></a>'
        f"<p>{esc(paragraphs(o['body'])[0][:120])} …</p></div>"
        for o in others[4:7]
    )
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs(a["body"]))
    return f"""<!DOCTYPE html>
<html lang="da"><head><meta charset="{charset}">
<title>{esc(a["title"])} | Søhøjlandets Avis</title>
<meta name="author" content="{esc(a["author"])}">
<meta property="og:title" content="{esc(a["title"])}">
<meta property="article:published_time" content="{a["date"]}+01:00">
<link rel="canonical" href="/avis/artikler/{a["slug"]}.html">
</head><body>
{NAV}
<div class="banner">Annonce: Forårsudsalg hos Gudenå Møbler – op til 40 pct. rabat</div>
<main><article>
<h1>{esc(a["title"])}</h1>
<p class="byline">Af <span class="author">{esc(a["author"])}</span> ·
<time datetime="{a["date"]}+01:00">{danish_date(a["date"])}</time></p>
<div class="article-body">
{body}
</div>
<p class="share">Del artiklen: <a href="#">Facebook</a> · <a href="#">LinkedIn</a> ·
<a href="/avis/print/{a["slug"]}.html">Printvenlig udgave</a></p>
</article></main>
<aside class="related"><h2>Læs også</h2><ul>{related}</ul></aside>
<aside class="teasers"><h2>Mest læste</h2>{teasers}</aside>
<div class="newsletter"><h2>Få nyhederne i din indbakke</h2><form action="/avis/nyhedsbrev" method="post">
<input name="email" placeholder="Din e-mail"><button>Tilmeld</button></form></div>
{FOOTER}
</body></html>
"""


def print_page(a: dict[str, Any]) -> str:
    """The same article under a second URL with other chrome: a duplicate by content."""
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs(a["body"]))
    return f"""<!DOCTYPE html>
<html lang="da"><head><meta charset="utf-8"><title>{esc(a["title"])} (print)</title>
<meta name="author" content="{esc(a["author"])}"></head><body>
<main><article><h1>{esc(a["title"])}</h1>
<p class="byline">Af {esc(a["author"])} · <time datetime="{a["date"]}+01:00">{danish_date(a["date"])}</time></p>
<div class="article-body">
{body}
</div></article></main>
<p class="print-footer">Udskrevet fra Søhøjlandets Avis.</p>
</body></html>
"""


def newspaper(articles: list[dict[str, Any]], headers: dict[str, str]) -> None:
    out = SITE / "avis"
    (out / "artikler").mkdir(parents=True, exist_ok=True)
    (out / "print").mkdir(parents=True, exist_ok=True)
    (out / "privat").mkdir(parents=True, exist_ok=True)
    newest = sorted(articles, key=lambda a: a["date"], reverse=True)
    for a in articles:
        others = [o for o in newest if o["slug"] != a["slug"]]
        charset = a.get("encoding", "utf-8")
        path = out / "artikler" / f"{a['slug']}.html"
        path.write_bytes(article_page(a, others, charset).encode(charset, errors="xmlcharrefreplace"))
        if charset != "utf-8":
            headers[f"/avis/artikler/{a['slug']}.html"] = f"text/html; charset={charset}"
    print_slug = newest[-1]["slug"]
    (out / "print" / f"{print_slug}.html").write_text(print_page(newest[-1]), encoding="utf-8")
    # A page cut off mid-way by a failed deploy: navigation only, no article.
    (out / "artikler" / "fejlside.html").write_text(
        f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Fejl</title></head><body>{NAV}'
        "<main><article><h1>Artiklen kunne ikke vises</h1><p>Prøv igen senere.</p>",
        encoding="utf-8",
    )
    (out / "privat" / "kladde.html").write_text(
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Kladde</title></head>'
        "<body><p>Ikke til offentliggørelse.</p></body></html>",
        encoding="utf-8",
    )
    items = "".join(
        f'<li><a href="/avis/artikler/{a["slug"]}.html">{esc(a["title"])}</a> '
        f"<small>{danish_date(a['date'])}</small></li>"
        for a in newest
    )
    (out / "index.html").write_text(
        f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Søhøjlandets Avis</title>'
        f'<link rel="alternate" type="application/rss+xml" href="/avis/rss.xml"></head><body>{NAV}'
        f"<main><h1>Seneste nyt</h1><ul>{items}</ul></main>{FOOTER}</body></html>",
        encoding="utf-8",
    )
    rss_items = "".join(
        f"<item><title>{esc(a['title'])}</title>"
        f"<link>/avis/artikler/{a['slug']}.html?utm_source=rss&amp;utm_medium=feed</link>"
        f'<guid isPermaLink="false">soehoejlandets-avis-{a["slug"]}</guid>'
        f"<pubDate>{rfc822(a['date'])}</pubDate><author>redaktion@example.dk ({esc(a['author'])})</author>"
        f"<description>{esc(paragraphs(a['body'])[0])}</description></item>\n"
        for a in newest[:10]
    )
    (out / "rss.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Søhøjlandets Avis</title><link>/avis/</link><description>Lokale nyheder fra Søhøjlandet"
        f"</description><language>da</language>\n{rss_items}</channel></rss>\n",
        encoding="utf-8",
    )
    urls = [(f"/avis/artikler/{a['slug']}.html", a["date"]) for a in newest]
    urls += [
        (f"/avis/print/{print_slug}.html", newest[-1]["date"]),
        ("/avis/artikler/fejlside.html", newest[0]["date"]),
    ]
    urls += [("/avis/privat/kladde.html", newest[0]["date"])]
    (out / "sitemap.xml").write_text(sitemap(urls), encoding="utf-8")


def sitemap(urls: list[tuple[str, str]]) -> str:
    # Relative <loc>s are resolved against the sitemap URL by the spider, so the committed
    # files work on any port of 127.0.0.1.
    rows = "".join(f"<url><loc>{u}</loc><lastmod>{d}+01:00</lastmod></url>\n" for u, d in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n'


# --- debate blog ----------------------------------------------------------------------------


def debate(posts: list[dict[str, Any]]) -> None:
    out = SITE / "debat"
    (out / "indlaeg").mkdir(parents=True, exist_ok=True)
    head = '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{title} – Borgerdebat Søhøjlandet</title>{meta}</head><body>'
    nav = (
        '<header><a href="/debat/">Borgerdebat Søhøjlandet</a> · <a href="/debat/">Alle indlæg</a> · '
        '<a href="/debat/#regler">Debatregler</a></header>'
    )
    for p in posts:
        body = "\n".join(f"<p>{esc(x)}</p>" for x in paragraphs(p["body"]))
        comments = "".join(
            f'<li class="comment"><p class="comment-author">Læser {i + 1}</p><p>{esc(c)}</p></li>'
            for i, c in enumerate(p.get("comments", []))
        )
        meta = (
            f'<meta name="author" content="{esc(p["author"])}">'
            f'<meta property="article:published_time" content="{p["date"]}+01:00">'
        )
        page = (
            head.format(title=esc(p["title"]), meta=meta)
            + nav
            + f'<main><article class="post"><h1>{esc(p["title"])}</h1>'
            f'<p class="byline">Debatindlæg af {esc(p["author"])} · <time datetime="{p["date"]}+01:00">'
            f'{danish_date(p["date"])}</time></p><div class="entry">{body}</div></article>'
            f'<section id="kommentarer" class="comments"><h2>Kommentarer</h2><ul>{comments}</ul>'
            '<form class="comment-form" method="post" action="/debat/kommentar">'
            f'<input type="hidden" name="indlaeg" value="{p["slug"]}">'
            '<label>Navn <input name="navn" required></label>'
            '<label>Kommentar <textarea name="tekst" required></textarea></label>'
            "<button>Send kommentar</button></form></section></main>"
            "<footer>Indlæg udtrykker skribentens holdning. Alle personer er opdigtede.</footer></body></html>"
        )
        (out / "indlaeg" / f"{p['slug']}.html").write_text(page, encoding="utf-8")
    pages = [posts[:3], posts[3:]]
    for number, chunk in enumerate(pages, start=1):
        items = "".join(
            f'<li><a href="/debat/indlaeg/{p["slug"]}.html">{esc(p["title"])}</a></li>' for p in chunk
        )
        pager = (
            '<a rel="next" href="/debat/side-2.html">Ældre indlæg</a>'
            if number == 1
            else '<a href="/debat/">Nyere indlæg</a>'
        )
        name = "index.html" if number == 1 else f"side-{number}.html"
        (out / name).write_text(
            head.format(title="Indlæg", meta="")
            + nav
            + f"<main><ul>{items}</ul>{pager}</main></body></html>",
            encoding="utf-8",
        )


# --- agenda portal --------------------------------------------------------------------------


def agenda(meetings: list[dict[str, Any]]) -> None:
    root = SITE / "dagsordenportal"
    by_kommune: dict[str, list[dict[str, Any]]] = {}
    for m in meetings:
        by_kommune.setdefault(m["kommune"], []).append(m)
    for kommune, rows in by_kommune.items():
        out = root / kommune
        (out / "moede").mkdir(parents=True, exist_ok=True)
        (out / "filer").mkdir(parents=True, exist_ok=True)
        name = rows[0]["kommune_name"]
        for m in rows:
            (out / "moede" / f"{m['slug']}.html").write_text(meeting_page(m), encoding="utf-8")
            if m["format"] == "pdf":
                text_pdf(m, out / "filer" / f"{m['slug']}-referat.pdf")
            elif m["format"] == "scan":
                scanned_pdf(out / "filer" / f"{m['slug']}-referat-scan.pdf")
        last_page = max(m["page"] for m in rows)
        for number in range(1, last_page + 1):
            links = "".join(
                f'<li><a class="moede" href="/dagsordenportal/{kommune}/moede/{m["slug"]}.html">'
                f"{esc(m['committee'])} – {danish_date(m['date'])}</a></li>"
                for m in rows
                if m["page"] == number
            )
            pager = (
                f'<a rel="next" href="/dagsordenportal/{kommune}/side-{number + 1}.html">Næste side</a>'
                if number < last_page
                else ""
            )
            page_name = "index.html" if number == 1 else f"side-{number}.html"
            (out / page_name).write_text(
                f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Dagsordener og referater – {esc(name)}</title></head>'
                f"<body><header>{esc(name)} · Dagsordener og referater</header><main><h1>Møder</h1><ul>{links}</ul>{pager}</main></body></html>",
                encoding="utf-8",
            )


def meeting_page(m: dict[str, Any]) -> str:
    kommune = m["kommune"]
    items = (
        "".join(
            f'<section class="dagsordenpunkt"><h2>{i + 1}. {esc(title)}</h2><h3>Beslutning</h3><p>{esc(" ".join(text.split()))}</p></section>'
            for i, (title, text) in enumerate(m["items"])
        )
        if m["format"] == "html"
        else ""
    )
    suffix = "-referat-scan.pdf" if m["format"] == "scan" else "-referat.pdf"
    files = (
        f'<p><a class="referat-fil" href="/dagsordenportal/{kommune}/filer/{m["slug"]}{suffix}">Hent referat (PDF)</a></p>'
        if m["format"] in ("pdf", "scan")
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Referat: {esc(m["committee"])} '
        f"{m['date'][:10]} – {esc(m['kommune_name'])}</title></head><body>"
        f'<header>{esc(m["kommune_name"])} · Dagsordener og referater · <a href="/dagsordenportal/{kommune}/">Alle møder</a></header>'
        f"<main><h1>Referat – {esc(m['committee'])}, {esc(m['kommune_name'])}</h1>"
        f'<p class="moededato">Mødedato: <time datetime="{m["date"]}">{danish_date(m["date"])}</time></p>'
        + "".join(f'<p class="deltagere">{esc(line)}</p>' for line in member_lines(m))
        + f"{items}{files}</main><footer>Udgivet via dagsordenportalen</footer></body></html>"
    )


def member_lines(m: dict[str, Any]) -> list[str]:
    """The minutes' member lists ("Til stede: ...", "Fraværende: ..."), one line each."""
    lists = (("present", "Til stede"), ("absent", "Fraværende"))
    return [f"{label}: {m[key]}" for key, label in lists if m.get(key)]


def _pdf() -> Any:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2026, 3, 25, 9, 0))
    return pdf


def text_pdf(m: dict[str, Any], path: Path) -> None:
    pdf = _pdf()
    font = next((p for p in FONT_CANDIDATES if p.exists()), None)
    if font is None:
        raise SystemExit("DejaVuSans.ttf is needed for æøå in the PDF (apt-get install fonts-dejavu-core)")
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_title(f"Referat {m['committee']} {m['date'][:10]}")
    pdf.set_author(m["kommune_name"])
    pdf.add_page()
    pdf.set_font("DejaVu", size=15)
    pdf.multi_cell(0, 8, f"Referat – {m['committee']}, {m['kommune_name']}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, f"Mødedato: {danish_date(m['date'])}", new_x="LMARGIN", new_y="NEXT")
    for line in member_lines(m):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    for i, (title, text) in enumerate(m["items"]):
        pdf.ln(4)
        pdf.set_font("DejaVu", size=12)
        pdf.multi_cell(0, 7, f"{i + 1}. {title}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=11)
        pdf.multi_cell(0, 6, " ".join(text.split()), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def scanned_pdf(path: Path) -> None:
    """A 'scan': grey lines where text would be, and no text layer at all."""
    pdf = _pdf()
    pdf.set_title("Scannet referat")
    pdf.add_page()
    pdf.set_fill_color(90, 90, 90)
    y = 30.0
    for i in range(28):
        pdf.rect(20, y, 170 - (i * 37 % 60), 2.2, style="F")
        y += 8
    pdf.output(str(path))


# --- site root ------------------------------------------------------------------------------


def main() -> None:
    SITE.mkdir(exist_ok=True)
    headers: dict[str, str] = {}
    newspaper(load("avis.toml")["article"], headers)
    debate(load("debat.toml")["post"])
    agenda(load("dagsordener.toml")["meeting"])
    (SITE / "robots.txt").write_text("User-agent: *\nDisallow: /avis/privat/\n", encoding="utf-8")
    (SITE / "index.html").write_text(
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Kommunevagt demo</title></head><body>'
        '<h1>Kommunevagt demo-site</h1><ul><li><a href="/avis/">Søhøjlandets Avis</a></li>'
        '<li><a href="/debat/">Borgerdebat Søhøjlandet</a></li>'
        '<li><a href="/dagsordenportal/silkeborg/">Dagsordener, Silkeborg Kommune</a></li>'
        '<li><a href="/dagsordenportal/skanderborg/">Dagsordener, Skanderborg Kommune</a></li></ul></body></html>',
        encoding="utf-8",
    )
    lines = "".join(f'"{path}" = "{value}"\n' for path, value in sorted(headers.items()))
    (SITE / "_headers.toml").write_text(
        "# Content-Type overrides the demo server sends (path = value).\n" + lines, encoding="utf-8"
    )


if __name__ == "__main__":
    main()
