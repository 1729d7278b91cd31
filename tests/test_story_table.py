"""`storyline story`: the timeline table a user reads first, on the analyzed sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main
from storyline.cli.stories import history_line


def _story(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), "story", *args])
    return result.exit_code, result.stdout, result.stderr


def test_history_line_gives_each_days_status_when_it_changes() -> None:
    def report(day: str | None, status: str, cue: str | None = "word") -> dict[str, object]:
        return {"reported": day, "status": status, "cue": cue}

    reports = [
        report(None, "planned"),
        report("2026-03-03", "planned"),
        report("2026-03-03", "planned"),
        report("2026-03-10", "planned"),
        report("2026-03-18", "postponed"),
        report("2026-03-18T07:40:00Z", "planned"),  # one day, whatever the time of the report
        report("2026-03-18", "postponed"),
        report("2026-03-31", "held", cue=None),  # no word states it: the cued report wins
        report("2026-03-31", "cancelled"),
        report("2026-04-02", "cancelled"),
    ]
    assert history_line(reports) == "planned → postponed/planned 2026-03-18 → cancelled 2026-03-31"
    assert history_line([report("2026-03-03T07:40:00Z", "held")]) == "held"
    assert history_line([]) == ""


def test_the_table_leaves_events_named_in_passing_to_all(samples_db: Path) -> None:
    listed = CliRunner().invoke(main, ["--db", str(samples_db), "stories", "--json"])
    story = json.loads(listed.stdout)[0]["id"]
    doc = json.loads(_story(samples_db, story, "--json")[1])
    background = [e for e in doc["timeline"] if e["background"]]
    turns = [e for e in doc["timeline"] if not e["background"]]
    assert background and turns
    # Named once in passing: one article, one status, and not a dated event of named people.
    for entry in background:
        assert len(entry["articles"]) == 1 and len({h["status"] for h in entry["history"]}) == 1
    code, table, note = _story(samples_db, story)
    assert code == 0
    assert f"{len(background)} more event(s) named once, in passing" in note
    code, everything, note = _story(samples_db, story, "--all")
    assert code == 0 and "more event(s)" not in note
    # The summit's history (announced, postponed, cancelled) is in the table, in order.
    summit = max(
        (e for e in turns if e["type"] == "summit" and e["status"] == "cancelled"),
        key=lambda e: len(e["articles"]),
    )
    line = history_line(summit["history"])
    assert line.index("planned") < line.index("postponed") < line.index("cancelled")
    assert len(everything.splitlines()) > len(table.splitlines())
