"""The lesson parser: a valid lesson, every error kind with its line, all at once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from workbook.content import (
    LessonError,
    LessonFolderError,
    Worksheet,
    check_pack,
    load_pack,
    open_pack,
    parse_lesson,
)

VALID = textwrap.dedent(
    """\
    ---
    id: talking
    title: Talking so you are heard
    tab: Talking
    order: 1
    summary: Short turns.
    ---
    # Talking so you are heard

    Opening words.

    ## Daily check-in

    Some prose.

    ```worksheet
    id: check-in
    title: Daily check-in
    intro: Take turns.
    source: Adapted from PREP
    repeatable: true
    fields:
      - id: minutes
        kind: number
        label: Minutes per turn
        default: 5
        min: 1
        max: 30
      - id: said
        kind: long
        label: What I wanted to say
        hint: A few words.
        who: each
      - id: lines
        kind: list
        label: Budget lines
        columns:
          - {id: item, kind: text, label: Item}
          - {id: amount, kind: number, label: Amount}
      - id: turns
        kind: timer
        label: Turns
        minutes_from: minutes
    ```

    After the worksheet.

    ## Second section

    More.
    """
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_valid_lesson_parses_into_sections_and_worksheets(tmp_path: Path) -> None:
    lesson, problems = parse_lesson(write(tmp_path, "a.md", VALID))
    assert problems == []
    assert lesson is not None
    assert (lesson.id, lesson.title, lesson.tab, lesson.order) == (
        "talking",
        "Talking so you are heard",
        "Talking",
        1,
    )
    assert [s.id for s in lesson.sections] == ["intro", "daily-check-in", "second-section"]
    check_in = lesson.sections[1]
    assert check_in.line == 12
    kinds = [type(p) for p in check_in.parts]
    assert kinds == [str, Worksheet, str]
    assert "Some prose." in str(check_in.parts[0])
    assert "```" not in str(check_in.parts[0]) + str(check_in.parts[2]), (
        "the YAML block never reaches the prose"
    )
    worksheet = lesson.worksheets[0]
    assert (worksheet.id, worksheet.repeatable, worksheet.line) == ("check-in", True, 16)
    said = worksheet.field("said")
    assert said is not None and said.per_partner and said.hint == "A few words."
    assert said.line == 29
    lines = worksheet.field("lines")
    assert lines is not None and [c.id for c in lines.columns] == ["item", "amount"]
    assert worksheet.field("minutes") is not None and worksheet.field("minutes").default == 5  # type: ignore[union-attr]


def test_front_matter_is_not_part_of_the_text(tmp_path: Path) -> None:
    lesson, _ = parse_lesson(write(tmp_path, "a.md", VALID))
    assert lesson is not None
    assert "id: talking" not in "".join(str(p) for s in lesson.sections for p in s.parts)


@pytest.mark.parametrize(
    ("snippet", "line", "message"),
    [
        (
            "      - {id: said, kind: txt, label: Said}\n",
            12,
            "unknown field kind 'txt' — did you mean 'text'?",
        ),
        (
            "      - {id: said, kind: text, label: Said, colour: red}\n",
            12,
            "unknown key 'colour' in field 'said'",
        ),
        (
            "      - {id: said, kind: text, label: Said}\n      - {id: said, kind: long, label: Again}\n",
            13,
            "duplicate field id 'said'",
        ),
        ("      - {id: said, kind: text}\n", 12, "field 'said' needs a label"),
        (
            "      - {id: pick, kind: choice, label: Pick, options: [Yes, No]}\n",
            12,
            "YAML reads as a boolean",
        ),
        ("      - {id: said, kind: text, label: Said, hint: a: b}\n", 12, "invalid YAML"),
        ("      - {id: Bad Id, kind: text, label: Said}\n", 12, "must use lowercase letters"),
        (
            "      - {id: s, kind: statement, label: S, template: no slots}\n",
            12,
            "needs a 'template' with {slots}",
        ),
        (
            "      - {id: t, kind: timer, label: T, minutes_from: nowhere}\n",
            12,
            "minutes_from must name a number",
        ),
    ],
)
def test_each_worksheet_error_names_its_line(tmp_path: Path, snippet: str, line: int, message: str) -> None:
    text = (
        "---\nid: one\ntitle: One\n---\n## Section\n\n```worksheet\n"
        "id: sheet\ntitle: Sheet\nfields:\n" + snippet.replace("      ", "  ") + "```\n"
    )
    path = tmp_path / "one.md"
    path.write_text(text, encoding="utf-8")
    _, problems = parse_lesson(path)
    assert problems, "the broken worksheet must be reported"
    assert any(p.line == line - 1 and message in p.message for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# No front matter\n## A\n", 1, "missing front matter"),
        ("---\ntitle: No id\n---\n## A\n", 1, "the lesson has no id"),
        ("---\nid: x\n---\n## A\n", 1, "needs a 'title'"),
        (
            "---\nid: x\ntitle: X\nauthor: me\n---\n## A\n",
            4,
            "unknown key 'author' in front matter",
        ),
        ("---\nid: x\ntitle: X\norder: first\n---\n## A\n", 4, "'order' must be a whole number"),
        ("---\nid: x\ntitle: [unclosed\n---\n## A\n", 3, "invalid YAML"),
        ("---\nid: x\ntitle: X\n---\nNo sections at all.\n", 5, "no sections"),
        (
            "---\nid: x\ntitle: X\n---\n## A\n- item\n\n  ```worksheet\n  id: w\n  ```\n",
            8,
            "must not be indented",
        ),
    ],
)
def test_each_lesson_error_names_its_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "x.md"
    path.write_text(text, encoding="utf-8")
    _, problems = parse_lesson(path)
    assert any(p.line == line and message in p.message for p in problems), [str(p) for p in problems]


def test_problems_print_as_file_line_message(tmp_path: Path) -> None:
    path = write(tmp_path, "x.md", "---\nid: x\ntitle: X\nauthor: me\n---\n## A\n")
    _, problems = parse_lesson(path)
    assert str(problems[0]) == f"{path}:4: unknown key 'author' in front matter"


def test_check_pack_reports_every_problem_of_every_file(tmp_path: Path) -> None:
    write(tmp_path, "01-a.md", VALID)
    write(tmp_path, "02-b.md", VALID.replace("kind: long", "kind: lng").replace("min: 1", "min: 50"))
    write(tmp_path, "03-c.md", "---\nid: c\ntitle: C\nsummary: x\nsumary: y\n---\n## A\n")
    _, problems = check_pack(tmp_path)
    messages = [f"{p.path.name}:{p.line}: {p.message}" for p in problems]
    assert any(m.startswith("02-b.md:30: unknown field kind 'lng'") for m in messages), messages
    assert any(m.startswith("02-b.md:23: field 'minutes': 'min' must be smaller") for m in messages), messages
    assert any("02-b.md:1: duplicate lesson id 'talking'" in m for m in messages), messages
    assert any("02-b.md:16: duplicate worksheet id 'check-in'" in m for m in messages), messages
    assert any(
        m.startswith("03-c.md:5: unknown key 'sumary'") and "did you mean 'summary'" in m for m in messages
    )
    assert len(messages) >= 5


def test_load_pack_raises_with_all_problems(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\nid: a\n---\n## A\n")
    write(tmp_path, "b.md", "---\ntitle: B\n---\n## B\n")
    with pytest.raises(LessonError) as caught:
        load_pack(tmp_path)
    assert len(caught.value.problems) == 2
    assert "and 1 more problem" in str(caught.value)


def test_unusable_folders(tmp_path: Path) -> None:
    with pytest.raises(LessonFolderError, match="not found"):
        check_pack(tmp_path / "missing")
    with pytest.raises(LessonFolderError, match="no lesson files"):
        check_pack(tmp_path)


def test_non_utf8_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\nid: a\ntitle: A\n---\n## A\n\xff\xfe bad\n")
    _, problems = parse_lesson(path)
    assert problems[0].line == 6 and "UTF-8" in problems[0].message


@pytest.mark.parametrize(
    "text",
    [
        "---\nid: a\ntitle: A\n---\n## S\n",
        "----\nid: a\ntitle: A\n----\n## S\n",
        "---\nid: a\ntitle: A\n...\n## S\n",
        "---\nid: a\ntitle: A\n---   \n## S\n",
        "---\nid: a\n  ---\ntitle: A\n---\n## S\n",
        "---\nid: a\n    ---\ntitle: A\n---\n## S\n",
        "---\nid: a\ntitle: A\n## never closed\n",
        "# no front matter\n---\nid: a\n---\n",
        "---\nid: a\n-----\ntitle: A\n---\n",
    ],
)
def test_start_up_scan_agrees_with_markdown_it_on_front_matter(text: str) -> None:
    from workbook.content.frontmatter import split_front_matter
    from workbook.content.parser import markdown_body_start

    found = split_front_matter(text.split("\n"))
    assert (found[1] if found else 0) == markdown_body_start(text)


def test_open_pack_reads_front_matter_only_and_parses_on_first_use(tmp_path: Path) -> None:
    write(tmp_path, "01-a.md", VALID)
    write(
        tmp_path,
        "02-b.md",
        VALID.replace("id: talking", "id: broken").replace("kind: long", "kind: lng"),
    )
    pack = open_pack(tmp_path)
    assert [i.id for i in pack.infos] == ["talking", "broken"]
    assert pack.infos[0].tab == "Talking" and pack.infos[0].summary == "Short turns."
    assert pack.lesson("talking").worksheets[0].id == "check-in"
    with pytest.raises(LessonError) as caught:
        pack.lesson("broken")
    assert "unknown field kind 'lng'" in str(caught.value)
    assert [lesson.id for lesson in pack.usable_lessons()] == ["talking"]


def test_open_pack_refuses_front_matter_problems_all_at_once(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\nid: a\n---\n## A\n")
    write(tmp_path, "b.md", "---\nid: a\ntitle: B\n---\n## B\n")
    write(tmp_path, "c.md", "---\nid: c\ntitle: C\ntab: Much too long a tab\n---\n## C\n")
    with pytest.raises(LessonError) as caught:
        open_pack(tmp_path)
    messages = [str(p) for p in caught.value.problems]
    assert any("a.md:1: front matter needs a 'title'" in m for m in messages)
    assert any("c.md:4: 'tab' must be at most 12 characters" in m for m in messages)


def test_open_pack_does_not_load_markdown_it() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from workbook.content import open_pack\n"
        "from workbook.paths import bundled_lessons_dir\n"
        "open_pack(bundled_lessons_dir())\n"
        "print('markdown_it' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_section_ids_are_unique_even_for_a_heading_called_intro(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\nid: a\ntitle: A\n---\nOpening.\n\n## Intro\n\nx\n\n## Intro\n\ny\n")
    lesson, problems = parse_lesson(path)
    assert problems == [] and lesson is not None
    assert [s.id for s in lesson.sections] == ["intro", "intro-2", "intro-3"]
