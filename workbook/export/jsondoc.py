"""The whole workbook as one JSON document, for portability (``export --format json``).

The format is documented in the README ("JSON export"). It is read from the store
alone, so entries of lessons no longer in the lesson folder are kept too; titles and
labels from the lessons are added where known, for people reading the file.

Answers are given as stored, but for numbers: the app keeps a number as typed
("12,50", "12.50"), and the JSON export gives the number it means (12.5), as it always
has, for other tools to compute with (see :func:`workbook.content.kinds.answer_data`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from workbook import __version__
from workbook.content import Field, LessonPack, Worksheet
from workbook.content.kinds import answer_data
from workbook.store import PARTNERS, Who, Workbook

#: Bumped when a key changes meaning or disappears (adding keys keeps the version).
FORMAT_VERSION = 1
WHO_NAMES = {Who.SHARED: "shared", Who.FIRST: "first", Who.SECOND: "second"}


def _habits(worksheet: Worksheet, day: str, answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each partner's ticked items of a worksheet's checklists, for one day."""
    result = []
    for answer in answers:
        field = worksheet.field(answer["field"])
        if field is None or field.kind != "check" or not isinstance(answer["value"], list):
            continue
        result.append(
            {"day": day, "who": answer["who"], "checklist": field.id, "done": list(answer["value"])}
        )
    return result


def progress_json(store: Workbook, pack: LessonPack) -> dict[str, Any]:
    """Each lesson's progress and the next step, as plain data (``workbook progress --json``)."""
    from workbook.store.progress import next_step, progress

    lessons = progress(store, pack.usable_lessons())
    step = next_step(lessons)
    return {
        "lessons": [
            {
                "id": p.lesson_id,
                "title": p.title,
                "status": p.status,
                "percent": p.percent,
                "sections_read": p.sections_read,
                "sections": len(p.sections),
                "worksheets_done": p.worksheets_done,
                "worksheets": len(p.worksheets),
                "partners": {WHO_NAMES[who]: p.partner_percent(who) for who in PARTNERS},
                "unread": [s.section_id for s in p.sections if not s.read],
                "worksheets_to_do": [w.worksheet_id for w in p.worksheets if not w.done],
            }
            for p in lessons
        ],
        "next": (
            {
                "lesson": step.lesson_id,
                "lesson_title": step.lesson_title,
                "kind": step.kind,
                "id": step.target_id,
                "title": step.title,
            }
            if step
            else None
        ),
    }


def _worksheets(pack: LessonPack) -> dict[str, tuple[str, Worksheet, dict[str, Field]]]:
    """Each usable worksheet by id: its lesson's id, the worksheet, and its fields by id
    (looked up once, not once per entry)."""
    found: dict[str, tuple[str, Worksheet, dict[str, Field]]] = {}
    for lesson in pack.usable_lessons():
        for worksheet in lesson.worksheets:
            # The first lesson declaring an id wins, as in LessonPack.find_worksheet.
            found.setdefault(worksheet.id, (lesson.id, worksheet, {f.id: f for f in worksheet.fields}))
    return found


def _entries(store: Workbook, pack: LessonPack) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each entry as plain data, oldest first, with the habits its checklists record."""
    sheets = _worksheets(pack)
    for entry in store.all_entries():
        known = sheets.get(entry.worksheet_id)
        worksheet, fields = (known[1], known[2]) if known and known[0] == entry.lesson_id else (None, {})
        answers = []
        for (field_id, who), answer in sorted(store.answers(entry.id).items()):
            field = fields.get(field_id)
            answers.append(
                {
                    "field": field_id,
                    "label": field.label if field else None,
                    "who": WHO_NAMES[who],
                    "value": answer_data(field, answer.value) if field else answer.value,
                    "updated_at": answer.updated_at,
                }
            )
        data = {
            "id": entry.id,
            "lesson": entry.lesson_id,
            "worksheet": entry.worksheet_id,
            "worksheet_title": worksheet.title if worksheet else None,
            "day": entry.day,
            "status": entry.status,
            "created_at": entry.created_at,
            "updated_at": entry.updated_at,
            "completed_at": entry.completed_at,
            "turns_done": sorted(WHO_NAMES[who] for who in store.parts_done(entry.id)),
            "answers": answers,
        }
        yield data, _habits(worksheet, entry.day, answers) if worksheet is not None else []


def _head(store: Workbook, pack: LessonPack, now: datetime | None) -> dict[str, Any]:
    """The document's keys before ``entries``, in order."""
    couple = store.couple()
    lessons: dict[str, Any] = {}
    for info in pack.infos:
        lessons[info.id] = {"id": info.id, "title": info.title}
    return {
        "format": "reconnect-workbook",
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "schema_version": store.schema_version,
        "exported_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
        "couple": {"first": couple.first, "second": couple.second} if couple else None,
        "lessons": list(lessons.values()),
        "reading": [
            {"lesson": m.lesson_id, "section": m.section_id, "who": WHO_NAMES[m.who], "read_at": m.read_at}
            for m in store.read_marks()
        ],
    }


def workbook_json(store: Workbook, pack: LessonPack, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything in the workbook as plain JSON-able data (see the README for keys)."""
    document = _head(store, pack, now)
    entries: list[dict[str, Any]] = []
    habits: list[dict[str, Any]] = []
    for entry, ticked in _entries(store, pack):
        entries.append(entry)
        habits.extend(ticked)
    document.update(entries=entries, habits=habits, progress=progress_json(store, pack))
    return document


def _dumps(value: Any, depth: int) -> str:
    """``value`` as :func:`json.dumps` with ``indent=2`` writes it ``depth`` levels deep."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * depth) if "\n" in text else text


def workbook_json_chunks(store: Workbook, pack: LessonPack, *, now: datetime | None = None) -> Iterator[str]:
    """:func:`workbook_json_text` in pieces, one entry at a time, so the whole document
    (several times the workbook's size as Python objects and text) is never in memory.

    The pieces join to exactly the text of ``json.dumps(workbook_json(...), indent=2)``
    and a newline.
    """
    head = _dumps(_head(store, pack, now), 0)
    yield head[: -len("\n}")] + ',\n  "entries": ['
    habits: list[dict[str, Any]] = []
    first = True
    for entry, ticked in _entries(store, pack):
        yield ("\n    " if first else ",\n    ") + _dumps(entry, 2)
        habits.extend(ticked)
        first = False
    yield "]," if first else "\n  ],"
    # The keys after "entries" as their own object, less its opening brace.
    yield _dumps({"habits": habits, "progress": progress_json(store, pack)}, 0)[1:] + "\n"


def workbook_json_text(store: Workbook, pack: LessonPack, *, now: datetime | None = None) -> str:
    """:func:`workbook_json` as indented UTF-8 text ending in a newline."""
    return "".join(workbook_json_chunks(store, pack, now=now))
