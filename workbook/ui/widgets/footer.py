"""The app's footer: Textual's, compact, showing the keys that matter first and only
what fits; every key is listed in F1."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets import Static
from textual.widgets._footer import FooterKey

#: Keys the footer always shows, last: quick exit (a safety promise) and the list of keys.
ALWAYS = ("quit", "app.quit", "toggle_keys", "app.toggle_keys")
#: Columns kept for the command palette's key at the right ("▏^p palette").
PALETTE = 12
#: Columns the status word needs ("Saving…" and a space); where only the short form
#: fits ("…", "✓" and a space), that shows; where not even that, nothing.
STATUS = 8
STATUS_SHORT = 2

#: One key as the footer draws it: key, display, description, action, enabled,
#: tooltip, and whether it is the command palette's.
_Key = tuple[str, str, str, str, bool, str, bool]


class Footer(TextualFooter):
    """Textual's footer, compact, that never draws a key cut or under the palette key.

    The keys come in order of importance: the focused widget's, then the screen's,
    then the app's. When they do not all fit, the least important go first (About,
    then the screen's last keys), while Quit and F1 Keys always stay: F1 lists every
    key, shown or not.

    Textual rebuilds the footer after every binding change. A screen's first frame
    brings two at once (the first focus, then the screen's resume), and each rebuild
    mounts and styles every key again: here the first compose draws the keys, and a
    rebuild happens only when they differ from the ones drawn.

    :meth:`compose` and :meth:`bindings_changed` are copies of Textual's, changed as
    their comments say, and write Textual's private ``_bindings_ready``:
    ``tests/test_footer_guard.py`` fails when the Textual source they copy changes.
    """

    def __init__(self, *, status: bool = False) -> None:
        """
        Args:
            status: Keep room for a word of status beside the palette key (the
                worksheet's "Saving…" / "Saved"), where the keys leave room for it.
        """
        super().__init__(compact=True)
        self._rebuild_pending = False
        self._width = 0
        self._with_status = status
        self._status = ("", "")
        """The status as last shown: the word, and its short form."""
        self._built: tuple[list[_Key], int] | None = None
        """The keys drawn now, and the room left for the status (None before the
        first compose)."""
        self.rebuilds = 0
        """Recomposes done: what tests count (a screen's open should cost one)."""

    def compose(self) -> ComposeResult:
        keys, room = self._built = self._keys()
        for key, display, description, action, enabled, tooltip, palette in keys:
            if palette:
                yield FooterKey(
                    key,
                    display,
                    description,
                    action,
                    classes="-command-palette",
                    disabled=not enabled,
                    tooltip=tooltip,
                )
            else:
                yield FooterKey(
                    key, display, description, action, disabled=not enabled, tooltip=tooltip
                ).data_bind(compact=TextualFooter.compact)
        if room:
            # The room between the keys and the palette key, the word at its right end.
            yield Static(self._status_shown(room), id="save-state", classes="footer-status")

    def show_status(self, text: str, short: str = "") -> None:
        """Show ``text`` beside the palette key, or ``short`` where only it fits (both
        kept for the next rebuild too)."""
        self._status = (text, short)
        room = self._built[1] if self._built is not None else 0
        for line in self.query("#save-state").results(Static):
            # Its width is the room left, whatever the word: a repaint is enough (a
            # layout of the whole screen on every save cost typing ~10 ms).
            line.update(self._status_shown(room), layout=False)

    def _status_shown(self, room: int) -> str:
        text, short = self._status
        return text if room >= STATUS else short

    def _keys(self) -> tuple[list[_Key], int]:
        """What :meth:`compose` draws, as plain values (equal values, an equal footer):
        the keys, and the room for the status (:data:`STATUS` for the word,
        :data:`STATUS_SHORT` for its short form, 0: none)."""
        # Drawn from the first compose, unlike Textual's (which waits for the first
        # binding change and then builds the keys a second time, with a layout of the
        # whole screen): what a binding change brings later rebuilds it as before.
        active = self.screen.active_bindings
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        if self.screen.is_modal:
            # A dialog's keys stop at the dialog; the app's priority keys (Quit) still
            # work on it, and Quit is the one the footer promises.
            for app_key in self.app.BINDINGS:
                if isinstance(app_key, Binding) and app_key.priority and app_key.show:
                    if app_key.action in ALWAYS and app_key.action not in shown:
                        shown[app_key.action] = (app_key, True, app_key.tooltip)
        keep = [action for action in shown if action in ALWAYS]
        rest = [action for action in shown if action not in ALWAYS]
        # About is the app's least needed key on a small screen (F2 still works).
        rest.sort(key=lambda action: action.endswith("about"))
        room = (self.size.width or self.app.size.width) - PALETTE
        keys: list[_Key] = []
        chosen, used = self._fit([*rest], keep, shown, room)
        for action in chosen:
            binding, enabled, tooltip = shown[action]
            display = self.app.get_key_display(binding)
            keys.append((binding.key, display, binding.description, binding.action, enabled, tooltip, False))
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, tooltip = palette
                display = self.app.get_key_display(binding)
                tip = binding.tooltip or binding.description
                keys.append((binding.key, display, binding.description, binding.action, enabled, tip, True))
        left = room - used if self._with_status else 0
        return keys, STATUS if left >= STATUS else STATUS_SHORT if left >= STATUS_SHORT else 0

    def _fit(
        self,
        rest: list[str],
        keep: list[str],
        shown: dict[str, tuple[Binding, bool, str]],
        room: int,
    ) -> tuple[list[str], int]:
        """The actions to draw (as many of ``rest`` as fit in order, then ``keep``) and
        the columns they take."""

        def width(action: str) -> int:
            binding = shown[action][0]
            # "key description" and the one-column gap of the compact footer.
            return cell_len(self.app.get_key_display(binding)) + 1 + cell_len(binding.description) + 1

        used = sum(width(action) for action in keep)
        chosen: list[str] = []
        for action in rest:
            if used + width(action) > room:
                break  # in order of importance: a later key never jumps a dropped one
            chosen.append(action)
            used += width(action)
        return chosen + keep, used

    def on_resize(self) -> None:
        # A different width may fit more keys, or fewer.
        if self.size.width != self._width:
            self._width = self.size.width
            if self._bindings_ready and not self._rebuild_pending:
                self._rebuild_pending = True
                self.call_after_refresh(self._rebuild)

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
        if not self.is_attached or self._pruning:
            return  # its screen is closing (as Textual's recompose does)
        # Most binding changes leave the footer as it is (a screen suspended under
        # another, resumed, focus moved between fields with the same keys): rebuilding
        # then mounted and styled every key again for nothing, a quarter of the time
        # of opening and closing a worksheet.
        if self._keys() == self._built:
            return
        self.rebuilds += 1
        await self.recompose()
