"""Fixtures shared by every test folder: isolated settings and real databases.

`database_url` runs a test twice, on a fresh SQLite file and on a fresh database of a real
PostgreSQL server that this session starts itself (initdb/pg_ctl on 127.0.0.1, random free port,
temporary directory). `migrated_database_url` is the same after `kommunevagt db upgrade`.
PostgreSQL refuses to run as root, so under root the server runs as the `postgres` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

# --- Running in parallel (pytest-xdist) ------------------------------------------------------------
#
# pyproject's addopts run the suite on two pytest-xdist workers (`-n 2 --dist loadfile`): most of
# its time is spent waiting on crawl subprocesses, servers and deliberate delays, which overlap
# well even on two cores. Each test file runs on one worker, so a module-scoped fixture (the
# distributed cluster, the hostile crawl, a spaCy pipeline) is built once; session fixtures (the
# PostgreSQL and Redis servers, the demo crawl) are built once per worker that needs them, each on
# its own free port and temporary folder. `-n0` runs everything in this process (for --pdb).

# A test that takes the session's demo crawl names the fixture as a parameter.
_USES_DEMO_CRAWL = re.compile(r"def test_\w*\([^)]*\bdemo_crawl\b", re.DOTALL)


@cache
def _work_unit(test_file: str) -> str:
    """The files whose tests share the demo crawl are one unit (one worker, one crawl); every
    other file is a unit of its own."""
    path = Path(__file__).resolve().parent.parent / test_file
    try:
        uses_demo_crawl = _USES_DEMO_CRAWL.search(path.read_text(encoding="utf-8")) is not None
    except OSError:
        uses_demo_crawl = False
    return "demo_crawl" if uses_demo_crawl else test_file


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    """Under `-p no:xdist` accept (and ignore) the addopts' xdist options instead of failing."""
    if pluginmanager.has_plugin("xdist"):
        return
    group = parser.getgroup("xdist", "xdist options (ignored: pytest-xdist is disabled)")
    group._addoption("-n", "--numprocesses", dest="numprocesses", default=None)
    group.addoption("--dist", dest="dist", default="no")
    group.addoption("--no-loadscope-reorder", dest="loadscopereorder", action="store_false")


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadfile`, with the demo crawl's files as one unit (see `_work_unit`)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SharedFixtureScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _work_unit(super()._split_scope(nodeid))

    return SharedFixtureScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker: the units with `slow` tests first, so that no long file starts last
    while the other worker idles (the scheduler hands out units in collection order)."""
    if not hasattr(config, "workerinput"):
        return
    unit = {id(item): _work_unit(item.nodeid.split("::", 1)[0]) for item in items}
    slow = {unit[id(item)] for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: unit[id(item)] not in slow)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's DATABASE_URL or writes into the checkout's var/."""
    from core.settings import get_settings

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("KOMMUNEVAGT_SQLITE_PATH", raising=False)
    monkeypatch.setenv("KOMMUNEVAGT_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


# --- PostgreSQL ------------------------------------------------------------------------------


def postgres_bin_dir() -> Path | None:
    """Folder with initdb/pg_ctl/postgres: PATH first, then the newest Debian install."""
    found = shutil.which("initdb")
    if found:
        resolved = Path(found).resolve().parent
        if (resolved / "pg_ctl").exists():
            return resolved
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    bin_dir: Path
    base: Path
    port: int
    run_as: list[str]  # command prefix that drops root, or []

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.run_as, *args], cwd=self.base, capture_output=True, text=True, timeout=120, check=False
        )

    def start(self) -> None:
        result = self.run(
            str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed: {result.stderr.strip()}")
        for _attempt in range(3):
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            )
            result = self.run(
                str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.base / "server.log"),
                "-w", "-t", "60", "-o", options, "start",
            )  # fmt: skip
            if result.returncode == 0:
                return
            self.port = _free_port()  # the port was taken between choosing and binding
        log = (self.base / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"pg_ctl start failed: {result.stderr.strip()}\n{log}")

    def stop(self) -> None:
        self.run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)

    def admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def create_database(self, name: str) -> str:
        self.admin(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _drop_root_prefix(base: Path) -> list[str]:
    """Under root: a `runuser` prefix for the postgres user, with `base` handed to that user."""
    if os.geteuid() != 0:
        return []
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
        user = pwd.getpwnam("postgres")
    os.chown(base, user.pw_uid, user.pw_gid)
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--"]
    return ["su", "postgres", "-s", "/bin/sh", "-c", '"$0" "$@"']


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for this test session; skipped only where no binaries are installed."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries (initdb/pg_ctl) on PATH or in /usr/lib/postgresql")
    base = Path(tempfile.mkdtemp(prefix="kommunevagt-pg-"))
    os.chmod(base, 0o700)
    server = PostgresServer(bin_dir=bin_dir, base=base, port=_free_port(), run_as=_drop_root_prefix(base))
    try:
        server.start()
    except BaseException:
        shutil.rmtree(base, ignore_errors=True)
        raise
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """URL of an empty database `kommunevagt` on the session's server (shared by the session)."""
    return postgres_server.create_database("kommunevagt")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database per test: a SQLite file, then a new PostgreSQL database."""
    from store.db import dispose_engines

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kommunevagt.sqlite'}"
        yield url
        dispose_engines(url)
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"kv_{uuid.uuid4().hex[:16]}"
    url = server.create_database(name)
    yield url
    dispose_engines(url)
    server.drop_database(name)


@dataclass
class _Templates:
    """Databases upgraded once per session and copied for each test that needs the full schema."""

    sqlite_file: Path | None = None
    pg_name: str | None = None


@pytest.fixture(scope="session")
def _migrated_templates() -> _Templates:
    return _Templates()


@pytest.fixture
def migrated_database_url(
    database_url: str, request: pytest.FixtureRequest, _migrated_templates: _Templates, tmp_path_factory
) -> str:
    """`database_url` after `db upgrade`: full schema and reference data.

    The upgrade runs once per session and database kind; each test gets a copy (a file copy on
    SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL), which keeps the suite fast.
    """
    from store.db import dispose_engines, parse_url
    from store.upgrade import upgrade

    if database_url.startswith("sqlite"):
        if _migrated_templates.sqlite_file is None:
            template = tmp_path_factory.mktemp("template") / "migrated.sqlite"
            upgrade(f"sqlite:///{template}")
            dispose_engines(f"sqlite:///{template}")  # the last close checkpoints the WAL into the file
            _migrated_templates.sqlite_file = template
        shutil.copyfile(_migrated_templates.sqlite_file, str(parse_url(database_url).database))
        return database_url
    server: PostgresServer = request.getfixturevalue("postgres_server")
    if _migrated_templates.pg_name is None:
        name = f"kv_template_{uuid.uuid4().hex[:8]}"
        template_url = server.create_database(name)
        upgrade(template_url)
        dispose_engines(template_url)  # CREATE DATABASE ... TEMPLATE needs it unused
        _migrated_templates.pg_name = name
    name = str(parse_url(database_url).database)
    server.drop_database(name)
    server.admin(f'CREATE DATABASE "{name}" TEMPLATE "{_migrated_templates.pg_name}"')
    return database_url


# --- The demo crawl ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The demo site crawled once into SQLite, its server kept up (see tests/demo_crawl.py)."""
    from tests.demo_crawl import demo_crawl_once

    folder = tmp_path_factory.mktemp("demo-crawl")
    with demo_crawl_once(folder, {"KOMMUNEVAGT_DATA_DIR": str(folder / "var")}) as crawl:
        yield crawl


# --- Redis -----------------------------------------------------------------------------------


@dataclass
class RedisServer:
    """A redis-server on 127.0.0.1 in a temporary directory, with an append-only file, so a
    restart keeps its data as a production server configured with `appendonly yes` does."""

    binary: str
    base: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.base),
             "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--logfile", "redis.log"],
            cwd=self.base, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _attempt in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        log = (
            (self.base / "redis.log").read_text(errors="replace")[-2000:]
            if (self.base / "redis.log").exists()
            else ""
        )
        raise RuntimeError(f"redis-server did not start on port {self.port}\n{log}")

    def stop(self) -> None:
        """Shut down as an operator would (SIGTERM: the append-only file is flushed)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None

    def flush(self) -> None:
        import redis

        redis.Redis(port=self.port).flushall()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A Redis server for this test session; skipped only where redis-server is not installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian package redis-server; .ci/run installs it)")
    base = Path(tempfile.mkdtemp(prefix="kommunevagt-redis-"))
    server = RedisServer(binary=binary, base=base, port=_free_port())
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
