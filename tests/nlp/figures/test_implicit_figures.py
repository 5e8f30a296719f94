"""Figures the statistics rules used to miss because their measure or unit is implicit: lists
whose unit comes once (before or after), parts of a group ("85 af dem"), compound ordinal
superlatives ("tredjestørst"), ranges read from "mellem", and units that are no count."""

from __future__ import annotations

from nlp.figures.rules import StatisticRules


def found(rules: StatisticRules, text: str) -> list[tuple[str, float, str]]:
    return [(f.kind, f.value, text[f.start : f.end]) for f in rules.find(text)]


def test_a_list_of_names_after_the_unit(rules: StatisticRules) -> None:
    text = "Vejen havde 3,1 pct., Billund 2,4 og Varde 2,9."
    assert found(rules, text) == [
        ("percent", 3.1, "3,1 pct."),
        ("percent", 2.4, "2,4"),
        ("percent", 2.9, "2,9"),
    ]


def test_a_list_of_names_before_the_unit(rules: StatisticRules) -> None:
    text = "Til sammenligning har Struer 19,8, Lemvig 20,3 og Skive 21,0 elever pr. klasse."
    assert found(rules, text) == [
        ("count", 19.8, "19,8"),
        ("count", 20.3, "20,3"),
        ("count", 21.0, "21,0 elever"),
    ]


def test_bare_numbers_between_names_without_a_unit_stay_out(rules: StatisticRules) -> None:
    assert found(rules, "Holdet fra Struer 19, Lemvig 20 og Skive 21 spillede.") == []


def test_a_part_of_a_group_is_a_count(rules: StatisticRules) -> None:
    assert found(rules, "Jobcentret har talt med 64 af dem.") == [("count", 64.0, "64")]
    text = "Partiet gik fra 9 til 11 af kommunalbestyrelsens 25 mandater."
    assert found(rules, text) == [
        ("count", 9.0, "9"),
        ("count", 11.0, "11"),
        ("count", 25.0, "25 mandater"),
    ]


def test_an_ordinal_before_a_superlative_is_a_rank(rules: StatisticRules) -> None:
    assert found(rules, "Konservative blev fjerdestørst.") == [("rank", 4.0, "fjerdestørst")]
    assert found(rules, "Tønder har den tredjelaveste ledighed.") == [("rank", 3.0, "tredjelaveste")]


def test_a_range_read_from_mellem_after_a_verb(rules: StatisticRules) -> None:
    text = "Folketallet har ligget mellem 24.000 og 25.500 siden 2010."
    assert [(k, v) for k, v, _ in found(rules, text)] == [("count", 24000.0)]


def test_areas_and_promillepoint_are_no_counts(rules: StatisticRules) -> None:
    assert found(rules, "Øen måler 588 kvadratkilometer.") == [("other", 588.0, "588 kvadratkilometer")]
    assert found(rules, "Grundskylden hæves med 1,5 promillepoint.") == [("other", 1.5, "1,5 promillepoint")]


def test_a_rate_in_an_age_group_is_no_age(rules: StatisticRules) -> None:
    text = "Det er over gennemsnittet for aldersgruppen på 4,4 pct."
    assert found(rules, text) == [("percent", 4.4, "4,4 pct.")]
    assert rules.exclusions.in_text("i aldersgruppen 30 til 39").overlaps(16, 18)


def test_number_words_before_new_count_nouns(rules: StatisticRules) -> None:
    assert found(rules, "Kommunen ansætter tre fysioterapeuter.") == [("count", 3.0, "tre fysioterapeuter")]
    assert found(rules, "Årgangen er delt i fire klasser.") == [("count", 4.0, "fire klasser")]
    assert found(rules, "Der var 51.200 stemmeberettigede.")[0][:2] == ("count", 51200.0)
