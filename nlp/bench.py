"""`kommunevagt bench nlp`: words per second of the pipeline against tokenizing alone.

The figures that matter are ratios measured in the same run on the same text, so they do not
depend on the machine: the rule components together (everything but the trained NER) must
reach >= 30% of the words/s of `spacy.blank("da")` only tokenizing, the whole pipeline >= 15%.
The text is >= 1M words of Danish: UNER Danish-DDT train+dev sentences when ../shared is
present, otherwise the project's own test sentences, grouped into documents with headings and
paragraphs and shuffled with a fixed seed. Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import spacy
from spacy.language import Language

from nlp.bench_ner import NER_MODEL, SHARED_NER, run_ner_bench
from nlp.components.entity_windows import windowed_ner
from nlp.ner_eval import evaluate_ner, format_scores

REPO = Path(__file__).resolve().parents[1]
FALLBACK_SOURCES = (REPO / "tests" / "nlp", REPO / "demo")
SEED = 20240917
BATCH_SIZE = 64
REPEAT = 3


def _uner_sentences(directory: Path) -> list[str]:
    sentences = []
    for path in sorted(directory.glob("*.iob2")):
        if "-test" in path.name:
            continue  # the test split stays unseen
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text = "):
                sentences.append(line[len("# text = ") :].strip())
    return sentences


def _fallback_sentences() -> list[str]:
    """Danish sentences from the project's own tests and demo texts."""
    sentences = []
    for folder in FALLBACK_SOURCES:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in {".py", ".txt", ".html"} or not path.is_file():
                continue
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip().strip('",()')
                if len(line.split()) >= 5 and any(c in line for c in "æøå"):
                    sentences.append(line)
    return sentences


def bench_texts(min_words: int = 1_000_000, sents_per_doc: int = 20) -> tuple[list[str], int]:
    """Documents of about 20 sentences, with a heading and paragraph breaks, >= min_words."""
    sentences = _uner_sentences(SHARED_NER) if SHARED_NER.is_dir() else []
    if not sentences:
        sentences = _fallback_sentences()
    if not sentences:
        raise RuntimeError("no Danish sentences found for the benchmark")
    rng = random.Random(SEED)
    texts: list[str] = []
    words = 0
    while words < min_words:
        order = sentences[:]
        rng.shuffle(order)
        for i in range(0, len(order), sents_per_doc):
            group = order[i : i + sents_per_doc]
            heading = " ".join(group[0].split()[:4]).rstrip(".,")
            body = " ".join(group[1:10]) + "\n\n" + " ".join(group[10:])
            text = f"{heading}\n\n{body}"
            texts.append(text)
            words += len(text.split())
            if words >= min_words:
                break
    return texts, words


def words_per_second(
    run: Callable[[list[str]], Iterable[object]], texts: list[str], words: int, repeat: int = REPEAT
) -> float:
    """Best of `repeat` runs, in CPU seconds of this process.

    CPU time rather than wall time, and the best run rather than one, because the machines this
    runs on are shared: other processes steal wall time but not this process's CPU time.
    """
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for _ in run(texts):
            pass
        best = min(best, time.process_time() - start)
    return words / best if best else float("inf")


def _line(label: str, wps: float, baseline: float) -> None:
    print(f"  {label:<34s} {wps:>12,.0f} words/s   {wps / baseline:6.1%} of tokenizer-only")


def run(min_words: int = 1_000_000, ner_words: int = 100_000) -> None:
    """Print words/s of tokenizer-only, the rule components, the whole pipeline and the NER."""
    from nlp.pipeline import build_nlp

    texts, words = bench_texts(min_words)
    blank = spacy.blank("da")
    blank.max_length = 10_000_000
    nlp = build_nlp()
    # The trained `ner` is disabled in the pipeline and run by kv_entity_windows on windows
    # around capitalised words; both are the "NER" here, everything else is a rule component.
    ner_parts = ("ner", "kv_entity_windows")
    has_ner = "ner" in nlp.component_names
    rules = [name for name in nlp.pipe_names if name not in ner_parts]

    def pipe(pipeline: Language) -> Callable[[list[str]], Iterable[object]]:
        return lambda batch: pipeline.pipe(batch, batch_size=BATCH_SIZE)

    # Warm up caches (lexemes, lazily compiled patterns) so the first timed run is not penalised.
    for _ in nlp.pipe(texts[:50]):
        pass
    tokenizer = words_per_second(pipe(blank), texts, words)
    print(f"NLP speed over {words:,} words in {len(texts):,} documents (batch size {BATCH_SIZE}):")
    print(f"  {'tokenizer only (spacy.blank da)':<34s} {tokenizer:>12,.0f} words/s")
    with nlp.select_pipes(enable=rules):
        _line(
            "rule components (" + ", ".join(rules) + ")",
            words_per_second(pipe(nlp), texts, words, repeat=2),
            tokenizer,
        )
    if has_ner:
        # On the same >= 1M words as the rules: the tokenizer's words/s on a shorter prefix is
        # higher (its caches hold more of it), so a prefix would not be the same baseline.
        _line(
            "whole pipeline (rules and NER)",
            words_per_second(pipe(nlp), texts, words, repeat=2),
            tokenizer,
        )

    # The statistical NER is ~10x slower: time it (and each rule component) on a prefix.
    subset: list[str] = []
    subset_words = 0
    for text in texts:
        if subset_words >= ner_words:
            break
        subset.append(text)
        subset_words += len(text.split())
    # Every figure on the prefix is a ratio to tokenizing that same prefix.
    sub_tokenizer = words_per_second(pipe(blank), subset, subset_words)
    print(f"  {'tokenizer only, first ' + format(subset_words, ',') + ' words':<34s} "
          f"{sub_tokenizer:>12,.0f} words/s")
    for name in rules:
        with nlp.select_pipes(enable=[name]):
            _line(f"  {name} alone", words_per_second(pipe(nlp), subset, subset_words), sub_tokenizer)
    if has_ner:
        with nlp.select_pipes(enable=["kv_entity_windows"]):
            _line(
                f"NER as the pipeline runs it ({subset_words:,} words; windows)",
                words_per_second(pipe(nlp), subset, subset_words, repeat=2),
                sub_tokenizer,
            )
        nlp.enable_pipe("ner")  # disabled in the pipeline; select_pipes only narrows active pipes
        try:
            with nlp.select_pipes(enable=["ner"]):
                _line(
                    "NER on the whole text (for reference)",
                    words_per_second(pipe(nlp), subset, subset_words, repeat=2),
                    sub_tokenizer,
                )
        finally:
            nlp.disable_pipe("ner")
    else:
        print("  whole pipeline / NER: trained NER weights missing (run `make model`)")

    try:
        run_ner_bench()
        if has_ner:
            _windowed_ner_quality(nlp)
    except OSError as exc:  # weights not built yet
        print(f"NER quality: skipped ({exc})")


def _windowed_ner_quality(nlp: Language) -> None:
    """The test-split scores of the NER the way the pipeline runs it (kv_entity_windows), so the
    speed-up of the windows is shown beside what it costs in quality."""
    test_files = sorted(SHARED_NER.glob("*-test.iob2"))
    if not test_files:
        return
    settings = {k: v for k, v in nlp.config["components"]["kv_entity_windows"].items() if k != "factory"}
    windowed = windowed_ner(NER_MODEL, **settings)
    scores = evaluate_ner(windowed, test_files[0])
    print(f"NER through kv_entity_windows on the same {scores['sentences']} sentences:")
    print(format_scores(scores))

if __name__ == "__main__":
    run()
