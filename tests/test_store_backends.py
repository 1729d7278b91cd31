"""Issue 15: the same store on SQLite and on PostgreSQL: one schema, Alembic revisions, the
write lock, and several ingest processes into one PostgreSQL database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.errors import StoreError
from storyline.models import Article
from storyline.store import Store, db_path_from_env, store_exists
from storyline.store import sqlite as store_module

ROOT = Path(__file__).resolve().parent.parent
WORDS = ["harbour", "ferry", "council", "budget", "storm", "bridge", "school", "market", "river", "station"]


def _folders(tmp_path: Path, parts: str, n: int) -> list[Path]:
    """Folders of invented articles, each article unlike every other (no near-duplicates)."""
    out = []
    for p, part in enumerate(parts):
        folder = tmp_path / part
        folder.mkdir()
        for i in range(n):
            seed = p * 1000 + i
            text = " ".join(WORDS[(seed * 7 + k) % len(WORDS)] + str(seed * 31 + k) for k in range(60))
            (folder / f"{i}.txt").write_text(f"Story {part}{i}.\n\n{text}.\n")
        out.append(folder)
    return out


def test_four_ingest_processes_into_one_postgresql_database_lose_and_double_nothing(
    pg_server: object, tmp_path: Path
) -> None:
    url = pg_server.create_database()  # type: ignore[attr-defined]
    folders = _folders(tmp_path, "abcd", 30)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STORYLINE_DB": url}
    # Every process offers every article, each in its own order: each article four times at once.
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "storyline", "ingest", "--no-analyze", "-q", *map(str, order)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for order in (folders, folders[::-1], folders[1:] + folders[:1], folders[2:] + folders[:2])
    ]
    for proc in runs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    with Store(url) as store:
        ids = [a.id for a in store.iter_articles()]
        assert len(ids) == len(set(ids)) == 120
        assert all(a.duplicate_of is None for a in store.iter_articles())
        again = subprocess.run(
            [sys.executable, "-m", "storyline", "ingest", "--no-analyze", "--json", *map(str, folders)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(again.stdout)["stored"] == 0
        assert store.count_articles() == 120


def test_a_writer_waits_for_the_write_lock_then_fails_with_e205(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "WRITE_WAIT_SECONDS", 0.3)
    with Store(store_url) as first, Store(store_url) as second:
        first.begin_write()
        first.add_article(Article(id="a", source="a.txt", text="Held."), "h", None)
        with pytest.raises(StoreError) as locked:
            second.begin_write()
        assert locked.value.code == "E205"
        first.commit()
        second.begin_write()  # free again
        assert second.get_article_row("a") is not None
        second.commit()


def test_a_missing_store_is_e204_and_not_created(store_url: str) -> None:
    with pytest.raises(StoreError) as missing:
        Store(store_url, create=False)
    assert missing.value.code == "E204"
    assert not store_exists(store_url)
    with Store(store_url):
        pass
    assert store_exists(store_url)
    with Store(store_url, create=False) as opened:
        assert opened.count_articles() == 0


def test_a_store_from_a_newer_storyline_is_refused(store_url: str) -> None:
    with Store(store_url) as store:
        store.conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
        store.commit()
    with pytest.raises(StoreError) as newer:
        Store(store_url)
    assert newer.value.code == "E203"


def test_db_urls_from_the_option_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_DB", "postgresql://u@db.example:5433/news")
    assert db_path_from_env(None) == "postgresql://u@db.example:5433/news"
    assert db_path_from_env("x.db") == Path("x.db")
    monkeypatch.delenv("STORYLINE_DB")
    assert db_path_from_env(None) == Path("storyline.db")
    with pytest.raises(StoreError) as unsupported:
        Store("mysql://u@h/db")
    assert unsupported.value.code == "E201"


def test_an_unreachable_server_is_e201() -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = CliRunner().invoke(main, ["--db", f"postgresql://u@127.0.0.1:{port}/none", "articles"])
    assert result.exit_code == 1 and "[E201]" in result.stderr


def test_the_cli_reads_and_writes_a_postgresql_store(pg_server: object, tmp_path: Path) -> None:
    url = pg_server.create_database()  # type: ignore[attr-defined]
    (folder,) = _folders(tmp_path, "a", 3)
    runner = CliRunner()
    stored = runner.invoke(main, ["ingest", "--db", url, "--no-analyze", "-q", str(folder)])
    assert stored.exit_code == 0, stored.output
    listed = runner.invoke(main, ["--db", url, "articles", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert len(rows) == 3 and all(r["id"] for r in rows)
    with Store(url) as store:
        assert {a.text.split(".")[0] for a in store.iter_articles()} == {"Story a0", "Story a1", "Story a2"}


@pytest.mark.model
def test_the_api_answers_the_same_from_both_backends(pg_server: object, tmp_path: Path) -> None:
    """The web API over the seeds stored in SQLite and in PostgreSQL: the same answers."""
    from fastapi.testclient import TestClient

    from storyline.api import ingest_paths
    from storyline.serve import create_app

    from .conftest import SEEDS

    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent: this test reads real shared data at run time")
    targets = [str(tmp_path / "seeds.db"), pg_server.create_database()]  # type: ignore[attr-defined]
    answers = []
    for target in targets:
        with Store(target) as store:
            ingest_paths(store, [str(SEEDS)], processes=1)
        client = TestClient(create_app(target))
        got = {}
        for path in (
            "/api/summary",
            "/api/articles",
            "/api/quotes?limit=50",
            "/api/speakers",
            "/api/sources",
            "/api/entities?limit=50",
            "/api/stories",
            "/api/events",
            "/api/quotes?speaker=Lavrov",
            "/api/articles?search=lavrov",
        ):
            response = client.get(path)
            assert response.status_code == 200, (target, path, response.text)
            got[path] = response.json()
        answers.append(got)
    sqlite_answers, pg_answers = answers
    for path, body in sqlite_answers.items():
        assert pg_answers[path] == body, path
    assert sqlite_answers["/api/articles"]["total"] == 5


def test_the_migrations_arrive_at_the_schema(store_url: str) -> None:
    """A store made by the Alembic revisions has exactly the tables, columns and indexes of
    ``schema.py``: a table or column added there without a revision fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storyline.store import schema

    with Store(store_url) as store:
        differences = compare_metadata(MigrationContext.configure(store.conn), schema.metadata)
    assert differences == []
