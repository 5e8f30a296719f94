"""Candidates stage: the families of number-shaped text, in order."""

from __future__ import annotations

from nlp.figures.rules import StatisticRules


def families_found(rules: StatisticRules, text: str) -> list[tuple[str | None, str]]:
    return [(m.lastgroup, m.group(0)) for m in rules.candidates.find(text)]


def test_each_family_has_a_classifier(rules: StatisticRules) -> None:
    assert [f.name for f in rules.candidates.families] == list(rules.classifiers)


def test_families_of_a_mixed_sentence(rules: StatisticRules) -> None:
    text = "Halvdelen af de 1.331 ledige, en million kroner, femogtyve borgere og en tredje plads."
    found = families_found(rules, text)
    assert ("frac", "Halvdelen") in found
    assert ("digits", "1.331") in found
    assert ("one", "en") in found
    assert ("word", "femogtyve") in found
    assert ("ord", "tredje") in found


def test_digits_inside_words_and_codes_are_no_candidates(rules: StatisticRules) -> None:
    assert families_found(rules, "K2 og A4-papir") == []


def test_word_starts_give_the_same_candidates_as_a_full_scan(rules: StatisticRules) -> None:
    text = "Tre ud af fire borgere og 12 skoler; hver femte elev."
    words = rules.candidate_words()
    starts = [i for i, ch in enumerate(text) if (i == 0 or not text[i - 1].isalnum()) and ch.isalpha()]
    starts = [i for i in starts if text[i:].split()[0].strip(".,;").casefold() in words]
    with_starts = [(f.start, f.end, f.value) for f in rules.find(text, starts)]
    assert with_starts == [(f.start, f.end, f.value) for f in rules.find(text)]
    assert len(with_starts) == 3


def test_article_followers_name_the_multipliers(rules: StatisticRules) -> None:
    assert {"million", "ud", "mio"} <= rules.article_followers()
