"""Shared fixtures. Real data is read at run time from ../shared (never copied into the repo);
tests that need it skip with a clear reason when it is absent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
SAMPLES = ROOT / "samples"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads real shared data at run time")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SEEDS)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return _need(DATA)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return _need(SAMPLES / "corpus")


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. "001"), or skip."""
    matches = sorted(_need(SEEDS).glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"no seed {prefix}_*.txt in {SEEDS}")
    return matches[0]


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    with _need(path).open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the analyzed sample corpus, ingested once per session. Tests that change a
    store copy it first (``copy_store``)."""
    from storyline.api import ingest_paths
    from storyline.store import Store

    path = tmp_path_factory.mktemp("samples_db") / "samples.db"
    with Store(path) as store:
        ingest_paths(store, [str(_need(SAMPLES / "corpus"))], processes=1)
    return path


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of a closed store (its WAL is checkpointed on close)."""
    import shutil

    shutil.copyfile(source, target)
    return target


# -- the two databases ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A PostgreSQL 15 of this session (``tests/pg_support.py``), or skip saying why there is none."""
    from .pg_support import start_server

    server, reason = start_server()
    if server is None:
        pytest.skip(f"no PostgreSQL for the postgresql half of this test: {reason}")
    try:
        yield server
    finally:
        import gc

        gc.collect()  # stores a test left open close (and roll back) while the server still runs
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store goes: a SQLite file, or a new database on the session's PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    server = request.getfixturevalue("pg_server")
    return str(server.create_database())


def new_store_url(store_url: str, tmp_path: Path, name: str) -> str:
    """A second, empty store on the same backend as ``store_url``."""
    if "://" not in store_url:
        return str(tmp_path / f"{name}.db")
    from .pg_support import PgServer

    port = int(store_url.rsplit(":", 1)[1].split("/")[0])
    server = PgServer(Path("/"), Path("/"), port, None)
    return server.create_database()
