"""Rebuild the committed NER pipeline (`make model`) from the UNER Danish-DDT data.

Steps: convert the IOB2 splits to DocBin corpora, train with `config.cfg` and a fixed seed
(train split for updates, dev split for model selection and early stopping), copy
`model-best` to the output folder, score it on the held-out test split and write
`scores.json` and the attribution `README.md` next to the weights. The data is CC BY-SA 4.0
and the weights are derived from it, so the README says so.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

import spacy
from spacy.cli.train import train

import nlp.ner_features  # noqa: F401  (registers the word-list embedding config.cfg names)
import nlp.training.augment  # noqa: F401  (registers the entity-swap augmenter config.cfg names)
from nlp.ner_eval import evaluate_ner, format_scores
from nlp.training.convert import convert_file, split_path

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
CORPUS = HERE / "corpus"
TRAIN_OUTPUT = HERE / "output"
# The seed config.cfg names (chosen there by dev score); `make model` reproduces the weights with it.
SEED = int(spacy.util.load_config(CONFIG)["system"]["seed"])

# Folders spaCy writes into model-best that `spacy.load` does not need.
_NOT_NEEDED = ("vocab/vectors", "vocab/vectors.cfg", "vocab/key2row")

README = """\
# Kommunevagt Danish NER (PER, LOC, ORG)

A small CPU spaCy pipeline (`spacy.blank("da")` tokenizer + one `ner` component whose CNN
tok2vec is embedded in the component, so it can be sourced on its own) used by the Kommunevagt
NLP pipeline to find persons, locations and organisations.

Besides spaCy's hash embeddings, each token gets two word-list columns from
`kv.NamePlaceHashEmbed.v1` in `nlp/ner_features.py`: known given name or surname (lists in
`nlp/data/persons/`: Danish names, and given names and surnames of many countries from Faker,
MIT licence) and word of a place name (`nlp/data/places/`, from CLDR and the kommuner), each
with its -s genitive. The lists are read when the model is loaded: these weights go with this
package's lists.

## Data and licence

Trained on **UNER_Danish-DDT** (Universal NER v1; Mayhew et al., NAACL 2024, based on
UD_Danish-DDT and the DaN+ annotations of Plank et al., COLING 2020), licensed
**CC BY-SA 4.0** (https://creativecommons.org/licenses/by-sa/4.0/). The weights in this folder
are derived from that dataset and are distributed under the same licence, CC BY-SA 4.0.
Splits: `train` for training, `dev` for early stopping and model selection, `test` only for
the reported score.

## Scores on the UNER test split ({sentences} sentences, entity-level exact match)

```
{table}
```

## Rebuild

```
make model
# which runs:
python -m nlp.training.lowercase_words --data ../shared/data/ner/uner_da_ddt
python -m nlp.training.place_words
python -m nlp.training.world_names
python -m nlp.training.train_ner --data ../shared/data/ner/uner_da_ddt --output nlp/ner_model
```

Config: `nlp/training/config.cfg` (seed {seed}, CPU). Training code: `nlp/training/`.
"""


def convert_splits(data_dir: Path, corpus_dir: Path) -> dict[str, Path]:
    """Convert train/dev/test IOB2 files to `.spacy` corpora; returns their paths."""
    nlp = spacy.blank("da")
    paths = {}
    for split in ("train", "dev", "test"):
        paths[split] = corpus_dir / f"{split}.spacy"
        n = convert_file(nlp, split_path(data_dir, split), paths[split])
        print(f"converted {split}: {n} sentences")
    return paths


def _display_path(path: Path) -> str:
    """`path` relative to the working directory when inside it, so the shipped config.cfg
    names `nlp/training/corpus/...` rather than one machine's absolute path."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def install_model(best: Path, output: Path) -> None:
    """Copy `model-best` to `output`, replacing what was there, minus unused files."""
    if output.exists():
        shutil.rmtree(output)
    shutil.copytree(best, output)
    for rel in _NOT_NEEDED:
        target = output / rel
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def write_meta(output: Path) -> None:
    """Name the package and state the licence and sources in `meta.json`."""
    meta_path = output / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        name="kommunevagt_ner",
        version="1.0.0",
        description="Danish NER (PER, LOC, ORG) for Kommunevagt, trained on UNER Danish-DDT",
        license="CC BY-SA 4.0",
        sources=[
            {
                "name": "UNER_Danish-DDT (Universal NER v1)",
                "url": "https://www.universalner.org/",
                "license": "CC BY-SA 4.0",
                "author": "Mayhew et al. 2024; Plank et al. 2020 (DaN+)",
            }
        ],
    )
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="UNER directory with *-train/dev/test.iob2")
    parser.add_argument("--output", type=Path, required=True, help="where the trained pipeline goes")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()

    corpora = convert_splits(args.data, CORPUS)
    overrides = {
        "paths.train": _display_path(corpora["train"]),
        "paths.dev": _display_path(corpora["dev"]),
        "system.seed": args.seed,
    }
    if TRAIN_OUTPUT.exists():
        shutil.rmtree(TRAIN_OUTPUT)
    train(CONFIG, TRAIN_OUTPUT, overrides=overrides, use_gpu=-1)

    package(TRAIN_OUTPUT / "model-best", args.output, args.data, args.seed)


def package(best: Path, output: Path, data_dir: Path, seed: int = SEED) -> dict[str, Any]:
    """Install `best` at `output` with meta, test-split `scores.json` and attribution README."""
    install_model(best, output)
    write_meta(output)
    scores = evaluate_ner(output, split_path(data_dir, "test"))
    scores["split"] = "test"
    scores["dataset"] = "UNER_Danish-DDT"
    (output / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    table = format_scores(scores)
    readme = README.format(sentences=scores["sentences"], table=table, seed=seed)
    (output / "README.md").write_text(readme, encoding="utf-8")
    print(table)
    return scores


if __name__ == "__main__":
    main()
