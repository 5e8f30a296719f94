"""What the NLP worker runs: the model load and the analysis of a batch of texts.

Kept apart from the pipeline (crawler/pipelines/analyse.py) and free of Scrapy, because a
worker process imports the module of every function it is sent: from here it loads spaCy and
the store, not Scrapy and Twisted as well (about 50 MB less per worker; crawler/README.md has
the crawl's memory figures).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from core.politicians import RegistryEntry
from core.result import Extraction

log = logging.getLogger(__name__)


def analyse_texts(
    texts: list[str],
    batch_size: int,
    n_process: int = 1,
    published: list[datetime | None] | None = None,
    registry: Sequence[RegistryEntry] | None = None,
) -> list[Extraction]:
    """One Extraction per text, in order (runs on the NLP worker, `nlp.pipe` over the batch).
    `published`: each text's publication time, which dates the figures' periods ("sidste år")
    and the registry's seats. `registry`: the politician registry to resolve persons against
    (kommune, registry id, a party the text does not give); None: the text alone."""
    from nlp.pipeline import extract_many

    days = None if published is None else [moment.date() if moment else None for moment in published]
    return list(
        extract_many(texts, batch_size=batch_size, n_process=n_process, published=days, registry=registry)
    )


def stored_registry() -> list[RegistryEntry] | None:
    """The politician registry as stored now (imports and the member lists of stored minutes), or
    None when the database has none to give (not migrated yet, unreachable): the NLP then works
    from the text alone, as it always can."""
    from store import db
    from store.politicians import load_registry

    try:
        with db.session_scope(db.get_engine()) as session:
            return load_registry(session) or None
    except Exception as exc:  # the registry is knowledge, never a reason to stop analysing
        from crawler.signals import one_line  # imports Scrapy: only on this rare path

        log.warning("politician registry not read: %s", one_line(exc))
        return None


def load_model() -> None:
    """Load the NLP model (started when the spider opens, while the first pages download)."""
    from nlp.pipeline import get_nlp

    get_nlp()
