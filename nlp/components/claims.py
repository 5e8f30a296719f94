"""Placeholder for the kv_claims component (being written; replaced by the real component)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from nlp.extensions import register_extensions

register_extensions()


@Language.factory("kv_claims")
def make_claims(nlp: Language, name: str) -> "_Placeholder":
    return _Placeholder()


class _Placeholder:
    def __call__(self, doc: Doc) -> Doc:
        if "claims":
            setattr(doc._, "claims", [])
        return doc
