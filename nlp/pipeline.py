"""Build the Kommunevagt spaCy pipeline and turn texts into `Extraction`s.

`build_nlp()` assembles `config.cfg` (rule components registered with `@Language.factory`,
the NER sourced from the trained weights in `nlp/ner_model`). `extract`/`extract_many` are
what the CLI, the crawler and `ingest` call: they clean the text (`textprep`), cut huge texts
into pieces, run `nlp.pipe` in batches (optionally in worker processes) and map every offset
back to the caller's original text.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from core.politicians import RegistryEntry
from core.result import Extraction
from nlp.extensions import PUBLISHED_KEY
from nlp.textprep import PreparedText, chunk_bounds, prepare

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
CONFIG_PATH = PACKAGE_DIR / "config.cfg"
NER_MODEL_PATH = PACKAGE_DIR / "ner_model"
# Pieces of this size keep the NER's memory small and pronoun/surname resolution intact for
# any realistic article or set of minutes; only megabyte inputs are cut.
MAX_CHUNK_CHARS = 100_000

# The politician registry of a run: rows from the store (`store.politicians.load_registry`) or
# a file (`kommunevagt extract --registry`); see `nlp.persons.registry`.
RegistryRows = Sequence[RegistryEntry]


def build_nlp(config_path: Path = CONFIG_PATH, *, ner_model: Path = NER_MODEL_PATH) -> Language:
    """Assemble the pipeline from its config; the trained NER is sourced from `ner_model`."""
    importlib.import_module("nlp.components")  # registers the factories
    importlib.import_module("nlp.tokenizer")  # registers the tokenizer

    config = spacy.util.load_config(config_path, interpolate=False)
    if (ner_model / "config.cfg").exists():
        config["paths"]["ner_model"] = str(ner_model)
    else:
        # A checkout without weights still runs the rule components; `make model` rebuilds them.
        log.warning("trained NER weights missing at %s (run `make model`); running without NER", ner_model)
        without = {"ner", "kv_entity_windows"}
        config["nlp"]["pipeline"] = [name for name in config["nlp"]["pipeline"] if name not in without]
        config["nlp"]["disabled"] = [name for name in config["nlp"]["disabled"] if name not in without]
        for name in without:
            del config["components"][name]
    pipeline = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    pipeline.max_length = MAX_CHUNK_CHARS * 2
    return pipeline


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """One pipeline per process: building it reads the data files and the NER weights."""
    return build_nlp()


def use_registry(nlp: Language, registry: RegistryRows | None) -> None:
    """Give the person component the politician registry for the texts that follow (None:
    resolve from the text alone). Runtime-only: a saved pipeline does not keep it."""
    if "kv_persons" in nlp.pipe_names:
        persons = nlp.get_pipe("kv_persons")
        setter = getattr(persons, "set_registry", None)
        if setter is not None:
            setter(registry)


def doc_to_extraction(doc: Doc) -> Extraction:
    """Read what the components stored on the Doc."""
    return Extraction(
        kommuner=list(doc._.kommuner or []),
        regions=list(doc._.regions or []),
        persons=list(doc._.persons or []),
        statistics=list(doc._.statistics or []),
        quotes=list(doc._.quotes or []),
        claims=list(doc._.claims or []),
    )


def extract(
    text: str,
    *,
    nlp: Language | None = None,
    published: date | None = None,
    registry: RegistryRows | None = None,
) -> Extraction:
    """Analyse one text (published: its publication date, for the periods of its figures and
    the registry's seats; registry: politicians to resolve persons against)."""
    return next(extract_many([text], nlp=nlp, published=[published], registry=registry))


def extract_many(
    texts: Iterable[str],
    *,
    batch_size: int = 32,
    n_process: int = 1,
    nlp: Language | None = None,
    published: Iterable[date | None] | None = None,
    registry: RegistryRows | None = None,
) -> Iterator[Extraction]:
    """Analyse texts in order; `n_process > 1` spreads batches over worker processes.

    `published`: each text's publication date (or None), in the same order; the figures'
    periods are relative to it ("sidste år"), and a text without one is dated by its dateline.
    `registry`: the politicians persons are resolved against (kommune, registry id, a party
    the text does not give); None resolves from the text alone. It is set on the pipeline for
    this run, so a later run without one does not keep it."""
    dated: Iterable[tuple[str, date | None]] = (
        ((text, None) for text in texts) if published is None else zip(texts, published, strict=True)
    )
    if n_process > 1:
        yield from _extract_parallel(dated, batch_size=batch_size, n_process=n_process, registry=registry)
        return
    pipeline = nlp or get_nlp()
    use_registry(pipeline, registry)
    yield from _extract_serial(pipeline, dated, batch_size=batch_size)


def _extract_serial(
    nlp: Language, texts: Iterable[tuple[str, date | None]], *, batch_size: int
) -> Iterator[Extraction]:
    iterator = iter(texts)
    while batch := list(islice(iterator, batch_size)):
        prepared = [prepare(text) for text, _ in batch]
        pieces: list[tuple[int, int, int]] = []  # (text index, start, end)
        for index, prep in enumerate(prepared):
            pieces.extend((index, start, end) for start, end in chunk_bounds(prep.text, MAX_CHUNK_CHARS))
        piece_docs = (
            _piece_doc(nlp, prepared[index].text[start:end], batch[index][1]) for index, start, end in pieces
        )
        results = [Extraction() for _ in batch]
        docs = nlp.pipe(piece_docs, batch_size=batch_size)
        for (index, start, _end), doc in zip(pieces, docs, strict=True):
            _append_shifted(results[index], doc_to_extraction(doc), start)
        for (original, _), prep, result in zip(batch, prepared, results, strict=True):
            yield _to_original(result, prep, original)


def _piece_doc(nlp: Language, text: str, published: date | None) -> Doc | str:
    """The text as a Doc carrying its publication date, or as plain text without one."""
    if published is None:
        return text
    doc = nlp.make_doc(text)
    doc.user_data[PUBLISHED_KEY] = published
    return doc


def _append_shifted(target: Extraction, piece: Extraction, offset: int) -> None:
    """Add one piece's findings to the document's, moving offsets by the piece's start."""
    first_statistic = len(target.statistics)
    for name in ("kommuner", "regions", "persons", "statistics", "quotes"):
        getattr(target, name).extend(_shift(item, offset) for item in getattr(piece, name))
    for claim in piece.claims:
        moved = _shift(claim, offset)
        target.claims.append(
            dataclasses.replace(moved, statistics=[first_statistic + i for i in claim.statistics])
        )


def _shift(item: Any, offset: int) -> Any:
    if offset == 0:
        return item
    changes = {"start": item.start + offset, "end": item.end + offset}
    if hasattr(item, "sentence_start"):
        changes["sentence_start"] = item.sentence_start + offset
        changes["sentence_end"] = item.sentence_end + offset
    return dataclasses.replace(item, **changes)


def _to_original(result: Extraction, prep: PreparedText, original: str) -> Extraction:
    """Map offsets (and quoted text) from the cleaned text back to the caller's text."""
    if prep.to_original is None and prep.text == original:
        return result

    def remap(item: Any) -> Any:
        start, end = prep.original_offset(item.start), prep.original_offset(item.end)
        changes: dict[str, Any] = {"start": start, "end": end, "text": original[start:end]}
        if hasattr(item, "sentence_start"):
            changes["sentence_start"] = prep.original_offset(item.sentence_start)
            changes["sentence_end"] = prep.original_offset(item.sentence_end)
        return dataclasses.replace(item, **changes)

    return Extraction(
        **{
            name: [remap(item) for item in getattr(result, name)]
            for name in ("kommuner", "regions", "persons", "statistics", "quotes", "claims")
        }
    )


# --- worker processes -----------------------------------------------------------------------

_worker_nlp: Language | None = None


def _init_worker(registry: RegistryRows | None = None) -> None:
    global _worker_nlp
    _worker_nlp = build_nlp()
    use_registry(_worker_nlp, registry)


def _extract_batch(batch: list[tuple[str, date | None]]) -> list[Extraction]:
    assert _worker_nlp is not None
    return list(_extract_serial(_worker_nlp, batch, batch_size=len(batch) or 1))


def _extract_parallel(
    texts: Iterable[tuple[str, date | None]],
    *,
    batch_size: int,
    n_process: int,
    registry: RegistryRows | None = None,
) -> Iterator[Extraction]:
    """Keep at most two batches per worker in flight so a long stream never sits in memory."""
    workers = min(n_process, os.cpu_count() or 1)
    iterator = iter(texts)
    in_flight: deque[Future[list[Extraction]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(list(registry or []),)
    ) as pool:
        while True:
            while len(in_flight) < 2 * workers and (batch := list(islice(iterator, batch_size))):
                in_flight.append(pool.submit(_extract_batch, batch))
            if not in_flight:
                return
            yield from in_flight.popleft().result()
