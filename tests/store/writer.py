"""A writer process for the kill and concurrency tests: `python -m tests.store.writer URL MODE [ARTICLE_URL]`.

It stores version 1 of the sample article and prints "committed 1". Then, in mode `hold`, it
writes version 2 in one transaction, flushes every row, prints "flushed 2" and sleeps inside the
open transaction until it is killed. In mode `loop` it stores versions 2, 3, ... one transaction
each, printing "committed N" after each, until it is killed at some arbitrary moment. In mode
`batch` it stores versions 1-12 of the article at ARTICLE_URL and exits, for two writers at once.
"""

from __future__ import annotations

import sys
import time

from store.crud import store_analysed_document
from store.db import get_engine, session_scope
from tests.store.factories import sample


def main(url: str, mode: str, article_url: str | None = None) -> None:
    engine = get_engine(url)
    if mode == "batch":
        assert article_url
        for version in range(1, 13):
            with session_scope(engine, write=True) as session:
                document, extraction = sample(version, url=article_url)
                store_analysed_document(session=session, document=document, extraction=extraction)
        return
    with session_scope(engine, write=True) as session:
        store_analysed_document(session=session, document=sample(1)[0], extraction=sample(1)[1])
    print("committed 1", flush=True)
    if mode == "hold":
        with session_scope(engine, write=True) as session:
            document, extraction = sample(2, sentences=40)
            store_analysed_document(session=session, document=document, extraction=extraction)
            session.flush()
            print("flushed 2", flush=True)
            time.sleep(600)
        return
    version = 2
    while True:
        with session_scope(engine, write=True) as session:
            document, extraction = sample(version, sentences=20 + version % 7)
            store_analysed_document(session=session, document=document, extraction=extraction)
        print(f"committed {version}", flush=True)
        version += 1


if __name__ == "__main__":
    main(*sys.argv[1:])
