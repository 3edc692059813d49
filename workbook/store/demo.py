"""A deterministic sample workbook: every worksheet of a lesson pack, filled in.

Used to look at the app with real-looking data, and by benchmarks (``years`` adds
weekly check-ins and daily habits). The same seed and day give the same answers.
Text includes Markdown-like characters, emoji and a right-to-left phrase, so exports
and screens meet the awkward cases.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from workbook.content import Field, Lesson, LessonPack, Worksheet, template_slots
from workbook.store.models import PARTNERS, Who
from workbook.store.workbook import Workbook, open_workbook

PHRASES = [
    "I felt heard when you put your phone away",
    "Work was a lot this week # not your fault",
    "We laughed about the | broken | shelf 😄",
    "I'd like more walks together, like in spring",
    '> quoting you: "let\'s try again tomorrow"',
    "Money talk went better than I expected 💛",
    "`tired` is the word for today",
    "שלום — a word from my grandmother",
    "I miss our Sunday breakfasts",
    "Thank you for picking up the kids",
]
FEELINGS = ["lonely", "tired", "hopeful", "worried", "grateful", "disappointed"]
NEEDS = ["ten quiet minutes", "a hug", "help with dinner", "a plan for Sunday"]


def _value(field: Field, rng: random.Random, day: date) -> object:
    """A plausible answer for any field kind (None for kinds without sample data)."""
    kind = field.kind
    if kind == "text":
        return rng.choice(PHRASES)
    if kind == "long":
        return "\n".join(rng.sample(PHRASES, rng.randint(1, 3)))
    if kind == "number":
        low = int(field.min if field.min is not None else 0)
        high = int(field.max if field.max is not None else max(low + 10, 100))
        return (
            field.default if isinstance(field.default, int) and rng.random() < 0.5 else rng.randint(low, high)
        )
    if kind == "choice":
        return rng.choice(field.options)
    if kind == "multi":
        return sorted(rng.sample(field.options, rng.randint(1, len(field.options))), key=field.options.index)
    if kind == "check":
        return sorted(rng.sample(field.items, rng.randint(1, len(field.items))), key=field.items.index)
    if kind == "scale":
        return rng.randint(int(field.min or 0), int(field.max if field.max is not None else 10))
    if kind == "date":
        ahead = day + timedelta(days=rng.choice([7, 14, 30]))  # drawn either way: same sample
        # The budget meeting's "Date of this meeting" records the day itself; a plan
        # ahead there would list the meeting just held as coming up.
        return (day if field.id == "date" else ahead).isoformat()
    if kind == "statement":
        pool = {"feeling": FEELINGS, "need": NEEDS}
        return {slot: rng.choice(pool.get(slot, PHRASES)) for slot in template_slots(field.template)}
    if kind == "list":
        return [
            {column.id: _value(column, rng, day) for column in field.columns}
            for _ in range(rng.randint(2, 4))
        ]
    return None  # timer: its record comes from running the timer


def _fill(
    store: Workbook, lesson: Lesson, worksheet: Worksheet, day: date, rng: random.Random, done: bool
) -> int:
    entry = store.new_entry(lesson.id, worksheet.id, day)
    values: dict[tuple[str, Who], object] = {}
    for field in worksheet.fields:
        for who in PARTNERS if field.per_partner else (Who.SHARED,):
            value = _value(field, rng, day)
            if value is not None:
                values[(field.id, who)] = value
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
