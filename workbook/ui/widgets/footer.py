"""The app's footer: Textual's, compact, and rebuilt once per burst of binding changes."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer, compact (one space less per key, so "F1 Keys" fits 80 columns).

    Textual rebuilds the footer after every binding change. A screen's first frame
    brings two at once (the first focus, then the screen's resume), and each rebuild
    mounts and styles every key again: one rebuild for the burst is enough, and it
    took a visible share of the time to Home.
    """

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._rebuild_pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        # As Textual's, except that a rebuild already scheduled covers this change too.
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
