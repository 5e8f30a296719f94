"""The custom attributes the Kommunevagt components write, declared in one place.

Each component stores its final, contract-shaped findings as a list of the dataclasses in
`core.result` on the Doc, so turning a Doc into an `Extraction` is a plain read and the later
components (persons, quotes, claims) can use what the earlier ones found.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_FIELDS = ("kommuner", "regions", "persons", "statistics", "quotes", "claims")
# Internal hand-overs between components (not part of the contract):
# speech - kv_quotes -> kv_claims: (verb start, verb end, speaker) of speech clauses outside quotes
# person_roles - kv_persons -> kv_quotes: a PersonMention per mention whose own context states a
#   role, with that role (persons carry one merged role); read by person_data.role_holder
INTERNAL_FIELDS = ("speech", "person_roles")


def _span_kommune_codes(span: Span) -> list[int]:
    """Span._.kommune_codes: kommunekoder of the kv_kommuner mentions inside the span, in order."""
    codes: list[int] = []
    for mention in span.doc._.kommuner or []:
        if span.start_char <= mention.start and mention.end <= span.end_char and mention.code not in codes:
            codes.append(mention.code)
    return codes


# A document's publication date (datetime.date or ISO string) in `doc.user_data`, set by the
# caller that knows it (crawler, ingest, `extract --published`); kv_statistics reads it for the
# periods of its figure records.
PUBLISHED_KEY = "kv_published"

TEXT_KEY = "kv_text"  # nlp.tokenizer fills it; doc_text() fills it where another tokenizer ran


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc and kept in `doc.user_data`.

    spaCy rebuilds `doc.text` token by token on every access, which costs more than a whole
    rule component; the text never changes inside the pipeline, so components share one copy.
    """
    text = doc.user_data.get(TEXT_KEY)
    length = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if not isinstance(text, str) or len(text) != length:  # absent, or left by another Doc's copy
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def register_extensions() -> None:
    """Idempotent: safe to call from every component module and from worker processes."""
    for name in DOC_FIELDS + INTERNAL_FIELDS:
        if not Doc.has_extension(name):
            # A getter-free attribute with default None; components assign a fresh list.
            Doc.set_extension(name, default=None)
    if not Span.has_extension("kommune_codes"):
        Span.set_extension("kommune_codes", getter=_span_kommune_codes)


register_extensions()
