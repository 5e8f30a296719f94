"""The one lexicon (`nlp/lexicon/`): well-formed rows, every reader reading it, and the
extractions the merged lists changed."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from nlp import lexicon
from nlp.components.kommune_lexicon import load_lexicon
from nlp.components.person_data import PersonData
from nlp.components.quotes import QuoteFinder
from nlp.lexicon.uner import derive_given_names, render, with_source
from nlp.pipeline import extract
from nlp.speech import SpeechData
from nlp.wordlists import read_list

NLP_DIR = Path(lexicon.__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def names() -> list[lexicon.GivenName]:
    return lexicon.given_names(lexicon.read(lexicon.GIVEN_NAMES))


def test_given_names_are_one_row_each_with_a_known_source(names: list[lexicon.GivenName]) -> None:
    assert len({n.name for n in names}) == len(names) > 900
    for row in names:
        assert row.gender in {"", "f", "m"}, row
        assert row.sources and set(row.sources) <= set(lexicon.SOURCES), row
        assert list(row.sources) == sorted(row.sources, key=lexicon.SOURCES.index), row


def test_speech_verbs_and_roles_are_well_formed() -> None:
    verbs = lexicon.speech_verbs(lexicon.read(lexicon.SPEECH_VERBS))
    assert len({v.form for v in verbs}) == len(verbs) > 100
    assert {v.speaker for v in verbs} == {"both", "after"}
    roles = lexicon.role_words(lexicon.read(lexicon.ROLES))
    assert len({r.form.casefold() for r in roles}) == len(roles)
    assert {r.match for r in roles} == {"word", "suffix"}
    assert {r.politician for r in roles} == {"yes", "no", "council"}


def test_no_component_keeps_its_own_copy() -> None:
    """The drifting copies are gone; only lists with another job keep a name like theirs."""
    data = NLP_DIR / "data"
    copies = [
        p.relative_to(data)
        for pattern in ("given_names*", "speech_verbs*", "role_nouns*", "roles.csv")
        for p in data.rglob(pattern)
    ]
    assert sorted(map(str, copies)) == ["persons/given_names_ambiguous.txt"]


def test_every_reader_reads_the_lexicon(names: list[lexicon.GivenName]) -> None:
    verbs = lexicon.speech_verbs(lexicon.read(lexicon.SPEECH_VERBS))
    roles = lexicon.role_words(lexicon.read(lexicon.ROLES))
    persons = PersonData.from_dir()
    not_names = {w.casefold() for w in read_list(NLP_DIR / "data" / "persons" / "not_names.txt")}
    expected = {n.name for n in names if n.person_evidence and n.name.casefold() not in not_names}
    assert persons.given_names == expected
    assert persons.speech_verbs == {v.form for v in verbs}
    assert set(persons.roles) == {r.form.casefold() for r in roles}
    kommuner = load_lexicon()
    forms = {e.form for e in kommuner.entries.values()}
    assert kommuner.given_names == {n.name for n in names} - forms
    speech = SpeechData.load()
    assert speech.given_names == {n.name.casefold(): n.gender for n in names if n.gender}
    assert set(speech.verbs) == {v.form for v in verbs if v.quote}
    assert speech.role_after_re.match(" journalisten")  # every role word, not a list of its own


def test_a_saved_component_reads_its_own_copy(tmp_path: Path) -> None:
    pipeline = spacy.blank("da")
    pipeline.add_pipe("kv_quotes")
    pipeline.to_disk(tmp_path / "p")
    saved = tmp_path / "p" / "kv_quotes"
    for name in lexicon.FILES:
        assert (saved / name).read_text(encoding="utf-8") == lexicon.read(name)
    with (saved / lexicon.GIVEN_NAMES).open("a", encoding="utf-8") as handle:
        handle.write("Zyxa,f,quotes\n")
    loaded = spacy.load(tmp_path / "p")
    finder = loaded.get_pipe("kv_quotes")
    assert isinstance(finder, QuoteFinder) and finder.data.gender("Zyxa Holm") == "f"


def test_uner_source_is_rebuilt_without_touching_the_others(tmp_path: Path) -> None:
    iob = tmp_path / "train.iob2"
    rows = ["1\tOle\tB-PER", "2\tHolm\tI-PER", "3\tsagde\tO", "", "1\tNy\tB-PER", "2\tNavnesen\tI-PER"]
    iob.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert derive_given_names(iob) == ["Ny", "Ole"]
    before = [
        lexicon.GivenName("Ole", "m", ("common",)),
        lexicon.GivenName("Gammel", "", ("uner",)),
        lexicon.GivenName("Anna", "f", ("uner", "quotes")),
    ]
    after = with_source(before, set(derive_given_names(iob)))
    assert after == [
        lexicon.GivenName("Anna", "f", ("quotes",)),
        lexicon.GivenName("Ny", "", ("uner",)),
        lexicon.GivenName("Ole", "m", ("common", "uner")),
    ]
    text = render(["# kommentar"], after)
    assert text.startswith("# kommentar\nname,gender,source\nAnna,f,quotes\n")
    assert lexicon.given_names(text) == after


# The extractions the merge changed on the 100k bench words, each checked by hand.


def test_speech_verbs_of_the_quote_list_find_persons_too() -> None:
    found = extract("Vi sov længe, smiler Bent. Det var godt, grinede Inge.")
    assert [p.name for p in found.persons] == ["Bent", "Inge"]


def test_praesident_is_a_politician_role() -> None:
    found = extract("Milosevic sendte breve til den amerikanske præsident, George Bush, i går.")
    bush = [p for p in found.persons if p.name == "George Bush"]
    assert bush and bush[0].role == "præsident" and bush[0].politician


def test_every_role_word_can_name_a_quotes_speaker() -> None:
    found = extract('Faklerne blev tændt. "Bor du hjemme?" spurgte journalisten. Det gjorde hun.')
    assert [(q.text, q.speaker) for q in found.quotes] == [("Bor du hjemme?", None)]


def test_a_label_before_kalder_is_no_quote() -> None:
    """ "kalder" finds persons, but text in marks before it is a name for something."""
    found = extract('Avancen er stor, og der bliver immervæk et "overskud", kalder Birthe det.')
    assert found.quotes == []
    assert [p.name for p in found.persons] == ["Birthe"]
