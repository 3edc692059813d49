"""Writing exports: whole documents per scope, atomically, private, never over a file
without being asked."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from workbook.content import Lesson, LessonPack, Worksheet
from workbook.export.markdown import entry_markdown, inline
from workbook.store import Couple, Entry, Who, Workbook


@dataclass(frozen=True)
class Document:
    """One Markdown file to write: a suggested file name and its text."""

    name: str
    text: str


def safe_name(*parts: str) -> str:
    """A file name from titles and dates: lowercase ASCII words joined by '-'."""
    text = unicodedata.normalize("NFKD", " ".join(parts)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (slug or "export")[:80] + ".md"


#: Written where a reveal worksheet's answers are held back.
NOT_REVEALED = "*Answered in turns: each partner's answers stay private until you both reveal them.*\n"


def _entry_text(
    store: Workbook, lesson: Lesson, worksheet: Worksheet, entry: Entry, couple: Couple, level: int = 1
) -> str:
    values = {key: answer.value for key, answer in store.answers(entry.id).items()}
    hidden = worksheet.reveal and store.parts_done(entry.id) != {Who.FIRST, Who.SECOND}
    if hidden:
        # Answered in turns and not yet revealed: an export must not show one partner
        # what the other has not chosen to share yet.
        values = {key: value for key, value in values.items() if key[1] is Who.SHARED}
    text = entry_markdown(lesson, worksheet, entry, values, couple, level=level)
    return f"{text}\n{NOT_REVEALED}" if hidden else text


def _lesson_document(
    store: Workbook, lesson: Lesson, sheets: list[tuple[Worksheet, list[Entry]]], couple: Couple
) -> str:
    parts = [f"# {inline(lesson.title, heading=True)}", ""]
    for worksheet, entries in sheets:
        for entry in entries:  # newest first
            parts.append(_entry_text(store, lesson, worksheet, entry, couple, level=2))
    return "\n".join(parts)


def documents(
    store: Workbook,
    pack: LessonPack,
    *,
    lesson_id: str | None = None,
    worksheet_id: str | None = None,
    entry_id: int | None = None,
    drafts: bool = False,
) -> list[Document]:
    """The documents of one scope: an entry, a worksheet, a lesson, or (no id) all.

    Completed entries only unless ``drafts``. One document per lesson (per entry for
    an entry scope); lessons with nothing to export are left out.

    Raises:
        KeyError: with a message, for an unknown id.
    """
    couple = store.couple()
    if couple is None:
        raise KeyError("this workbook has no partners yet; open it in the app first")
    if entry_id is not None:
        entry = store.entry(entry_id)
        found = pack.find_worksheet(entry.worksheet_id) if entry else None
        if entry is None or found is None:
            raise KeyError(f"there is no entry {entry_id}")
        lesson, worksheet = found
        return [
            Document(
                safe_name(worksheet.title, entry.day),
                _entry_text(store, lesson, worksheet, entry, couple),
            )
        ]
    sheet_title: str | None = None
    if worksheet_id is not None:
        found = pack.find_worksheet(worksheet_id)
        if found is None:
            raise KeyError(f"there is no worksheet '{worksheet_id}'")
        lessons, sheet_title = [found[0]], found[1].title
    elif lesson_id is not None:
        try:
            lessons = [pack.lesson(lesson_id)]
        except KeyError:
            raise KeyError(f"there is no lesson '{lesson_id}'") from None
    else:
        lessons = pack.usable_lessons()
    result = []
    for lesson in lessons:
        # Each worksheet's entries are listed once, both to skip empty lessons and to write.
        sheets = [
            (w, [e for e in store.entries(lesson.id, w.id) if e.done or drafts])
            for w in lesson.worksheets
            if worksheet_id in (None, w.id)
        ]
        sheets = [(w, entries) for w, entries in sheets if entries]
        if sheets:
            name = safe_name(sheet_title or lesson.title)
            result.append(Document(name, _lesson_document(store, lesson, sheets, couple)))
    return result


def write_private(path: Path, text: str | Iterable[str], *, force: bool = False) -> None:
    """Write ``text`` to ``path`` atomically (temp file + rename), mode 0600.

    ``text`` may come in pieces (such as :func:`~workbook.export.jsondoc.workbook_json_chunks`),
    written as they come, so a large export never has to be one string in memory.

    Raises:
        FileExistsError: if ``path`` exists and ``force`` is False.
        OSError: if the folder cannot be written.
    """
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; add --force to replace it")
    fd, temp = tempfile.mkstemp(prefix=".export-", suffix=".md", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp makes it 0600
            if isinstance(text, str):
                handle.write(text)
            else:
                handle.writelines(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_documents(
    targets: Sequence[tuple[Path, str | Iterable[str]]],
    *,
    force: bool = False,
    on_written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write each ``(path, text)`` with :func:`write_private`, making its folder first
    (0700), and call ``on_written`` after each file.

    Returns the paths written. Raises as :func:`write_private` does; the files written
    before the failure stay (each one is whole).
    """
    from workbook.paths import make_private_dirs

    written: list[Path] = []
    for path, text in targets:
        make_private_dirs(path.parent)
        write_private(path, text, force=force)
        written.append(path)
        if on_written is not None:
            on_written(path)
    return written
