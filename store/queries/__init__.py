"""Every read query the UI runs, one module per subject, as functions over SQLAlchemy `select()`.

- `common`: shared row types (Option, PeriodCount, KommuneCount), SQL and period helpers
- `filters`: the Tidslinje claim filter and the WHERE conditions it becomes
- `options`: sidebar choices and the archive's date range
- `claims`: Tidslinje (histogram and pages of claim cards)
- `persons`: Politikere
- `figures`: Tal (figure records with their verdicts, official series)
- `figure_groups`: the same figure across sources (conflicts and drifts)
- `figure_export`: every figure record for `kommunevagt export figures`
- `coverage`: Dækning (kommune mentions, top politicians, what is new)

The UI never writes SQL: it calls these functions with a session and plain values and gets back
small frozen dataclasses with named fields (picklable, so Streamlit can cache them). Wide selects
label their columns, so rows are read by name, never unpacked by position. Everything that can
grow with the database is paged (LIMIT/OFFSET) or aggregated in SQL, so a page never pulls a whole
table into Python.

Every query takes the session as its first parameter and everything else by keyword. The session
is positional (unlike `store.crud`'s keyword-only style) so that `ui.data.cached` can supply it:
a ParamSpec `Concatenate` can only strip a positional parameter, and the wrapper keeps the rest
of the signature for mypy to check. Calls with `session=` still work.

This package re-exports every public name, so `from store import queries as q; q.claim_page(...)`
reaches any of them.
"""

from store.queries.claims import (
    ClaimCard,
    ClaimHistogram,
    Copy,
    Figure,
    PageWindow,
    claim_histogram,
    claim_page,
    claims_over_time,
    count_claims,
)
from store.queries.common import (
    STATISTIC_KINDS,
    KommuneCount,
    Option,
    Period,
    PeriodCount,
    period_of,
    period_start,
    relative_span,
)
from store.queries.coverage import (
    CoverageRow,
    KommuneWeek,
    NewSince,
    PoliticianCount,
    SourceCoverage,
    coverage_by_source,
    kommune_coverage,
    kommune_totals,
    kommune_weeks,
    new_since,
    top_politicians,
)
from store.queries.figure_groups import FigureConflict, FigureDrift, GroupKey, figure_conflicts, figure_drifts
from store.queries.figures import (
    FigureRecord,
    OfficialPoint,
    count_figure_records,
    figure_records,
    latest_checked,
    official_series,
    record_measures,
)
from store.queries.filters import SHORT_RANGE_DAYS, ClaimFilter, claim_conditions
from store.queries.options import (
    DateBounds,
    FilterOptions,
    count_documents,
    date_bounds,
    earliest_published,
    filter_options,
    latest_published,
    person_options,
)
from store.queries.persons import (
    PersonDetail,
    PersonSummary,
    Statement,
    count_persons,
    kommuner_with_person,
    person_detail,
    person_list,
    person_statements,
    person_statements_over_time,
)

__all__ = [
    "SHORT_RANGE_DAYS",
    "STATISTIC_KINDS",
    "ClaimCard",
    "Copy",
    "ClaimFilter",
    "ClaimHistogram",
    "CoverageRow",
    "DateBounds",
    "Figure",
    "FigureConflict",
    "FigureDrift",
    "FigureRecord",
    "GroupKey",
    "OfficialPoint",
    "FilterOptions",
    "KommuneCount",
    "KommuneWeek",
    "NewSince",
    "Option",
    "PageWindow",
    "Period",
    "PeriodCount",
    "PersonDetail",
    "PersonSummary",
    "PoliticianCount",
    "SourceCoverage",
    "Statement",
    "claim_conditions",
    "claim_histogram",
    "claim_page",
    "claims_over_time",
    "count_claims",
    "count_documents",
    "count_figure_records",
    "count_persons",
    "coverage_by_source",
    "date_bounds",
    "earliest_published",
    "figure_conflicts",
    "figure_drifts",
    "figure_records",
    "filter_options",
    "kommune_coverage",
    "kommune_totals",
    "kommune_weeks",
    "kommuner_with_person",
    "latest_checked",
    "latest_published",
    "new_since",
    "official_series",
    "period_of",
    "period_start",
    "person_detail",
    "person_list",
    "person_options",
    "person_statements",
    "person_statements_over_time",
    "record_measures",
    "relative_span",
    "top_politicians",
]
