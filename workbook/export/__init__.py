"""Export layer: workbook entries as Markdown text (pure functions). No Textual."""

from workbook.export.markdown import entry_markdown, escape_block, escape_inline

__all__ = ["entry_markdown", "escape_block", "escape_inline"]
