"""Near-duplicate documents grouped into stories: one wire story printed by ten outlets is one story.

Exact copies (same canonical URL or same content hash) never reach this module; the crawler drops
them. What is left are copies with small edits: another headline or byline, a local intro, dropped
or added paragraphs. They are found with MinHash (datasketch) over word shingles, and the index
is MinHash LSH kept in the store itself, so that any writer process on any machine sees it:

- each document keeps its signature (`NUM_PERM` 32-bit minima) and its shingle count;
- the signature is cut into `BANDS` bands of `ROWS` rows, each band hashed into one 64-bit key
  (`minhash_band`); two documents become candidates when they share a key, which is one indexed
  look-up per document, whatever the archive's size;
- a candidate is the same story when its estimated Jaccard similarity reaches `MIN_JACCARD`, or
  when the shorter text is almost wholly contained in the longer one (`MIN_CONTAINMENT`, derived
  from the Jaccard estimate and the two shingle counts), as when an outlet prints a wire story
  cut after its fifth paragraph.

The thresholds were chosen on `bench.stories`' generated set of wire variants against distinct
articles on the same topics (figures in the README). A story's original is its earliest
published document.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from datasketch import MinHash
from sqlalchemy import Integer, bindparam, column, text
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from store.models import Document
from store.types import UTCDateTime, as_utc

NUM_PERM = 64
BANDS = 21
ROWS = 3  # BANDS * ROWS = 63 of the 64 minima go into bands; all 64 into the Jaccard estimate
SHINGLE_WORDS = 3
MIN_JACCARD = 0.35
MIN_CONTAINMENT = 0.7
# Below this many shingles a text is too short to call a copy by containment (a two-line notice
# is "contained" in many articles); Jaccard alone decides.
MIN_SHINGLES_FOR_CONTAINMENT = 40
SEED = 1

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    """A text's MinHash signature and the number of distinct shingles it was made from."""

    signature: np.ndarray  # uint32, NUM_PERM
    shingle_count: int

    def to_bytes(self) -> bytes:
        return self.signature.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, shingle_count: int) -> Fingerprint:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32), shingle_count)


# Multipliers that fold three word hashes into one shingle hash (odd 64-bit constants; the
# products wrap around in uint64, which is deterministic).
_FOLD = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))
_LOW32 = np.uint64(0xFFFFFFFF)


class _TokenHashes(dict[str, bytes]):
    """The CRC-32s (packed little-endian uint32) of the words in each whitespace-separated token.

    Kept across documents: the same few thousand tokens make up most of any Danish text, and one
    dict look-up per token, with the packed values joined in C, costs a fraction of finding the
    words with a regular expression and hashing each again. A token is split into words exactly
    as `\\w+` splits the text (no word contains whitespace), so the hashes are the same.
    """

    def __missing__(self, token: str) -> bytes:
        value = b"".join(zlib.crc32(word.encode()).to_bytes(4, "little") for word in _WORD.findall(token))
        self[token] = value
        return value


_TOKEN_HASHES = _TokenHashes()
_MAX_TOKEN_HASHES = 250_000


def shingle_hashes(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of the text's lower-cased word trigrams, sorted.

    Words are `\\w+` runs, so punctuation and spacing changes do not count as edits. Trigrams are
    folded in numpy from word hashes (CRC-32: stable across processes, unlike Python's `hash`),
    which keeps the fingerprint a small part of the cost of analysing a document.
    """
    if len(_TOKEN_HASHES) >= _MAX_TOKEN_HASHES:
        _TOKEN_HASHES.clear()
    packed = b"".join(map(_TOKEN_HASHES.__getitem__, text.lower().split()))
    hashes = np.frombuffer(packed, dtype="<u4").astype(np.uint64)
    if len(hashes) >= SHINGLE_WORDS:
        hashes = hashes[:-2] * _FOLD[0] + hashes[1:-1] * _FOLD[1] + hashes[2:]
        hashes &= _LOW32
    hashes.sort()
    if len(hashes) > 1:
        distinct = np.empty(len(hashes), dtype=bool)
        distinct[0] = True
        np.not_equal(hashes[1:], hashes[:-1], out=distinct[1:])
        hashes = hashes[distinct]
    return hashes


# The permutations of one datasketch MinHash, reused for every document (drawing them costs more
# than hashing a text). Its items are already hashes (`shingle_hashes`), so the update is done
# here in numpy with datasketch's own arithmetic: (a*h + b) wrapping in uint64, mod 2^61-1, low
# 32 bits, minimum per permutation. Its `update_batch` would call a hash function per item first.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)
_PERM_A, _PERM_B = (np.asarray(values, dtype=np.uint64) for values in _TEMPLATE.permutations)
_EMPTY = _TEMPLATE.hashvalues.astype(np.uint32)
_MERSENNE_PRIME = np.uint64((1 << 61) - 1)
_MERSENNE_SHIFT = np.uint64(61)


def fingerprint(text: str) -> Fingerprint:
    """The MinHash fingerprint of a document's text."""
    hashes = shingle_hashes(text)
    if not len(hashes):
        return Fingerprint(_EMPTY.copy(), 0)
    permuted = hashes[:, np.newaxis] * _PERM_A
    permuted += _PERM_B
    # x mod (2^61 - 1) without a division: 2^61 is 1 modulo the prime, so the top three bits add
    # to the low 61; the sum is below 2 * prime, and where it is not below the prime, subtracting
    # it gives the smaller number (where it is below, the subtraction wraps to a larger one).
    high = permuted >> _MERSENNE_SHIFT
    permuted &= _MERSENNE_PRIME
    permuted += high
    np.minimum(permuted, permuted - _MERSENNE_PRIME, out=permuted)
    permuted &= _LOW32
    return Fingerprint(permuted.min(axis=0).astype(np.uint32), len(hashes))


_BAND_PREFIXES = [bytes([band]) for band in range(BANDS)]
_BAND_WIDTH = 4 * ROWS


def band_keys(print_: Fingerprint) -> list[int]:
    """One signed 64-bit key per band (the band's number is part of the key)."""
    data = print_.to_bytes()
    return [
        int.from_bytes(
            hashlib.blake2b(prefix + data[start : start + _BAND_WIDTH], digest_size=8).digest(),
            "little",
            signed=True,
        )
        for prefix, start in zip(_BAND_PREFIXES, range(0, BANDS * _BAND_WIDTH, _BAND_WIDTH), strict=True)
    ]


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a.signature == b.signature)) / NUM_PERM


def same_story(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether two texts are copies of one story (see the module docstring)."""
    if a.shingle_count == 0 or b.shingle_count == 0:
        return False
    j = jaccard(a, b)
    if j >= MIN_JACCARD:
        return True
    smaller = min(a.shingle_count, b.shingle_count)
    if smaller < MIN_SHINGLES_FOR_CONTAINMENT:
        return False
    shared = j * (a.shingle_count + b.shingle_count) / (1 + j)
    return shared / smaller >= MIN_CONTAINMENT


# The statements run for every stored document, written once as SQL: building and caching Core
# constructs per call cost more than the look-ups themselves.
_FORGET = (
    text("DELETE FROM minhashband WHERE document_id = :doc"),
    text("DELETE FROM documentminhash WHERE document_id = :doc"),
)
_SET_STORY = text("UPDATE document SET story_id = :story WHERE id = :doc")
_MEMBERS = text(
    "SELECT id, published_at FROM document WHERE story_id = :story"
    " ORDER BY published_at IS NULL, published_at, id"
)
_DROP_STORY = text("DELETE FROM story WHERE id = :story")
_UPDATE_STORY = text(
    "UPDATE story SET original_document_id = :original, first_published_at = :first,"
    " document_count = :count WHERE id = :story"
)


def _stored_time(value: datetime | None, placeholder: str) -> datetime | str | None:
    """A timestamp as `UTCDateTime` stores it: SQLite's text form of the UTC wall-clock time, or
    an aware UTC datetime for PostgreSQL (for statements sent to the driver directly)."""
    if value is None:
        return None
    utc = as_utc(value)
    return utc.strftime("%Y-%m-%d %H:%M:%S.%f") if placeholder == "?" else utc


def _driver(session: Session) -> tuple[Any, str]:
    """A cursor of the session's DB-API connection (same transaction) and its placeholder.

    The statements run for every stored document go to the driver directly: SQLAlchemy's
    per-execute work (parameter processing, the expanding IN, the result proxy) costs several
    times the SQLite look-ups themselves, and the dedup has to stay a small part of the NLP's cost.
    """
    connection = session.connection()
    placeholder = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    driver: Any = connection.connection.driver_connection
    return driver.cursor(), placeholder


def _candidates(cursor: Any, p: str, keys: list[int], document_id: int) -> list[tuple[bytes, int, int]]:
    """(signature, shingle count, story id) of the stored documents sharing a band key: one
    statement, whose band-key look-ups all go through the key's index."""
    cursor.execute(
        "SELECT m.signature, m.shingle_count, d.story_id FROM documentminhash AS m"
        " JOIN document AS d ON d.id = m.document_id"
        " WHERE m.document_id IN (SELECT document_id FROM minhashband"
        f"  WHERE band_key IN ({', '.join([p] * len(keys))}) AND document_id != {p})"
        " AND d.story_id IS NOT NULL",
        (*keys, document_id),
    )
    return cursor.fetchall()


def _index(cursor: Any, p: str, document_id: int, print_: Fingerprint, keys: list[int]) -> None:
    """Write the document's signature and its band keys (all bands in one statement)."""
    cursor.execute(
        f"INSERT INTO documentminhash (document_id, signature, shingle_count) VALUES ({p}, {p}, {p})",
        (document_id, print_.to_bytes(), print_.shingle_count),
    )
    distinct = set(keys)
    rows = ", ".join([f"({p}, {p})"] * len(distinct))
    cursor.execute(
        f"INSERT INTO minhashband (band_key, document_id) VALUES {rows}",
        [value for key in distinct for value in (key, document_id)],
    )


def _forget(session: Session, document_id: int, story_id: int | None) -> None:
    """Take a document out of its story and the index (before its new text is looked at)."""
    connection = session.connection()
    for statement in _FORGET:
        connection.execute(statement, {"doc": document_id})
    if story_id is not None:
        connection.execute(_SET_STORY, {"story": None, "doc": document_id})
        _refresh_story(session, story_id)


def _refresh_story(session: Session, story_id: int) -> None:
    """Recount a story and pick its original again; drop it when it has no document left."""
    connection = session.connection()
    members = connection.execute(
        _MEMBERS.columns(column("id", Integer), column("published_at", UTCDateTime())), {"story": story_id}
    ).all()
    if not members:
        connection.execute(_DROP_STORY, {"story": story_id})
        return
    connection.execute(
        _UPDATE_STORY.bindparams(bindparam("first", type_=UTCDateTime())),
        {"original": members[0][0], "first": members[0][1], "count": len(members), "story": story_id},
    )


def _best_story(cursor: Any, p: str, print_: Fingerprint, keys: list[int], document_id: int) -> int | None:
    """The story of the most similar stored copy, or None."""
    best: tuple[float, int] | None = None
    if print_.shingle_count:
        for signature, count, story_id in _candidates(cursor, p, keys, document_id):
            other = Fingerprint.from_bytes(bytes(signature), count)
            if same_story(print_, other):
                score = jaccard(print_, other)
                if best is None or score > best[0]:
                    best = (score, story_id)
    return best[1] if best else None


def _join_story(
    cursor: Any, p: str, story_id: int, document_id: int, published: datetime | str | None
) -> None:
    """Count a document into a story it was not in, and make it the original when it comes first.

    Updated in place rather than recounted from the members: one statement, and concurrent
    writers adding to one story each add their own document under the row lock. "First" is the
    order of `_MEMBERS`: earliest publication, unknown dates last, then the smaller id.
    """
    if published is None:  # it comes first only among undated documents, by its smaller id
        earlier = f"first_published_at IS NULL AND original_document_id > {p}"
        order: list[Any] = [document_id]
        set_first, first = "", []
    else:
        earlier = (
            f"first_published_at IS NULL OR first_published_at > {p}"
            f" OR (first_published_at = {p} AND original_document_id > {p})"
        )
        order = [published, published, document_id]
        set_first = f" first_published_at = CASE WHEN {earlier} THEN {p} ELSE first_published_at END,"
        first = [*order, published]
    cursor.execute(
        f"UPDATE story SET document_count = document_count + 1,{set_first}"
        f" original_document_id = CASE WHEN {earlier} THEN {p} ELSE original_document_id END WHERE id = {p}",
        [*first, *order, document_id, story_id],
    )


def assign_story(
    *, session: Session, document: Document, print_: Fingerprint | None = None, new: bool = False
) -> int:
    """Put a stored document into a story (a copy's story, or a new one) and index it; the story id.

    Incremental: only the documents sharing a band key are read. For a document whose text changed
    (`new=False`), the document first leaves its old story and the index. The statements go to
    the session's DB-API connection (`_driver`); a new document costs five of them. Does not commit.
    """
    doc_id = document.id
    assert doc_id is not None
    if not new:
        _forget(session, doc_id, document.story_id)
    print_ = print_ or fingerprint(document.text)
    keys = band_keys(print_)
    cursor, p = _driver(session)
    story_id = _best_story(cursor, p, print_, keys, doc_id)
    _index(cursor, p, doc_id, print_, keys)
    published = _stored_time(document.published_at, p)
    if story_id is None:
        cursor.execute(
            "INSERT INTO story (original_document_id, first_published_at, document_count)"
            f" VALUES ({p}, {p}, 1) RETURNING id",
            (doc_id, published),
        )
        story_id = int(cursor.fetchone()[0])
    else:
        _join_story(cursor, p, story_id, doc_id, published)
    cursor.execute(f"UPDATE document SET story_id = {p} WHERE id = {p}", (story_id, doc_id))
    set_committed_value(document, "story_id", story_id)
    return story_id


_UNASSIGNED = text(
    "SELECT id FROM document WHERE story_id IS NULL ORDER BY published_at IS NULL, published_at, id"
)


def assign_unassigned(session: Session, *, batch: int = 1000) -> int:
    """Give every document without a story one, in publication order; how many were assigned.

    Documents stored before revision 0007 have none. Earliest first, so that a story's first
    document is its original. Flushes per batch; the caller commits.
    """
    ids = [row[0] for row in session.connection().execute(_UNASSIGNED)]
    for first in range(0, len(ids), batch):
        for document in session.exec(
            select(Document).where(col(Document.id).in_(ids[first : first + batch]))
        ):
            if document.story_id is None:
                assign_story(session=session, document=document, new=not _has_print(session, document.id))
        session.flush()
    return len(ids)


_HAS_PRINT = text("SELECT 1 FROM documentminhash WHERE document_id = :doc")


def _has_print(session: Session, document_id: int | None) -> bool:
    return session.connection().execute(_HAS_PRINT, {"doc": document_id}).first() is not None
