"""The command line: every command documented, clean errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_command_is_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"storyline {name}" in readme, f"`storyline {name}` is not documented in README.md"
        if hasattr(command, "commands"):
            for sub in command.commands:
                assert f"storyline {name} {sub}" in readme, f"`storyline {name} {sub}` is not in README.md"


def test_ingest_exit_codes_and_export(seeds_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    ok = runner.invoke(main, ["--db", db, "ingest", "--no-analyze", "-q", "--json", str(seeds_dir)])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["stored"] == 5
    (tmp_path / "empty.txt").write_text("")
    bad = runner.invoke(main, ["--db", db, "ingest", "--no-analyze", "-q", str(tmp_path / "empty.txt")])
    assert bad.exit_code == 1
    assert "empty.txt: empty file" in bad.stderr
    out = runner.invoke(main, ["--db", db, "export", "--format", "json"])
    doc = json.loads(out.stdout)
    assert doc["schema_version"] == "1.4" and len(doc["articles"]) == 5
    assert set(doc["articles"][0]) == {
        "id", "source", "outlet", "title", "url", "published", "published_estimate",
        "language", "text", "removed", "duplicate_of", "crawled", "ingested",
    }  # fmt: skip


def test_bad_published_option_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["--db", str(tmp_path / "x.db"), "ingest", "--published", "last week", "x"]
    )
    assert result.exit_code == 2 and "ISO date" in result.output


def test_not_a_database_is_a_clean_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    result = CliRunner().invoke(main, ["--db", str(junk), "articles"])
    assert result.exit_code == 1 and "[E202]" in result.stderr
