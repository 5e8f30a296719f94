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
