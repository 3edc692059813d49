"""Parse a lesson's body: H2 sections and ```` ```worksheet ```` blocks.

Parsed with markdown-it-py (CommonMark) and the mdit-py-plugins front-matter plugin,
so what counts as a heading or a fence is exactly what any CommonMark reader sees.
The Markdown between structural points is kept as the author wrote it (sliced by
line from the source), ready for a Markdown renderer.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.content import yamlsrc
from workbook.content.frontmatter import read_lesson_text, scan_lesson, text_problems
from workbook.content.model import Field, Lesson, Problem, Section, Worksheet
from workbook.content.settings import Report
from workbook.content.worksheet import parse_worksheet

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Imported on first use: markdown-it costs ~50 ms, and start-up reads front matter only.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").use(front_matter_plugin)


def markdown_body_start(text: str) -> int:
    """Where markdown-it's front-matter plugin says the body starts (0 if no front matter)."""
    tokens = _markdown().parse(text)
    if tokens and tokens[0].type == "front_matter" and tokens[0].map:
        return tokens[0].map[1]
    return 0


def slugify(text: str) -> str:
    """A stable, readable id from a heading: lowercase words joined by '-'."""
    slug = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return slug or "section"


def fence_closed(lines: list[str], start: int, end: int, markup: str) -> bool:
    """Whether the fence opened on line ``start`` has its closing line (CommonMark: the
    same character, at least as many, at most three spaces in, nothing after).

    An unclosed fence runs to the end of the file: markdown-it swallows the rest of
    the lesson into it, and its YAML would be reported somewhere far below.
    """
    if end - 1 <= start or end > len(lines):
        return False
    closing = lines[end - 1]
    stripped = closing.lstrip(" ")
    if len(closing) - len(stripped) > 3 or not markup:
        return False
    run = len(stripped) - len(stripped.lstrip(markup[0]))
    return run >= len(markup) and not stripped[run:].strip()


def _shift_field(f: Field, offset: int) -> Field:
    return replace(f, line=f.line + offset, columns=tuple(_shift_field(c, offset) for c in f.columns))


def parse_lesson(path: Path, text: str | None = None) -> tuple[Lesson | None, list[Problem]]:
    """Parse one lesson file, front matter and body.

    Args:
        path: The file (used in problems, and read when ``text`` is None).
        text: The file's content, if already read.

    Returns:
        The lesson (None when it is unusable) and every problem found, each with a
        1-based line number.
    """
    if text is None:
        text, problems = read_lesson_text(path)
        if text is None:
            return None, problems
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    refused = text_problems(path, text)  # read_lesson_text checks a file; a caller's text too
    if refused:
        return None, refused
    info, problems = scan_lesson(path, text)

    def report_at(offset: int) -> Report:
        return lambda line, message: problems.append(Problem(path, offset + line + 1, message))

    lines = text.split("\n")
    tokens = _markdown().parse(text)
    body_start = tokens[0].map[1] if tokens and tokens[0].type == "front_matter" and tokens[0].map else 0

    sections: list[Section] = []
    current_title, current_id, current_line = "", "intro", body_start + 1
    current_start = body_start
    parts: list[str | Worksheet] = []
    # "intro" names the untitled opening; an H2 titled "Intro" becomes "intro-2".
    used_section_ids: set[str] = {"intro"}
    # The next suffix to try for each slug: without it, n headings with the same text
    # cost n² tries (a hostile file of 40,000 "## x" took minutes).
    next_suffix: dict[str, int] = {}
    worksheets_here: list[Worksheet] = []

    def flush_markdown(end: int) -> None:
        chunk = "\n".join(lines[current_start:end]).strip("\n")
        if chunk.strip():
            parts.append(chunk)

    def close_section() -> None:
        if parts:
            sections.append(Section(current_id, current_title, tuple(parts), current_line))

    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "heading_open" and token.tag == "h2" and token.level == 0:
            flush_markdown(start)
            close_section()
            parts = []
            heading = tokens[index + 1].content.strip()
            base = slugify(heading)
            current_id, n = base, next_suffix.get(base, 2)
            if current_id in used_section_ids:
                current_id = f"{base}-{n}"
                while current_id in used_section_ids:
                    n += 1
                    current_id = f"{base}-{n}"
                next_suffix[base] = n + 1
            used_section_ids.add(current_id)
            current_title, current_line, current_start = heading, start + 1, start
            if not heading:
                report_at(start)(0, "a section heading (##) is empty")
        elif token.type == "fence" and token.info.strip().split(" ")[0] == "worksheet":
            if token.level != 0:
                report_at(start)(0, "a worksheet block must not be indented or inside a list or quote")
                continue
            flush_markdown(start)
            current_start = end
            if not fence_closed(lines, start, end, token.markup):
                report_at(start)(
                    0,
                    f"this worksheet block is never closed: end it with a line of {token.markup}",
                )
                continue
            if len(token.content) > yamlsrc.MAX_YAML_CHARS:
                report_at(start)(
                    0,
                    f"this worksheet block is {len(token.content):,} characters long; "
                    f"at most {yamlsrc.MAX_YAML_CHARS:,}",
                )
                continue
            report = report_at(start + 1)
            try:
                raw = yamlsrc.load(token.content)
            except yamlsrc.YamlProblem as error:
                report(error.line, error.message)
                continue
            worksheet = parse_worksheet(raw, report)
            if worksheet is not None:
                worksheet = replace(
                    worksheet,
                    line=start + 1,
                    fields=tuple(_shift_field(f, start + 2) for f in worksheet.fields),
                )
                parts.append(worksheet)
                worksheets_here.append(worksheet)
    flush_markdown(len(lines))
    close_section()

    seen: set[str] = set()
    for worksheet in worksheets_here:
        if worksheet.id in seen:
            problems.append(Problem(path, worksheet.line, f"duplicate worksheet id '{worksheet.id}'"))
        seen.add(worksheet.id)
    if not any(s.title for s in sections):
        problems.append(Problem(path, body_start + 1, "the lesson has no sections: add '## ' headings"))

    if info is None:
        return None, problems
    lesson = Lesson(
        id=info.id,
        title=info.title,
        order=info.order,
        path=path,
        sections=tuple(sections),
        summary=info.summary,
        tab=info.tab,
        minutes=info.minutes,
    )
    return lesson, problems
