"""The export of the sample corpus, byte for byte, against a committed golden file.

Structural changes (moving modules, typing the items) must not change what storyline exports.
This test ingests ``samples/corpus`` into a fresh store, exports it exactly as
``storyline export --format json`` prints it, and compares with ``tests/golden/sample_export.json``.

Two things legitimately differ from run to run or checkout to checkout, and are fixed, not blanked:

- the ``ingested`` day is the wall-clock day of the run, and an undated article's estimated window
  is capped by it: the test fixes that day (``api._today``), so the estimate is reproducible too;
- an article read from a file without an id or URL gets its id from the file's absolute path
  (``ingest.build.stable_id``), and some lists in the export are ordered by article id: the corpus
  is therefore read from one fixed place, a copy under ``/tmp/storyline-golden-export/<hash of the
  corpus>/corpus``, so ids, ``source`` paths and id order are the same in every checkout.

Nothing else is normalized: the file is the export exactly as ``storyline export --format json``
prints it.

To regenerate after an intended change of the export: ``STORYLINE_WRITE_GOLDEN=1 pytest
tests/test_golden_export.py`` and review the diff.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline import api
from storyline.api import export_document, ingest_paths
from storyline.models import Citation, Mention, Quote, TimeExpression
from storyline.store import Store

from .conftest import SAMPLES

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(sys.platform == "win32", reason="the golden export reads the corpus from /tmp"),
]

GOLDEN = Path(__file__).resolve().parent / "golden" / "sample_export.json"
FIXED_INGEST_DAY = "2026-12-01"
FIXED_ROOT = Path("/tmp/storyline-golden-export")


def _serialize(doc: dict[str, Any]) -> str:
    """As ``storyline export --format json`` prints it (cli._common.print_json)."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _corpus_at_fixed_path() -> Path:
    """The sample corpus copied to a path that depends only on its content (safe when two runs race)."""
    source = SAMPLES / "corpus"
    digest = hashlib.sha1()
    for f in sorted(source.rglob("*")):
        if f.is_file():
            digest.update(f.relative_to(source).as_posix().encode() + b"\0" + f.read_bytes())
    final = FIXED_ROOT / digest.hexdigest()[:12]
    if not final.exists():
        FIXED_ROOT.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=FIXED_ROOT))
        shutil.copytree(source, staging / "corpus")
        try:
            staging.rename(final)
        except OSError:  # another run put it there first: same content
            shutil.rmtree(staging, ignore_errors=True)
    return final / "corpus"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sample_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The sample corpus ingested and analyzed once per backend: the same export from both."""
    if request.param == "sqlite":
        target = str(tmp_path_factory.mktemp("golden") / "golden.db")
    else:
        target = request.getfixturevalue("pg_server").create_database()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api, "_today", lambda: FIXED_INGEST_DAY)
        with Store(target) as store:
            ingest_paths(store, [str(_corpus_at_fixed_path())], processes=1)
            yield store


def test_sample_export_matches_golden(sample_store: Store) -> None:
    doc = export_document(sample_store)
    assert {a["ingested"] for a in doc["articles"]} == {FIXED_INGEST_DAY}
    got = _serialize(doc)
    if os.environ.get("STORYLINE_WRITE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(got, encoding="utf-8")
    want = GOLDEN.read_text(encoding="utf-8")
    assert got == want, (
        "the export of samples/corpus changed; diff it against tests/golden/sample_export.json"
    )


@pytest.mark.parametrize(
    ("kind", "model"),
    [("mentions", Mention), ("quotes", Quote), ("citations", Citation), ("times", TimeExpression)],
)
def test_typed_items_are_the_stored_items(sample_store: Store, kind: str, model: type[Any]) -> None:
    """Each kind's model reads every stored item and writes it back unchanged, key order included
    (so the export can be built from the models without changing a byte)."""
    stored = sample_store.items(kind)
    typed = sample_store.typed_items(kind, model)
    assert stored and all(isinstance(item, model) for item in typed)
    assert [json.dumps(t.to_dict()) for t in typed] == [json.dumps(d) for d in stored]
    assert all(t.article is not None for t in typed)
