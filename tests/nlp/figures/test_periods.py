"""Period stage: time expressions to Statistikbanken time codes; datelines."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.figures.periods import dateline_date, find_periods, previous_sentence, ready_year

PUBLISHED = date(2025, 3, 14)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("i 2023", "2023"),
        ("i november", "2024M11"),  # a month after the publication month is last year's
        ("i januar", "2025M01"),
        ("sidste år", "2024"),
        ("budget 2025", "2025"),
        ("Budget 2025-2028", "2025:2028"),
        ("over de næste fire år", "2026:2029"),
        ("i første kvartal", "2025K1"),
        ("i tredje kvartal 2024", "2024K3"),
        ("i første halvår 2024", "2024H1"),
        ("pr. 1. januar 2024", "2024K1"),
        ("ved indgangen til 2025", "2025K1"),
        ("i juni sidste år", "2024M06"),
        ("i perioden 2025-2028", "2025:2028"),
        ("siden 2021", "2021:2025"),
        ("frem mod 2029", "2025:2029"),
        ("frem til 2032", "2025:2032"),
        ("i efteråret", "2024"),  # the latest autumn begun by the publication date
        ("i foråret", "2025"),
        ("for fem år siden", "2020"),
        ("flere end for fem år siden", "2020:2025"),  # the span of the change
        ("i hele 2024", "2024"),
        ("i fjor", "2024"),
        ("I skoleåret 2023/24", "2023"),  # a school year is the year it begins
        ("skoleåret 2024/2025", "2024"),
    ],
)
def test_time_codes(text: str, code: str) -> None:
    assert [p.code for p in find_periods(text, 0, len(text), PUBLISHED)] == [code]


def test_relative_times_need_a_publication_date() -> None:
    assert find_periods("sidste år", 0, 9, None) == []
    assert [p.code for p in find_periods("i 2023", 0, 6, None)] == ["2023"]


def test_the_time_of_a_comparison_is_marked_as_baseline() -> None:
    text = "130 færre end i 2. kvartal 2023"
    (period,) = find_periods(text, 0, len(text), PUBLISHED)
    assert (period.code, period.baseline) == ("2023K2", True)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Titel\n\nPubliceret 14. marts 2025\n\nBrødtekst", date(2025, 3, 14)),
        ("Køge Dagblad, 5. maj 2025\n\nAf en læser", date(2025, 5, 5)),
        ("Referat af mødet tirsdag den 10. september 2024 kl. 15.00", date(2024, 9, 10)),
        ("Ingen dato her, kun en 12. plads og 14 dage.", None),
    ],
)
def test_dateline(text: str, day: date | None) -> None:
    assert dateline_date(text) == day


def test_new_dwellings_take_the_year_they_are_ready() -> None:
    text = "Byrådet vil bygge 48 nye plejeboliger, der ventes klar i 2028. Budgettet er 90 mio. kr."
    assert ready_year(text, text.index("48"), text.index(","), text.index("2028.") + 5) == "2028"
    text = "Kommunen har bygget 48 nye boliger. De forventes taget i brug i 2026."
    assert ready_year(text, text.index("48"), text.index(" boliger") + 8, text.index(".") + 1) == "2026"
    text = "Kommunen har 480 plejeboliger. Plejecentret i Ry åbner i 2026."
    assert ready_year(text, text.index("480"), text.index("."), text.index(".") + 1) is None


def test_the_sentence_before_in_the_same_paragraph() -> None:
    text = "Overskrift\n\nVentetiden steg i maj. Hospitalet havde 90 dage.\n\nNyt afsnit her."
    second = text.index("Hospitalet")
    assert previous_sentence(text, second) == (text.index("Ventetiden"), text.index(" Hospitalet"))
    assert previous_sentence(text, text.index("Nyt")) is None
    assert previous_sentence(text, text.index("Ventetiden")) is None
