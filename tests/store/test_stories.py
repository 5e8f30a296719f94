"""Near-duplicate stories (store/stories.py): the decision, the store path, and the target on a
generated set that the thresholds were not chosen on (another seed of bench/stories.py)."""

from __future__ import annotations

import hashlib
import os
import re
import struct
import subprocess
import sys
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from datasketch import MinHash
from sqlalchemy import select

from bench.stories import describe, generate, run_through_store
from core.result import Extraction
from store import crud
from store.db import get_engine, session_scope
from store.models import Document, Story
from store.stories import BANDS, NUM_PERM, ROWS, SEED, band_keys, fingerprint, same_story

PARAGRAPHS = [
    "Et flertal i Vejle Kommune har besluttet at lukke Bredsten Skole efter sommerferien.",
    "Skolen har i dag 87 elever, og forældrene har samlet 1.400 underskrifter mod lukningen.",
    "Formand for børne- og ungeudvalget Karen Holm (A) siger, at de små skoler mangler lærere.",
    "»Vi har ikke kunnet besætte tre stillinger siden januar,« siger Karen Holm.",
    "Venstre stemte imod og ville hellere spare på administrationen i rådhuset.",
    "Eleverne skal fremover gå på Give Skole, som ligger elleve kilometer fra Bredsten.",
    "Kommunen regner med at spare 4,2 mio. kr. om året på bygninger og ledelse.",
    "Der er borgermøde om sagen i Bredsten Hallen torsdag aften klokken 19.",
]
ORIGINAL = "Bredsten Skole lukker\n\nAf Mette Lund, Ritzau\n\n" + "\n\n".join(PARAGRAPHS)
# One outlet's print: its own headline and byline, a local intro, the last two paragraphs cut.
COPY = (
    "Skolen i Bredsten må lukke\n\nAf Ole Brandt\n\nOgså i Give følger forældrene sagen tæt.\n\n"
    + "\n\n".join(PARAGRAPHS[:-2])
)
# The same topic in another kommune: another article, not a copy.
OTHER = ORIGINAL.replace("Vejle", "Kolding").replace("Bredsten", "Sdr. Bjert").replace("87", "143")
OTHER = "\n\n".join(
    [
        "Skolelukning i Kolding\n\nAf Hans Friis",
        "Kolding Kommune vil samle skolerne i Sdr. Bjert og Vonsild på én matrikel fra 2027.",
        "Forslaget berører 143 elever, og skolebestyrelsen kalder det forhastet.",
        "»Vi har ikke kunnet besætte tre stillinger siden januar,« siger skoleleder Per Dam.",
        "Byrådet behandler sagen i april, efter en høring blandt forældrene.",
    ]
)


def test_a_cut_and_retitled_copy_is_the_same_story_and_another_article_is_not() -> None:
    assert same_story(fingerprint(ORIGINAL), fingerprint(COPY))
    assert not same_story(fingerprint(ORIGINAL), fingerprint(OTHER))
    assert not same_story(fingerprint(""), fingerprint(""))


def test_fingerprints_do_not_depend_on_the_process() -> None:
    """Band keys written by one worker must be found by another (Python's hash() is salted)."""
    script = (
        "import sys; from store.stories import band_keys as k, fingerprint as f; print(k(f(sys.argv[1])))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, ORIGINAL],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout  # fmt: skip
        for seed in ("1", "2")
    }
    assert outputs == {f"{band_keys(fingerprint(ORIGINAL))}\n"}


# Texts on which splitting at whitespace first (as `fingerprint` does) could part words other than
# `\\w+` does: punctuation glued to words, underscores, numbers with separators, no-break and other
# Unicode spaces, combining marks, digits and letters of other scripts, symbols, a lone word.
TRICKY = [
    "»Nej,« siger hun—og går. Budgettet (4,2 mio. kr.) er 1.400 kr./md. højere_end i fjor.",
    "snake_case __init__ a_b_c _ __ x_\u00a0y\u2003z\u202fw\ttab\nlinje\r\nslut",
    "İstanbul ÆBLE Øresund Straße ﬁne e\u0301 café ½ ² ① ٣ 三 한국어 😀 ★ a+b=c",
    "ét",
    "to ord",
]


def _reference_shingles(text: str) -> list[int]:
    """The documented shingle set, spelled out slowly: CRC-32 of each lower-cased `\\w+` word,
    each trigram folded as h1*0x9E3779B97F4A7C15 + h2*0xC2B2AE3D27D4EB4F + h3 (mod 2^64), low 32 bits."""
    words = [zlib.crc32(w.encode()) for w in re.findall(r"\w+", text.lower())]
    if len(words) >= 3:
        words = [
            (a * 0x9E3779B97F4A7C15 + b * 0xC2B2AE3D27D4EB4F + c) % 2**64 & 0xFFFFFFFF
            for a, b, c in zip(words, words[1:], words[2:], strict=False)
        ]
    return sorted(set(words))


@pytest.mark.parametrize("text", [ORIGINAL, COPY, OTHER, "", *TRICKY])
def test_fingerprints_and_band_keys_are_those_already_stored(text: str) -> None:
    """Signatures and band keys written by earlier versions stay valid: the fast path computes
    exactly datasketch's MinHash (seed 1, 64 permutations) of the documented shingles, and each band
    key is the BLAKE2b-64 of the band's number and its three minima."""
    shingles = _reference_shingles(text)
    reference = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)
    reference.update_batch(shingles)
    print_ = fingerprint(text)
    assert print_.signature.tolist() == reference.hashvalues.tolist()
    assert print_.shingle_count == len(shingles)
    data, width = print_.to_bytes(), 4 * ROWS
    assert band_keys(print_) == [
        struct.unpack(
            "<q", hashlib.blake2b(bytes([b]) + data[b * width : (b + 1) * width], digest_size=8).digest()
        )[0]
        for b in range(BANDS)
    ]


FETCHED = datetime(2026, 3, 3, tzinfo=UTC)


def _store(url: str, name: str, text: str, published: datetime | None) -> Document:
    with session_scope(get_engine(url), write=True) as session:
        document, _ = crud.store_analysed_document(
            session=session,
            document=Document(
                url=f"https://avis.example/{name}", canonical_url=f"https://avis.example/{name}",
                published_at=published, fetched_at=published or FETCHED, kind="news", text=text,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            ),
            extraction=Extraction(),
        )  # fmt: skip
        return document


def _stories(url: str) -> dict[int, tuple[int | None, int]]:
    with session_scope(get_engine(url)) as session:
        rows = session.execute(select(Story.id, Story.original_document_id, Story.document_count)).all()
        return {r[0]: (r[1], r[2]) for r in rows}


def test_store_groups_copies_and_the_earliest_print_is_the_original(migrated_database_url: str) -> None:
    url = migrated_database_url
    noon = datetime(2026, 3, 2, 12, tzinfo=UTC)
    copy = _store(url, "kopi", COPY, noon)
    other = _store(url, "andet", OTHER, noon)
    original = _store(url, "ritzau", ORIGINAL, noon - timedelta(hours=3))  # stored last, printed first
    assert copy.story_id == original.story_id != other.story_id
    stories = _stories(url)
    assert stories[original.story_id] == (original.id, 2)
    assert stories[other.story_id] == (other.id, 1)

    # The copy is rewritten into another article: it leaves the story, which shrinks.
    rewritten_text = OTHER.replace("Kolding", "Fredericia") + "\n\nNyt afsnit om noget helt andet."
    rewritten = _store(url, "kopi", rewritten_text, noon)
    assert rewritten.id == copy.id and rewritten.story_id != original.story_id
    assert _stories(url)[original.story_id] == (original.id, 1)


def test_the_original_stays_the_earliest_print_as_copies_arrive_in_any_order(
    migrated_database_url: str,
) -> None:
    """A story is kept up to date as copies join it (not recounted): its original is the earliest
    published copy, undated copies come last, ties go to the smaller id; a copy that leaves and
    rejoins (its text changed) is placed by the same rule."""
    url = migrated_database_url
    noon = datetime(2026, 3, 2, 12, tzinfo=UTC)
    arrivals = [
        ("a", None), ("b", None), ("c", noon), ("d", noon - timedelta(hours=1)),
        ("e", noon - timedelta(hours=1)), ("f", None), ("c", noon - timedelta(hours=1)),
    ]  # fmt: skip
    stored: dict[str, Document] = {}
    for number, (name, when) in enumerate(arrivals):
        stored[name] = _store(url, name, f"Udgave {number}\n\n{ORIGINAL}", when)
        assert len({d.story_id for d in stored.values()}) == 1
        first = min(stored.values(), key=lambda d: (d.published_at is None, d.published_at or noon, d.id))
        with session_scope(get_engine(url)) as session:
            story = session.get(Story, stored[name].story_id)
            assert story is not None
            assert (story.original_document_id, story.document_count) == (first.id, len(stored)), name
            assert story.first_published_at == first.published_at
    assert stored["c"].id < stored["d"].id  # the last arrival won the tie with "d" by its id


@pytest.mark.slow
def test_pair_precision_and_recall_on_unseen_generated_wire_variants(tmp_path, migrated_database_url) -> None:
    """Issue target: P >= 0.98, R >= 0.95 on >= 2,000 wire variants and >= 2,000 distinct same-topic
    articles, generated with a seed the thresholds were not chosen on."""
    if not migrated_database_url.startswith("sqlite"):
        pytest.skip("the quality figure is the same on both databases; SQLite is faster to fill")
    from bench.nlp_speed import SHARED_NER

    if not SHARED_NER.is_dir():  # the project's own few sentences make the distinct articles alike
        pytest.skip(f"the generated set needs UNER Danish-DDT's real sentences at {SHARED_NER}")
    articles = generate(seed=7)
    assert describe(articles) == "4500 documents: 2000 wire variants, 2000 distinct same-topic articles"
    run = run_through_store(migrated_database_url, articles)
    assert run.precision >= 0.98, run
    assert run.recall >= 0.95, run


def test_documents_stored_before_stories_existed_get_theirs(migrated_database_url: str) -> None:
    """Revision 0007 leaves older documents without a story; `assign_unassigned` gives them one."""
    from sqlalchemy import text

    from store.stories import assign_unassigned

    url = migrated_database_url
    noon = datetime(2026, 3, 2, 12, tzinfo=UTC)
    original = _store(url, "ritzau", ORIGINAL, noon - timedelta(hours=3))
    copy = _store(url, "kopi", COPY, noon)
    other = _store(url, "andet", OTHER, noon)
    with session_scope(get_engine(url), write=True) as session:
        for table in ("minhashband", "documentminhash", "story"):
            session.execute(text(f"DELETE FROM {table}"))
        session.execute(text("UPDATE document SET story_id = NULL"))
    with session_scope(get_engine(url), write=True) as session:
        assert assign_unassigned(session) == 3
    with session_scope(get_engine(url)) as session:
        story = {d.id: d.story_id for d in session.exec(select(Document)).scalars()}
    assert story[original.id] == story[copy.id] != story[other.id]
    assert _stories(url)[story[original.id]] == (original.id, 2)
