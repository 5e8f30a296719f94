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

from bench.ner_quality import NER_MODEL, SHARED_NER, run_ner_bench
from nlp.components.entity_windows import windowed_ner
from nlp.ner_eval import evaluate_ner, format_scores

REPO = Path(__file__).resolve().parents[1]
FALLBACK_SOURCES = (REPO / "tests" / "nlp", REPO / "demo")
SEED = 20240917
BATCH_SIZE = 64
REPEAT = 3
CHUNK_WORDS = 50_000


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


def danish_sentences() -> list[str]:
    """Real Danish sentences for benchmarks: UNER Danish-DDT train and dev when ../shared is
    present, otherwise the project's own test and demo sentences."""
    return (_uner_sentences(SHARED_NER) if SHARED_NER.is_dir() else []) or _fallback_sentences()


def bench_texts(min_words: int = 1_000_000, sents_per_doc: int = 20) -> tuple[list[str], int]:
    """Documents of about 20 sentences, with a heading and paragraph breaks, >= min_words."""
    sentences = danish_sentences()
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


Run = Callable[[list[str]], Iterable[object]]


def cpu_seconds(run: Run, texts: list[str]) -> float:
    """CPU seconds of this process for one pass of `run` over `texts` (CPU rather than wall
    time: other processes on a shared machine steal wall time, not this process's CPU time)."""
    start = time.process_time()
    for _ in run(texts):
        pass
    return time.process_time() - start


def chunked(texts: list[str], chunk_words: int = CHUNK_WORDS) -> list[list[str]]:
    """Consecutive runs of documents of about `chunk_words` words each."""
    chunks: list[list[str]] = [[]]
    words = 0
    for text in texts:
        if words >= chunk_words:
            chunks.append([])
            words = 0
        chunks[-1].append(text)
        words += len(text.split())
    return chunks


def interleaved_seconds(runs: dict[str, Run], chunks: list[list[str]], repeat: int) -> dict[str, float]:
    """Total CPU seconds of each run over all chunks, `repeat` times, the runs taking turns on
    every chunk.

    The machines this runs on are shared, and their speed drifts by tens of percent within
    minutes, even in CPU time. Timed one after the other, the tokenizer and a pipeline saw
    different machines and their ratio drifted as much (28% to 42% for the same code). Taking
    turns chunk by chunk exposes every run to the same drift, so the ratios hold still."""
    totals = dict.fromkeys(runs, 0.0)
    for _ in range(repeat):
        for chunk in chunks:
            for name, run in runs.items():
                totals[name] += cpu_seconds(run, chunk)
    return totals


def _line(label: str, seconds: float, baseline_seconds: float, words: int) -> None:
    wps = words / seconds if seconds else float("inf")
    print(f"  {label:<34s} {wps:>12,.0f} words/s   {baseline_seconds / seconds:6.1%} of tokenizer-only")


def _baseline_line(label: str, seconds: float, words: int) -> None:
    print(f"  {label:<34s} {words / seconds:>12,.0f} words/s")


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

    def pipe(pipeline: Language) -> Run:
        return lambda batch: pipeline.pipe(batch, batch_size=BATCH_SIZE)

    def only(enabled: list[str]) -> Run:
        def run_enabled(batch: list[str]) -> Iterable[object]:
            with nlp.select_pipes(enable=enabled):
                yield from nlp.pipe(batch, batch_size=BATCH_SIZE)

        return run_enabled

    # Warm up caches (lexemes, lazily compiled patterns) so the first timed run is not penalised.
    for _ in nlp.pipe(texts[:50]):
        pass
    for _ in blank.pipe(texts):
        pass
    main_runs = {"tokenizer": pipe(blank), "rules": only(rules)}
    if has_ner:
        main_runs["whole"] = pipe(nlp)
    seconds = interleaved_seconds(main_runs, chunked(texts), repeat=2)
    passes = 2 * words
    print(
        f"NLP speed over {words:,} words in {len(texts):,} documents (batch size {BATCH_SIZE}; "
        f"CPU time, runs taking turns on chunks of ~{CHUNK_WORDS:,} words, 2 passes):"
    )
    _baseline_line("tokenizer only (spacy.blank da)", seconds["tokenizer"], passes)
    _line("rule components (" + ", ".join(rules) + ")", seconds["rules"], seconds["tokenizer"], passes)
    if has_ner:
        _line("whole pipeline (rules and NER)", seconds["whole"], seconds["tokenizer"], passes)
    else:
        print("  whole pipeline / NER: trained NER weights missing (run `make model`)")

    # Each rule component alone and the NER alone, on a prefix: the whole-text NER is slow.
    subset = chunked(texts, ner_words)[0]
    subset_words = sum(len(text.split()) for text in subset)
    sub_runs = {"tokenizer": pipe(blank)} | {name: only([name]) for name in rules}
    if has_ner:
        sub_runs["kv_entity_windows"] = only(["kv_entity_windows"])
        sub_runs["ner"] = only(["ner"])
        nlp.enable_pipe("ner")  # disabled in the pipeline; select_pipes only narrows active pipes
    try:
        sub_seconds = interleaved_seconds(sub_runs, chunked(subset), repeat=REPEAT)
    finally:
        if has_ner:
            nlp.disable_pipe("ner")
    sub_passes = REPEAT * subset_words
    base = sub_seconds["tokenizer"]
    _baseline_line(f"tokenizer only, first {subset_words:,} words", base, sub_passes)
    for name in rules:
        _line(f"  {name} alone", sub_seconds[name], base, sub_passes)
    if has_ner:
        _line("NER as the pipeline runs it (windows)", sub_seconds["kv_entity_windows"], base, sub_passes)
        _line("NER on the whole text (for reference)", sub_seconds["ner"], base, sub_passes)

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
    # interpolated: the data folder is "${paths.data}/entity_windows" in the config
    component = nlp.config.interpolate()["components"]["kv_entity_windows"]
    settings = {k: v for k, v in component.items() if k != "factory"}
    windowed = windowed_ner(NER_MODEL, **settings)
    scores = evaluate_ner(windowed, test_files[0])
    print(f"NER through kv_entity_windows on the same {scores['sentences']} sentences:")
    print(format_scores(scores))


if __name__ == "__main__":
    run()
