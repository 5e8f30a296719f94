"""Periods: the time a figure refers to, in Statistikbanken's time codes (2024, 2024H1,
2024K3, 2024M11, a range 2025:2028), from the time expressions of the text ("i 2023", "i
november", "sidste år", "budget 2025", "de næste fire år", "i første kvartal", "pr. 1. januar
2024"), relative to the publication date where they are relative.

Month names come from dateparser's Danish locale; the publication date of a plain text comes
from its dateline ("Publiceret 14. marts 2025", "Køge Dagblad, 5. maj 2025").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_YEAR = r"(?:19[5-9]\d|20\d\d)"
_ORDINALS = {"første": 1, "andet": 2, "anden": 2, "tredje": 3, "fjerde": 4, "sidste": 0}
_NUMBERS = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10}
_COUNT = r"(?:to|tre|fire|fem|seks|syv|otte|ni|ti|\d{1,2})"
# A season is its year (the latest one begun by the publication date): its first month.
_SEASONS = {"foråret": 3, "sommeren": 6, "efteråret": 9, "vinteren": 12}
_ORDINAL = r"(?P<nth>første|andet|anden|tredje|fjerde|sidste|[1-4]\.)"
_RELATIVE_YEAR = r"(?:\s+(?P<rel>sidste\s+år|i\s+fjor|året\s+før|året\s+forinden|i\s+år))?"
# The first day of a quarter is the time of a stock (FOLK1A "2024K1" is 1 January 2024).
_QUARTER_STARTS = {1: 1, 4: 2, 7: 3, 10: 4}
_BASELINE_BEFORE = re.compile(
    r"(?:\bend|\bmod|i\s+forhold\s+til|sammenlignet\s+med)\s+(?:i\s+|med\s+)?$", re.IGNORECASE
)


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Danish month names (and their abbreviations of four letters or more) from dateparser."""
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale("da").info
    names = (
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    )  # fmt: skip
    months: dict[str, int] = {}
    for number, name in enumerate(names, start=1):
        for word in info.get(name, []):
            if len(word) >= 3 and (len(word) >= 4 or word == "maj"):
                months[word.casefold()] = number
    return months


@lru_cache(maxsize=1)
def _patterns() -> re.Pattern[str]:
    months = "|".join(sorted(month_names(), key=len, reverse=True))
    alternatives = [
        rf"(?P<quarter>(?:i\s+|for\s+)?{_ORDINAL}\s+kvartal(?:\s+(?P<qyear>{_YEAR}))?{_RELATIVE_YEAR})",
        rf"(?P<half>(?:i\s+|for\s+)?{_ORDINAL.replace('nth', 'hnth')}\s+halvår(?:\s+(?P<hyear>{_YEAR}))?"
        + _RELATIVE_YEAR.replace("rel", "hrel")
        + ")",
        rf"(?P<stock>(?:pr\.|per|den)\s+1\.\s*(?P<smonth>januar|april|juli|oktober)\s+(?P<syear>{_YEAR}))",
        rf"(?P<entry>ved\s+(?:indgangen|starten|begyndelsen)\s+(?:til|af)\s+(?P<eyear>{_YEAR}))",
        rf"(?P<month>(?:(?:i|for|pr\.|per)\s+)?(?:\d{{1,2}}\.\s*)?(?P<mname>{months})(?![a-zæøå])(?:\s+(?P<myear>{_YEAR}))?"
        + _RELATIVE_YEAR.replace("rel", "mrel")
        + ")",
        # a school year is the year it begins, as the ministry counts pupils on 5 September
        rf"(?P<school>(?:i\s+)?skoleår(?:et)?\s+(?P<scyear>{_YEAR})\s*/\s*(?:\d\d|{_YEAR})(?!\d))",
        rf"(?P<range>(?:i\s+perioden\s+|fra\s+|mellem\s+|for\s+|i\s+)?(?P<from>{_YEAR})\s*(?:-|–|til|og)\s*(?P<to>{_YEAR}|\d\d)(?!\d))",
        rf"(?P<since>siden\s+(?P<syear2>{_YEAR}))",
        r"(?P<next>(?:over\s+|i\s+)?de\s+(?:kommende|næste)\s+(?P<count>to|tre|fire|fem|seks|syv|otte|ni|ti|\d)\s+år)",
        rf"(?P<budget>budget(?:tet|forslaget|aftalen)?\s+(?:for\s+)?(?P<byear>{_YEAR})(?:\s*[-–]\s*(?P<byear2>{_YEAR}))?)",
        rf"(?P<toward>frem\s+(?:mod|til)\s+(?P<tyear>{_YEAR}))(?![\d.,])",
        rf"(?P<year>(?:i|for|fra|pr\.|per|til|inden|efter|i\s+hele|i\s+løbet\s+af|(?:ved|inden)\s+udgangen\s+af|valget\s+i|året)\s+(?P<yyear>{_YEAR}))(?![\d.,])",
        rf"(?P<ago>for\s+(?P<acount>{_COUNT})\s+år\s+siden)",
        rf"(?P<season>i\s+(?P<sname>{'|'.join(_SEASONS)})(?:\s+(?P<seyear>{_YEAR}))?)(?![a-zæøå])",
        r"(?P<last>sidste\s+år|i\s+fjor|året\s+før)",
        r"(?P<this>i\s+år)(?![a-zæøå])",
        r"(?P<nextyear>næste\s+år)",
    ]
    return re.compile(r"(?<![\wæøå])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PeriodMatch:
    start: int
    end: int
    code: str
    baseline: bool  # after "end", "mod", "i forhold til": the time of the comparison
    span: bool = False  # "end for fem år siden": the span of a change until now


def _nth(word: str | None, last: int) -> int:
    if not word:
        return 0
    word = word.casefold()
    if word[:1].isdigit():
        return int(word.rstrip("."))
    value = _ORDINALS.get(word, 0)
    return value or last


def _year(
    explicit: str | None, relative: str | None, published: date | None, after: tuple[int, int]
) -> int | None:
    """The year of a month, quarter or half-year: written, relative, or the latest one not
    after the publication date."""
    if explicit:
        return int(explicit)
    if published is None:
        return None
    year = published.year
    if relative:
        folded = " ".join(relative.casefold().split())
        return year if folded == "i år" else year - 1
    return year - 1 if after > (published.year, published.month) and after[0] == year else year


def _code(match: re.Match[str], published: date | None) -> str | None:  # noqa: C901 - one branch per form
    group = match.lastgroup
    g = match.group
    pub_year = published.year if published else None
    if group == "quarter":
        quarter = _nth(g("nth"), 4)
        start_month = 3 * quarter - 2
        year = _year(g("qyear"), g("rel"), published, (pub_year or 0, start_month))
        return f"{year}K{quarter}" if year and quarter else None
    if group == "half":
        half = min(_nth(g("hnth"), 2), 2)
        year = _year(g("hyear"), g("hrel"), published, (pub_year or 0, 6 * half - 5))
        return f"{year}H{half}" if year and half else None
    if group == "stock":
        return f"{g('syear')}K{_QUARTER_STARTS[month_names()[g('smonth').casefold()]]}"
    if group == "entry":
        return f"{g('eyear')}K1"
    if group == "school":
        return g("scyear")
    if group == "month":
        month = month_names()[g("mname").casefold()]
        year = _year(g("myear"), g("mrel"), published, (pub_year or 0, month))
        return f"{year}M{month:02d}" if year else None
    if group == "range":
        first, last = g("from"), g("to")
        if len(last) == 2:
            last = first[:2] + last
        return f"{first}:{last}" if int(last) > int(first) else None
    if group == "since":
        return f"{g('syear2')}:{pub_year}" if pub_year and pub_year > int(g("syear2")) else None
    if group == "next":
        count = g("count").casefold()
        years = int(count) if count.isdigit() else _NUMBERS[count]
        return f"{pub_year + 1}:{pub_year + years}" if pub_year else None
    if group == "budget":
        return f"{g('byear')}:{g('byear2')}" if g("byear2") else g("byear")
    if group == "year":
        return g("yyear")
    if group == "toward":  # "frem mod 2029": from now until then
        return f"{pub_year}:{g('tyear')}" if pub_year and int(g("tyear")) > pub_year else g("tyear")
    if group == "season":
        year = _year(g("seyear"), None, published, (pub_year or 0, _SEASONS[g("sname").casefold()]))
        return str(year) if year else None
    if group == "ago":
        count = g("acount").casefold()
        return str(pub_year - (int(count) if count.isdigit() else _NUMBERS[count])) if pub_year else None
    if pub_year is None:
        return None
    return str({"last": pub_year - 1, "this": pub_year, "nextyear": pub_year + 1}[group or "this"])


@lru_cache(maxsize=1)
def _hint() -> re.Pattern[str]:
    """What every time expression contains. A pattern without a look-behind in front, so the
    regex engine skips to its first letters fast: most figure windows hold no time at all."""
    months = "|".join(sorted(month_names(), key=len, reverse=True))
    return re.compile(
        rf"\d\d\d\d|kvartal|halvår|sidste\s+år|i\s+år|næste|kommende|fjor|året|år\s+siden|{months}"
        r"|foråret|sommeren|efteråret|vinteren",
        re.IGNORECASE,
    )


def find_periods(text: str, start: int, end: int, published: date | None) -> list[PeriodMatch]:
    """The time expressions in `text[start:end]` with their time codes, in text order."""
    if _hint().search(text, start, end) is None:
        return []
    found = []
    for match in _patterns().finditer(text, start, end):
        code = _code(match, published)
        if code is None:
            continue
        baseline = _BASELINE_BEFORE.search(text, max(0, match.start() - 30), match.start()) is not None
        if baseline and match.lastgroup == "ago" and published is not None:
            # "1.900 flere end for fem år siden": the change over the span until now
            found.append(PeriodMatch(match.start(), match.end(), f"{code}:{published.year}", False, True))
            continue
        found.append(PeriodMatch(match.start(), match.end(), code, baseline))
    return found


def previous_period(code: str | None) -> str | None:
    """The year before a year code ("2025" -> "2024"); other codes have no single answer
    (the month before, or the same month a year before), so None."""
    if code is None or not code.isdigit():
        return None
    return str(int(code) - 1)


_SUB_YEAR = re.compile(r"(?P<year>\d{4})(?P<unit>[HKM])(?P<nth>\d\d?)")
_SUB_YEAR_MONTHS = {"H": 6, "K": 3, "M": 1}  # months per half-year, quarter, month


def latest_like(code: str | None, published: date | None) -> str | None:
    """The latest period of the same kind as `code` begun by the publication date, when later
    than `code` ("2024K1" published in June 2025 -> "2025K1"; "2024" -> "2025"): the time of
    the second figure of "fra 610 i første kvartal 2024 til 540", which names none."""
    if code is None or published is None:
        return None
    if code.isdigit():
        return str(published.year) if published.year > int(code) else None
    match = _SUB_YEAR.fullmatch(code)
    if match is None:
        return None
    unit, nth = match.group("unit"), int(match.group("nth"))
    first_month = (nth - 1) * _SUB_YEAR_MONTHS[unit] + 1
    year = published.year if first_month <= published.month else published.year - 1
    if year <= int(match.group("year")):
        return None
    return f"{year}{unit}{nth:02d}" if unit == "M" else f"{year}{unit}{nth}"


_DATELINE = re.compile(r"(?<![\d.])(\d{1,2})\.\s*([a-zæøå]{3,9})\.?\s+(\d{4})(?!\d)", re.IGNORECASE)
DATELINE_CHARS = 600


def dateline_date(text: str) -> date | None:
    """The publication date of a text from its dateline: the first full date in its opening
    lines ("Publiceret 14. marts 2025", "Køge Dagblad, 5. maj 2025", "den 10. september 2024"),
    with dateparser's Danish month names."""
    months = month_names()
    for match in _DATELINE.finditer(text, 0, min(len(text), DATELINE_CHARS)):
        month = months.get(match.group(2).casefold())
        if month is None:
            continue
        try:
            return date(int(match.group(3)), month, int(match.group(1)))
        except ValueError:
            continue  # "31. februar"
    return None


# "60 nye plejeboliger, som forventes at stå klar i 2027": new buildings take the year they are
# ready, not the year they are decided.
_READY = re.compile(
    r"(?<![a-zæøå])(?:klar|færdig\w*|indviet|indvies|tages\s+i\s+brug|taget\s+i\s+brug|åbner|åbne)"
    r"\s+(?:i|til|inden|ved\s+udgangen\s+af)\s+(?:(?:sommeren|efteråret|foråret|vinteren|starten\s+af"
    rf"|slutningen\s+af)\s+)?(?P<year>{_YEAR})(?!\d|[.,]\d)",
    re.IGNORECASE,
)
_NEW_BUILDING = re.compile(
    r"(?<![a-zæøå])(?:nye?|nyt|bygge\w*|opfør\w*|byggeriet)(?![a-zæøå])", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-ZÆØÅ\"“–-])")  # (not "168 mio. kr. og forventes")


def ready_year(text: str, start: int, end: int, sentence_end: int) -> str | None:
    """The year new dwellings are ready, said after the figure `text[start:end]` in its
    sentence or, when its sentence speaks of new building, in the next one."""
    found = _READY.search(text, end, sentence_end)
    if found is None and _NEW_BUILDING.search(text, max(0, start - 80), sentence_end):
        after = text[sentence_end : sentence_end + 200]
        next_end = _SENTENCE_END.search(after, 2)
        found = _READY.search(
            text, sentence_end, sentence_end + (next_end.start() if next_end else len(after))
        )
    return found.group("year") if found else None


def previous_sentence(text: str, sentence_start: int) -> tuple[int, int] | None:
    """The sentence before the one at `sentence_start` in the same paragraph, as offsets."""
    begin = max(0, sentence_start - 300)
    body_end = begin + len(text[begin:sentence_start].rstrip())
    if body_end <= begin or "\n\n" in text[body_end:sentence_start] or text[body_end - 1] == ":":
        return None  # the sentence opens its paragraph
    paragraph = text.rfind("\n\n", begin, body_end)
    if paragraph >= 0:
        begin = paragraph + 2
    ends = [m.end() for m in _SENTENCE_END.finditer(text, begin, body_end - 1)]
    return (ends[-1] if ends else begin), body_end
