"""Check claimed figures against the cached official figures: the work of `kommunevagt stats check`.

Works from the cache only (no network), so it runs offline and after a failed sync. Claims come
from the store (`store.verdicts`: each distinct claim once, the verdicts stored) or from
`kommunevagt extract --jsonl` output.
Each result credits its table ("Kilde: Danmarks Statistik, StatBank.dk/FOLK1A") with a link.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any, TextIO, cast

from sqlmodel import Session

from statbank.measures import Measure, Source, area_code, credit, load_measures, statbank_link
from statbank.periods import PeriodPlan, map_period, parse_period
from statbank.verdict import Verdict, check_figure, stated_precision
from store.official import ClaimedFigure, OfficialValue
from store.verdicts import StoredVerdict, checked_figures, claim_keys, store_verdicts

OfficialIndex = Mapping[tuple[str, str, str, int | None, str], OfficialValue]


@dataclass(slots=True)
class CheckResult:
    figure: ClaimedFigure
    verdict: Verdict
    official: float | None
    official_period: str | None  # the table's code(s) compared, "2025K1" or "2024M01..2024M12"
    unit: str | None
    relative_gap: float | None
    table: str | None
    reason: str | None  # why there is no official figure

    def to_json(self) -> dict[str, Any]:
        f = self.figure
        return {
            "document_url": f.document_url,
            "sentence": f.sentence,
            "text": f.text,
            "measure": f.measure,
            "subject": {"type": f.subject_type, "code": f.subject_code},
            "period": f.period,
            "claimed": f.value,
            "official": self.official,
            "official_period": self.official_period,
            "unit": self.unit,
            "verdict": self.verdict,
            "relative_gap": None if self.relative_gap is None else round(self.relative_gap, 6),
            "reason": self.reason,
            "table": self.table,
            "source": credit(self.table) if self.table else None,
            "link": statbank_link(self.table) if self.table else None,
        }


@lru_cache(maxsize=4096)
def _candidates(measure: Measure, period: str | None) -> tuple[tuple[Source, PeriodPlan], ...]:
    """The sources that can answer the period, the one of the claim's own granularity first.

    Cached: a check of many claims sees few (measure, period) pairs.
    """
    parsed = parse_period(period) if period else None
    own = parsed[1] if parsed else None
    plans = [(s, map_period(period, s.granularity, s.aggregation)) for s in measure.sources]
    usable = [(s, plan) for s, plan in plans if plan is not None]
    return tuple(sorted(usable, key=lambda pair: pair[0].granularity != own))


def _no_figure(figure: ClaimedFigure, reason: str, table: str | None = None) -> CheckResult:
    return CheckResult(figure, "no_official_figure", None, None, None, None, table, reason)


def check_one(figure: ClaimedFigure, measures: Mapping[str, Measure], index: OfficialIndex) -> CheckResult:
    """The verdict on one claimed figure (see `statbank.verdict` for how precision is read)."""
    measure = measures.get(figure.measure or "")
    if measure is None:
        return _no_figure(figure, "no official table is mapped for this measure")
    first_table = measure.sources[0].table
    if figure.kind not in measure.kinds:
        return _no_figure(figure, f"a {figure.kind} figure is not comparable with {measure.key}", first_table)
    if figure.subject_type is None or area_code(figure.subject_type, figure.subject_code) is None:
        return _no_figure(figure, "the subject is not a kommune, a region or the whole country", first_table)
    candidates = _candidates(measure, figure.period)
    if not candidates:
        return _no_figure(figure, "no table of this measure has figures for this period", first_table)
    for source, plan in candidates:
        key = (measure.key, source.table, figure.subject_type, figure.subject_code)
        found = [index.get((*key, code)) for code in plan.codes]
        if any(value is None for value in found):
            continue
        values = [value.value for value in found if value is not None]
        official = values[0] if plan.combine == "single" else round(sum(values) / len(values), 6)
        precision = stated_precision(figure.text, figure.value, approx=figure.approx)
        result = check_figure(figure.value, precision, official)
        shown = plan.codes[0] if len(plan.codes) == 1 else f"{plan.codes[0]}..{plan.codes[-1]}"
        return CheckResult(
            figure, result.verdict, official, shown, source.unit, result.relative_gap, source.table, None
        )
    table = candidates[0][0].table
    return _no_figure(figure, "not in the synced figures (run `kommunevagt stats sync`)", table)


def check_all(figures: Iterable[ClaimedFigure], index: OfficialIndex) -> Iterator[CheckResult]:
    """The verdict on each figure, in order.

    Figures that say the same thing (measure, kind, subject, period and the same words and
    value) get the same verdict, so each is judged once: an archive quotes "3,4 procent" about
    one kommune and month in many documents, and a check of 500,000 claims then costs a dict
    look-up for most of them.
    """
    measures = load_measures()
    seen: dict[tuple[Any, ...], CheckResult] = {}
    for figure in figures:
        key = (
            figure.measure, figure.kind, figure.subject_type, figure.subject_code, figure.period,
            figure.text, figure.value, figure.approx,
        )  # fmt: skip
        known = seen.get(key)
        if known is None:
            known = seen[key] = check_one(figure, measures, index)
            yield known
        else:
            yield replace(known, figure=figure)


def record_verdicts(session: Session, index: OfficialIndex, checked_at: datetime) -> int:
    """Judge each distinct claim of the store once and store the verdicts of every figure record
    (`store.verdicts`: set-based); returns how many figures got a verdict."""
    measures = load_measures()
    judged = ((claim, stored_verdict(check_one(claim, measures, index))) for claim in claim_keys(session))
    return store_verdicts(session=session, judged=judged, checked_at=checked_at)


def stored_verdict(result: CheckResult) -> StoredVerdict:
    return StoredVerdict(
        result.verdict, result.official, result.official_period, result.unit, result.relative_gap,
        result.table, result.reason,
    )  # fmt: skip


def stored_results(session: Session) -> Iterator[CheckResult]:
    """The stored verdicts as results, with each figure's document and sentence, in id order."""
    for figure, v in checked_figures(session):
        verdict = cast(Verdict, v.verdict)
        yield CheckResult(
            figure, verdict, v.official, v.official_period, v.unit, v.relative_gap, v.table_id, v.reason
        )


def figures_from_extract(record: Mapping[str, Any]) -> list[ClaimedFigure]:
    """The figure records of one `kommunevagt extract --jsonl` object (statistics with a measure)."""
    statistics = record.get("statistics") or []
    sentences: dict[int, str] = {}
    for claim in record.get("claims") or []:
        for index in claim.get("statistics") or []:
            sentences.setdefault(int(index), str(claim.get("text", "")))
    url = str(record.get("url") or record.get("path") or "")
    out = []
    for i, stat in enumerate(statistics):
        if not stat.get("measure"):
            continue
        subject = stat.get("subject") or {}
        out.append(
            ClaimedFigure(
                document_url=url,
                sentence=sentences.get(i),
                text=str(stat.get("text", "")),
                value=float(stat["value"]),
                kind=str(stat.get("kind", "")),
                approx=bool(stat.get("approx", False)),
                measure=stat["measure"],
                subject_type=subject.get("type"),
                subject_code=subject.get("code"),
                period=stat.get("period"),
            )
        )
    return out


def read_extract_jsonl(stream: TextIO, errors: list[str]) -> Iterator[ClaimedFigure]:
    """Figure records of an extract JSON-lines stream; a bad line is reported in `errors` and skipped."""
    for line_no, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise TypeError("not a JSON object")
            figures = figures_from_extract(record)
        except (ValueError, TypeError, KeyError) as exc:
            errors.append(f"line {line_no}: not an extract record ({type(exc).__name__}: {str(exc)[:80]})")
            continue
        yield from figures
