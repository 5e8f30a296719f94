"""`make bench` part for the trained NER: test-split quality and speed against tokenizing.

Quality: per-label P/R/F1 and micro F1 on the UNER Danish-DDT test split (when ../shared is
present). Speed: words/s of `spacy.blank("da")` tokenizing a text, then of the NER pipeline
over the same text in the same run, and their ratio, so the cost of the statistical NER is
visible on its own line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp.ner_eval import evaluate_ner, format_scores
from nlp.training.convert import read_iob2

NER_MODEL = Path(__file__).resolve().parent / "ner_model"
SHARED_NER = Path(__file__).resolve().parents[2] / "shared" / "data" / "ner" / "uner_da_ddt"


def load_ner(path: Path = NER_MODEL) -> Language:
    """The committed NER pipeline."""
    return spacy.load(path)


def bench_texts(data_dir: Path = SHARED_NER, min_words: int = 200_000, sents_per_doc: int = 20) -> list[str]:
    """Danish documents for the speed run: UNER sentences grouped into ~20-sentence documents,
    repeated until `min_words` whitespace words (hash embeddings make repeats no cheaper)."""
    sentences = [" ".join(s.words) for f in sorted(data_dir.glob("*.iob2")) for s in read_iob2(f)]
    if not sentences:
        raise FileNotFoundError(f"no IOB2 sentences in {data_dir}")
    docs = [" ".join(sentences[i : i + sents_per_doc]) for i in range(0, len(sentences), sents_per_doc)]
    texts: list[str] = []
    words = 0
    while words < min_words:
        for doc in docs:
            texts.append(doc)
            words += doc.count(" ") + 1
            if words >= min_words:
                break
    return texts


def words_per_second(run: Callable[[list[str]], Iterable[Doc]], texts: list[str]) -> tuple[int, float]:
    """Run a pipe over `texts`; return (tokens, tokens per second)."""
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in run(texts))
    elapsed = time.perf_counter() - start
    return tokens, tokens / elapsed if elapsed else float("inf")


def speed(nlp: Language, texts: list[str], batch_size: int = 256) -> dict[str, float]:
    """Tokenizer-only vs NER words/s on the same texts, in the same process."""
    blank = spacy.blank("da")
    tokens, tok_wps = words_per_second(lambda t: blank.pipe(t, batch_size=batch_size), texts)
    _, ner_wps = words_per_second(lambda t: nlp.pipe(t, batch_size=batch_size), texts)
    return {"words": tokens, "tokenizer_wps": tok_wps, "ner_wps": ner_wps, "ratio": ner_wps / tok_wps}


def run_ner_bench(min_words: int = 200_000) -> None:
    """Print the NER's test-split scores and its words/s relative to tokenizer-only."""
    nlp = load_ner()
    test_files = sorted(SHARED_NER.glob("*-test.iob2"))
    if not test_files:
        print(f"NER quality: skipped, {SHARED_NER} is absent")
        return
    scores = evaluate_ner(nlp, test_files[0])
    print(f"NER on UNER Danish-DDT test split ({scores['sentences']} sentences):")
    print(format_scores(scores))
    result = speed(nlp, bench_texts(min_words=min_words))
    print(
        f"NER speed over {result['words']:,} words: tokenizer-only {result['tokenizer_wps']:,.0f} words/s, "
        f"NER {result['ner_wps']:,.0f} words/s ({result['ratio']:.1%} of tokenizer-only)"
    )


if __name__ == "__main__":
    run_ner_bench()
