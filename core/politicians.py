"""One elected politician as the registry knows them: the type the store fills and the NLP reads.

A leaf, so that `store/` (which keeps the registry table) and `nlp/` (which uses the registry as
knowledge when it resolves a mention) agree on one shape without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Role = Literal["borgmester", "viceborgmester", "rådmand", "udvalgsformand", "medlem"]


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """One politician's seat in one kommune for one period, from one source.

    `registry_id` is the store's id of the politician (the same person keeps it across
    periods, parties and roles); `party` is a list letter ("A", "V", "Ø") or None when the
    source gives none; `valid_to` None means still in office; `source` says where the row came
    from ("referat <url>", "DST KV21PERS", "valg.dk").
    """

    registry_id: int
    name: str
    kommune_code: int
    party: str | None
    role: Role
    valid_from: date | None
    valid_to: date | None
    source: str
