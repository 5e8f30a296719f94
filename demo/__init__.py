"""The bundled demo: a small Danish local-news site (`site/`, rendered from `src/` by `demo.build`),
the HTTP server that serves it on 127.0.0.1 (`demo.server`), its sources file and the one crawl
path that `kommunevagt crawl --demo` and `kommunevagt demo` share (`demo.run`).

It is tooling beside the product: nothing in core/, store/, crawler/, nlp/ or ui/ imports it at
module level; the console commands import it when asked for the demo.
"""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
DEMO_SOURCES = DEMO_DIR / "sources.toml"
