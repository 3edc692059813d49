"""The habits grid: one row per partner and habit, one mark per day, newest on the right."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import groupby

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

DONE_MARK, NOT_MARK = "■", "·"
LABEL_MAX, LABEL_MIN = 26, 12
"""Room for "Alex · Kept a promise", shrunk before any day is dropped."""
WEEK = 7


class HabitsGrid(Widget):
    """Which habits each partner ticked on each day of the last weeks.

    Drawn line by line from strips built once per report and width (the Line API):
    a grid of a couple's years of habits is hundreds of colored runs, and laying
    them out as rich text on every layout pass cost the progress screen more than
    everything else on it. On a narrow terminal the labels shrink first, then the
    oldest days are left out, so a row never wraps.
    """

    COMPONENT_CLASSES = {"habits-grid--done", "habits-grid--ruler", "habits-grid--label"}
    """Ticked days; the row of week starts; the "who · habit" labels."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._last: date | None = None
        self._rows: list[tuple[str, tuple[bool, ...]]] = []
        self._strips: tuple[int, list[Strip]] | None = None
        """The lines drawn for one width, until the rows, the width or the theme change."""

    def show(self, last: date, rows: Sequence[tuple[str, tuple[bool, ...]]]) -> None:
        """Show rows of days ending on ``last`` (every row the same length, oldest first)."""
        self._last = last
        self._rows = list(rows)
        self._strips = None
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None  # the theme's colors are baked into the strips

    def _natural_widths(self) -> tuple[int, int]:
        """(label, days) columns when nothing needs to shrink."""
        if not self._rows:
            return 0, 0
        label = min(LABEL_MAX, max(cell_len(label) + 1 for label, _ in self._rows))
        return label, len(self._rows[0][1])

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return sum(self._natural_widths())

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows) + 1 if self._rows else 0  # the ruler, then a line per row

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._strips is None or self._strips[0] != width:
            self._strips = (width, self._lines(width))
        lines = self._strips[1]
        return lines[y] if 0 <= y < len(lines) else Strip.blank(width, self.rich_style)

    def _lines(self, width: int) -> list[Strip]:
        if not self._rows or self._last is None:
            return []
        label_width, days = self._natural_widths()
        first = self._last - timedelta(days=days - 1)
        label_width = max(min(label_width, width - days), min(LABEL_MIN, label_width))
        shown = max(0, min(days, width - label_width))
        skip = days - shown  # the oldest days go first when the width runs out
        base = self.rich_style
        done = base + self.get_component_rich_style("habits-grid--done", partial=True)
        ruler = base + self.get_component_rich_style("habits-grid--ruler", partial=True)
        label_style = base + self.get_component_rich_style("habits-grid--label", partial=True)

        # Week starts above the grid, counted from the first day so that they stay on
        # the same days whatever is left out.
        marks = ""
        for i in range(skip, days):
            if i % WEEK == 0:
                day = first + timedelta(days=i)
                marks = marks.ljust(i - skip) + f"{day.day} {day:%b}".ljust(WEEK)
        lines = [self._strip([(" " * label_width, base), (marks[:shown], ruler)], width, base)]
        for label, ticks in self._rows:
            # set_cell_size pads and cuts by terminal cells, so wide names line up too.
            text = label if cell_len(label) < label_width else set_cell_size(label, label_width - 2) + "…"
            segments = [(set_cell_size(text, label_width), label_style)]
            for ticked, run in groupby(ticks[skip:]):
                count = sum(1 for _ in run)
                segments.append(((DONE_MARK if ticked else NOT_MARK) * count, done if ticked else base))
            lines.append(self._strip(segments, width, base))
        return lines

    @staticmethod
    def _strip(segments: list[tuple[str, Style]], width: int, base: Style) -> Strip:
        return Strip([Segment(text, style) for text, style in segments]).adjust_cell_length(width, base)
