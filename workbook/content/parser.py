"""Read lesson files: front matter, H2 sections and ```` ```worksheet ```` blocks.

Parsed with markdown-it-py (CommonMark) and the mdit-py-plugins front-matter plugin,
so what counts as a heading or a fence is exactly what any CommonMark reader sees.
The Markdown between structural points is kept as the author wrote it (sliced by
line from the source), ready for a Markdown renderer.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook.content import yamlsrc
from workbook.content.model import Field, Lesson, LessonError, LessonPack, Problem, Section, Worksheet
from workbook.content.worksheet import Report, check_id, check_keys, parse_worksheet

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

FRONT_MATTER_KEYS = ("id", "title", "tab", "order", "summary", "minutes")
#: Longest tab label: eight tabs must fit an 80-column terminal.
MAX_TAB_CHARS = 12
WORDS_PER_MINUTE = 200
#: Lesson files larger than this are refused rather than parsed (a stray paste, a binary).
MAX_LESSON_BYTES = 1_000_000


class LessonFolderError(Exception):
    """The lessons folder itself is unusable (missing, empty, unreadable)."""


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Imported on first use: markdown-it costs tens of milliseconds at start-up.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").use(front_matter_plugin)


def slugify(text: str) -> str:
    """A stable, readable id from a heading: lowercase words joined by '-'."""
    slug = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return slug or "section"


def _shift_field(f: Field, offset: int) -> Field:
    return replace(f, line=f.line + offset, columns=tuple(_shift_field(c, offset) for c in f.columns))


def _reading_minutes(text: str) -> int:
    return max(1, math.ceil(len(re.findall(r"\w+", text)) / WORDS_PER_MINUTE))


def parse_lesson(path: Path, text: str | None = None) -> tuple[Lesson | None, list[Problem]]:
    """Parse one lesson file.

    Args:
        path: The file (used in problems, and read when ``text`` is None).
        text: The file's content, if already read.

    Returns:
        The lesson (None when it is unusable) and every problem found, each with a
        1-based line number.
    """
    problems: list[Problem] = []

    def report_at(offset: int) -> Report:
        return lambda line, message: problems.append(Problem(path, offset + line + 1, message))

    if text is None:
        try:
            if path.stat().st_size > MAX_LESSON_BYTES:
                return None, [Problem(path, 1, f"file is larger than {MAX_LESSON_BYTES:,} bytes")]
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            line = path.read_bytes()[: error.start].count(b"\n") + 1
            return None, [Problem(path, line, "not UTF-8 text (save the file as UTF-8)")]
        except OSError as error:
            return None, [Problem(path, 1, f"cannot read the file: {error.strerror or error}")]
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    tokens = _markdown().parse(text)

    meta: dict[str, Any] = {}
    body_start = 0
    if tokens and tokens[0].type == "front_matter":
        fm = tokens[0]
        body_start = fm.map[1] if fm.map else 0
        try:
            loaded = yamlsrc.load(fm.content)
        except yamlsrc.YamlProblem as error:
            report_at(1)(error.line, error.message)
            loaded = {}
        if isinstance(loaded, dict):
            meta = loaded
            check_keys(meta, FRONT_MATTER_KEYS, "front matter", report_at(1))
        else:
            report_at(0)(0, "front matter must be YAML keys such as 'id: communication'")
    else:
        report_at(0)(0, "missing front matter: start the file with '---', then id and title")

    lesson_id = check_id(meta.get("id"), "the lesson", 0, report_at(0)) if meta else None
    title = str(meta.get("title") or "").strip()
    if meta and not title:
        report_at(0)(0, "front matter needs a 'title'")
    order = meta.get("order", 1000)
    if isinstance(order, bool) or not isinstance(order, int):
        report_at(0)(0, f"'order' must be a whole number, not {order!r}")
        order = 1000
    minutes = meta.get("minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1):
        report_at(0)(0, f"'minutes' must be a whole number of minutes, not {minutes!r}")
        minutes = None

    # Structural points, in source order: H2 headings and worksheet fences at top level.
    sections: list[Section] = []
    current_title, current_id, current_line = "", "intro", body_start + 1
    current_start = body_start
    parts: list[str | Worksheet] = []
    used_section_ids: set[str] = set()
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
            current_id, n = base, 2
            while current_id in used_section_ids:
                current_id, n = f"{base}-{n}", n + 1
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

    if lesson_id is None or not title:
        return None, problems
    summary = meta.get("summary")
    tab = str(meta.get("tab") or "").strip()
    if len(tab) > MAX_TAB_CHARS:
        report_at(0)(0, f"'tab' must be at most {MAX_TAB_CHARS} characters (it labels the lesson's tab)")
        tab = ""
    lesson = Lesson(
        id=lesson_id,
        title=title,
        order=order,
        path=path,
        sections=tuple(sections),
        summary=str(summary).strip() if summary else "",
        tab=tab or title[:MAX_TAB_CHARS].strip(),
        minutes=minutes or _reading_minutes("\n".join(lines[body_start:])),
    )
    return lesson, problems



def lesson_files(directory: Path) -> list[Path]:
    """The lesson files of a folder (``*.md``, sorted by name).

    Raises:
        LessonFolderError: if the folder does not exist, cannot be read, or has no lessons.
    """
    if not directory.exists():
        raise LessonFolderError(f"lessons folder not found: {directory}")
    if not directory.is_dir():
        raise LessonFolderError(f"not a folder: {directory}")
    try:
        files = sorted(p for p in directory.glob("*.md") if p.is_file() and p.name.lower() != "readme.md")
    except OSError as error:
        raise LessonFolderError(f"cannot read lessons folder {directory}: {error.strerror}") from error
    if not files:
        raise LessonFolderError(f"no lesson files (*.md) in {directory}")
    return files


def check_pack(directory: Path) -> tuple[LessonPack, list[Problem]]:
    """Parse every lesson of a folder and report every problem, across all files.

    Returns:
        The usable lessons, in order, and all problems (empty when the pack is valid).

    Raises:
        LessonFolderError: if the folder itself is unusable.
    """
    problems: list[Problem] = []
    lessons: list[Lesson] = []
    for path in lesson_files(directory):
        lesson, found = parse_lesson(path)
        problems += found
        if lesson is not None:
            lessons.append(lesson)
    by_id: dict[str, Lesson] = {}
    worksheet_home: dict[str, Lesson] = {}
    for lesson in lessons:
        if lesson.id in by_id:
            problems.append(
                Problem(lesson.path, 1, f"duplicate lesson id '{lesson.id}' (also in {by_id[lesson.id].path.name})")
            )
        by_id.setdefault(lesson.id, lesson)
        for worksheet in lesson.worksheets:
            other = worksheet_home.get(worksheet.id)
            if other is not None and other is not lesson:
                problems.append(
                    Problem(
                        lesson.path,
                        worksheet.line,
                        f"duplicate worksheet id '{worksheet.id}' (also in {other.path.name})",
                    )
                )
            worksheet_home.setdefault(worksheet.id, lesson)
    lessons.sort(key=lambda lesson: (lesson.order, lesson.path.name))
    problems.sort(key=lambda p: (str(p.path), p.line))
    return LessonPack(directory=directory, lessons=tuple(lessons)), problems


def load_pack(directory: Path) -> LessonPack:
    """Load a lesson folder for use.

    Raises:
        LessonFolderError: if the folder itself is unusable.
        LessonError: with every problem, if any lesson file has one.
    """
    pack, problems = check_pack(directory)
    if problems:
        raise LessonError(problems)
    return pack
