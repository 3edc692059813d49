"""Field kinds live in one table, and a kind cannot be half-added.

Every kind of :data:`workbook.content.KINDS` parses, has an editor, a renderer and a
sample; the sample has the kind's own shape and renders as plain text and Markdown.
A kind declared in the table but forgotten anywhere else fails here, by name.

Also here: numbers kept as typed (``12.50`` stays ``12.50``; a decimal comma where
it can only be one), from the typed text to the screen, the Markdown and the JSON.
"""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

import pytest

from workbook.content import FIELD_KINDS, KINDS, Field, Kind, parse_lesson
from workbook.content.kinds import COLUMN_KINDS, answer_data
from workbook.content.values import check_number, number_text, number_value, stored_number
from workbook.export.answers import RENDERERS, answer_text, render_answer
from workbook.store import Couple
from workbook.ui.widgets.registry import EDITORS

COUPLE = Couple("Sam", "Alex")
DAY = date(2026, 11, 25)
README = Path(__file__).parent.parent / "README.md"

#: What a kind must declare besides ``id`` and ``label`` to parse (its required keys).
#: A new kind with required keys adds its line here; the test says so if it is missing.
SETTINGS = {
    "choice": "options: [a, '{first}']",
    "multi": "options: [a, b, c]",
    "check": "items: [walk, talk]",
    "scale": "labels: [low, high]",
    "statement": "template: 'I feel {feeling} and I need {need}'",
    "list": "columns: [{id: item, kind: text, label: Item}, {id: amount, kind: number, label: Amount}, "
    "{id: pick, kind: choice, label: Pick, options: [x, y]}, {id: when, kind: date, label: When}]",
    "timer": "minutes: 5",
}


def example_fields(tmp_path: Path, kinds: tuple[str, ...] = FIELD_KINDS) -> dict[str, Field]:
    """One field of each kind, parsed from a lesson file: the parser's entry for it."""
    lines = "".join(
        f"  - {{id: f-{kind}, kind: {kind}, label: L{', ' + SETTINGS[kind] if kind in SETTINGS else ''}}}\n"
        for kind in kinds
    )
    path = tmp_path / "kinds.md"
    path.write_text(f"---\nid: k\ntitle: K\n---\n## A\n```worksheet\nid: w\ntitle: W\nfields:\n{lines}```\n")
    lesson, problems = parse_lesson(path)
    assert not problems, f"each kind parses with its SETTINGS line: {[str(p) for p in problems]}"
    assert lesson is not None
    return {f.kind: f for f in lesson.worksheets[0].fields}


def missing_pieces(kinds: dict[str, Kind]) -> list[str]:
    """What each kind of ``kinds`` lacks outside the content layer, one line each."""
    missing = []
    for name in kinds:
        if name not in EDITORS:
            missing.append(f"{name}: no editor in workbook/ui/widgets/registry.EDITORS")
        elif EDITORS[name].KIND != name:
            missing.append(f"{name}: EDITORS gives an editor for {EDITORS[name].KIND!r}")
        if name not in RENDERERS:
            missing.append(f"{name}: no renderer in workbook/export/answers.RENDERERS")
    missing += [f"{name}: an editor for a kind the table lacks" for name in EDITORS if name not in kinds]
    missing += [f"{name}: a renderer for a kind the table lacks" for name in RENDERERS if name not in kinds]
    return missing


def test_every_kind_has_an_editor_and_a_renderer() -> None:
    assert missing_pieces(KINDS) == []
    assert FIELD_KINDS == tuple(KINDS) and set(COLUMN_KINDS) <= set(KINDS)


def test_a_kind_added_to_the_table_alone_is_named_as_missing() -> None:
    """The check above is no formality: a kind in the table without the rest fails."""
    added = Kind("throwaway", (), KINDS["text"].check, "a whole number", KINDS["scale"].accepts,
                 KINDS["scale"].sample)  # fmt: skip
    assert missing_pieces({**KINDS, "throwaway": added}) == [
        "throwaway: no editor in workbook/ui/widgets/registry.EDITORS",
        "throwaway: no renderer in workbook/export/answers.RENDERERS",
    ]


def test_an_editor_is_never_a_stand_in() -> None:
    """No placeholder editor fills in quietly for a kind without one."""
    from workbook.store import Who
    from workbook.ui.widgets.registry import make_editor

    with pytest.raises(KeyError):
        make_editor(Field(id="x", kind="throwaway", label="X"), Who.SHARED, None)


@pytest.mark.parametrize("kind", FIELD_KINDS)
def test_each_kind_parses_and_its_sample_has_its_shape_and_renders(tmp_path: Path, kind: str) -> None:
    field = example_fields(tmp_path, (kind,))[kind]
    spec = KINDS[kind]
    for seed in range(20):
        sample = spec.sample(field, random.Random(seed), DAY)
        assert spec.accepts(field, sample), (seed, sample)
        part = render_answer(field, sample, COUPLE)
        text, markdown = part.text(), part.markdown()
        assert text.strip() and text != "—", (seed, sample)
        assert markdown.strip() and markdown != "—", (seed, sample)
        assert answer_text(field, sample, COUPLE) == text
    assert not spec.accepts(field, object()), "a shape is a real check"


def test_samples_of_the_shipped_lessons_have_their_kinds_shape() -> None:
    from workbook.content import load_pack
    from workbook.paths import bundled_lessons_dir

    rng = random.Random(1)
    for lesson in load_pack(bundled_lessons_dir()).lessons:
        for worksheet in lesson.worksheets:
            for field in worksheet.fields:
                sample = KINDS[field.kind].sample(field, rng, DAY)
                assert KINDS[field.kind].accepts(field, sample), (worksheet.id, field.id, sample)


def test_writing_kinds_read_as_written() -> None:
    """The history's previews quote the stored text of the writing kinds: the renderer
    shows those answers exactly as stored, so a preview and the answer agree."""
    for name, kind in KINDS.items():
        if kind.writing:
            field = Field(id="w", kind=name, label="W")
            assert answer_text(field, "We laughed | # *a*", COUPLE) == "We laughed | # *a*"


def test_readme_lists_every_kind_with_its_own_keys() -> None:
    """README's table of kinds (the lesson-pack format) names each kind and its keys."""
    rows = dict(re.findall(r"^\| `(\w+)` \| [^|]+ \| ([^\n]*)\|$", README.read_text(encoding="utf-8"), re.M))
    for name, kind in KINDS.items():
        assert name in rows, f"README's table of kinds has no row for {name!r}"
        for key in kind.keys:
            assert re.search(f"`{key}[`:]", rows[name]), f"README does not list {key!r} for {name!r}"


# -- numbers as typed -----------------------------------------------------------------

NUMBER = Field(id="n", kind="number", label="N", min=0.0, max=100.0)


@pytest.mark.parametrize(
    ("typed", "message", "stored"),
    [
        ("12.50", "", "12.50"),
        ("12,50", "", "12,50"),
        (" 12,5 ", "", "12,5"),
        ("12.5", "", 12.5),
        ("12", "", 12),
        ("5.0", "", 5.0),
        ("0,5", "", "0,5"),
        (",5", "", ",5"),
        ("+5", "", "+5"),
        ("007", "", "007"),
        ("", "", None),
        ("1,000", "Did you mean 1.000 or 1000? The comma could mean either: please use a point.", None),
        ("1,250.50", "Please write the number without thousands separators, e.g. 1250.50.", None),
        ("1.250,50", "Please write the number without thousands separators, e.g. 1250.50.", None),
        ("1,2,3", "Please write the number without thousands separators, e.g. 1250.50.", None),
        ("12,50 €", "Please type a number.", None),
        ("-1", "The smallest allowed is 0.", None),
        ("100,01", "The largest allowed is 100.", None),
        ("100,00", "", "100,00"),
    ],
)
def test_a_number_is_kept_as_typed(typed: str, message: str, stored: object) -> None:
    assert check_number(NUMBER, typed) == (message, stored)
    if stored is not None:
        assert type(check_number(NUMBER, typed)[1]) is type(stored)
        assert number_text(stored) == typed.strip(), "shown as typed"
        assert KINDS["number"].accepts(NUMBER, stored)


def test_a_stored_number_is_a_json_number_only_where_it_reads_back_as_typed() -> None:
    for typed in ("12", "-3", "12.5", "0.1", "5.0", "123456789012345678901234567890"):
        assert not isinstance(stored_number(typed), str), typed
    for typed in ("12.50", "12,5", "-0", "+1", "01", "1" * 400 + ".5", "0.30000000000000001"):
        assert stored_number(typed) == typed


def test_numbers_of_every_age_read_and_show_as_written() -> None:
    """Older workbooks stored every number as a JSON number: still read and shown."""
    assert [number_value(v) for v in (12.5, 5, "12,50", "12.50", "12,00", "+5", "x", True, None)] == [
        12.5, 5, 12.5, 12.5, 12, 5, None, None, None,
    ]  # fmt: skip
    assert number_value("1" * 400 + ".5") is None, "past a float's range: no number, the text stays"
    assert [number_text(v) for v in (12.5, 5, "12.50", 5.0)] == ["12.5", "5", "12.50", "5.0"]
    lines = Field(id="lines", kind="list", label="L", columns=(Field(id="amount", kind="number", label="A"),))
    for value, shown in ((12.5, "12.5"), (7, "7"), ("12.50", "12.50"), ("12,50", "12,50")):
        assert answer_text(NUMBER, value, COUPLE) == shown
        assert render_answer(NUMBER, value, COUPLE).markdown() == shown
        assert answer_text(lines, [{"amount": value}], COUPLE) == f"• {shown}"
        assert f"| {shown} |" in render_answer(lines, [{"amount": value}], COUPLE).markdown()


def test_the_json_export_gives_the_number_a_typed_number_means() -> None:
    """Machines get numbers, as before; the typed form is for people (screen, Markdown)."""
    lines = Field(
        id="lines",
        kind="list",
        label="L",
        columns=(Field(id="item", kind="text", label="I"), Field(id="amount", kind="number", label="A")),
    )
    assert answer_data(NUMBER, "12,50") == 12.5 and answer_data(NUMBER, "12.00") == 12
    assert answer_data(NUMBER, 7) == 7 and answer_data(NUMBER, "junk") == "junk"
    rows = [{"item": "12,50", "amount": "12,50"}, {"amount": 3}, "loose"]
    assert answer_data(lines, rows) == [{"item": "12,50", "amount": 12.5}, {"amount": 3}, "loose"]
    text = Field(id="t", kind="text", label="T")
    assert answer_data(text, "12,50") == "12,50", "text that looks like a number stays text"
