"""What the NLP pipeline finds in one document, independent of spaCy.

These plain dataclasses are the hand-over point between `nlp` and everything downstream:
`kommunevagt extract` prints them as the JSON-lines contract (../shared/eval/CONTRACT.md),
and `store.crud.replace_analysis` writes them to the database. Offsets are Python `str`
indices into the document's text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

StatisticKind = Literal["count", "percent", "percentage_points", "money", "rank", "other"]
SubjectType = Literal["kommune", "region", "national", "other"]


@dataclass(frozen=True, slots=True)
class KommuneMention:
    text: str
    start: int
    end: int
    code: int  # official three-digit kommunekode
    name: str  # as in "<name> Kommune"


@dataclass(frozen=True, slots=True)
class RegionMention:
    text: str
    start: int
    end: int
    code: int  # 1081-1085
    name: str  # "Region Hovedstaden"


@dataclass(frozen=True, slots=True)
class PersonMention:
    text: str
    start: int
    end: int
    name: str  # full canonical name, even where the text has only a surname or pronoun
    party: str | None  # list letter (A, B, C, ... Ø, Å, Æ) or None
    role: str | None
    politician: bool
    # The kommune (code) the person holds office in or is tied to by the text, or None; the
    # registry's id once the mention is resolved against the politician registry
    # (`core.politicians`); and where `party` came from: the text, or the registry when the
    # text gave none.
    kommune: int | None = None
    registry_id: int | None = None
    party_source: Literal["text", "registry"] | None = None


@dataclass(frozen=True, slots=True)
class FigureSubject:
    """Who a figure is about: kommune (kommunekode), region (regionskode), national, other."""

    type: SubjectType
    code: int | None


@dataclass(frozen=True, slots=True)
class FigureChange:
    """A change or comparison the sentence states: direction, earlier value, baseline
    ("forrige periode", "forventet", "landsgennemsnit" or other text)."""

    direction: Literal["up", "down", "same"]
    from_: float | None
    baseline: str


@dataclass(frozen=True, slots=True)
class StatisticMention:
    text: str
    start: int
    end: int
    kind: StatisticKind
    value: float
    value_max: float | None
    unit: str | None
    approx: bool
    of: float | None  # denominator of a rank or share ("2. plads ud af 98" -> 98)
    sentence_start: int
    sentence_end: int
    # The figure record (CONTRACT.md "Figure records"): what is counted, about whom, for when.
    measure: str | None = None  # a key of nlp/data/statistics/measures.csv
    measure_text: str | None = None
    subject: FigureSubject | None = None
    period: str | None = None  # Statistikbanken time code: 2024, 2024H1, 2024K3, 2024M11, 2025:2028
    period_inferred: bool = False  # taken from the publication date, not the text
    change: FigureChange | None = None


@dataclass(frozen=True, slots=True)
class QuoteMention:
    text: str
    start: int
    end: int
    speaker: str | None  # canonical name


@dataclass(frozen=True, slots=True)
class ClaimMention:
    text: str  # the whole sentence
    start: int
    end: int
    statistics: list[int]  # indexes into Extraction.statistics
    speaker: str | None
    kommuner: list[int]  # kommunekoder
    source: str | None  # organisation the figure is attributed to ("ifølge X")


@dataclass(slots=True)
class Extraction:
    """Everything found in one text."""

    kommuner: list[KommuneMention] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)
    persons: list[PersonMention] = field(default_factory=list)
    statistics: list[StatisticMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    claims: list[ClaimMention] = field(default_factory=list)

    def to_contract(self, path: str) -> dict[str, Any]:
        """The JSON object of CONTRACT.md for one file (sentence offsets stay internal)."""
        stats = []
        for s in self.statistics:
            row = asdict(s)
            row.pop("sentence_start")
            row.pop("sentence_end")
            change = row["change"]
            if change is not None:  # "from" is a Python keyword, hence the field's name
                row["change"] = {
                    "direction": change["direction"],
                    "from": change["from_"],
                    "baseline": change["baseline"],
                }
            stats.append(row)
        return {
            "path": path,
            "kommuner": [asdict(m) for m in self.kommuner],
            "regions": [asdict(m) for m in self.regions],
            "persons": [asdict(m) for m in self.persons],
            "statistics": stats,
            "quotes": [asdict(m) for m in self.quotes],
            "claims": [asdict(m) for m in self.claims],
        }
