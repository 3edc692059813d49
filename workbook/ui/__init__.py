"""UI layer: the Textual app. Build it with :func:`workbook.ui.app.make_app`."""
