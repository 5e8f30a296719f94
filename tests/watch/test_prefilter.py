"""The run-wide pre-check (`store.queries.watch_prefilter`): it only ever says "cannot match"
when SQL would find nothing, on the seeded archive."""

from __future__ import annotations

import pytest

from store.db import get_engine, session_scope
from store.queries.filters import ClaimFilter
from store.queries.watch_match import _matching_claims, _matching_documents
from store.queries.watch_prefilter import new_rows
from tests.ui.seed import seed

FILTERS = [
    ClaimFilter(kommuner=(751,)),
    ClaimFilter(kommuner=(101,)),  # København: not in the archive
    ClaimFilter(regions=(1082,)),  # Midtjylland (Aarhus)
    ClaimFilter(regions=(1081,)),  # Nordjylland: nothing
    ClaimFilter(parties=("A",)),
    ClaimFilter(parties=("Å",)),
    ClaimFilter(kommuner=(751,), parties=("Å",)),
    ClaimFilter(document_kinds=("minutes",)),
    ClaimFilter(text="ledigheden"),
]


@pytest.fixture
def archive(migrated_database_url: str) -> str:
    seed(migrated_database_url)
    return migrated_database_url


@pytest.mark.parametrize("after", [0, 3])
def test_the_precheck_never_hides_a_match(archive: str, after: int) -> None:
    with session_scope(get_engine(archive)) as session:
        new = new_rows(session, after_document=after, after_claim=after)
        skipped = 0
        for filters in FILTERS:
            documents = _matching_documents(session, filters, after, new.max_document)
            claims = _matching_claims(session, filters, after, new.max_claim)
            if not new.may_match_documents(filters):
                assert documents == {}, filters
                skipped += 1
            if not new.may_match_claims(filters):
                assert claims == {}, filters
                skipped += 1
    assert skipped >= 6  # København, Nordjylland and party Å skip both queries


def test_nothing_new_skips_everything(archive: str) -> None:
    with session_scope(get_engine(archive)) as session:
        top = new_rows(session, after_document=0, after_claim=0)
        new = new_rows(session, after_document=top.max_document, after_claim=top.max_claim)
    assert not new.documents and not new.claims
    assert not new.may_match_documents(ClaimFilter()) and not new.may_match_claims(ClaimFilter())
