"""Near-duplicate stories (store/stories.py): the decision, the store path, and the target on a
generated set that the thresholds were not chosen on (another seed of bench/stories.py)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bench.stories import describe, generate, run_through_store
from core.result import Extraction
from store import crud
from store.db import get_engine, session_scope
from store.models import Document, Story
from store.stories import band_keys, fingerprint, same_story

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


def _store(url: str, name: str, text: str, published: datetime) -> Document:
    with session_scope(get_engine(url), write=True) as session:
        document, _ = crud.store_analysed_document(
            session=session,
            document=Document(
                url=f"https://avis.example/{name}", canonical_url=f"https://avis.example/{name}",
                published_at=published, fetched_at=published, kind="news", text=text,
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


@pytest.mark.slow
def test_pair_precision_and_recall_on_unseen_generated_wire_variants(tmp_path, migrated_database_url) -> None:
    """Issue target: P >= 0.98, R >= 0.95 on >= 2,000 wire variants and >= 2,000 distinct same-topic
    articles, generated with a seed the thresholds were not chosen on."""
    if not migrated_database_url.startswith("sqlite"):
        pytest.skip("the quality figure is the same on both databases; SQLite is faster to fill")
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
