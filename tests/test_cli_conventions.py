"""One CLI convention (issue 9): --db anywhere, shared listing flags, every command and option
documented, a missing database is an error, article ids that work (issue 11), articles forget."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from storyline.cli import STORELESS, main

from .conftest import ROOT

CLI_DOC = ROOT / "docs" / "cli.md"
README = ROOT / "README.md"
LISTINGS = (["articles"], ["quotes"], ["sources"], ["entities"], ["entities", "overrides"])


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def walk(
    command: click.Command, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from walk(sub, (*path, name))


def _sections(text: str) -> dict[str, str]:
    """`### `storyline X Y`` headings of docs/cli.md -> the text under each."""
    parts = re.split(r"^### `(storyline[^`]*)`\s*$", text, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_every_command_and_option_is_documented() -> None:
    sections = _sections(CLI_DOC.read_text(encoding="utf-8"))
    readme = README.read_text(encoding="utf-8")
    general = CLI_DOC.read_text(encoding="utf-8").split("## Commands")[0]
    for path, command in walk(main):
        if not path:
            continue
        name = "storyline " + " ".join(path)
        assert name in readme, f"`{name}` is not in README.md"
        assert name in sections, f"docs/cli.md has no section `### \\`{name}\\``"
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            for opt in param.opts:
                if opt == "--db":
                    assert opt in general
                elif opt.startswith("--") and opt not in sections[name]:
                    listing = {"--json", "--nl", "--csv", "--limit", "--offset"}
                    shared = opt in listing and "[listing flags]" in sections[name]
                    assert shared, f"{opt} of `{name}` is not in its docs/cli.md section"


def test_db_option_before_and_after_every_command(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("A title for the invented test\n\nMira Solen opened the bridge on Monday.\n")
    db = str(tmp_path / "after.db")
    assert run("ingest", "--db", db, "--no-analyze", "-q", str(article)).exit_code == 0
    assert Path(db).exists()
    assert json.loads(run("articles", "--db", db, "--json").stdout)[0]["words"] > 0
    assert json.loads(run("--db", db, "articles", "--json").stdout) == json.loads(
        run("articles", "--db", db, "--json").stdout
    )
    env_db = str(tmp_path / "env.db")
    assert run("ingest", "--no-analyze", "-q", str(article), env={"STORYLINE_DB": env_db}).exit_code == 0
    assert Path(env_db).exists()
    # The one after the command wins over the one before (and over the environment).
    assert run("--db", str(tmp_path / "nope.db"), "articles", "--db", db).exit_code == 0
    for path, command in walk(main):
        if path and path[0] not in STORELESS:
            assert any(p.name == "db" for p in command.params), f"{path} has no --db"


def test_missing_database_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    for args in (
        ["articles"],
        ["quotes"],
        ["sources"],
        ["entities"],
        ["entities", "overrides"],
        ["summary"],
        ["export"],
        ["article", "x"],
        ["times", "x"],
        ["analyze"],
        ["entities", "merge", "a", "b"],
        ["articles", "forget", "x"],
    ):
        result = run(*args, "--db", str(missing))
        assert result.exit_code == 1, (args, result.output)
        assert "[E204]" in result.stderr and "storyline ingest" in result.stderr
        assert not missing.exists() and not list(tmp_path.iterdir()), args


@pytest.mark.model
@pytest.mark.parametrize("listing", LISTINGS, ids=" ".join)
def test_listing_flags(samples_db: Path, listing: list[str]) -> None:
    db = str(samples_db)
    everything = json.loads(run(*listing, "--db", db, "--json").stdout)
    assert isinstance(everything, list)
    lines = run(*listing, "--db", db, "--nl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == everything
    rows = list(csv.DictReader(io.StringIO(run(*listing, "--db", db, "--csv").stdout)))
    assert len(rows) == len(everything)
    table = run(*listing, "--db", db)
    assert table.exit_code == 0
    assert run(*listing, "--db", db, "--json", "--csv").exit_code == 2
    page = json.loads(run(*listing, "--db", db, "--json", "--limit", "2", "--offset", "1").stdout)
    assert page == everything[1:3]


@pytest.mark.model
def test_json_listings_keep_their_fields(samples_db: Path) -> None:
    db = str(samples_db)
    article = json.loads(run("articles", "--db", db, "--json").stdout)[0]
    assert set(article) == {
        "id",
        "outlet",
        "published",
        "title",
        "words",
        "removed",
        "duplicate_of",
        "source",
    }
    quote = json.loads(run("quotes", "--db", db, "--json").stdout)[0]
    assert {"article", "start", "end", "text", "kind", "cue", "speaker"} <= set(quote)
    source = json.loads(run("sources", "--db", db, "--json").stdout)[0]
    assert {"citing", "cited", "relation", "count", "articles"} <= set(source)
    entity = json.loads(run("entities", "--db", db, "--json").stdout)[0]
    assert {"id", "name", "type", "aliases", "titles", "mentions", "merges", "articles"} <= set(entity)


@pytest.mark.model
def test_tables_show_full_ids_and_csv_flattens(samples_db: Path) -> None:
    db = str(samples_db)
    ids = [a["id"] for a in json.loads(run("articles", "--db", db, "--json").stdout)]
    table = run("articles", "--db", db).stdout
    for article_id in ids:
        assert article_id in table  # never cut to a prefix that may not be unique
    rows = list(csv.DictReader(io.StringIO(run("quotes", "--db", db, "--csv").stdout)))
    assert "speaker.name" in rows[0] and "cue.text" in rows[0]
