"""Read UNER IOB2 files and turn them into spaCy `DocBin` corpora.

The tokenisation in the files is the gold tokenisation (UD Danish-DDT), so the Docs are built
from its words, not re-tokenised; the `# text =` line only decides which tokens are followed by
a space, so that `doc.text` reads like the original sentence.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

LABELS = ("PER", "LOC", "ORG")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One IOB2 sentence: words, trailing-space flags and the IOB2 tag per word."""

    sent_id: str
    words: list[str]
    spaces: list[bool]
    tags: list[str]


def read_iob2(path: Path) -> Iterator[Sentence]:
    """Yield the sentences of a UNER IOB2 file (`idx<TAB>word<TAB>tag<TAB>...` lines)."""
    sent_id, text = "", ""
    words: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("# sent_id = "):
                sent_id = line.removeprefix("# sent_id = ").strip()
            elif line.startswith("# text = "):
                text = line.removeprefix("# text = ")
            elif line.startswith("#"):
                continue
            elif not line.strip():
                if words:
                    yield Sentence(sent_id, words, spaces_from_text(words, text), tags)
                sent_id, text, words, tags = "", "", [], []
            else:
                cols = line.split("\t")
                words.append(cols[1])
                tags.append(cols[2] if len(cols) > 2 else "O")
    if words:
        yield Sentence(sent_id, words, spaces_from_text(words, text), tags)


def spaces_from_text(words: list[str], text: str) -> list[bool]:
    """Whether each word is followed by whitespace in `text`.

    Words are located left to right; a word that cannot be found where expected (the text
    line and the tokens occasionally disagree) gets a space, the usual case in Danish prose.
    """
    spaces: list[bool] = []
    pos = 0
    for word in words:
        found = text.find(word, pos)
        if found < 0 or text[pos:found].strip():
            spaces.append(True)
            continue
        end = found + len(word)
        spaces.append(end < len(text) and text[end].isspace())
        pos = end
    if spaces:
        spaces[-1] = False
    return spaces


def iob2_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans `(start, end, label)` in token offsets, the way seqeval reads IOB2.

    An `I-X` that does not continue an open `X` entity starts a new one (lenient IOB2).
    """
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, tag_label = tag.partition("-")
        continues = prefix == "I" and tag_label == label and start >= 0
        if continues:
            continue
        if start >= 0:
            spans.append((start, i, label))
            start, label = -1, ""
        if prefix in ("B", "I") and tag_label:
            start, label = i, tag_label
    return spans


def sentence_to_doc(nlp: Language, sentence: Sentence) -> Doc:
    """A Doc with the gold words, spaces and entities of one sentence."""
    doc = Doc(nlp.vocab, words=sentence.words, spaces=sentence.spaces)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in iob2_spans(sentence.tags) if lab in LABELS]
    return doc


def convert_file(nlp: Language, src: Path, dest: Path) -> int:
    """Write `src` as a `.spacy` DocBin at `dest`; returns the number of sentences."""
    docbin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    count = 0
    for sentence in read_iob2(src):
        docbin.add(sentence_to_doc(nlp, sentence))
        count += 1
    dest.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(dest)
    return count


def split_path(data_dir: Path, split: str) -> Path:
    """The IOB2 file of one split (`train`, `dev`, `test`) in a UNER directory."""
    matches = sorted(data_dir.glob(f"*-{split}.iob2"))
    if not matches:
        raise FileNotFoundError(f"no *-{split}.iob2 file in {data_dir}")
    return matches[0]


def main() -> None:
    import spacy

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="UNER directory with *-train/dev/test.iob2")
    parser.add_argument("--output", type=Path, required=True, help="directory for train/dev/test.spacy")
    args = parser.parse_args()
    nlp = spacy.blank("da")
    for split in ("train", "dev", "test"):
        n = convert_file(nlp, split_path(args.data, split), args.output / f"{split}.spacy")
        print(f"{split}: {n} sentences")


if __name__ == "__main__":
    main()
