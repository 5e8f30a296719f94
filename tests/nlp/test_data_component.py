"""The one base of the components that carry data files: folders from the config, files saved
with the pipeline, and the saved copies read back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from nlp import lexicon
from nlp.components.data_component import PACKAGE_DIR, DataComponent, package_path
from nlp.components.quotes import QuoteFinder
from nlp.pipeline import build_nlp

DATA_COMPONENTS = (
    "kv_sentences",
    "kv_entity_windows",
    "kv_kommuner",
    "kv_statistics",
    "kv_persons",
    "kv_quotes",
    "kv_claims",
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def test_configured_folders_are_relative_to_the_package(tmp_path: Path) -> None:
    assert package_path("data/kommuner") == PACKAGE_DIR / "data" / "kommuner"
    assert package_path(tmp_path) == tmp_path


def test_every_data_component_takes_its_folders_from_the_config(nlp: Language) -> None:
    config = nlp.config.interpolate()
    for name in DATA_COMPONENTS:
        component = nlp.get_pipe(name)
        assert isinstance(component, DataComponent), name
        settings = config["components"][name]
        assert component.data_dir == package_path(settings["data_dir"]), name
        assert component.data_dir.parent == PACKAGE_DIR / "data", name
        for file in component.data_files:
            assert (component.data_dir / file).is_file(), (name, file)
        if component.lexicon_files:
            assert component.lexicon_dir == package_path(settings["lexicon_dir"]) == lexicon.LEXICON_DIR


def test_a_saved_pipeline_keeps_and_reads_its_own_files(nlp: Language, tmp_path: Path) -> None:
    saved = tmp_path / "pipeline"
    nlp.to_disk(saved)
    for name in DATA_COMPONENTS:
        component = nlp.get_pipe(name)
        assert isinstance(component, DataComponent)
        for file in (*component.data_files, *component.lexicon_files):
            assert (saved / name / file).is_file(), (name, file)
    with (saved / "kv_kommuner" / "variants.csv").open("a", encoding="utf-8") as handle:
        handle.write("Skovlunde,151,town\n")
    loaded = spacy.load(saved)
    found = loaded("Hallen i Skovlunde er ny.")._.kommuner
    assert [(k.text, k.code) for k in found] == [("Skovlunde", 151)]
    assert nlp("Hallen i Skovlunde er ny.")._.kommuner == []


def test_the_lexicon_folder_is_configuration(tmp_path: Path) -> None:
    own = tmp_path / "lexicon"
    shutil.copytree(lexicon.LEXICON_DIR, own)
    with (own / lexicon.GIVEN_NAMES).open("a", encoding="utf-8") as handle:
        handle.write("Zyxa,f,quotes\n")
    pipeline = spacy.blank("da")
    default = pipeline.add_pipe("kv_quotes", name="packaged")
    configured = pipeline.add_pipe("kv_quotes", name="own", config={"lexicon_dir": str(own)})
    assert isinstance(default, QuoteFinder) and isinstance(configured, QuoteFinder)
    assert default.data.gender("Zyxa Holm") is None
    assert configured.data.gender("Zyxa Holm") == "f"


def test_the_bench_scores_the_windowed_ner_with_the_configured_folders(
    nlp: Language, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bench nlp` builds kv_entity_windows from the pipeline's config: its data folder must be
    the interpolated path, not "${paths.data}/entity_windows"."""
    from bench.nlp_speed import SHARED_NER, _windowed_ner_quality

    if not sorted(SHARED_NER.glob("*-test.iob2")):
        pytest.skip("UNER test split not present")
    _windowed_ner_quality(nlp)
    assert "NER through kv_entity_windows" in capsys.readouterr().out
