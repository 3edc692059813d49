"""Messages that screens and widgets send up to the app (kept light: imported at start)."""

from __future__ import annotations

from textual.message import Message


class OpenWorksheet(Message):
    """Ask the app to open a worksheet (from a card, Home or the palette)."""

    def __init__(self, lesson_id: str, worksheet_id: str) -> None:
        super().__init__()
        self.lesson_id = lesson_id
        self.worksheet_id = worksheet_id


class OpenEntry(Message):
    """Ask the app to show another entry of a worksheet (None: start a new one).

    With ``reveal``, the reveal screen (both partners' answers) opens on top of it.
    """

    def __init__(
        self, lesson_id: str, worksheet_id: str, entry_id: int | None, *, reveal: bool = False
    ) -> None:
        super().__init__()
        self.lesson_id = lesson_id
        self.worksheet_id = worksheet_id
        self.entry_id = entry_id
        self.reveal = reveal
