"""The base of the app's full screens (Home and the lessons, a worksheet): their first
frame without the work Textual repeats for it."""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class FullScreen(Screen[None]):
    """A screen that skips two repeats of Textual's on its way to its first frame.

    Textual restyles every node of a screen on its first resume, though each was styled
    as it mounted and nothing has changed since; and the screen's first layout sends the
    screen a Resize, at the size it was just laid out at, for which Textual lays it out
    again (and the screen under it). On a worksheet each was 25-35 ms of an open.

    The handlers here run after a subclass's own (Textual calls each class's handler
    in turn, subclass first) and before Textual's, which they tell what to skip.
    """

    _first_resume = True
    _first_resize = True

    @property
    def resumed_before(self) -> bool:
        """Whether the screen has been shown before (in a subclass's resume handler:
        False on its first)."""
        return not self._first_resume

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._first_resume:
            self._first_resume = False
            event.refresh_styles = False

    def on_resize(self, event: events.Resize) -> None:
        if self._first_resize:
            self._first_resize = False
            # Anything that changed since the layout asked for its own already.
            if event.size == self.size:
                event.prevent_default()
