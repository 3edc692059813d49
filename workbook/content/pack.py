"""A folder of lessons: read the front matter at once, each lesson's body on first use."""

from __future__ import annotations

import threading
from pathlib import Path

from workbook.content.frontmatter import LessonInfo, read_lesson_text, scan_lesson
from workbook.content.model import Lesson, LessonError, Problem, Worksheet
from workbook.content.parser import parse_lesson


class LessonFolderError(Exception):
    """The lessons folder itself is unusable (missing, empty, unreadable)."""


def lesson_files(directory: Path) -> list[Path]:
    """The lesson files of a folder (``*.md`` but README.md, sorted by name).

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


class LessonPack:
    """The lessons of one folder, in order.

    The front matter of every lesson is read up front (:attr:`infos`); a lesson's body
    is parsed the first time it is asked for, then kept. Safe to use from a worker
    thread and the UI thread at once.
    """

    def __init__(self, directory: Path, infos: list[LessonInfo] | tuple[LessonInfo, ...]) -> None:
        self.directory = directory
        self.infos: tuple[LessonInfo, ...] = tuple(sorted(infos, key=lambda i: (i.order, i.path.name)))
        self._parsed: dict[str, tuple[Lesson | None, list[Problem]]] = {}
        self._lock = threading.Lock()

    def info(self, lesson_id: str) -> LessonInfo | None:
        """A lesson's front matter, or None."""
        return next((info for info in self.infos if info.id == lesson_id), None)

    def _parse(self, info: LessonInfo) -> tuple[Lesson | None, list[Problem]]:
        with self._lock:
            if info.id not in self._parsed:
                self._parsed[info.id] = parse_lesson(info.path)
            return self._parsed[info.id]

    def problems(self, lesson_id: str) -> list[Problem]:
        """Every problem of one lesson's file (parsing it if needed)."""
        info = self.info(lesson_id)
        return [] if info is None else list(self._parse(info)[1])

    def lesson(self, lesson_id: str) -> Lesson:
        """A lesson, parsed on first use.

        Raises:
            KeyError: no lesson has this id.
            LessonError: the lesson's file has problems (all of them).
        """
        info = self.info(lesson_id)
        if info is None:
            raise KeyError(lesson_id)
        lesson, problems = self._parse(info)
        if problems or lesson is None:
            raise LessonError(problems)
        return lesson

    def usable_lessons(self) -> list[Lesson]:
        """Every lesson that parses without problems, in order (parsing them all)."""
        result = []
        for info in self.infos:
            lesson, problems = self._parse(info)
            if lesson is not None and not problems:
                result.append(lesson)
        return result

    def broken_lessons(self) -> dict[str, list[Problem]]:
        """Every lesson that cannot be used, by id, with all its problems, in order.

        Never raises: this is how a caller that goes on without the broken lessons
        (``export --all``, the progress table) says what it left out and why. Each
        lesson is parsed once and kept, so calling this beside :meth:`usable_lessons`
        costs nothing more. Empty when every lesson is usable.
        """
        result: dict[str, list[Problem]] = {}
        for info in self.infos:
            lesson, problems = self._parse(info)
            if problems or lesson is None:
                result[info.id] = list(problems) or [Problem(info.path, 1, "the lesson cannot be read")]
        return result

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        """Every lesson, parsed, in order.

        Raises:
            LessonError: if any lesson has problems.
        """
        return tuple(self.lesson(info.id) for info in self.infos)

    def find_worksheet(self, worksheet_id: str) -> tuple[Lesson, Worksheet] | None:
        """The (usable) lesson and worksheet with this worksheet id, or None."""
        for lesson in self.usable_lessons():
            worksheet = lesson.worksheet(worksheet_id)
            if worksheet is not None:
                return lesson, worksheet
        return None


def _duplicate_ids(infos: list[LessonInfo]) -> list[Problem]:
    problems = []
    seen: dict[str, LessonInfo] = {}
    for info in infos:
        if info.id in seen:
            other = seen[info.id].path.name
            problems.append(Problem(info.path, 1, f"duplicate lesson id '{info.id}' (also in {other})"))
        seen.setdefault(info.id, info)
    return problems


def open_pack(directory: Path) -> LessonPack:
    """Read every lesson's front matter; bodies are parsed when first used.

    Raises:
        LessonFolderError: if the folder itself is unusable.
        LessonError: with every front-matter problem, if any file has one.
    """
    problems: list[Problem] = []
    infos: list[LessonInfo] = []
    for path in lesson_files(directory):
        text, found = read_lesson_text(path)
        if text is not None:
            info, found = scan_lesson(path, text)
            if info is not None:
                infos.append(info)
        problems += found
    problems += _duplicate_ids(infos)
    if problems:
        raise LessonError(sorted(problems, key=lambda p: (str(p.path), p.line)))
    return LessonPack(directory, infos)


def check_pack(directory: Path) -> tuple[LessonPack, list[Problem]]:
    """Parse every lesson of a folder completely; report every problem of every file.

    Returns:
        The pack (the first lesson of each id) and all problems (empty when valid).

    Raises:
        LessonFolderError: if the folder itself is unusable.
    """
    problems: list[Problem] = []
    parsed: list[tuple[LessonInfo, Lesson, list[Problem]]] = []
    for path in lesson_files(directory):
        text, found = read_lesson_text(path)
        if text is None:
            problems += found
            continue
        info, _ = scan_lesson(path, text)  # its problems come again from parse_lesson
        lesson, found = parse_lesson(path, text)
        problems += found
        if info is not None and lesson is not None:
            parsed.append((info, lesson, found))
    problems += _duplicate_ids([info for info, _, _ in parsed])
    homes: dict[str, Lesson] = {}
    for _, lesson, _ in parsed:
        for worksheet in lesson.worksheets:
            other = homes.setdefault(worksheet.id, lesson)
            if other is not lesson:
                message = f"duplicate worksheet id '{worksheet.id}' (also in {other.path.name})"
                problems.append(Problem(lesson.path, worksheet.line, message))
    first: dict[str, tuple[LessonInfo, Lesson, list[Problem]]] = {}
    for item in parsed:
        first.setdefault(item[0].id, item)
    pack = LessonPack(directory, [info for info, _, _ in first.values()])
    pack._parsed.update({info.id: (lesson, found) for info, lesson, found in first.values()})
    problems.sort(key=lambda p: (str(p.path), p.line))
    return pack, problems


def load_pack(directory: Path) -> LessonPack:
    """Parse a whole lesson folder, refusing it if anything is wrong (CLI and tests).

    Raises:
        LessonFolderError: if the folder itself is unusable.
        LessonError: with every problem, if any lesson file has one.
    """
    pack, problems = check_pack(directory)
    if problems:
        raise LessonError(problems)
    return pack
