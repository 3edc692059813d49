"""Reconnect: a terminal workbook for couples rebuilding closeness.

Layers, from the bottom: :mod:`workbook.content` (lessons), :mod:`workbook.store`
(the SQLite workbook file), :mod:`workbook.export`, :mod:`workbook.ui` (Textual) and
:mod:`workbook.cli`. A module only imports from layers below its own.
"""

__version__ = "0.1.0"
