"""A generated set of wire-story variants and distinct same-topic articles, and what
`store.stories` makes of it: pair precision and recall, and the cost of dedup against the NLP.

Each *base* article takes a topic of `data/wire_topics.toml`, fills its slots at random (a real
kommune, invented people, numbers) and interleaves some of the topic's sentences with sentences of
real Danish text (UNER Danish-DDT's train and dev splits from ../shared, else the project's own
test sentences). Some bases are printed by several outlets as *wire variants*: another headline,
another byline, a local intro, paragraphs cut from the end or the middle, a closing paragraph
added, a few words changed. The other bases stand alone: they are *distinct articles on the same
topics*, the hard negatives (same templates, same kind of people and numbers, other facts).

The truth is the base each document comes from; a pair of documents is positive when both come
from one base. Printed figures: pair precision and recall of the stories the store assigns.
"""

from __future__ import annotations

import random
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path

TOPICS = Path(__file__).with_name("data") / "wire_topics.toml"
SEED = 20261202

GIVEN = [
    "Anne",
    "Mette",
    "Hans",
    "Jens",
    "Lars",
    "Karen",
    "Søren",
    "Inge",
    "Peter",
    "Helle",
    "Ole",
    "Birgitte",
    "Rasmus",
    "Camilla",
    "Mads",
    "Louise",
    "Niels",
    "Pia",
    "Henrik",
    "Lene",
]
SURNAMES = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Kjær",
    "Holm",
    "Dalgaard",
    "Brandt",
    "Friis",
]
PARTIES = ["A", "V", "C", "F", "Ø", "O", "B", "I", "D", "Æ", "M"]
PLACES = [
    "Hørning",
    "Galten",
    "Lystrup",
    "Gjern",
    "Ry",
    "Them",
    "Kjellerup",
    "Bjerringbro",
    "Tarm",
    "Vorbasse",
    "Ulfborg",
    "Hammel",
    "Gørding",
    "Brørup",
    "Nordby",
    "Toftlund",
    "Hadsund",
    "Rødding",
    "Vinderup",
]
OUTLETS = [
    "Ritzau",
    "Søhøjlandets Avis",
    "Midtjyllands Avis",
    "Vestkysten",
    "Fyens Stiftstidende",
    "TV2 Lorry",
    "Lokalavisen",
    "Dagbladet",
    "Jyske Vestkysten",
    "Sjællandske",
]
WORD_SWAPS = {
    "siger": "udtaler",
    "kalder": "betegner",
    "borgerne": "beboerne",
    "kommunen": "Kommunen",
    "mio.": "millioner",
    "pct.": "procent",
    "udvalget": "fagudvalget",
    "nye": "flere nye",
}


@dataclass(frozen=True)
class Article:
    base: int  # the base article it comes from: the truth
    text: str
    published_at: datetime
    variant: bool  # a wire variant (the base's own first print is False)


@dataclass
class _Base:
    topic: dict
    slots: dict[str, str]
    headline: str
    byline: str
    paragraphs: list[str]


def real_sentences() -> list[str]:
    """Sentences of real Danish text (of six words or more) to stand between the template ones."""
    from bench.nlp_speed import danish_sentences

    return [s for s in danish_sentences() if len(s.split()) >= 6]


def _kommuner() -> list[str]:
    from core.refdata import load_kommuner

    return [k.name for k in load_kommuner()]


def _slots(rng: random.Random, kommuner: list[str]) -> dict[str, str]:
    def person() -> str:
        middle = rng.choice(GIVEN) + " " if rng.random() < 0.3 else ""
        return f"{rng.choice(GIVEN)} {middle}{rng.choice(SURNAMES)}"

    pct = rng.randint(1, 60) / 10
    return {
        "kommune": rng.choice(kommuner),
        "person": person(),
        "person2": person(),
        "party": rng.choice(PARTIES),
        "party2": rng.choice(PARTIES),
        "n": str(rng.randint(12, 2400)),
        "m": str(rng.randint(3, 900)),
        "pct": f"{pct:.1f}".replace(".", ","),
        "pct2": f"{pct + rng.randint(1, 20) / 10:.1f}".replace(".", ","),
        "mio": str(rng.randint(2, 400)),
        "year": str(rng.randint(2024, 2030)),
        "place": rng.choice(PLACES),
    }


def _base(rng: random.Random, topic: dict, kommuner: list[str], real: list[str]) -> _Base:
    slots = _slots(rng, kommuner)
    chosen = rng.sample(topic["sentences"], rng.randint(5, 7))
    sentences = [s.format(**slots) for s in chosen] + rng.sample(real, rng.randint(6, 10))
    rng.shuffle(sentences)
    sentences.insert(0, chosen[0].format(**slots))  # the lead stays a topic sentence
    sentences = list(dict.fromkeys(sentences))
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.choice((1, 1, 2))
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    return _Base(
        topic=topic,
        slots=slots,
        headline=rng.choice(topic["headlines"]).format(**slots),
        byline=f"Af {slots['person2'].split()[0]} {rng.choice(SURNAMES)}, Ritzau",
        paragraphs=paragraphs,
    )


def _render(headline: str, byline: str | None, paragraphs: Iterable[str]) -> str:
    head = [headline] + ([byline] if byline else [])
    return "\n\n".join([*head, *paragraphs]) + "\n"


def _variant(rng: random.Random, base: _Base, real: list[str]) -> str:
    """One outlet's print of the base: two to four edits of the kinds outlets make."""
    headline, paragraphs = base.headline, list(base.paragraphs)
    byline: str | None = base.byline
    edits = rng.sample(
        ["headline", "byline", "intro", "cut_end", "cut_middle", "closing", "words"], rng.randint(2, 4)
    )
    if "headline" in edits:
        others = [h for h in base.topic["headlines"] if h.format(**base.slots) != headline]
        headline = rng.choice(others).format(**base.slots)
    if "byline" in edits:
        byline = rng.choice(
            [None, f"Af {rng.choice(GIVEN)} {rng.choice(SURNAMES)}", f"/{rng.choice(OUTLETS)}/"]
        )
    if "intro" in edits:
        intro = f"Også i {rng.choice(PLACES)} følger man sagen tæt. {rng.choice(real)}"
        paragraphs.insert(0, intro)
    if "cut_end" in edits and len(paragraphs) > 6:
        paragraphs = paragraphs[: len(paragraphs) - rng.randint(1, 3)]
    if "cut_middle" in edits and len(paragraphs) > 6:
        del paragraphs[rng.randrange(2, len(paragraphs) - 1)]
    if "closing" in edits:
        paragraphs.append(f"{rng.choice(real)} Følg sagen på {rng.choice(OUTLETS)}.")
    if "words" in edits:
        paragraphs = [
            " ".join(WORD_SWAPS.get(w, w) if rng.random() < 0.5 else w for w in p.split()) for p in paragraphs
        ]
    return _render(headline, byline, paragraphs)


def generate(*, printed: int = 500, copies: int = 4, alone: int = 2000, seed: int = SEED) -> list[Article]:
    """`printed` bases with `copies` wire variants each, and `alone` distinct same-topic bases."""
    rng = random.Random(seed)
    topics = tomllib.loads(TOPICS.read_text(encoding="utf-8"))["topic"]
    kommuner, real = _kommuner(), real_sentences()
    start = datetime(2026, 1, 1, 6, tzinfo=UTC)
    articles: list[Article] = []
    for number in range(printed + alone):
        base = _base(rng, topics[number % len(topics)], kommuner, real)
        when = start + timedelta(hours=rng.randint(0, 24 * 300))
        articles.append(Article(number, _render(base.headline, base.byline, base.paragraphs), when, False))
        if number < printed:
            for _ in range(copies):
                later = when + timedelta(minutes=rng.randint(5, 60 * 48))
                articles.append(Article(number, _variant(rng, base, real), later, True))
    rng.shuffle(articles)
    return articles


def pair_scores(truth: list[int], predicted: list[int]) -> tuple[float, float, int, int]:
    """Pair precision and recall of a clustering, and the numbers of true and predicted pairs."""
    true_pairs = _pairs(truth)
    pred_pairs = _pairs(predicted)
    both = len(true_pairs & pred_pairs)
    precision = both / len(pred_pairs) if pred_pairs else 1.0
    recall = both / len(true_pairs) if true_pairs else 1.0
    return precision, recall, len(true_pairs), len(pred_pairs)


def _pairs(labels: list[int]) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(label, []).append(index)
    return {pair for members in groups.values() for pair in combinations(members, 2)}


def describe(articles: list[Article]) -> str:
    variants = sum(a.variant for a in articles)
    bases = Counter(a.base for a in articles)
    alone = sum(1 for n in bases.values() if n == 1)
    return f"{len(articles)} documents: {variants} wire variants, {alone} distinct same-topic articles"


@dataclass(frozen=True)
class StoreRun:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int
    dedup_seconds_per_document: float  # CPU time of fingerprint + candidate look-up + story write


def run_through_store(url: str, articles: list[Article]) -> StoreRun:
    """Store every article as a document (in order) and let `store.stories` assign its story."""
    import time

    from store import crud, db
    from store.models import Document
    from store.stories import assign_story

    engine = db.get_engine(url)
    dedup = 0.0
    stories: list[int] = []
    for first in range(0, len(articles), 500):  # one transaction per 500 documents: no fsync each
        with db.session_scope(engine, write=True) as session:
            for number, article in enumerate(articles[first : first + 500], start=first):
                document, _ = crud.upsert_document(
                    session=session,
                    document=Document(
                        url=f"https://wire.example/{number}", canonical_url=f"https://wire.example/{number}",
                        published_at=article.published_at, fetched_at=article.published_at, kind="news",
                        text=article.text, content_hash=f"{number:064x}",
                    ),
                )  # fmt: skip
                started = time.process_time()
                stories.append(assign_story(session=session, document=document, new=True))
                dedup += time.process_time() - started
    precision, recall, true_pairs, predicted_pairs = pair_scores([a.base for a in articles], stories)
    return StoreRun(precision, recall, true_pairs, predicted_pairs, dedup / max(1, len(articles)))


def run() -> None:
    """`kommunevagt bench stories`: quality of the story grouping and its cost against the NLP.

    Both costs are CPU time per document on the same generated documents in the same run: the NLP
    (`extract_many`, serial) and the dedup (fingerprint, candidate look-up and story writes,
    through the store on a fresh SQLite file). Target: dedup <= 5% of the NLP.
    """
    import tempfile
    import time

    from nlp.pipeline import extract_many, get_nlp
    from store.db import dispose_engines
    from store.upgrade import upgrade

    articles = generate()
    print(describe(articles))
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/stories.sqlite"
        upgrade(url)
        store_run = run_through_store(url, articles)
        dispose_engines(url)
    print(
        f"pairs: precision {store_run.precision:.4f}, recall {store_run.recall:.4f} "
        f"({store_run.true_pairs} true pairs, {store_run.predicted_pairs} predicted; "
        "target >= 0.98 / >= 0.95)"
    )
    get_nlp()  # loaded before the clock starts
    sample = [a.text for a in articles[:1000]]
    started = time.process_time()
    for _ in extract_many(sample):
        pass
    nlp_per_doc = (time.process_time() - started) / len(sample)
    ratio = store_run.dedup_seconds_per_document / nlp_per_doc
    print(
        f"dedup {store_run.dedup_seconds_per_document * 1000:.2f} ms/doc, "
        f"NLP {nlp_per_doc * 1000:.2f} ms/doc "
        f"(CPU): dedup = {ratio:.1%} of the NLP (target <= 5%)"
    )
