"""The interaction benchmark's harness still finds its way through the app.

``python benchmarks/interaction.py`` is the measurement (minutes, app and bare
Textual interleaved); here one short walk through the app (a lesson tab, a worksheet
and its entries, a key in the long answer) keeps the harness from rotting as the
screens change. Nothing is timed against anything.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from textual.widgets import Markdown

from workbook.ui.app import make_app

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "interaction.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("interaction_benchmark", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_the_interaction_harness_walks_through_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = load_script()
    db = tmp_path / "demo.sqlite"
    bench.prepare(db, 0)
    monkeypatch.setattr(Markdown, "_on_mount", Markdown._on_mount)  # restored afterwards
    bench.note_markdown_loads()
    app = make_app(db, cursor_blink=False)
    async with app.run_test(size=bench.SIZE) as pilot:
        harness = bench.Harness(app, pilot)
        await bench.drive(harness, bench.AppShell(harness, warm_up=False), 2, 1, 1)
    figures = {key for key, _ in bench.FIGURES}
    assert set(harness.figures) == figures | {f"{key}_cpu" for key in figures}
    assert len(harness.figures["first"]) == 2 and len(harness.figures["key"]) == 1
