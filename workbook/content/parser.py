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
    from markdown_it.token import Token


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


class _Body:
    """A lesson body as it is walked, token by token: the sections so far, the one
    being read, and every problem (each located in the lesson file)."""

    def __init__(self, path: Path, lines: list[str], problems: list[Problem]) -> None:
        self.path = path
        self.lines = lines
        self.problems = problems
        self.sections: list[Section] = []
        self.worksheets: list[Worksheet] = []
        self.title, self.id, self.line, self.start = "", "intro", 1, 0
        self.parts: list[str | Worksheet] = []
        # "intro" names the untitled opening; an H2 titled "Intro" becomes "intro-2".
        self.used_ids: set[str] = {"intro"}
        # The next suffix to try for each slug: without it, n headings with the same text
        # cost n² tries (a hostile file of 40,000 "## x" took minutes).
        self.next_suffix: dict[str, int] = {}

    def report_at(self, offset: int) -> Report:
        """Reports lines counted from ``offset`` (0-based in the file)."""
        return lambda line, message: self.problems.append(Problem(self.path, offset + line + 1, message))

    def flush_markdown(self, end: int) -> None:
        """The Markdown from the last structural point up to line ``end``, as one part."""
        chunk = "\n".join(self.lines[self.start : end]).strip("\n")
        if chunk.strip():
            self.parts.append(chunk)

    def close_section(self) -> None:
        if self.parts:
            self.sections.append(Section(self.id, self.title, tuple(self.parts), self.line))

    def section_id(self, heading: str) -> str:
        """A slug of the heading, made unique in the lesson with a number."""
        base = slugify(heading)
        section_id, n = base, self.next_suffix.get(base, 2)
        if section_id in self.used_ids:
            section_id = f"{base}-{n}"
            while section_id in self.used_ids:
                n += 1
                section_id = f"{base}-{n}"
            self.next_suffix[base] = n + 1
        self.used_ids.add(section_id)
        return section_id

    def heading(self, start: int, heading: str) -> None:
        """An H2 on line ``start`` (0-based) closes the section before and opens one."""
        self.flush_markdown(start)
        self.close_section()
        self.parts = []
        self.id = self.section_id(heading)
        self.title, self.line, self.start = heading, start + 1, start
        if not heading:
            self.report_at(start)(0, "a section heading (##) is empty")

    def worksheet(self, token: Token) -> None:
        """A ```` ```worksheet ```` fence: its YAML becomes a worksheet in the reading."""
        assert token.map is not None
        start, end = token.map
        if token.level != 0:
            self.report_at(start)(0, "a worksheet block must not be indented or inside a list or quote")
            return
        self.flush_markdown(start)
        self.start = end
        if not fence_closed(self.lines, start, end, token.markup):
            self.report_at(start)(
                0, f"this worksheet block is never closed: end it with a line of {token.markup}"
            )
            return
        if len(token.content) > yamlsrc.MAX_YAML_CHARS:
            self.report_at(start)(
                0,
                f"this worksheet block is {len(token.content):,} characters long; "
                f"at most {yamlsrc.MAX_YAML_CHARS:,}",
            )
            return
        report = self.report_at(start + 1)
        try:
            raw = yamlsrc.load(token.content)
        except yamlsrc.YamlProblem as error:
            report(error.line, error.message)
            return
        worksheet = parse_worksheet(raw, report)
        if worksheet is not None:
            worksheet = replace(
                worksheet, line=start + 1, fields=tuple(_shift_field(f, start + 2) for f in worksheet.fields)
            )
            self.parts.append(worksheet)
            self.worksheets.append(worksheet)

    def read(self, tokens: list[Token]) -> tuple[Section, ...]:
        """The sections of the lesson whose tokens these are (problems reported)."""
        body_start = 0
        if tokens and tokens[0].type == "front_matter" and tokens[0].map:
            body_start = tokens[0].map[1]
        self.line, self.start = body_start + 1, body_start
        for index, token in enumerate(tokens):
            if token.map is None:
                continue
            if token.type == "heading_open" and token.tag == "h2" and token.level == 0:
                self.heading(token.map[0], tokens[index + 1].content.strip())
            elif token.type == "fence" and token.info.strip().split(" ")[0] == "worksheet":
                self.worksheet(token)
        return self.finish(body_start)

    def finish(self, body_start: int) -> tuple[Section, ...]:
        """The sections, once every token is read; problems of the whole body added."""
        self.flush_markdown(len(self.lines))
        self.close_section()
        seen: set[str] = set()
        for worksheet in self.worksheets:
            if worksheet.id in seen:
                self.problems.append(
                    Problem(self.path, worksheet.line, f"duplicate worksheet id '{worksheet.id}'")
                )
            seen.add(worksheet.id)
        if not any(s.title for s in self.sections):
            self.problems.append(
                Problem(self.path, body_start + 1, "the lesson has no sections: add '## ' headings")
            )
        return tuple(self.sections)


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
    sections = _Body(path, text.split("\n"), problems).read(_markdown().parse(text))
    if info is None:
        return None, problems
    lesson = Lesson(
        id=info.id,
        title=info.title,
        order=info.order,
        path=path,
        sections=sections,
        summary=info.summary,
        tab=info.tab,
        minutes=info.minutes,
    )
    return lesson, problems
