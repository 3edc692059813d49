"""Lesson files' front matter, read without a Markdown parser.

Start-up needs only each lesson's id, title, tab, order, summary and reading time;
markdown-it (≈50 ms to import) is left for the lesson a couple opens. The splitter
follows the mdit-py-plugins front-matter rule, and a test keeps the two in step.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.content import yamlsrc
from workbook.content.model import Problem
from workbook.content.settings import Report, check_id, check_keys, describe, text_value

FRONT_MATTER_KEYS = ("id", "title", "tab", "order", "summary", "minutes")
#: Longest tab label: eight tabs must fit an 80-column terminal.
MAX_TAB_CHARS = 12
WORDS_PER_MINUTE = 200
#: Lesson files larger than this are refused rather than parsed (a stray paste, a binary).
#: The longest shipped lesson is under 7,000 bytes. A lesson is parsed on the UI thread
#: when its tab opens, and markdown-it needs up to ~10 µs a byte on hostile Markdown
#: (thousands of headings or paragraphs), so this keeps the worst case near 2 s.
MAX_LESSON_BYTES = 200_000
DEFAULT_ORDER = 1000


@dataclass(frozen=True)
class LessonInfo:
    """What the front matter says about a lesson (all that Home and the tabs need).

    Attributes:
        id: Stable identifier.
        title: The lesson's title.
        tab: Short label for its tab.
        order: Position among the lessons (ties broken by file name).
        summary: One or two sentences for Home.
        minutes: Reading time (from the front matter, or counted).
        path: The lesson file.
        body_start: 0-based index of the first line after the front matter.
    """

    id: str
    title: str
    tab: str
    order: int
    summary: str
    minutes: int
    path: Path
    body_start: int


def text_problems(path: Path, text: str) -> list[Problem]:
    """Why a lesson's text cannot be read at all: too long, or a character no lesson has.

    Control characters (NUL, ESC, …) and lone surrogates are refused anywhere in the
    file, not only in YAML: an escape sequence in the prose would reach the terminal
    and every export, and a NUL is the mark of a binary file.
    """
    if len(text) > MAX_LESSON_BYTES:
        return [Problem(path, 1, f"file is larger than {MAX_LESSON_BYTES:,} bytes")]
    odd = yamlsrc.NON_PRINTABLE.search(text)
    if odd is None:
        return []
    line = text.count("\n", 0, odd.start()) + 1
    column = odd.start() - (text.rfind("\n", 0, odd.start()) + 1) + 1
    code = ord(odd.group())
    kind = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    binary = " (is this a binary file?)" if code == 0 else ""
    return [
        Problem(
            path,
            line,
            f"character U+{code:04X} ({kind}) at column {column} is not allowed in a lesson{binary}",
        )
    ]


def read_lesson_text(path: Path) -> tuple[str | None, list[Problem]]:
    """A lesson file's text (newlines normalized), or the problem that stops reading it."""
    try:
        # Read at most one byte past the limit, whatever the file claims to be (a
        # special file may report size 0 and never end).
        with path.open("rb") as handle:
            data = handle.read(MAX_LESSON_BYTES + 1)
    except OSError as error:
        return None, [Problem(path, 1, f"cannot read the file: {error.strerror or error}")]
    if len(data) > MAX_LESSON_BYTES:
        return None, [Problem(path, 1, f"file is larger than {MAX_LESSON_BYTES:,} bytes")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, "not UTF-8 text (save the file as UTF-8)")]
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    problems = text_problems(path, text)
    return (None, problems) if problems else (text, [])


def split_front_matter(lines: list[str]) -> tuple[str, int] | None:
    """The front matter's YAML and the index of the first body line, or None.

    Same rule as the mdit-py-plugins front-matter plugin: the file starts with three
    or more dashes; the block ends at a line of at least as many dashes, or at ``...``.
    """
    if not lines or not lines[0].startswith("---"):
        return None
    opening = len(lines[0]) - len(lines[0].lstrip("-"))
    for index in range(1, len(lines)):
        line = lines[index]
        if line.startswith("...") and not line[3:].strip():
            return "\n".join(lines[1:index]), index + 1
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) >= 4:
            continue  # an indented code line, as in CommonMark
        dashes = len(stripped) - len(stripped.lstrip("-"))
        if dashes and dashes >= opening and not stripped[dashes:].strip():
            return "\n".join(lines[1:index]), index + 1
    return None


def reading_minutes(text: str) -> int:
    """Minutes to read ``text`` at an unhurried pace (at least one)."""
    return max(1, math.ceil(len(re.findall(r"\w+", text)) / WORDS_PER_MINUTE))


def scan_lesson(path: Path, text: str) -> tuple[LessonInfo | None, list[Problem]]:
    """Read and check a lesson's front matter.

    Returns:
        The lesson's info (None if the front matter is unusable) and its problems.
    """
    problems: list[Problem] = []

    def report_at(offset: int) -> Report:
        return lambda line, message: problems.append(Problem(path, offset + line + 1, message))

    lines = text.split("\n")
    found = split_front_matter(lines)
    meta: dict[str, Any] = {}
    body_start = 0
    if found is None:
        report_at(0)(0, "missing front matter: start the file with '---', then id and title")
    else:
        source, body_start = found
        try:
            # Plain "key: text" lines, as every shipped lesson has, need no PyYAML.
            loaded = yamlsrc.load_flat(source, FRONT_MATTER_KEYS)
            if loaded is None:
                loaded = yamlsrc.load(source)
        except yamlsrc.YamlProblem as error:
            report_at(1)(error.line, error.message)
            loaded = {}
        if isinstance(loaded, dict):
            meta = loaded
            check_keys(meta, FRONT_MATTER_KEYS, "front matter", report_at(1))
        else:
            report_at(0)(0, "front matter must be YAML keys such as 'id: communication'")

    def at(key: str) -> int:
        # The key's own line within the YAML (reported with report_at(1): it starts on line 2).
        return yamlsrc.key_line(meta, key)

    def text_of(key: str) -> str:
        return text_value(meta.get(key), key, "the front matter", at(key), report_at(1))

    lesson_id = check_id(meta.get("id"), "the lesson", 0, report_at(0)) if meta else None
    reported = len(problems)
    title = text_of("title")
    if meta and not title and len(problems) == reported:  # missing or blank, not refused
        report_at(0)(0, "front matter needs a 'title'")
    order = meta.get("order", DEFAULT_ORDER)
    if isinstance(order, bool) or not isinstance(order, int):
        report_at(1)(at("order"), f"'order' must be a whole number, not {describe(order)}")
        order = DEFAULT_ORDER
    minutes = meta.get("minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1):
        report_at(1)(at("minutes"), f"'minutes' must be a whole number of minutes, not {describe(minutes)}")
        minutes = None
    tab = text_of("tab")
    if len(tab) > MAX_TAB_CHARS:
        report_at(1)(
            at("tab"), f"'tab' must be at most {MAX_TAB_CHARS} characters (it labels the lesson's tab)"
        )
        tab = ""
    summary = text_of("summary")
    if lesson_id is None or not title:
        return None, problems
    info = LessonInfo(
        id=lesson_id,
        title=title,
        tab=tab or title[:MAX_TAB_CHARS].strip(),
        order=order,
        summary=summary,
        minutes=minutes or reading_minutes("\n".join(lines[body_start:])),
        path=path,
        body_start=body_start,
    )
    return info, problems
