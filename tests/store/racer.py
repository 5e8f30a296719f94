"""A process for the concurrency tests: `python -m tests.store.racer URL ACTION GO_FILE [ARG]`.

It imports everything first, then waits until GO_FILE exists, so that several racers started
one after another begin their work at the same moment. ACTION is one of:

- `upgrade`: `store.upgrade.upgrade(URL)`, then prints "upgraded".
- `crawl-store N`: what a crawl does on its writer, without Scrapy: upgrade, register a source
  named after ARG's process, then store N documents through `crawler.pipelines.store`, each read
  then written in its own transaction; prints "stored N".
- `crawl-run`: starts a crawl run (`crud.start_crawl_run`), prints "running ID" and sleeps until
  it is killed, as a crawl in progress does.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def _wait(go_file: Path) -> None:
    deadline = time.monotonic() + 120
    while not go_file.exists():
        if time.monotonic() > deadline:
            raise SystemExit("racer: GO_FILE never appeared")
        time.sleep(0.005)


def _crawl_store(url: str, count: int, go_file: Path) -> None:
    from core.settings import get_settings
    from crawler.items import DocumentItem
    from crawler.pipelines.store import prepare_database, store_item
    from crawler.sources import Source
    from tests.store.factories import content_hash, sample

    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    name = f"racer-{os.getpid()}"
    _wait(go_file)
    source_id = prepare_database([Source(name=name, kind="news", kommuner=(151,))])[name]
    for number in range(count):
        document, extraction = sample(1, url=f"https://{name}.example/artikel/{number}", sentences=30)
        text = f"{document.text} ({name}, artikel {number})"
        item = DocumentItem(
            url=document.url,
            source=name,
            kind="news",
            text=text,
            fetched_at=document.fetched_at,
            title=document.title,
            canonical_url=document.canonical_url,
            content_hash=content_hash(text),
            extraction=extraction,
        )
        outcome, reason = store_item(item, source_id)
        assert outcome == "stored", (outcome, reason)
    print(f"stored {count}", flush=True)


def main(url: str, action: str, go_file: str, arg: str | None = None) -> None:
    from store import crud
    from store.db import get_engine, session_scope
    from store.upgrade import upgrade

    go = Path(go_file)
    if action == "upgrade":
        _wait(go)
        upgrade(url)
        print("upgraded", flush=True)
    elif action == "crawl-store":
        _crawl_store(url, int(arg or "20"), go)
    elif action == "crawl-run":
        _wait(go)
        with session_scope(get_engine(url), write=True) as session:
            run = crud.start_crawl_run(session=session, sources=["racer"])
        print(f"running {run.id}", flush=True)
        time.sleep(600)
    else:
        raise SystemExit(f"racer: unknown action {action!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
