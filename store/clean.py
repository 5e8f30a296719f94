"""Text that a database refuses, made storable at the store boundary, with a note on the document.

PostgreSQL's text type cannot hold the NUL character, which SQLite stores without complaint, and
neither driver can encode a lone surrogate (what a broken decode leaves in a Python `str`) as
UTF-8. Without this step such a document is stored on one database and fails with a raw SQL
error on the other. So before a document is written, NULs are dropped and lone surrogates
become U+FFFD, in every text field of the document and of its analysis. Dropping a character
moves everything after it, so the analysis offsets are moved with it: a span still covers the
same words of the cleaned text. Person names too long for a unique index are left out the same
way. What was changed is recorded on the document (`status_reason`) and returned as notes for
the caller's report.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from core.result import Extraction
from store.models import Document

_SURROGATES = re.compile("[\ud800-\udfff]")
_OFFSET_FIELDS = ("start", "end", "sentence_start", "sentence_end")
_EXTRACTION_LISTS = tuple(f.name for f in dataclasses.fields(Extraction))
# Well under PostgreSQL's 2704-byte limit for a btree entry, which also holds a tuple header.
MAX_NAME_BYTES = 2000


@dataclass
class Repair:
    """What `clean_document` changed: NUL positions dropped from the text, and notes."""

    removed: list[int] = field(default_factory=list)  # ascending positions in the original text
    notes: list[str] = field(default_factory=list)

    def offset(self, original: int) -> int:
        """Where a position of the original text lies in the cleaned text."""
        return original - bisect_left(self.removed, original)


def has_refused(value: str) -> bool:
    """Whether `value` holds a NUL or a lone surrogate.

    Checked without a regular expression, which took milliseconds on a long article: `in` and
    `isascii` are C loops or flags, and only a lone surrogate makes UTF-8 encoding fail.
    """
    if "\x00" in value:
        return True
    if value.isascii():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def clean_text(value: str) -> str:
    """`value` without NULs and with every lone surrogate replaced by U+FFFD."""
    if not has_refused(value):
        return value
    return _SURROGATES.sub("\ufffd", value.replace("\x00", ""))


def clean_document(document: Document) -> Repair:
    """Clean every text field of `document` in place; the repair says what changed.

    Idempotent: a second call finds nothing and adds no note.
    """
    repair = Repair()
    nuls = surrogates = 0
    if has_refused(document.text):
        repair.removed = [match.start() for match in re.finditer("\x00", document.text)]
        nuls += len(repair.removed)
        surrogates += len(_SURROGATES.findall(document.text))
        document.text = clean_text(document.text)
    for name, value in _text_fields(document):
        if has_refused(value):
            nuls += value.count("\x00")
            surrogates += len(_SURROGATES.findall(value))
            setattr(document, name, clean_text(value))
    if nuls:
        repair.notes.append(f"{nuls} NUL character(s) removed (a database cannot store them)")
    if surrogates:
        repair.notes.append(f"{surrogates} undecodable character(s) replaced with U+FFFD")
    add_notes(document, repair.notes)
    return repair


def add_notes(document: Document, notes: list[str]) -> None:
    """Append `notes` to the document's status_reason, where its repairs are recorded."""
    if notes:
        document.status_reason = "; ".join([*filter(None, [document.status_reason]), *notes])


def drop_overlong_names(extraction: Extraction) -> tuple[Extraction, list[str]]:
    """`extraction` without person names too long to be a key, and a note if any were dropped.

    A person's name is the key of a unique index, and PostgreSQL refuses an index entry over
    2704 bytes. A "name" that long is a run of letters the NLP took for one, not a person, so
    its mentions are left out and it is no speaker, instead of the whole document failing.
    """
    speakers = [x.speaker for x in extraction.quotes if x.speaker]
    speakers += [x.speaker for x in extraction.claims if x.speaker]
    names = {p.name for p in extraction.persons} | set(speakers)
    too_long = {name for name in names if len(name.encode("utf-8")) > MAX_NAME_BYTES}
    if not too_long:
        return extraction, []
    kept = Extraction(
        kommuner=extraction.kommuner,
        regions=extraction.regions,
        persons=[p for p in extraction.persons if p.name not in too_long],
        statistics=extraction.statistics,
        quotes=[_no_speaker(q) if q.speaker in too_long else q for q in extraction.quotes],
        claims=[_no_speaker(c) if c.speaker in too_long else c for c in extraction.claims],
    )
    return kept, [f"{len(too_long)} person name(s) over {MAX_NAME_BYTES} bytes left out (not a name)"]


def clean_extraction(extraction: Extraction, repair: Repair | None = None) -> Extraction:
    """`extraction` with clean strings and, after `repair`, offsets into the cleaned text.

    Returns the same object when there is nothing to change (the usual case).
    """
    shift = repair is not None and bool(repair.removed)
    if not shift and not has_refused("".join(_strings(extraction))):
        return extraction
    return Extraction(
        **{name: [_clean_item(item, repair if shift else None) for item in getattr(extraction, name)]
           for name in _EXTRACTION_LISTS}
    )  # fmt: skip


def _no_speaker(item: Any) -> Any:
    return dataclasses.replace(item, speaker=None)


def _text_fields(document: Document) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name in Document.model_fields
        if name != "text" and isinstance(value := getattr(document, name), str)
    ]


def _strings(extraction: Extraction) -> Iterator[str]:
    for name in _EXTRACTION_LISTS:
        for item in getattr(extraction, name):
            for field_name in _field_names(type(item)):
                value = getattr(item, field_name)
                if isinstance(value, str):
                    yield value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _clean_item(item: Any, repair: Repair | None) -> Any:
    changes: dict[str, Any] = {}
    for name in _field_names(type(item)):
        value = getattr(item, name)
        if isinstance(value, str) and has_refused(value):
            changes[name] = clean_text(value)
        elif repair is not None and name in _OFFSET_FIELDS and isinstance(value, int):
            changes[name] = repair.offset(value)
    return dataclasses.replace(item, **changes) if changes else item
