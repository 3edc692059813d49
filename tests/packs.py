"""Lesson packs the tests write for the app to load, instead of the shipped pack.

A test that drives the app pays for every lesson it renders: the shipped lessons are
about 150 lines of Markdown each. A test about saving, quitting or a field's editor
needs one worksheet; a test that only moves between lessons needs their tabs and
titles. Both kinds of pack are written here, so each test file need not carry its own
copy. (benchmarks/ keeps its own copies: it runs without the tests.)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from workbook.paths import bundled_lessons_dir

LESSONS = bundled_lessons_dir()
#: The shipped lessons' ids, in the order the app shows them.
LESSON_ORDER = [
    "communication",
    "empathy",
    "closeness",
    "boundaries",
    "finances",
    "parenting",
    "repair",
    "intimacy",
    "seek-help",
]

#: A worksheet with a one-line and a many-line field, both shared (``line``, ``page``).
NOTES = """id: notes
title: Notes
fields:
  - {id: line, kind: text, label: A line}
  - {id: page, kind: long, label: A page}
"""


def lesson(*worksheets: str, lesson_id: str = "tiny", title: str = "Tiny", order: int = 1) -> str:
    """A lesson's Markdown: front matter, a title and one section, ``## Write``, holding
    each of ``worksheets`` (the YAML inside a worksheet block) as a worksheet block."""
    blocks = "\n".join(f"```worksheet\n{sheet.rstrip()}\n```\n" for sheet in worksheets)
    return f"---\nid: {lesson_id}\ntitle: {title}\norder: {order}\n---\n# {title}\n\n## Write\n\n{blocks}"


def write_pack(folder: Path, *lessons: str) -> Path:
    """Write each lesson's Markdown to ``folder`` (made if missing) as ``NN-lesson.md``,
    in the order given, and return the folder for ``new_app(db, folder)``."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(lessons, start=1):
        (folder / f"{number:02d}-lesson.md").write_text(text, encoding="utf-8")
    return folder


def tiny_pack(folder: Path, *worksheets: str) -> Path:
    """A pack of one lesson, ``tiny``, holding ``worksheets`` (default: :data:`NOTES`)."""
    return write_pack(folder, lesson(*(worksheets or (NOTES,))))


#: A lesson's body in :func:`small_pack`: a screenful of text and one small worksheet.
SMALL_BODY = """# {title}

Words that open {id}.

## Why it matters

A few words about {id}.

## Try it

```worksheet
id: {id}-note
title: A note on {tab}
fields:
  - {{id: note, kind: long, label: A note}}
```
"""


def small_pack(folder: Path, lesson_ids: Iterable[str] = LESSON_ORDER) -> Path:
    """A lesson folder of the shipped lessons' front matter (ids, titles, tabs, order,
    safety notes) with a few lines of body each, written to ``folder``.

    For tests that navigate between lessons or lay out their tabs: every tab, title and
    number is the shipped one, but a lesson renders in a fraction of the time the
    shipped ~150 lines of Markdown take. Each body says ``Words that open <id>.``
    """
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set(lesson_ids)
    for source in sorted(LESSONS.glob("*.md")):
        text = source.read_text(encoding="utf-8")
        front, _, _ = text.removeprefix("---\n").partition("\n---\n")
        fields = dict(line.split(": ", 1) for line in front.splitlines() if ": " in line)
        if fields["id"] not in wanted:
            continue
        body = SMALL_BODY.format(id=fields["id"], title=fields["title"], tab=fields.get("tab", ""))
        (folder / source.name).write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    return folder
