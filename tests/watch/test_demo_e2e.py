"""The issue's flow end to end: crawl the demo site (real Scrapy, real NLP) into SQLite, add a
search for one demo kommune with the console command, and run it against a real SMTP server;
then a new page on the site and a new crawl, which runs the watch itself ("after every crawl").
The first crawl is the session's shared one (tests/demo_crawl.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo import DEMO_SOURCES
from tests.crawler.conftest import kommunevagt
from tests.demo_crawl import DemoCrawl
from tests.watch.servers import Inbox

pytestmark = pytest.mark.slow

# The demo pages whose main text names Favrskov (teasers and menus on other pages do not count).
FAVRSKOV = {
    "Favrskov dropper planen om at lukke to landsbyskoler",
    "Giv landsbyerne en chance – også efter 2030",
    "Vandprisen i Favrskov stiger for tredje år i træk",
}
NEW_TITLE = "Favrskov åbner ny børnehave i Hinnerup"
NEW_PAGE = f"""<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{NEW_TITLE}</title>
<meta property="article:published_time" content="2026-03-25T08:00:00+01:00"></head><body><main><article>
<h1>{NEW_TITLE}</h1><p class="byline">Af <span class="author">Rasmus Holt</span></p>
<p>Favrskov Kommune åbner en ny børnehave i Hinnerup til 120 børn. Byggeriet har kostet 38 mio. kr.,
og den første dag er i august.</p>
<p>Borgmester Nils Borg Madsen (V) siger, at der var 85 børn på venteliste i området sidste år,
og at børnehaven skal fjerne ventelisten helt.</p>
<p>Forældrene har ønsket en børnehave tæt på skolen, og den nye bygning ligger ved Hinnerup Skole.</p>
</article></main></body></html>
"""
NEW_ITEM = (
    f"<item><title>{NEW_TITLE}</title><link>/avis/artikler/favrskov-boernehave.html</link>"
    '<guid isPermaLink="false">soehoejlandets-avis-favrskov-boernehave</guid>'
    "<pubDate>Wed, 25 Mar 2026 08:00:00 +0100</pubDate></item>\n"
)


def titles(message: object) -> set[str]:
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[attr-defined]
    return {line for line in text.splitlines() if line in FAVRSKOV | {NEW_TITLE}}


def test_crawl_watch_run_then_a_new_page(
    demo_crawl: DemoCrawl, tmp_path: Path, inbox: Inbox, smtp_port: int
) -> None:
    assert demo_crawl.first.returncode == 0, demo_crawl.first.stderr[-3000:]
    assert "watch " not in demo_crawl.first.stdout  # no watches yet: the crawl's output as before
    url = demo_crawl.database_copy(tmp_path)  # the demo site crawled into SQLite (shared crawl)
    env = demo_crawl.env(
        url,
        KOMMUNEVAGT_SMTP_HOST="127.0.0.1",
        KOMMUNEVAGT_SMTP_PORT=str(smtp_port),
        KOMMUNEVAGT_SMTP_SECURITY="none",
        KOMMUNEVAGT_FEEDS_DIR=str(tmp_path / "feeds"),
    )
    add = kommunevagt(
        "watch",
        "add",
        "Favrskov",
        "--kommune",
        "Favrskov",
        "--email",
        "presse@favrskov.example.dk",
        env=env,
    )
    assert add.returncode == 0, add.stderr

    first = kommunevagt("watch", "run", env=env)
    assert first.stdout.strip() == "Favrskov: 3 new; email 3 sent", first.stderr
    assert len(inbox.messages) == 1 and titles(inbox.messages[0]) == FAVRSKOV

    second = kommunevagt("watch", "run", env=env)
    assert second.stdout.strip() == "Favrskov: 0 new"
    assert len(inbox.messages) == 1

    with demo_crawl.changed_site() as site:
        (site / "avis" / "artikler" / "favrskov-boernehave.html").write_text(NEW_PAGE, encoding="utf-8")
        feed = site / "avis" / "rss.xml"
        feed.write_text(
            feed.read_text(encoding="utf-8").replace("<item>", NEW_ITEM + "<item>", 1), encoding="utf-8"
        )
        recrawl = kommunevagt("crawl", "--sources", str(DEMO_SOURCES), env=env)
        assert recrawl.returncode == 0, recrawl.stderr[-3000:]
        assert recrawl.stdout.strip().endswith("watch Favrskov: 1 new; email 1 sent"), recrawl.stdout
        assert len(inbox.messages) == 2 and titles(inbox.messages[1]) == {NEW_TITLE}

    third = kommunevagt("watch", "run", env=env)
    assert third.stdout.strip() == "Favrskov: 0 new", third.stderr
    assert len(inbox.messages) == 2
    assert (tmp_path / "feeds" / "favrskov.atom").exists()
