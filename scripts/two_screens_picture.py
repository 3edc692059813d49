"""Draw docs/two-screens.svg: Sam's and Alex's screens side by side on one workbook.

Both apps run headless in this process on one new workbook (``--as Sam`` and
``--as Alex``), open the daily check-in and each write in their own column; each
screen shows the other's words as they are saved. The two screenshots are put side
by side in one SVG for the README.

Usage: ``python scripts/two_screens_picture.py [-o docs/two-screens.svg]``.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import TextArea

from workbook.store import Who, open_workbook
from workbook.ui.app import WorkbookApp, make_app
from workbook.ui.screens.worksheet import WorksheetScreen

SIZE = (110, 28)
NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
GAP = 24
"""Pixels between the two screens."""


def _said(app: WorkbookApp, who: Who) -> TextArea:
    screen = app.screen
    assert isinstance(screen, WorksheetScreen)
    editor = next(e for e in screen.editors() if e.field.id == "said" and e.who is who)
    return editor.query_one(TextArea)


async def _until(condition: object, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("the other screen never showed it")


async def screenshots(db: Path) -> tuple[str, str]:
    sam = make_app(db, now=NOW, cursor_blink=False, as_name="Sam")
    alex = make_app(db, now=NOW, cursor_blink=False, as_name="Alex")
    async with sam.run_test(size=SIZE) as sam_pilot, alex.run_test(size=SIZE) as alex_pilot:
        for pilot in (sam_pilot, alex_pilot):
            await pilot.pause(0.5)
        for app, pilot in ((sam, sam_pilot), (alex, alex_pilot)):
            with app._context():
                app.open_worksheet("communication", "daily-check-in")
            await pilot.pause(0.5)
        for app, pilot, who, text in (
            (sam, sam_pilot, Who.FIRST, "I missed our evening walks this week."),
            (alex, alex_pilot, Who.SECOND, "Work has been heavy. I'd like Sunday to be ours."),
        ):
            with app._context():
                _said(app, who).focus()
            await pilot.pause()
            await pilot.press(*text)
            await pilot.press("tab")  # leaving the field saves it at once
        await _until(lambda: "Sunday" in _said(sam, Who.SECOND).text)
        await _until(lambda: "walks" in _said(alex, Who.FIRST).text)
        for app, pilot in ((sam, sam_pilot), (alex, alex_pilot)):
            with app._context():
                _said(app, Who.FIRST).scroll_visible(animate=False, top=True)
            await pilot.pause(0.3)
        shots = []
        for app in (sam, alex):
            with app._context():
                shots.append(app.export_screenshot(title="Sam's screen" if app is sam else "Alex's screen"))
        return shots[0], shots[1]


def side_by_side(left: str, right: str) -> str:
    """One SVG with both screenshots, left and right."""

    def size(svg: str) -> tuple[float, float]:
        found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        assert found is not None
        return float(found[1]), float(found[2])

    (w1, h1), (w2, h2) = size(left), size(right)
    width, height = w1 + GAP + w2, max(h1, h2)

    def placed(svg: str, x: float, w: float, h: float) -> str:
        return svg.replace("<svg ", f'<svg x="{x}" y="0" width="{w}" height="{h}" ', 1)

    return (
        f'<svg viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">\n'
        + placed(left, 0, w1, h1)
        + placed(right, w1 + GAP, w2, h2)
        + "</svg>\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/two-screens.svg"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "workbook.sqlite"
        store = open_workbook(db)
        store.set_couple("Sam", "Alex")
        store.set_setting("safety_seen", True)
        store.close()
        left, right = asyncio.run(screenshots(db))
    args.output.write_text(side_by_side(left, right), encoding="utf-8")
    print(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
