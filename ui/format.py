"""Turning crawled text into safe Markdown, and the Danish labels the pages show.

Crawled titles and sentences can contain anything, including HTML and Markdown meant to inject
script or fake links. Every piece of document data goes through `escape_markdown` (each ASCII
punctuation character backslash-escaped, which CommonMark renders literally) *before* any
formatting is added around it, and pages render with plain `st.markdown` - never with
`unsafe_allow_html` - so a `<script>` in an article shows up as the text "<script>".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from urllib.parse import quote, urlsplit

DOCUMENT_KINDS = {"news": "Nyhed", "debate": "Debatindlæg", "minutes": "Referat"}
STATISTIC_KINDS = {
    "count": "Antal",
    "percent": "Procent",
    "percentage_points": "Procentpoint",
    "money": "Beløb",
    "rank": "Placering",
    "other": "Andet",
}
MONTHS = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them
# also disarms Streamlit's extensions ($ for LaTeX, :color[...] directives, :emoji: codes).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SPACE = re.compile(r"\s+")


def escape_markdown(text: str | None) -> str:
    """`text` as Markdown that renders exactly as the characters given, on one line."""
    if not text:
        return ""
    return _PUNCTUATION.sub(r"\\\1", _SPACE.sub(" ", text).strip())


def safe_url(url: str | None) -> str | None:
    """An http(s) URL usable inside a Markdown link, or None (javascript:, data: and the like)."""
    if not url:
        return None
    url = url.strip()
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return None
    # Characters that would end the Markdown link target or break out of it are percent-encoded.
    return quote(url, safe="/:?#[]@!$&'*+,;=%~-._")


def link(label: str | None, url: str | None) -> str:
    """A Markdown link with an escaped label; just the label when the URL is not http(s)."""
    text = escape_markdown(label) or "uden titel"
    target = safe_url(url)
    return f"[{text}]({target})" if target else text


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The sentence as Markdown with the figures at `spans` (sentence offsets) highlighted.

    The text is cut at the spans first, every piece is escaped, and only then is the highlight
    markup put around the escaped figures, so nothing from the text can open or close markup.
    """
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(set(spans)):
        if start < cursor or end <= start or end > len(text):
            continue  # overlapping or out-of-range spans are shown plain
        pieces.append(escape_markdown_inline(text[cursor:start]))
        pieces.append(f":orange-background[**{escape_markdown_inline(text[start:end])}**]")
        cursor = end
    pieces.append(escape_markdown_inline(text[cursor:]))
    return "".join(pieces).strip()


def escape_markdown_inline(text: str) -> str:
    """Like `escape_markdown` but keeps leading/trailing spaces, for pieces of one sentence."""
    return _PUNCTUATION.sub(r"\\\1", _SPACE.sub(" ", text))


def danish_date(value: datetime | date | None) -> str:
    """'3. feb. 2025' - day, Danish month abbreviation, year."""
    if value is None:
        return "ukendt dato"
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def speaker_label(name: str | None, party_letter: str | None, roles: Sequence[str] = ()) -> str:
    """'Mette Hansen (A), borgmester' - plain text; escape before putting it in Markdown."""
    if not name:
        return ""
    label = f"{name} ({party_letter})" if party_letter else name
    return f"{label}, {', '.join(roles)}" if roles else label


def document_kind_label(kind: str | None) -> str:
    return DOCUMENT_KINDS.get(kind or "", kind or "ukendt")


def statistic_kind_label(kind: str | None) -> str:
    return STATISTIC_KINDS.get(kind or "", kind or "ukendt")


def number(value: float | None) -> str:
    """A figure the Danish way: 1.234,5 (no trailing ,0 for whole numbers)."""
    if value is None:
        return ""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    return text.replace(",", "§").replace(".", ",").replace("§", ".")


# Figure records (Tal): measure keys of nlp/data/statistics/measures.csv, verdicts of `stats check`.
MEASURES = {
    "befolkning": "Befolkning",
    "ledige": "Ledige",
    "ledighedsprocent": "Ledighedsprocent",
    "offentligt_forsoergede": "Offentligt forsørgede",
    "kontanthjaelp": "Kontanthjælp",
    "sygedagpenge": "Sygedagpenge",
    "kommuneskat": "Kommuneskat",
    "grundskyld": "Grundskyld",
    "elever": "Elever",
    "klassekvotient": "Klassekvotient",
    "plejeboliger": "Plejeboliger",
    "boliger": "Boliger",
    "ventetid": "Ventetid",
    "budget": "Budget",
    "besparelse": "Besparelse",
    "anlaeg": "Anlæg",
    "rangering": "Placering",
    "stemmer": "Stemmer",
    "mandater": "Mandater",
    "valgdeltagelse": "Valgdeltagelse",
}
VERDICTS = {
    "matches": "Stemmer",
    "rounded": "Stemmer inden for tallets præcision",
    "differs": "Afviger",
    "no_official_figure": "Intet officielt tal",
}
MONTH_NAMES = [
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
    "november", "december",
]  # fmt: skip
_PERIOD = re.compile(r"^(\d{4})(?:([HKM])(\d{1,2}))?$")
_RANGE = re.compile(r"^(\d{4}):(\d{4})$")


def measure_label(measure: str | None) -> str:
    return MEASURES.get(measure or "", (measure or "ukendt").replace("_", " ").capitalize())


def period_label(period: str | None) -> str:
    """A Statistikbanken time code in Danish: 2025M02 'februar 2025', 2025K1 '1. kvartal 2025'."""
    if not period:
        return "ukendt periode"
    span = _RANGE.match(period)
    if span:
        return f"{span[1]}–{span[2]}"
    match = _PERIOD.match(period)
    if not match:
        return period
    year, letter, number_ = match[1], match[2], int(match[3] or 0)
    if letter == "M" and 1 <= number_ <= 12:
        return f"{MONTH_NAMES[number_ - 1]} {year}"
    if letter == "K":
        return f"{number_}. kvartal {year}"
    if letter == "H":
        return f"{number_}. halvår {year}"
    return year


def subject_label(subject_type: str | None, name: str | None = None) -> str:
    """Who a figure is about, for a reader: the kommune's or region's name, or 'hele landet'."""
    if subject_type == "national":
        return "hele landet"
    return name or {"kommune": "en kommune", "region": "en region"}.get(subject_type or "", "andet")


def verdict_label(verdict: str | None, relative_gap: float | None = None) -> str:
    """The verdict in Danish; a difference with its relative gap ('Afviger (+12,5 %)')."""
    if verdict is None:
        return "Ikke tjekket"
    label = VERDICTS.get(verdict, verdict)
    if verdict == "differs" and relative_gap is not None:
        sign = "+" if relative_gap > 0 else "−"
        label += f" ({sign}{number(round(abs(relative_gap) * 100, 1))} %)"
    return label


def change_label(direction: str | None, earlier: float | None, baseline: str | None) -> str:
    """The change a figure states: 'ned fra 5,4', 'op i forhold til forventet'."""
    if direction is None:
        return ""
    words = {"up": "op", "down": "ned", "same": "uændret"}.get(direction, direction)
    if earlier is not None:
        return f"{words} fra {number(earlier)}"
    if baseline and baseline != "forrige periode":
        return f"{words} i forhold til {baseline}"
    return words
