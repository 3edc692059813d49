"""Golden files: each export scope of the sample workbook, byte for byte.

A change to the export shows up here as a readable diff. After checking that the new
output reads well, refresh the files with ``UPDATE_GOLDEN=1 pytest tests/test_golden.py``.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from workbook.content import load_pack
from workbook.export.files import documents
from workbook.paths import bundled_lessons_dir
from workbook.store import open_workbook
from workbook.store.demo import make_demo

GOLDEN = Path(__file__).parent / "golden"
PACK = load_pack(bundled_lessons_dir())

SCOPES = {
    "entry": {"entry_id": 1},
    "worksheet-budget-meeting": {"worksheet_id": "budget-meeting", "drafts": True},
    "lesson-communication": {"lesson_id": "communication"},
    "all-done": {},
    "all-with-drafts": {"drafts": True},
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("golden") / "demo.sqlite"
    make_demo(path, PACK, today=date(2026, 11, 25)).close()
    return path


@pytest.mark.parametrize("scope", SCOPES)
def test_export_matches_the_golden_file(sample: Path, scope: str) -> None:
    store = open_workbook(sample)
    try:
        docs = documents(store, PACK, **SCOPES[scope])  # type: ignore[arg-type]
    finally:
        store.close()
    text = "".join(f"<!-- file: {doc.name} -->\n{doc.text}" for doc in docs)
    golden = GOLDEN / f"{scope}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
