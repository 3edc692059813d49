"""Markdown export: the structure is ours alone, whatever partners type (property-tested)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from workbook.content import Field, Lesson, Section, Worksheet
from workbook.export.markdown import CONTROL, _lines, answer_lines, entry_markdown
from workbook.store.completion import is_answered
from workbook.store.models import Couple, Entry, Who

SHEET = Worksheet(
    id="w",
    title="Our money stories",
    fields=(
        Field(id="topic", kind="text", label="Topic"),
        Field(id="said", kind="long", label="What I wanted to say", who="each"),
        Field(
            id="lines",
            kind="list",
            label="Budget lines",
            columns=(
                Field(id="item", kind="text", label="Item"),
                Field(id="note", kind="text", label="Note"),
            ),
        ),
    ),
)
LESSON = Lesson(id="l", title="Money as a team", order=1, path=None, sections=(Section("s", "S", (SHEET,)),))  # type: ignore[arg-type]
ENTRY = Entry(1, "l", "w", "2026-11-25", "done", "t", "t", "t")
COUPLE = Couple("Sam", "Alex")
#: CommonMark with two GitHub extensions a reader may have: tables and ~~strikethrough~~.
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

#: Characters that mean something to Markdown, and whole tricky pieces.
TRICKY = st.sampled_from(
    list("#>|`-*_+=~<>[]()!\\&.:1\t \n\r")
    + [
        "---",
        "```",
        "~~~",
        "<script>",
        "</p>",
        "\r\n",
        "    ",
        "1. ",
        "- [ ] ",
        "&amp;",
        "💛",
        "שלום",
        "\u2028",
        "[a](b)",
        "](",
        "[x]: /u",
        "![i](j)",
        "<http://a.b>",
        "<a@b.c>",
        "<!--",
        "*a*",
        "_a_",
        "**",
        "__",
        "~~",
        "&#35;",
        "&copy",
        ";",
        "\\",
        "#",
        "## ",
        "2. ",
        "+ ",
        "* ",
        "> ",
        "===",
        "***",
        "___",
        "| --- |",
        ":-",
        "\u00a0",
    ]
)
TEXT = st.lists(st.one_of(TRICKY, st.characters(blacklist_categories=("Cs",))), max_size=40).map("".join)


def inline_text(children: list[Any]) -> str:
    out = []
    for token in children:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak") or (
            token.type == "html_inline" and token.content == "<br>"
        ):
            out.append("\n")
    return "".join(out)


def structure(
    markdown: str, *, strict: bool = True
) -> tuple[list[tuple[str, str]], list[str], list[list[str]]]:
    """Headings (tag, text), paragraph texts, and table rows, as a CommonMark reader sees them.

    ``strict``: no lists, quotes, fences, code or HTML blocks at all (the property test's
    sheet has no field that exports as a list, so any of these came from partner text).
    """
    tokens = PARSER.parse(markdown)
    headings, paragraphs, rows = [], [], []
    row: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append((token.tag, inline_text(tokens[i + 1].children or [])))
        elif token.type == "paragraph_open":
            paragraphs.append(inline_text(tokens[i + 1].children or []))
        elif token.type == "tr_open":
            row = []
        elif token.type in ("td_open", "th_open"):
            row.append(inline_text(tokens[i + 1].children or []))
        elif token.type == "tr_close":
            rows.append(row)
        forbidden = ("html_block", "bullet_list", "ordered_list", "blockquote", "fence", "code_block", "hr")
        assert not (strict and token.type.startswith(forbidden)), (token.type, markdown)
    return headings, paragraphs, rows


def expected(text: str) -> list[str]:
    """The paragraphs an answer comes back as: one per non-blank line, without the
    trailing whitespace, and without up to three leading spaces (a reader drops them)."""
    result = []
    for line in answer_lines(text):
        lead = len(line) - len(line.lstrip())
        result.append(line.lstrip(" ") if lead <= 3 and not line[:lead].strip(" ") else line)
    return result


@settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "250")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(topic=TEXT, sam=TEXT, alex=TEXT, item=TEXT, note=TEXT)
def test_partner_text_never_changes_the_structure_and_comes_back(
    topic: str, sam: str, alex: str, item: str, note: str
) -> None:
    values = {
        ("topic", Who.SHARED): topic,
        ("said", Who.FIRST): sam,
        ("said", Who.SECOND): alex,
        ("lines", Who.SHARED): [{"item": item, "note": note}],
    }
    markdown = entry_markdown(LESSON, SHEET, ENTRY, values, COUPLE)
    headings, paragraphs, rows = structure(markdown)

    want_headings = [("h1", "Our money stories")]
    want_paragraphs = ["Money as a team · 25 November 2026 · done · Sam and Alex"]
    if is_answered(topic):
        want_headings.append(("h2", "Topic"))
        want_paragraphs += expected(topic)
    if is_answered(sam) or is_answered(alex):
        want_headings.append(("h2", "What I wanted to say"))
    for name, text in (("Sam", sam), ("Alex", alex)):
        if is_answered(text):
            want_paragraphs += [name, *expected(text)]
    row = [{"item": item, "note": note}]
    if is_answered(row):
        want_headings.append(("h2", "Budget lines"))
    assert headings == want_headings, markdown
    assert paragraphs == want_paragraphs, markdown
    if is_answered(row):
        assert rows == [["Item", "Note"], [cell(item), cell(note)]], markdown
    else:
        assert rows == []
    hard_breaks = [c for t in PARSER.parse(markdown) for c in t.children or [] if c.type == "hardbreak"]
    assert not hard_breaks, "lines are paragraphs, not hard breaks"


def cell(text: str) -> str:
    return "\n".join(_lines(CONTROL.sub("\ufffd", text).strip()))


def test_a_realistic_entry_reads_well() -> None:
    sheet = Worksheet(
        id="m",
        title="Our money stories",
        fields=(
            Field(
                id="meaning",
                kind="multi",
                label="What money means to me",
                who="each",
                options=("Security", "Freedom"),
            ),
            Field(id="hope", kind="scale", label="How hopeful", max=10),
            Field(
                id="s",
                kind="statement",
                label="My I-statement",
                template="I feel {feeling}, and I need {need}.",
            ),
        ),
    )
    values = {
        ("meaning", Who.FIRST): ["Freedom"],
        ("hope", Who.SHARED): 7,
        ("s", Who.SHARED): {"feeling": "hopeful", "need": "a plan"},
        ("left-the-lesson", Who.SECOND): "kept",
    }
    markdown = entry_markdown(LESSON, sheet, ENTRY, values, COUPLE)
    assert markdown == (
        "# Our money stories\n\n"
        "Money as a team · 25 November 2026 · done · Sam and Alex\n\n"
        "## What money means to me\n\n**Sam**\n\n- [ ] Security\n- [x] Freedom\n\n"
        "## How hopeful\n\n7 / 10\n\n"
        "## My I-statement\n\nI feel hopeful, and I need a plan.\n\n"
        "## Retired answers\n\n**left-the-lesson** (Alex)\n\nkept\n"
    )


def test_cli_export_writes_private_files_and_never_overwrites_silently(tmp_path: Path) -> None:
    import stat

    from tests.test_cli import run

    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", str(db), "--today", "2026-11-25").returncode == 0
    out = tmp_path / "exports" / "mine"
    first = run("export", "--db", str(db), "--all", "-o", f"{out}/")
    assert first.returncode == 0, first.stderr
    written = [Path(line) for line in first.stdout.splitlines()]
    assert written and all(p.parent == out for p in written)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        headings, _, _ = structure(path.read_text(encoding="utf-8"), strict=False)
        assert headings[0][0] == "h1" and any(tag == "h2" for tag, _ in headings)
    before = written[0].read_bytes()
    again = run("export", "--db", str(db), "--all", "-o", f"{out}/")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert written[0].read_bytes() == before
    forced = run("export", "--db", str(db), "--all", "-o", f"{out}/", "--force")
    assert forced.returncode == 0


def test_cli_export_scopes_and_bad_ids(tmp_path: Path) -> None:
    from tests.test_cli import assert_one_line_error, run

    db = tmp_path / "demo.sqlite"
    run("demo", "--db", str(db), "--today", "2026-11-25")
    one = run("export", "--db", str(db), "--worksheet", "budget-meeting", "--include-drafts")
    assert one.returncode == 0 and one.stdout.startswith("# Money as a team\n")
    assert "## Budget meeting" in one.stdout and "| Item | Amount | Who | Note |" in one.stdout
    entry = run("export", "--db", str(db), "--entry", "1")
    assert entry.returncode == 0 and entry.stdout.startswith("# ")
    assert_one_line_error(run("export", "--db", str(db), "--lesson", "nope"), 2, "there is no lesson 'nope'")
    assert_one_line_error(run("export", "--db", str(tmp_path / "none.sqlite"), "--all"), 2, "no workbook at")


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: Any) -> None:
    import os

    import pytest

    from workbook.export.files import write_private

    target = tmp_path / "export.md"
    target.write_text("old", encoding="utf-8")

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError):
        write_private(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target], "no temp file left behind"


def test_answers_given_in_turns_stay_out_of_exports_until_revealed(store: Any) -> None:
    from workbook.content import load_pack
    from workbook.export.files import documents
    from workbook.paths import bundled_lessons_dir

    pack = load_pack(bundled_lessons_dir())
    store.set_couple("Sam", "Alex")
    entry = store.new_entry("finances", "money-story")
    field = next(f for f in pack.lesson("finances").worksheet("money-story").fields if f.per_partner)
    secret = "a private memory of my father's wallet"
    value: object = secret if field.kind in ("text", "long") else None
    assert value is not None, "the money story's first per-partner question takes text"
    store.save_answers(entry.id, {(field.id, Who.FIRST): value})

    def exported() -> str:
        return "".join(doc.text for doc in documents(store, pack, drafts=True))

    assert "wallet" not in exported()
    store.set_part_done(entry.id, Who.FIRST)
    assert "wallet" not in exported(), "one partner done is not a reveal"
    store.set_part_done(entry.id, Who.SECOND)
    assert "wallet" in exported()


# -- every field kind, every string, values of the wrong shape -------------------------

#: Anything a hand-edited or imported workbook may hold where an answer is expected.
JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**500), 10**500) | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
KINDS = ("text", "long", "number", "choice", "multi", "scale", "date", "list", "timer", "statement", "check")


@st.composite
def turns(draw: st.DrawFn) -> object:
    """A timer's record: well-formed turns, odd ones, or junk in their place."""
    turn = st.fixed_dictionaries(
        {},
        optional={
            "speaker": st.sampled_from([1, 2, "2", 0, 7]) | JUNK,
            "seconds": st.integers(-5, 10**6) | JUNK,
            "mirror": TEXT | JUNK,
            "confirmed": st.sampled_from(["yes", "partly", "no"]) | TEXT | JUNK,
            "tries": st.integers(-1, 5) | JUNK,
        },
    )
    return {"turns": draw(st.lists(turn | JUNK, max_size=3) | JUNK)}


def right_shape(kind: str, options: list[str]) -> st.SearchStrategy[object]:
    if kind in ("multi", "check"):
        return (
            st.lists(st.sampled_from(options) | TEXT, max_size=4) if options else st.lists(TEXT, max_size=2)
        )
    if kind == "scale":
        return st.integers(0, 10) | st.floats(allow_nan=True)
    if kind == "list":
        row = st.fixed_dictionaries({}, optional={"item": TEXT | JUNK, "note": TEXT | JUNK})
        return st.lists(row | JUNK, max_size=3)
    if kind == "timer":
        return turns()
    if kind == "statement":
        return st.fixed_dictionaries({}, optional={"feeling": TEXT | JUNK, "need": TEXT | JUNK})
    return TEXT


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, Any]:
    """Everything an entry export reads, with partner (or hostile) text in every string."""
    fields = []
    values: dict[tuple[str, int], object] = {}
    for kind in KINDS:
        options = draw(st.lists(TEXT, max_size=3))
        field = {
            "id": kind,
            "kind": kind,
            "label": draw(TEXT),
            "who": draw(st.sampled_from(["shared", "each"])),
        }
        fields.append({**field, "options": options, "columns": [draw(TEXT), draw(TEXT)]})
        for who in (1, 2) if field["who"] == "each" else (0,):
            values[(kind, who)] = draw(right_shape(kind, options) | JUNK)
    for field_id in draw(st.lists(TEXT.filter(lambda t: t not in KINDS), max_size=2, unique=True)):
        values[(field_id, draw(st.sampled_from([0, 1, 2])))] = draw(JUNK)
    return {
        "names": [draw(TEXT), draw(TEXT)],
        "titles": [draw(TEXT), draw(TEXT)],
        "fields": fields,
        "values": values,
    }


class Placeholders:
    """Plain stand-ins for partner text, one per distinct string (so an option and the
    same chosen value still match) and one per line (so line structure is kept).

    Blank strings stay as they are: they show nothing, and whether something is
    answered must not change.
    """

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def text(self, text: str) -> str:
        if not is_answered(text):
            return text
        if text not in self.seen:
            n = len(self.seen)
            lines = _lines(text)
            self.seen[text] = "\n".join(
                f"p{n}x{i}" if CONTROL.sub("\ufffd", line).strip() else "" for i, line in enumerate(lines)
            )
        return self.seen[text]

    def value(self, value: object) -> object:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value


def build(spec: dict[str, Any], text: Any, ids: dict[str, str]) -> str:
    """The entry export of ``spec``, every string passed through ``text`` first."""
    fields = tuple(
        Field(
            id=f["id"],
            kind=f["kind"],
            label=text(f["label"]),
            who=f["who"],
            options=tuple(text(o) for o in f["options"]) if f["kind"] == "multi" else (),
            items=tuple(text(o) for o in f["options"]) if f["kind"] == "check" else (),
            max=None if f["kind"] != "scale" else 10,
            template="I feel {feeling}, and I need {need}." if f["kind"] == "statement" else "",
            columns=(
                Field(id="item", kind="text", label=text(f["columns"][0])),
                Field(id="note", kind="text", label=text(f["columns"][1])),
            )
            if f["kind"] == "list"
            else (),
        )
        for f in spec["fields"]
    )
    sheet = Worksheet(id="w", title=text(spec["titles"][1]), fields=fields)
    sections = (Section("s", "S", (sheet,)),)
    lesson = Lesson(id="l", title=text(spec["titles"][0]), order=1, path=None, sections=sections)  # type: ignore[arg-type]
    couple = Couple(text(spec["names"][0]), text(spec["names"][1]))
    values = {(ids.get(fid, fid), Who(who)): text(v) for (fid, who), v in spec["values"].items()}
    return entry_markdown(lesson, sheet, ENTRY, values, couple)


def shape(markdown: str) -> list[tuple[str, str, int, tuple[str, ...]]]:
    """The token structure: every block token, and the kinds of inline tokens in it
    (runs of text as one; our own ``<br>`` by its content)."""
    result: list[tuple[str, str, int, tuple[str, ...]]] = []
    for token in PARSER.parse(markdown):
        kinds: list[str] = []
        for child in token.children or []:
            kind = f"html:{child.content}" if child.type == "html_inline" else child.type
            if not (kind == "text" and kinds and kinds[-1] == "text"):
                kinds.append(kind)
        result.append((token.type, token.tag, token.nesting, tuple(kinds)))
    return result


@settings(
    # Each example is a whole worksheet of every kind (about 40 ms): fewer than the
    # others by default, for the suite's time; HYPOTHESIS_EXAMPLES=2000 for a deep run.
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spec=workbooks())
def test_no_string_of_any_kind_or_shape_adds_structure(spec: dict[str, Any]) -> None:
    """Every field kind (timer turns too), every title, label, option, column, name and
    retired id, and values of the wrong shape: the export never raises, and parses to
    the same tokens as the same export with plain placeholder text."""
    placeholders = Placeholders()
    # Retired ids sort in the same order as the originals, so entries line up.
    retired = sorted({fid for fid, _ in spec["values"] if fid not in KINDS})
    ids = {fid: f"r{n:03d}" for n, fid in enumerate(retired)}
    markdown = build(spec, lambda t: t, {})
    plain_markdown = build(spec, placeholders.value, ids)
    assert shape(markdown) == shape(plain_markdown), (markdown, plain_markdown)


# -- escaped only where it matters ------------------------------------------------------

#: Words a person types: letters and digits joined by punctuation that means nothing to
#: Markdown inside a line ("12.5", "+44", "#weekly", "check-in", "a|b", "x>y"), or by
#: a single "_" between letters (snake_case).
ALNUM = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=5)
JOIN = st.just("_") | st.text(
    alphabet=st.sampled_from(list(".,;:!?'\"()/@%$^{}=+-#|>]")), min_size=1, max_size=3
)
WORD = st.tuples(ALNUM, st.lists(st.tuples(JOIN, ALNUM), max_size=3)).map(
    lambda parts: parts[0] + "".join(j + a for j, a in parts[1])
)
PROSE = st.lists(WORD, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "250")), deadline=None)
@given(lines=st.lists(PROSE, min_size=1, max_size=3))
def test_text_without_significant_positions_comes_out_unescaped(lines: list[str]) -> None:
    from workbook.export.markdown import escape_block, escape_cell, inline

    text = "\n".join(lines)
    assert escape_block(text) == "\n\n".join(lines)
    for line in lines:
        assert inline(line, block=True) == line
        if "|" not in line:
            assert escape_cell(line) == line


def test_what_a_person_types_reads_as_typed() -> None:
    from workbook.export.markdown import escape_block, escape_cell, inline

    for text in (
        "+44 20 7946 0000",
        "12.5",
        "We meet # weekly, on Sundays",
        "#weekly",
        "check-in at 7-ish",
        "2 * 3 = 6",
        "snake_case and C:\\Users",
        "Tom & Jerry, R&D",
        "I <3 you, x < y > z",
        "a [note] here",  # only "[" can open a link: see below
        "2026 was good. 1.5 hours",
        "-5 degrees",
        "####### seven is not a heading",
    ):
        assert escape_block(text) == text.replace("[", "\\["), text
    assert escape_cell("12.5") == "12.5"
    assert escape_cell("Eating out") == "Eating out"
    assert inline("C#") == "C#"


def test_what_would_be_structure_is_escaped() -> None:
    from workbook.export.markdown import escape_block, escape_cell, inline

    cases = {
        "# weekly": "\\# weekly",
        "+ milk": "\\+ milk",
        "- milk": "\\- milk",
        "* milk": "\\* milk",
        "1. eggs": "1\\. eggs",
        "2026. A year": "2026\\. A year",
        "3) three": "3\\) three",
        "> quote": "\\> quote",
        "---": "\\---",
        "___": "\\___",
        "~~~": "\\~~~",
        "===": "\\===",
        "`code`": "\\`code\\`",
        "*really*": "\\*really\\*",
        "__really__": "\\_\\_really\\_\\_",
        "[a](b)": "\\[a](b)",
        "<b>bold</b>": "\\<b>bold\\</b>",
        "<http://a.example>": "\\<http://a.example>",
        "&amp; &#35;": "\\&amp; \\&#35;",
        "\\*": "\\\\\\*",
        "    indented": "&#32;   indented",
        "\tindented": "&#9;indented",
    }
    for text, markdown in cases.items():
        assert escape_block(text) == markdown, text
    assert escape_cell("a | b") == "a \\| b"
    assert inline("Money #", heading=True) == "Money \\#"
    assert inline("###", heading=True) == "\\###"


def test_a_multi_line_answer_reads_as_paragraphs() -> None:
    from workbook.export.markdown import escape_block

    assert escape_block("First line\nsecond line\n\n\nthird  \n") == "First line\n\nsecond line\n\nthird"


def test_timer_text_with_line_breaks_stays_inside_its_turn() -> None:
    """Issue 11 §6: a newline then "---", "1.", "=" or a tab in the mirror or the
    confirmation (a workbook edited elsewhere) must not start blocks."""
    sheet = Worksheet(
        id="t", title="Turns", fields=(Field(id="turns", kind="timer", label="Speaking turns"),)
    )
    mirror = "you felt alone\n---\n1. at dinner\n=\n\tcode\n> quoted"
    value = {"turns": [{"speaker": 2, "seconds": 95, "mirror": mirror, "confirmed": "yes\n# no", "tries": 2}]}
    markdown = entry_markdown(LESSON, sheet, ENTRY, {("turns", Who.SHARED): value}, COUPLE)
    tokens = [t.type for t in PARSER.parse(markdown)]
    assert tokens.count("list_item_open") == 1 and tokens.count("heading_open") == 2, markdown
    assert not {"hr", "ordered_list_open", "code_block", "blockquote_open"} & set(tokens), markdown
    assert "- Alex spoke 1:35; mirror (2 tries): you felt alone --- 1. at dinner = " in markdown


def test_values_of_the_wrong_shape_are_written_as_text() -> None:
    sheet = Worksheet(
        id="odd",
        title="Odd",
        fields=(
            Field(id="t", kind="text", label="Text"),
            Field(id="m", kind="multi", label="Multi", options=("Security", "Freedom")),
            Field(id="timer", kind="timer", label="Timer"),
            Field(id="rows", kind="list", label="Rows", columns=(Field(id="a", kind="text", label="A"),)),
            Field(id="s", kind="scale", label="Scale", max=10),
        ),
    )
    values: dict[tuple[str, Who], object] = {
        ("t", Who.SHARED): {"a": [1, None, True]},
        ("m", Who.SHARED): ["Freedom", "A choice since retired"],
        ("timer", Who.SHARED): {"turns": [5, {"speaker": "x", "seconds": "long"}]},
        ("rows", Who.SHARED): ["a loose row", {"a": 12.5}],
        ("s", Who.SHARED): True,
    }
    markdown = entry_markdown(LESSON, sheet, ENTRY, values, COUPLE)
    assert '{"a": \\[1, null, true]}' in markdown
    assert "- [x] Freedom\n- [x] A choice since retired" in markdown
    assert "- 5\n- Sam spoke 0:00; mirror: —; got it: —" in markdown
    assert "| a loose row |\n| 12.5 |" in markdown
    assert "## Scale\n\nyes\n" in markdown
    assert entry_markdown(LESSON, sheet, ENTRY, {("timer", Who.SHARED): {"turns": 3}}, COUPLE)
    huge = entry_markdown(LESSON, sheet, ENTRY, {("s", Who.SHARED): 10**400}, COUPLE)
    assert f"{10**400} / 10" in huge, "an int past a float's range is written, not raised on"


# -- JSON in pieces -------------------------------------------------------------------


def test_json_comes_in_pieces_that_join_to_the_same_document(store: Any, tmp_path: Path) -> None:
    """The JSON export streams one entry at a time (issue 15: the whole document as
    objects and text took 92 MiB), and the pieces are byte for byte what one
    ``json.dumps(indent=2)`` of the whole writes."""
    import json
    from datetime import UTC, datetime

    from workbook.content import load_pack
    from workbook.export.files import write_private
    from workbook.export.jsondoc import workbook_json, workbook_json_chunks
    from workbook.paths import bundled_lessons_dir

    pack = load_pack(bundled_lessons_dir())
    now = datetime(2026, 11, 25, tzinfo=UTC)

    def whole() -> str:
        return json.dumps(workbook_json(store, pack, now=now), ensure_ascii=False, indent=2) + "\n"

    assert "".join(workbook_json_chunks(store, pack, now=now)) == whole(), "no couple, no entries"
    store.set_couple("Sam", "שלום 💛")
    for n in range(60):
        entry = store.new_entry("finances", "money-story")
        store.save_answers(
            entry.id,
            {
                ("odd", Who.SHARED): {"rows": [1, None, {"x": "a\nb"}], "empty": [], "none": {}},
                ("said", Who.FIRST): f"answer {n} 💛",
            },
        )
    chunks = list(workbook_json_chunks(store, pack, now=now))
    assert "".join(chunks) == whole()
    assert len(chunks) >= 60 and max(map(len, chunks)) < len("".join(chunks)) / 6
    target = tmp_path / "export.json"
    write_private(target, iter(chunks))
    assert target.read_text(encoding="utf-8") == whole()


# -- nothing to export is said, not written ----------------------------------------


def test_an_empty_draft_is_never_a_header_only_document(store: Any) -> None:
    """Issue 13: "this entry" of an empty draft with drafts unticked wrote a file holding
    only the title. An entry scope follows ``drafts`` like every scope, and a draft with
    nothing written in it is never exported (so the caller says there is nothing)."""
    from workbook.content import load_pack
    from workbook.export.files import documents
    from workbook.paths import bundled_lessons_dir

    pack = load_pack(bundled_lessons_dir())
    store.set_couple("Sam", "Alex")
    entry = store.new_entry("communication", "daily-check-in")
    for drafts in (False, True):
        assert documents(store, pack, entry_id=entry.id, drafts=drafts) == []
        assert documents(store, pack, lesson_id="communication", drafts=drafts) == []
        assert documents(store, pack, drafts=drafts) == []
    store.save_answers(entry.id, {("said", Who.FIRST): "hello"})
    assert documents(store, pack, entry_id=entry.id) == [], "a draft needs drafts"
    (doc,) = documents(store, pack, entry_id=entry.id, drafts=True)
    assert "hello" in doc.text
    store.set_done(entry.id, True)
    (doc,) = documents(store, pack, entry_id=entry.id)
    assert "hello" in doc.text


async def test_the_dialog_says_an_empty_draft_has_nothing_to_export(tmp_path: Path, couple_db: Path) -> None:
    from textual.widgets import Button, Checkbox

    from tests.conftest import FIXED_NOW, LESSONS, ready, until
    from workbook.store import open_workbook
    from workbook.ui.app import make_app
    from workbook.ui.screens.export import ExportScope, ExportScreen

    store = open_workbook(couple_db)
    entry = store.new_entry("communication", "daily-check-in")
    store.close()
    folder = tmp_path / "out"
    app = make_app(couple_db, LESSONS, now=FIXED_NOW, cursor_blink=False, export_dir=folder)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        assert app.pack is not None
        screen = ExportScreen(couple_db, app.pack, [ExportScope("This entry", entry_id=entry.id)], folder)
        await app.push_screen(screen)
        status = screen.query_one("#export-status")
        screen.query_one("#export-go", Button).press()
        await until(pilot, lambda: "Nothing to export yet" in str(status.render()))
        assert "only entries marked done" in str(status.render())
        screen.query_one(Checkbox).value = True
        screen.query_one("#export-go", Button).press()
        await until(pilot, lambda: "nothing has been written here" in str(status.render()))
        assert app.screen is screen
    assert not folder.exists(), "no file, not even a folder"


def test_options_that_stand_for_the_partners_export_as_their_names() -> None:
    sheet = Worksheet(
        id="c",
        title="Check-in",
        fields=(
            Field(
                id="first",
                kind="choice",
                label="Who speaks first",
                options=("First partner", "Second partner"),
            ),
            Field(id="lead", kind="choice", label="Who leads", options=("{first}", "{second}", "Both")),
            Field(id="asks", kind="multi", label="Who asks", options=("{first} asks", "{second} asks")),
        ),
    )
    values = {
        ("first", Who.SHARED): "Second partner",
        ("lead", Who.SHARED): "{first}",
        ("asks", Who.SHARED): ["{second} asks"],
    }
    markdown = entry_markdown(LESSON, sheet, ENTRY, values, COUPLE)
    assert "## Who speaks first\n\nAlex\n" in markdown
    assert "## Who leads\n\nSam\n" in markdown
    assert "- [ ] Sam asks\n- [x] Alex asks" in markdown
    assert "{first}" not in markdown and "partner" not in markdown


def test_an_unknown_scope_is_an_export_error_not_a_key_error(store: Any) -> None:
    """The friendly messages travel as ExportError, so a real KeyError (a bug) is
    never dressed up as "there is no lesson"."""
    import pytest

    from workbook.content import load_pack
    from workbook.export.files import ExportError, documents
    from workbook.paths import bundled_lessons_dir

    pack = load_pack(bundled_lessons_dir())
    with pytest.raises(ExportError, match="no partners yet"):
        documents(store, pack)
    store.set_couple("Sam", "Alex")
    for scope, words in (
        ({"lesson_id": "nope"}, "there is no lesson 'nope'"),
        ({"worksheet_id": "nope"}, "there is no worksheet 'nope'"),
        ({"entry_id": 999}, "there is no entry 999"),
    ):
        with pytest.raises(ExportError) as raised:
            documents(store, pack, **scope)  # type: ignore[arg-type]
        assert str(raised.value) == words
        assert not isinstance(raised.value, KeyError)


def test_the_json_export_gives_numbers_kept_as_typed_as_numbers(store: Any) -> None:
    """Issue 13: numbers are kept as typed ("12,50", "12.50"); the JSON export stays a
    document for machines and gives the number meant, in a number field and in a list's
    number column alike, while the Markdown shows what was typed."""
    from workbook.content import load_pack
    from workbook.export.files import documents
    from workbook.export.jsondoc import workbook_json
    from workbook.paths import bundled_lessons_dir

    pack = load_pack(bundled_lessons_dir())
    store.set_couple("Sam", "Alex")
    check_in = store.new_entry("communication", "daily-check-in")
    store.save_answers(check_in.id, {("minutes", Who.SHARED): "7,5"})
    budget = store.new_entry("finances", "budget-meeting")
    rows = [{"item": "Eating out", "amount": "12,50"}, {"item": "Bus", "amount": "3.20"}, {"amount": 12.5}]
    store.save_answers(budget.id, {("lines", Who.SHARED): rows})
    answers = {a["field"]: a["value"] for e in workbook_json(store, pack)["entries"] for a in e["answers"]}
    assert answers["minutes"] == 7.5
    assert answers["lines"] == [
        {"item": "Eating out", "amount": 12.5},
        {"item": "Bus", "amount": 3.2},
        {"amount": 12.5},
    ]
    text = "".join(doc.text for doc in documents(store, pack, drafts=True))
    assert "| Eating out | 12,50 |" in text and "| Bus | 3.20 |" in text and "\n7,5\n" in text
