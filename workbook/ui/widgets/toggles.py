"""Check boxes, radio buttons and tick lists whose ticked state shows in shape, not
only in color.

Textual draws the same glyph in a ticked and an unticked box and tells them apart
by color alone, which a color-blind partner, a monochrome terminal or a printout
cannot. These draw a mark when ticked and leave the box empty when not.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

#: What a ticked check box or list item shows in its box.
TICK = "✓"
#: What a chosen radio button shows in its box.
DOT = "●"
#: An unticked box: empty.
EMPTY = " "


class TickCheckbox(Checkbox):
    """A check box that shows ✓ when ticked and an empty box when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = TICK if self.value else EMPTY
        return super()._button


class DotRadioButton(RadioButton):
    """A radio button that shows ● when chosen and an empty box when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = DOT if self.value else EMPTY
        return super()._button


class TickList(SelectionList[str]):
    """A selection list whose ticked items show ✓ and whose others show an empty box."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        # As Textual finds the item of a line (one line per item here).
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 2:
            return line
        inner = segments[1]
        mark = TICK if selection.value in self._selected else EMPTY
        segments[1] = Segment(mark, inner.style, inner.control)
        return Strip(segments, line.cell_length)
