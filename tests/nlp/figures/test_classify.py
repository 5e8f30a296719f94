"""Classification stages, each on its own: ranks, shares, cardinals, counts, bare figures."""

from __future__ import annotations

import re

from nlp.figures.rules import StatisticRules


def first(rules: StatisticRules, text: str, family: str) -> re.Match[str]:
    return next(m for m in rules.candidates.find(text) if m.lastgroup == family)


def test_ranks_ordinal_digits_need_a_rank_word(rules: StatisticRules) -> None:
    text = "Kommunen fik en 2. plads ud af 98 kommuner, mødet er 2. marts."
    match = first(rules, text, "digits")
    found = rules.ranks.ordinal_digits(text, match, 2.0)
    assert found is not None and (found.kind, found.value, found.of) == ("rank", 2.0, 98.0)
    march = list(rules.candidates.find(text))[-1]
    assert rules.ranks.ordinal_digits(text, march, 2.0) is None


def test_ranks_before_a_cardinal(rules: StatisticRules) -> None:
    text = "Vi er i top 5"
    start = text.index("5")
    handled, found = rules.ranks.before_cardinal(
        text, text[:start], text[:start].casefold(), start, start + 1, 5.0
    )
    assert handled and found is not None and text[found.start : found.end] == "top 5"


def test_ranks_leave_other_cardinals_alone(rules: StatisticRules) -> None:
    text = "Der er 5 skoler"
    start = text.index("5")
    assert rules.ranks.before_cardinal(
        text, text[:start], text[:start].casefold(), start, start + 1, 5.0
    ) == (
        False,
        None,
    )


def test_shares(rules: StatisticRules) -> None:
    text = "Hver tredje borger"
    found = rules.shares.share(text, first(rules, text, "frac"))
    assert found is not None and (found.kind, found.value, found.unit) == ("percent", 33.3, "andel")


def test_cardinal_change_from_to_gives_a_second_figure(rules: StatisticRules) -> None:
    text = "Ledigheden faldt fra 5,4 til 5,1 pct."
    found = rules.cardinals.cardinal(text, first(rules, text, "digits"), 5.4)
    assert found is not None and found.then is not None
    assert (found.value, found.kind, found.then.value, found.then.kind) == (5.4, "percent", 5.1, "percent")


def test_cardinal_year_is_no_figure(rules: StatisticRules) -> None:
    text = "Det skete i 2019."
    assert rules.cardinals.cardinal(text, first(rules, text, "digits"), 2019.0) is None


def test_counts_take_the_counted_noun(rules: StatisticRules) -> None:
    text = "Der er 525 borgere"
    end = text.index("525") + 3
    assert rules.counts.count(text, end - 3, end, 525.0, True, text[: end - 3]) == (
        "count",
        "borgere",
        len(text),
    )


def test_bare_figure_needs_its_context(rules: StatisticRules) -> None:
    with_subject = "Antallet af elever er 3.212"
    assert rules.bare.bare_kind(with_subject, with_subject.index("3.212"), 3212.0) == "count"
    average = "et gennemsnit på 7,4"
    assert rules.bare.bare_kind(average, average.index("7,4"), 7.4) == "other"
    assert rules.bare.bare_kind("Skolen har 40", 11, 40.0) is None


def test_exclusions_cover_dates_and_ages(rules: StatisticRules) -> None:
    text = "Mødet kl. 14.30: 40-45 årige fik brev."
    blocked = rules.exclusions.in_text(text)
    assert blocked.overlaps(text.index("40"), text.index("40") + 2)
    assert not blocked.overlaps(text.index("fik"), text.index("fik") + 3)


def found(rules: StatisticRules, text: str) -> list[tuple[str, float, str]]:
    return [(f.kind, f.value, text[f.start : f.end]) for f in rules.find(text)]


def test_compound_ordinals_are_ranks(rules: StatisticRules) -> None:
    assert found(rules, "De Konservative fik en tredjeplads.") == [("rank", 3, "tredjeplads")]
    assert found(rules, "Holbæk får en sjetteplads ud af 98 kommuner.")[0][:2] == ("rank", 6)
    assert found(rules, "Gentofte bevarer andenpladsen.") == [("rank", 2, "andenpladsen")]
    assert found(rules, "Lolland havde landets næsthøjeste skat.") == [("rank", 2.0, "næsthøjeste")]


def test_a_rate_named_by_its_measure_is_a_figure(rules: StatisticRules) -> None:
    assert found(rules, "Udskrivningsprocenten fastholdes på 23,4.") == [("percent", 23.4, "23,4")]
    assert found(rules, "Grundskyldspromillen er uændret 24,0.") == [("other", 24.0, "24,0")]
    assert found(rules, "Stemmeprocenten i Odense endte på 63,8 i år.") == [("percent", 63.8, "63,8")]


def test_a_unit_given_once_for_a_list(rules: StatisticRules) -> None:
    text = "Ledigheden var højest på Fyn med 4,2 pct. fulgt af Sjælland med 4,0 og Bornholm med 3,9."
    assert found(rules, text) == [
        ("percent", 4.2, "4,2 pct."),
        ("percent", 4.0, "4,0"),
        ("percent", 3.9, "3,9"),
    ]


def test_a_list_does_not_run_on_after_a_counted_noun_or_a_sentence(rules: StatisticRules) -> None:
    assert found(rules, "Der er 12 skoler og 40 i alt.") == [("count", 12.0, "12 skoler")]
    assert found(rules, "Ledigheden er 4,2 pct. Med 40 er det nok.") == [("percent", 4.2, "4,2 pct.")]


def test_fra_til_downwards_is_a_change_with_the_unit_after_the_second(rules: StatisticRules) -> None:
    text = "Ledigheden gik fra 5,4 til 5,1 pct."
    assert found(rules, text) == [("percent", 5.4, "5,4"), ("percent", 5.1, "5,1 pct.")]
    assert found(rules, "fra 40 til 45 borgere") == [("count", 40.0, "fra 40 til 45 borgere")]


def test_reaching_a_level_and_versus_a_counted_figure(rules: StatisticRules) -> None:
    assert found(rules, "Indbyggertallet passerede 90.000 i 2022.") == [("count", 90000.0, "90.000")]
    text = "Der blev påbegyndt 1.120 boliger i perioden mod 1.960 i 2023."
    assert found(rules, text) == [("count", 1120.0, "1.120 boliger"), ("count", 1960.0, "1.960")]
    assert found(rules, "Sidste år var placeringen nr. 47.") == [("rank", 47.0, "nr. 47")]
    assert found(rules, "Lov nr. 47 gælder.") == []
