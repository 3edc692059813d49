"""Export layer: workbook entries as Markdown and JSON, and every answer as text
(pure functions). No Textual."""

from workbook.export.answers import answer_text, render_answer
from workbook.export.markdown import entry_markdown, escape_block, escape_inline

__all__ = ["answer_text", "entry_markdown", "escape_block", "escape_inline", "render_answer"]
