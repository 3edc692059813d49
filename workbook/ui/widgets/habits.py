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
LABEL_MIN = 8
"""The narrowest a row label gets before days are left out instead."""
INDENT = 2
"""How far a partner's row is indented under its habit, when habits get a line each."""
WEEK = 7


class HabitsGrid(Widget):
    """Which habits each partner ticked on each day of the last weeks.

    Rows are (habit, who, days). Where "who · habit" fits beside the days, a row is
    one line; narrower, each habit gets a line of its own with a short row per partner
    under it, so a habit's name is never cut. Only when even a partner's name and the
    days do not fit are the oldest days left out, so a row never wraps.

    Drawn line by line from strips built once per report and width (the Line API):
    a grid of a couple's years of habits is hundreds of colored runs, and laying
    them out as rich text on every layout pass cost the progress screen more than
    everything else on it.
    """

    COMPONENT_CLASSES = {"habits-grid--done", "habits-grid--ruler", "habits-grid--label"}
    """Ticked days; the row of week starts; the habit and partner labels."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._last: date | None = None
        self._rows: list[tuple[str, str, tuple[bool, ...]]] = []
        self._strips: tuple[int, list[Strip]] | None = None
        """The lines drawn for one width, until the rows, the width or the theme change."""

    def show(self, last: date, rows: Sequence[tuple[str, str, tuple[bool, ...]]]) -> None:
        """Show rows of (habit, who, days) with days ending on ``last`` (every row the
        same length, oldest first)."""
        self._last = last
        self._rows = list(rows)
        self._strips = None
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None  # the theme's colors are baked into the strips

    @property
    def _days(self) -> int:
        return len(self._rows[0][2]) if self._rows else 0

    def _flat_label(self) -> int:
        """Columns for "who · habit" labels, one line per row."""
        return max((cell_len(f"{who} · {habit}") + 1 for habit, who, _ in self._rows), default=0)

    def _grouped(self, width: int) -> bool:
        """True when habits get a line each (a "who · habit" row would not fit)."""
        return self._flat_label() + self._days > width

    def _habits(self) -> list[str]:
        """The habits in the order of their first row."""
        return list(dict.fromkeys(habit for habit, _, _ in self._rows))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._flat_label() + self._days if self._rows else 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self._rows:
            return 0
        groups = len(self._habits()) if self._grouped(width) else 0
        return len(self._rows) + groups + 1  # the ruler, a line per habit (narrow), a line per row

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._strips is None or self._strips[0] != width:
            self._strips = (width, self._lines(width))
        lines = self._strips[1]
        return lines[y] if 0 <= y < len(lines) else Strip.blank(width, self.rich_style)

    def _lines(self, width: int) -> list[Strip]:
        if not self._rows or self._last is None:
            return []
        days = self._days
        grouped = self._grouped(width)
        if grouped:
            label_width = INDENT + max(cell_len(who) for _, who, _ in self._rows) + 1
        else:
            label_width = self._flat_label()
        label_width = max(min(label_width, width - days), min(LABEL_MIN, label_width))
        shown = max(0, min(days, width - label_width))
        skip = days - shown  # the oldest days go first when the width runs out
        first = self._last - timedelta(days=days - 1)
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

        def row(label: str, ticks: tuple[bool, ...]) -> Strip:
            # set_cell_size pads and cuts by terminal cells, so wide names line up too.
            text = label if cell_len(label) < label_width else set_cell_size(label, label_width - 2) + "…"
            segments = [(set_cell_size(text, label_width), label_style)]
            for ticked, run in groupby(ticks[skip:]):
                count = sum(1 for _ in run)
                segments.append(((DONE_MARK if ticked else NOT_MARK) * count, done if ticked else base))
            return self._strip(segments, width, base)

        if not grouped:
            lines.extend(row(f"{who} · {habit}", ticks) for habit, who, ticks in self._rows)
            return lines
        for habit in self._habits():
            title = habit if cell_len(habit) <= width else set_cell_size(habit, width - 1) + "…"
            lines.append(self._strip([(title, label_style + Style(bold=True))], width, base))
            lines.extend(row(" " * INDENT + who, ticks) for name, who, ticks in self._rows if name == habit)
        return lines

    @staticmethod
    def _strip(segments: list[tuple[str, Style]], width: int, base: Style) -> Strip:
        return Strip([Segment(text, style) for text, style in segments]).adjust_cell_length(width, base)
