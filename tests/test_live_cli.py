"""``workbook --as NAME``: the CLI hands the name to the app, which refuses an unknown
one with a single line."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli import run
from workbook.cli import build_parser
from workbook.ui.app import WorkbookApp


def test_as_is_an_option_of_the_app() -> None:
    args = build_parser().parse_args(["--as", "Sam", "--db", "x.sqlite"])
    assert args.as_name == "Sam"
    assert build_parser().parse_args([]).as_name is None


def _headless(monkeypatch: pytest.MonkeyPatch, seen: list[WorkbookApp]) -> None:
    """Run the app without a terminal: what the CLI does around it stays the same."""

    def run_headless(self: WorkbookApp, *args: Any, **kwargs: Any) -> None:
        seen.append(self)

        async def go() -> None:
            async with self.run_test(size=(100, 30)) as pilot:
                for _ in range(5):
                    await pilot.pause()
                if self.return_code is None:
                    await pilot.press("ctrl+q")

        asyncio.run(go())

    monkeypatch.setattr(WorkbookApp, "run", run_headless)


def test_an_unknown_name_gets_one_line_and_exit_2(couple_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[WorkbookApp] = []
    _headless(monkeypatch, seen)
    result = run("--db", str(couple_db), "--as", "Jo")
    assert result.returncode == 2
    assert result.stderr == (
        "workbook: --as Jo: this workbook's partners are Sam and Alex; use one of those names "
        "(or leave --as out to be both of you)\n"
    )


def test_a_known_name_in_any_case_opens_as_that_partner(
    couple_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbook.store import Who

    seen: list[WorkbookApp] = []
    _headless(monkeypatch, seen)
    result = run("--db", str(couple_db), "--as", "aLeX")
    assert result.returncode == 0, result.stderr
    assert seen[0].here is Who.SECOND
