"""A generated local-news site for the crawl benchmark: N article pages of 50-150 KB each.

Each page is a Danish article (kommuner, politicians with party letters, quotes, figures)
inside the weight of a real news page: navigation, teaser blocks, related articles, inline
styles and scripts, a footer. Pages are deterministic in their number, so every stage of the
benchmark sees the same bytes.
"""

from __future__ import annotations

import random
from functools import cache, lru_cache

KOMMUNER = [
    "Silkeborg",
    "Skanderborg",
    "Aarhus",
    "Favrskov",
    "Horsens",
    "Viborg",
    "Herning",
    "Randers",
    "Odder",
    "Syddjurs",
    "Norddjurs",
    "Vejle",
    "Odense",
    "Aalborg",
    "Esbjerg",
    "Roskilde",
]
PEOPLE = [
    ("Helle Brandt Kjær", "A"),
    ("Jens Ole Mikkelsen", "V"),
    ("Sara Lund Nørgaard", "SF"),
    ("Peter Friis Holm", "V"),
    ("Mette Vinther", "C"),
    ("Anders Bøgh Dalgaard", "Ø"),
    ("Lars Kragh Pedersen", "O"),
    ("Birgitte Skov", "B"),
    ("Karsten Ahl", "I"),
    ("Tina Rask Jepsen", "A"),
]
TOPICS = [
    "skolerne",
    "ældreplejen",
    "cykelstierne",
    "affaldsordningen",
    "dagtilbuddene",
    "busdriften",
    "klimaplanen",
    "budgettet",
    "vandforsyningen",
    "idrætshallerne",
]
SENTENCES = [
    "Byrådet i {k} Kommune har besluttet at bruge {m} mio. kr. på {t} i de kommende år.",
    "Udgifterne er steget med {p} pct. siden sidste år, viser kommunens egne tal.",
    "{k} ligger dermed som nummer {r} ud af 98 kommuner.",
    "»Vi er nødt til at prioritere {t}, og det koster penge,« siger {n} ({l}).",
    "– Det er en forkert beslutning, som borgerne kommer til at betale for, siger {n2} ({l2}).",
    "Ifølge forvaltningen vil en gennemsnitlig familie betale omkring {kr} kr. mere om året.",
    "”Vi har lyttet til borgerne, og nu handler vi,” siger {n} til avisen.",
    "Sagen skal endeligt behandles i byrådet i {md}.",
    "I alt {c} borgere har skrevet under på en protest mod planerne for {t}.",
    "Oppositionen i {k} Kommune vil have sagen sendt i høring igen.",
]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "august", "september", "oktober", "november"]


def article(number: int) -> tuple[str, str]:
    """(title, paragraphs as HTML) of article `number`."""
    rng = random.Random(number)
    k = rng.choice(KOMMUNER)
    t = rng.choice(TOPICS)
    (n, party), (n2, party2) = rng.sample(PEOPLE, 2)
    title = f"{k} Kommune vil bruge flere penge på {t}"
    paragraphs = []
    for _ in range(rng.randint(6, 12)):
        sentences = [
            rng.choice(SENTENCES).format(
                k=rng.choice(KOMMUNER) if rng.random() < 0.3 else k,
                t=t,
                n=n,
                l=party,
                n2=n2,
                l2=party2,
                m=rng.randint(2, 400),
                p=f"{rng.randint(1, 30)},{rng.randint(0, 9)}",
                r=rng.randint(1, 98),
                kr=f"{rng.randint(1, 60)}.{rng.randint(0, 999):03d}",
                md=rng.choice(MONTHS),
                c=f"{rng.randint(1, 9)}.{rng.randint(0, 999):03d}",
            )
            for _ in range(rng.randint(2, 4))
        ]
        paragraphs.append("<p>" + " ".join(sentences) + "</p>")
    return title, "\n".join(paragraphs)


@cache
def page(number: int, total: int) -> bytes:
    """The HTML bytes of page `number` (0-based) of a site with `total` pages."""
    rng = random.Random(10_000 + number)
    target = 50_000 + rng.randint(0, 100_000)
    title, body = article(number)
    nav = "".join(f'<li><a href="/bench/sektion/{i}.html">Sektion {i}</a></li>' for i in range(40))
    related = "".join(
        f'<li><a href="/bench/artikel/{(number + j) % total}.html">'
        f"{article((number + j) % total)[0]}</a></li>"
        for j in range(1, 9)
    )
    head = (
        f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="author" content="Benchmark Redaktion">'
        f'<meta property="article:published_time" '
        f'content="2026-0{1 + number % 9}-1{number % 10}T08:00:00+01:00">'
        f"<style>{'.c' * 1500}</style></head><body><header><nav><ul>{nav}</ul></nav></header>"
        f'<main><article><h1>{title}</h1><p class="byline">Af Benchmark Redaktion</p>{body}</article></main>'
        f'<aside class="related"><h2>Læs også</h2><ul>{related}</ul></aside><aside class="teasers">'
    )
    tail = "</aside><footer><p>Bench-avisen · Alle personer er opdigtede.</p></footer></body></html>"
    teasers = []
    size = len(head.encode()) + len(tail.encode())
    j = 0
    pool = _teasers()
    while size < target:
        link = f'<div class="teaser"><a href="/bench/artikel/{(number * 7 + j) % total}.html">'
        teaser = link + pool[(number * 13 + j) % len(pool)]
        teasers.append(teaser)
        size += len(teaser.encode())
        j += 1
    return (head + "".join(teasers) + tail).encode("utf-8")


@lru_cache(maxsize=1)
def _teasers() -> list[str]:
    """Teaser blocks (headline, lead, tracking script) that pad pages to their size."""
    blocks = []
    for j in range(300):
        t_title, t_body = article(1_000_000 + j)
        blocks.append(
            f"<h3>{t_title}</h3></a><p>{t_body[3:200]}…</p>"
            f"<script>var t{j} = {list(range(60))};</script></div>"
        )
    return blocks


def sitemap(total: int) -> bytes:
    rows = "".join(
        f"<url><loc>/bench/artikel/{i}.html</loc><lastmod>2026-03-01T00:00:00+00:00</lastmod></url>"
        for i in range(total)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{rows}</urlset>"
    ).encode()


def route(total: int):  # type: ignore[no-untyped-def]
    """A DemoServer route serving the generated site under /bench/."""

    def serve(path: str) -> tuple[int, dict[str, str], bytes] | None:
        if path == "/bench/sitemap.xml":
            return 200, {"Content-Type": "application/xml"}, sitemap(total)
        if path.startswith("/bench/artikel/") and path.endswith(".html"):
            number = path.removeprefix("/bench/artikel/").removesuffix(".html")
            if number.isdigit() and int(number) < total:
                return 200, {"Content-Type": "text/html; charset=utf-8"}, page(int(number), total)
        return None

    return serve
