"""`kommunevagt bench workers`: distributed crawl throughput with 1, 2 and 4 workers.

The generated bench site (bench/crawl_site.py, KOMMUNEVAGT_BENCH_PAGES pages, default 2,000)
is served on 127.0.0.1, a redis-server is started in a temporary directory, and for each worker
count a fresh database receives a `crawl --distributed` of the site from that many
`kommunevagt worker` processes (2 threads each). The clock runs from sending the plan task to
the last document stored, after every worker has loaded its model and fork server ("ready").
Per-worker efficiency = throughput / (workers x the one-worker throughput). The database is a
SQLite file unless KOMMUNEVAGT_BENCH_DATABASE_URL names an empty PostgreSQL database (it is
emptied before each count).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES = int(os.environ.get("KOMMUNEVAGT_BENCH_PAGES", "2000"))
COUNTS = tuple(int(n) for n in os.environ.get("KOMMUNEVAGT_BENCH_WORKERS", "1,2,4").split(","))
TARGET_DOCS, TARGET_DAYS = 20_000_000, 3
SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}


def run() -> None:
    """Print docs/s and per-worker efficiency for each worker count, and the 20M-in-3-days figure."""
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        print("bench workers: redis-server is not installed; skipped")
        return
    from bench.crawl_site import route
    from demo.server import DemoServer

    workdir = Path(tempfile.mkdtemp(prefix="kommunevagt-bench-workers-"))
    port = _free_port()
    redis = subprocess.Popen(
        [redis_server, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(workdir), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        with DemoServer(routes={"/bench/": route(PAGES)}) as site:
            rates = {n: _measure(n, site.url, f"redis://127.0.0.1:{port}/0", workdir) for n in COUNTS}
    finally:
        redis.terminate()
        redis.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    one = rates.get(1)
    print(f"site: {PAGES} pages; {os.cpu_count()} cores")
    for n, (docs, seconds) in rates.items():
        rate = docs / seconds
        efficiency = f"{rate / (n * one[0] / one[1]):.2f}" if one else "-"
        print(
            f"{n} worker(s)  {docs} documents in {seconds:6.1f} s  {rate:6.1f} docs/s"
            f"  efficiency {efficiency}"
        )
    needed = TARGET_DOCS / (TARGET_DAYS * 86_400)
    print(f"20M documents in {TARGET_DAYS} days need {needed:.1f} docs/s in all", end="")
    if one:
        per_worker = one[0] / one[1]
        print(
            f"; at the one-worker rate of {per_worker:.1f} docs/s that is {needed / per_worker:.0f} workers"
        )
    else:
        print()


def _measure(workers: int, site_url: str, redis_url: str, workdir: Path) -> tuple[int, float]:
    """(documents stored, seconds) of one distributed crawl of the site with `workers` workers."""
    from core.settings import get_settings
    from crawler.distributed import broker
    from store.db import dispose_engines

    database = (
        os.environ.get("KOMMUNEVAGT_BENCH_DATABASE_URL") or f"sqlite:///{workdir / f'w{workers}.sqlite'}"
    )
    env = dict(
        os.environ, DATABASE_URL=database, KOMMUNEVAGT_REDIS_URL=redis_url,
        KOMMUNEVAGT_DATA_DIR=str(workdir / f"var{workers}"), KOMMUNEVAGT_LOG_LEVEL="WARNING",
    )  # fmt: skip
    os.environ.update(DATABASE_URL=database, KOMMUNEVAGT_REDIS_URL=redis_url)
    get_settings.cache_clear()
    broker.redis_client.cache_clear()
    broker.get_broker.cache_clear()
    _empty(database, redis_url)
    from store.upgrade import upgrade

    upgrade(database)  # the schema is not part of the figure
    started = [_start_worker(env, workdir / f"worker-{workers}-{i}.log") for i in range(workers)]
    try:
        _wait_ready(started)
        sources = workdir / "bench_sources.toml"
        sources.write_text(
            '[[source]]\nname = "bench"\nkind = "news"\nsitemaps = ["{demo}/bench/sitemap.xml"]\n'
        )
        from crawler.distributed.coordinator import run_distributed

        clock = time.perf_counter()
        result = run_distributed(["bench"], sources_file=sources, demo_url=site_url, overrides=SETTINGS)
        seconds = time.perf_counter() - clock
    finally:
        for process, _log in started:
            process.send_signal(signal.SIGTERM)
        for process, _log in started:
            process.wait(timeout=600)
        dispose_engines(database)
    if result.status != "finished":
        raise RuntimeError(
            f"bench workers: crawl with {workers} worker(s) ended {result.status}: {result.crashes}"
        )
    return int(result.counts["bench"]["stored"]), seconds


def _empty(database: str, redis_url: str) -> None:
    import redis

    from store.db import get_engine

    redis.Redis.from_url(redis_url).flushall()
    if not database.startswith("sqlite"):
        from sqlalchemy import text

        with get_engine(database).begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))


def _start_worker(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], Path]:
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kommunevagt", "worker"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    return process, log


def _wait_ready(workers: list[tuple[subprocess.Popen[bytes], Path]], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while not all(b": ready" in log.read_bytes() for _process, log in workers):
        for process, log in workers:
            if process.poll() is not None:
                raise RuntimeError(
                    f"bench workers: a worker exited: {log.read_text(errors='replace')[-2000:]}"
                )
        if time.monotonic() > deadline:
            raise RuntimeError("bench workers: the workers did not get ready")
        time.sleep(0.5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int) -> None:
    for _attempt in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"redis-server did not listen on port {port}")


if __name__ == "__main__":
    run()
