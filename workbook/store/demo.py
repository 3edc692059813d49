"""A deterministic sample workbook: every worksheet of a lesson pack, filled in.

Used to look at the app with real-looking data, and by benchmarks (``years`` adds
weekly check-ins and daily habits). The same seed and day give the same answers.
Each answer is its field kind's sample (:data:`workbook.content.KINDS`), whose text
includes Markdown-like characters, emoji and a right-to-left phrase, so exports and
screens meet the awkward cases.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from workbook.content import KINDS, Lesson, LessonPack, Worksheet
from workbook.store.models import PARTNERS, Who
from workbook.store.workbook import Workbook, open_workbook


def _fill(
    store: Workbook, lesson: Lesson, worksheet: Worksheet, day: date, rng: random.Random, done: bool
) -> int:
    entry = store.new_entry(lesson.id, worksheet.id, day)
    values: dict[tuple[str, Who], object] = {}
    for field in worksheet.fields:
        kind = KINDS[field.kind]
        if not kind.in_demo:
            continue
        for who in PARTNERS if field.per_partner else (Who.SHARED,):
            values[(field.id, who)] = kind.sample(field, rng, day)
    store.save_answers(entry.id, values)
    if done:
        if worksheet.reveal:
            # Both partners finished their part, so the sample shows (and exports)
            # the answers side by side, as a couple who revealed them would see.
            for who in PARTNERS:
                store.set_part_done(entry.id, who)
        store.set_done(entry.id, True)
    return entry.id


def _backdate(store: Workbook) -> None:
    """Give every entry timestamps on its own day (evening), as if written then."""
    with store.db.atomic():
        store.db.execute(
            "UPDATE entries SET created_at = day || 'T19:30:00+00:00', "
            "updated_at = day || 'T20:00:00+00:00', "
            "completed_at = CASE WHEN status = 'done' THEN day || 'T20:05:00+00:00' END"
        )
        store.db.execute(
            "UPDATE answers SET updated_at = "
            "(SELECT day || 'T20:00:00+00:00' FROM entries WHERE id = entry_id)"
        )


def make_demo(
    path: Path, pack: LessonPack, *, years: int = 0, seed: int = 1, today: date | None = None
) -> Workbook:
    """Create a sample workbook at ``path`` (which must not exist yet).

    Args:
        path: Where to create it.
        pack: The lessons whose worksheets are filled in (all of them are parsed).
        years: Extra history: this many years of weekly check-ins and daily habits.
        seed: Same seed, same sample.
        today: The day the sample ends on (default: today).
    """
    rng = random.Random(seed)
    end = today or date.today()
    noon = datetime.combine(end, time(12), tzinfo=UTC)
    store = open_workbook(path, clock=lambda: noon)
    store.set_couple("Sam", "Alex")
    lessons = pack.usable_lessons()
    for index, lesson in enumerate(lessons):
        # The first lessons are read; the sample couple is part-way through.
        if index < len(lessons) - 2:
            for section in lesson.sections:
                store.mark_read(lesson.id, section.id)
        for worksheet in lesson.worksheets:
            count = 3 if worksheet.repeatable else 1
            for n in range(count):
                day = end - timedelta(days=7 * (count - n) + rng.randint(0, 3))
                _fill(store, lesson, worksheet, day, rng, done=n < count - 1 or rng.random() < 0.5)
    if years:
        _history(store, pack, years, end, rng)
    _backdate(store)
    return store


def _history(store: Workbook, pack: LessonPack, years: int, end: date, rng: random.Random) -> None:
    """Weekly check-ins and daily habits for ``years`` years before ``end``."""
    weekly = pack.find_worksheet("daily-check-in")
    daily = pack.find_worksheet("daily-habits")
    start = end - timedelta(days=365 * years)
    if weekly is not None:
        lesson, worksheet = weekly
        day = start
        while day < end:
            _fill(store, lesson, worksheet, day, rng, done=True)
            day += timedelta(days=7)
    if daily is not None:
        lesson, worksheet = daily
        day = start
        while day < end:
            if rng.random() < 0.8:  # some days nobody ticks anything; that is fine
                _fill(store, lesson, worksheet, day, rng, done=True)
            day += timedelta(days=1)
