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
from workbook.store.completion import is_answered


class ExportError(Exception):
    """An export that cannot be made, with a message for the couple (an unknown id,
    a workbook without partners yet). Not a KeyError: a real lookup bug must never be
    shown as a friendly message."""


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
) -> str | None:
    """An entry's Markdown, or None for a draft with nothing written in it (a
    header-only file or section tells a reader nothing)."""
    values = {key: answer.value for key, answer in store.answers(entry.id).items()}
    if not entry.done and not any(is_answered(value) for value in values.values()):
        return None
    hidden = worksheet.reveal and store.parts_done(entry.id) != {Who.FIRST, Who.SECOND}
    if hidden:
        # Answered in turns and not yet revealed: an export must not show one partner
        # what the other has not chosen to share yet.
        values = {key: value for key, value in values.items() if key[1] is Who.SHARED}
    text = entry_markdown(lesson, worksheet, entry, values, couple, level=level)
    return f"{text}\n{NOT_REVEALED}" if hidden else text


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

    Completed entries only unless ``drafts`` (an entry scope too); a draft with nothing
    written in it is never exported. One document per lesson (per entry for an entry
    scope); lessons with nothing to export are left out, so an empty list means
    "nothing to export".

    Raises:
        ExportError: with a message, for an unknown id or a workbook without partners.
    """
    couple = store.couple()
    if couple is None:
        raise ExportError("this workbook has no partners yet; open it in the app first")
    if entry_id is not None:
        return _entry_document(store, pack, entry_id, couple, drafts=drafts)
    lessons, sheet_title = _scope(pack, lesson_id, worksheet_id)
    result = []
    for lesson in lessons:
        parts = [
            text
            for worksheet in lesson.worksheets
            if worksheet_id in (None, worksheet.id)
            for entry in store.entries(lesson.id, worksheet.id)  # newest first
            if entry.done or drafts
            if (text := _entry_text(store, lesson, worksheet, entry, couple, level=2)) is not None
        ]
        if parts:  # lessons with nothing to export are left out
            title = f"# {inline(lesson.title, heading=True)}\n"
            result.append(Document(safe_name(sheet_title or lesson.title), "\n".join([title, *parts])))
    return result


def _entry_document(
    store: Workbook, pack: LessonPack, entry_id: int, couple: Couple, *, drafts: bool
) -> list[Document]:
    """The one document of an entry scope, or none for a draft (without ``drafts``) or
    a draft with nothing written in it."""
    entry = store.entry(entry_id)
    found = pack.find_worksheet(entry.worksheet_id) if entry else None
    if entry is None or found is None:
        raise ExportError(f"there is no entry {entry_id}")
    if not (entry.done or drafts):
        return []  # a draft, like every other scope's, only with drafts
    lesson, worksheet = found
    text = _entry_text(store, lesson, worksheet, entry, couple)
    return [Document(safe_name(worksheet.title, entry.day), text)] if text is not None else []


def _scope(
    pack: LessonPack, lesson_id: str | None, worksheet_id: str | None
) -> tuple[list[Lesson], str | None]:
    """The lessons a worksheet, lesson or whole-pack scope covers, and the worksheet's
    title for a worksheet scope (it names the file)."""
    if worksheet_id is not None:
        found = pack.find_worksheet(worksheet_id)
        if found is None:
            raise ExportError(f"there is no worksheet '{worksheet_id}'")
        return [found[0]], found[1].title
    if lesson_id is not None:
        try:
            return [pack.lesson(lesson_id)], None
        except KeyError:
            raise ExportError(f"there is no lesson '{lesson_id}'") from None
    return pack.usable_lessons(), None


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
    on_written: Callable[[Path], object] | None = None,
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
