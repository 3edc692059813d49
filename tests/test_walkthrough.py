"""What the tmux walk-through at 80x24, 100x32 and 160x48 found (notes/walkthrough.md),
each kept fixed by a test on what is laid out, never on timing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.conftest import new_app, ready, settle

#: The partners' names of the walk-through: a long one and a non-ASCII one.
LONG, ACCENTED = "Maximiliana-Josephine", "Zoë Åsa Ñúñez"


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_the_welcome_card_fits_the_screen_with_its_message(db_path: Path, size: tuple[int, int]) -> None:
    """The first screen a couple sees fits a small terminal whole, its Start button
    and bottom edge included, also once "Please enter a name" shows: nothing to
    scroll for on the very first screen."""
    app = new_app(db_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        card = app.screen.query_one("#onboarding-card")
        assert card.region.bottom <= size[1], "the welcome card runs off the screen"
        await pilot.click("#start")
        await settle(pilot)
        error = app.screen.query_one("#onboarding-error", Static)
        assert error.display
        assert card.region.bottom <= size[1], "with the message shown, the card runs off the screen"
        start = app.screen.query_one("#start")
        assert start.region.bottom <= card.region.bottom - 1
