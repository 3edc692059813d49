"""Lesson packs are untrusted input: every hostile or odd file gets one located line.

Each hostile input is generated here, in ``tmp_path``; nothing binary is committed.
An input that once hung the process or exhausted memory (an alias bomb) is only ever
parsed in a child process with a memory cap and a timeout, so a regression fails this
test instead of freezing the machine. No assertion is about time: each is about the
message.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbook.content import LessonError, LessonPack, Problem, check_pack, open_pack, parse_lesson, yamlsrc

FRONT = "---\nid: one\ntitle: One\n---\n## Section\n\n"
#: 1-based line of the opening fence in :func:`lesson` (the YAML starts one below).
FENCE_LINE = 7


def lesson(block: str, *, front: str = FRONT) -> str:
    """A lesson whose one worksheet block holds ``block`` (its first line is line 8)."""
    return f"{front}```worksheet\n{block}\n```\n\nAfter.\n"


def sheet(fields: str) -> str:
    """A worksheet block with ``fields`` (YAML lines, two spaces in) as its fields.

    The first field line is line 11 of :func:`lesson`.
    """
    return f"id: sheet\ntitle: Sheet\nfields:\n{fields}"


def alias_bomb(levels: int = 9, width: int = 9, prefix: str = "lol") -> list[str]:
    """The "billion laughs": each level lists the one below ``width`` times (9**9 items)."""
    lines = [f"{prefix}0: &{prefix}0 [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(
            f"{prefix}{level}: &{prefix}{level} [" + ", ".join([f"*{prefix}{level - 1}"] * width) + "]"
        )
    return lines


def problems_of(tmp_path: Path, text: str | bytes, name: str = "one.md") -> list[Problem]:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    _, problems = parse_lesson(path)
    return problems


def assert_problem(problems: list[Problem], line: int, message: str) -> None:
    """One problem names ``line`` and says ``message``; each prints as file:line: message."""
    shown = [str(p) for p in problems]
    assert any(p.line == line and message in p.message for p in problems), shown
    for problem in problems:
        assert str(problem).startswith(f"{problem.path}:{problem.line}: "), shown
        assert "\n" not in str(problem) and len(problem.message) < 300, shown


def _limit_memory() -> None:
    # A regression must fail as MemoryError or a timeout, not take the shared machine.
    import resource

    limit = 1_500_000_000
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbook", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        preexec_fn=None if sys.platform == "win32" else _limit_memory,
    )


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with libyaml's parser and again with PyYAML's own (where libyaml is missing)."""
    import yaml

    if request.param == "pure-python":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    yamlsrc._loader.cache_clear()
    yield request.param
    yamlsrc._loader.cache_clear()


# --- Alias bombs ------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "list"])
@pytest.mark.parametrize("where", ["worksheet", "front matter"])
def test_an_alias_bomb_is_refused_with_its_line(tmp_path: Path, command: str, where: str) -> None:
    bomb = alias_bomb()
    if where == "worksheet":
        # The bomb's last level is used where a message would quote it (and so expand it).
        text = lesson("id: sheet\ntitle: Sheet\n" + "\n".join(bomb) + "\nrepeatable: *lol8\nfields: []")
        line = FENCE_LINE + 1 + 2 + 1  # the first line with an alias
    else:
        front = "---\nid: one\ntitle: One\n" + "\n".join(bomb) + "\norder: *lol8\n---\n## Section\n\n"
        text = lesson(sheet("  - {id: a, label: A}"), front=front)
        line = 1 + 2 + 1 + 1
    (tmp_path / "one.md").write_text(text, encoding="utf-8")
    folder = [str(tmp_path)] if command == "check" else ["--lessons", str(tmp_path)]
    result = run_cli("lessons", command, *folder)
    assert result.returncode != 0
    assert f"one.md:{line}: YAML aliases (*lol0) are not allowed in lessons" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_any_alias_is_refused_in_process(tmp_path: Path, yaml_loader: str) -> None:
    fields = "  - &base {id: a, kind: text, label: A}\n  - <<: *base\n    id: b"
    problems = problems_of(tmp_path, lesson(sheet(fields)))
    assert_problem(problems, 12, "YAML aliases (*base) are not allowed in lessons")


def test_text_that_merely_looks_like_anchors_is_read(tmp_path: Path) -> None:
    fields = "  - {id: a, kind: text, label: Tom & Jerry *are* friends}"
    lesson_, problems = parse_lesson(_write(tmp_path, lesson(sheet(fields))))
    assert problems == []
    assert lesson_ is not None and lesson_.worksheets[0].fields[0].label == "Tom & Jerry *are* friends"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "one.md"
    path.write_text(text, encoding="utf-8")
    return path


# --- Tags that would build Python objects -------------------------------------------


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ("!!python/object/apply:os.system ['touch {marker}']", "!!python/object/apply:os.system"),
        ("!!python/object/new:os.system ['touch {marker}']", "!!python/object/new:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!custom thing", "!custom"),
    ],
)
@pytest.mark.parametrize("where", ["worksheet", "front matter"])
def test_a_python_tag_is_refused_with_its_line(
    tmp_path: Path, yaml_loader: str, tag: str, shown: str, where: str
) -> None:
    marker = tmp_path / "PWNED"
    value = tag.format(marker=marker)
    if where == "worksheet":
        text = lesson(sheet(f"  - id: a\n    label: {value}"))
        line = 12
    else:
        text = lesson(
            sheet("  - {id: a, label: A}"), front=f"---\nid: one\ntitle: One\nsummary: {value}\n---\n## S\n"
        )
        line = 4
    problems = problems_of(tmp_path, text)
    assert_problem(problems, line, f"the YAML tag '{shown}' is not allowed in lessons")
    assert not marker.exists()


# --- Lines: an unclosed fence, a bare yes/no ------------------------------------------


def test_an_unclosed_fence_is_reported_at_the_fence(tmp_path: Path) -> None:
    text = (
        FRONT
        + "```worksheet\nid: sheet\ntitle: Sheet\nfields:\n  - {id: a, label: A}\n"
        + "\n## Later\n\nWords: here.\n"
    )
    problems = problems_of(tmp_path, text)
    assert_problem(problems, FENCE_LINE, "this worksheet block is never closed: end it with a line of ```")
    assert not any("invalid YAML" in p.message for p in problems), [str(p) for p in problems]


def test_a_fence_closed_by_a_longer_run_is_closed(tmp_path: Path) -> None:
    text = FRONT + "```worksheet\n" + sheet("  - {id: a, label: A}") + "\n  `````  \n"
    assert problems_of(tmp_path, text) == []


def test_a_bare_yes_is_reported_at_its_options_line(tmp_path: Path) -> None:
    fields = "\n".join(
        [
            "  - id: pick",
            "    kind: choice",
            "    label: Pick",
            "    options:",
            "      - Maybe",
            "      - yes",
            "      - No",
        ]
    )
    problems = problems_of(tmp_path, lesson(sheet(fields)))
    # Line 11 is the field; 14 the options key; 16 and 17 the bare yes and No.
    assert_problem(problems, 16, "YAML reads as a boolean")
    assert_problem(problems, 17, "YAML reads as a boolean")
    assert not any(p.line == 11 for p in problems), [str(p) for p in problems]


def test_a_bare_yes_in_a_flow_list_is_reported_at_the_options_line(tmp_path: Path) -> None:
    fields = "  - id: pick\n    kind: choice\n    label: Pick\n    options: [yes, no]"
    problems = problems_of(tmp_path, lesson(sheet(fields)))
    assert_problem(problems, 14, "YAML reads as a boolean")
    assert len(problems) == 1, [str(p) for p in problems]


def test_front_matter_values_are_reported_at_their_own_lines(tmp_path: Path) -> None:
    front = "---\nid: one\ntitle: One\nsummary: [a, list]\nminutes: many\n---\n## S\n"
    problems = problems_of(tmp_path, front)
    assert_problem(problems, 4, "'summary' of the front matter must be text, not a list")
    assert_problem(problems, 5, "'minutes' must be a whole number of minutes, not 'many'")


# --- Odd shapes ------------------------------------------------------------------------

LONG = "x" * 5_000


@pytest.mark.parametrize(
    ("block", "line", "message"),
    [
        ("- a list\n- not a mapping", 8, "must be a YAML mapping with id, title and fields, not a list"),
        ("just some words", 8, "must be a YAML mapping with id, title and fields, not 'just some words'"),
        ("", 8, "must be a YAML mapping with id, title and fields, not nothing"),
        ("id: sheet\ntitle: Sheet\nfields: {a: 1}", 10, "needs 'fields': a list of at least one field"),
        (
            sheet("  - {id: a, label: A}\n  - just text"),
            12,
            "must be a mapping (id, kind, label, …), not 'just text'",
        ),
        (sheet("  - [a, b]"), 11, "must be a mapping (id, kind, label, …), not a list"),
        (sheet("  - 42"), 11, "must be a mapping (id, kind, label, …), not 42"),
        (sheet("  - id: a\n    kind: choice\n    label: A\n    options: [1.50, 2]"), 14, "the number 1.5"),
        (sheet("  - id: a\n    kind: choice\n    label: A\n    options: [12:30, b]"), 14, "the number 750"),
        (
            sheet("  - id: a\n    kind: choice\n    label: A\n    options:\n      - {a: 1}\n      - b"),
            15,
            "'options' of field 'a' must list short texts, not a mapping",
        ),
        (
            sheet("  - id: a\n    kind: choice\n    label: A\n    options: {a: 1}"),
            14,
            "must be a list of short texts",
        ),
        (
            sheet("  - id: a\n    kind: choice\n    label: A\n    options: [2026-11-26, b]"),
            14,
            "not 2026-11-26",
        ),
        (sheet("  - id: a\n    kind: [text]\n    label: A"), 12, "unknown field kind a list"),
        (sheet("  - id: {a: 1}\n    label: A"), 11, "a field id a mapping must use lowercase"),
        (sheet("  - id: a\n    label: [x, y]"), 12, "'label' of field 'a' must be text, not a list"),
        (sheet("  - id: a\n    label: A\n    required: maybe"), 13, "must be true or false, not 'maybe'"),
        (
            sheet("  - id: a\n    kind: number\n    label: A\n    min: .nan"),
            14,
            "'min' of field 'a' must be a number",
        ),
        (
            sheet("  - id: a\n    label: A\n    default: {x: 1}"),
            13,
            "'default' of field 'a' must be one text",
        ),
        (
            sheet("  - id: a\n    kind: number\n    label: A\n    max: .inf"),
            14,
            "'max' of field 'a' must be a number",
        ),
        (
            sheet("".join(f"  - {{id: f{i}, label: F}}\n" for i in range(101))),
            10,
            "has 101 fields; at most 100",
        ),
        (
            sheet(f"  - {{id: a, kind: choice, label: A, options: [{', '.join(map(str, range(101)))}]}}"),
            11,
            "lists 101 entries",
        ),
        (sheet(f"  - {{id: a, kind: list, label: A, columns: [{'{id: c},' * 101}]}}"), 11, "has 101 columns"),
        (
            sheet("  - id: a\n    kind: timer\n    label: A\n    minutes_from: 5"),
            14,
            "must name a field, not 5",
        ),
        (
            sheet("  - id: a\n    kind: list\n    label: A\n    columns:\n      - oops"),
            15,
            "each column of a list must be a mapping (id, kind, label, …), not 'oops'",
        ),
        (
            sheet(f"  - id: a\n    label: {LONG}"),
            12,
            "'label' of field 'a' is 5,000 characters long; at most 1,000",
        ),
        (
            sheet(f"  - id: a\n    kind: choice\n    label: A\n    options: [b, {LONG}]"),
            14,
            "is 5,000 characters",
        ),
        (sheet(f"  - id: {'a' * 500}\n    label: A"), 11, "at most 64"),
        (
            sheet(f"  - id: a\n    label: A\n    {'x' * 500}: x"),
            13,
            f"unknown key '{'x' * 39}…' in field 'a'",
        ),
        (sheet("  - id: 'a'\n    label: A\n  - id: 'a'\n    label: B"), 13, "duplicate field id 'a'"),
        ("x: " + "[" * 5_000 + "]" * 5_000, 8, "invalid YAML"),
    ],
    ids=lambda value: value[:30] if isinstance(value, str) else str(value),
)
def test_each_odd_shape_gets_a_located_message(tmp_path: Path, block: str, line: int, message: str) -> None:
    assert_problem(problems_of(tmp_path, lesson(block)), line, message)


def test_many_headings_with_the_same_text_get_their_ids_in_one_pass(tmp_path: Path) -> None:
    # 39,000 "## x" headings once cost n² tries for their ids (about 110 s here; now
    # about 1.5 s). Run in a child process whose timeout, twenty times the time it
    # needs, guards against that hang; nothing else is timed.
    (tmp_path / "one.md").write_text(FRONT + "## x\n" * 39_000, encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from workbook.content import parse_lesson; "
        "lesson, problems = parse_lesson(Path(sys.argv[1])); "
        "print(len(lesson.sections), lesson.sections[-1].id, problems)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "one.md")], capture_output=True, text=True, timeout=30
    )
    assert result.stdout.split() == ["39001", "x-39000", "[]"], result.stderr


@pytest.mark.parametrize(
    ("headings", "ids"),
    [
        (["x", "x", "x"], ["x", "x-2", "x-3"]),
        (["x-2", "x", "x", "x"], ["x-2", "x", "x-3", "x-4"]),
        (["x", "x", "x-2", "x"], ["x", "x-2", "x-2-2", "x-3"]),
        (["Intro", "intro", "x"], ["intro-2", "intro-3", "x"]),
    ],
)
def test_section_ids_stay_unique_and_stable(tmp_path: Path, headings: list[str], ids: list[str]) -> None:
    text = "---\nid: one\ntitle: One\n---\nOpening.\n\n" + "".join(f"## {h}\n\nWords.\n\n" for h in headings)
    lesson_, problems = parse_lesson(_write(tmp_path, text))
    assert problems == [] and lesson_ is not None
    assert [section.id for section in lesson_.sections] == ["intro", *ids]


def test_deep_nesting_is_a_problem_with_the_pure_python_parser_too(tmp_path: Path, yaml_loader: str) -> None:
    problems = problems_of(tmp_path, lesson("x: " + "[" * 5_000 + "]" * 5_000))
    assert problems and all("YAML" in p.message for p in problems), [str(p) for p in problems]


def test_a_huge_block_is_refused_at_its_fence(tmp_path: Path) -> None:
    block = sheet("  - id: a\n    label: A\n") + "\n".join(
        f"# filler line {i}" + " " * 60 for i in range(1_500)
    )
    problems = problems_of(tmp_path, lesson(block))
    assert_problem(problems, FENCE_LINE, "this worksheet block is ")
    assert_problem(problems, FENCE_LINE, "characters long; at most 100,000")


def test_huge_front_matter_is_refused(tmp_path: Path) -> None:
    front = "---\nid: one\ntitle: One\n" + "# filler\n" * 12_000 + "---\n## S\n"
    problems = problems_of(tmp_path, front)
    assert_problem(problems, 2, "characters long; at most 100,000 are read")


def test_a_five_megabyte_block_is_refused_by_size(tmp_path: Path) -> None:
    huge = lesson(sheet("  - id: a\n    label: A\n    hint: " + "x" * 5_000_000))
    assert_problem(problems_of(tmp_path, huge), 1, "file is larger than 200,000 bytes")
    # The same text handed over by a caller that read it itself.
    assert_problem(parse_lesson(tmp_path / "one.md", huge)[1], 1, "file is larger than 200,000 bytes")
    _, problems = check_pack(tmp_path)
    assert_problem(problems, 1, "file is larger than 200,000 bytes")


def test_a_special_file_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    # /dev/zero says it is empty and never ends; reading it whole would never return.
    from workbook.content.frontmatter import read_lesson_text

    text, problems = read_lesson_text(Path("/dev/zero"))
    assert text is None
    assert_problem(problems, 1, "file is larger than 200,000 bytes")


# --- Odd Unicode -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (
            lesson(sheet("  - {id: a, label: A\x00B}")).encode(),
            11,
            "character U+0000 (a control character) at column",
        ),
        ((FRONT + "Prose with a NUL \x00 in it.\n").encode(), 7, "(is this a binary file?)"),
        (
            (FRONT + "Prose that clears \x1b[2J the screen.\n").encode(),
            7,
            "character U+001B (a control character)",
        ),
        (lesson(sheet("  - {id: a, label: \x9b31m}")).encode(), 11, "character U+009B (a control character)"),
        ((FRONT + "A lone surrogate: ").encode() + b"\xed\xa0\x80\n", 7, "not UTF-8 text"),
        (b"---\nid: one\ntitle: One\n---\n## S\n\xff\xfe\n", 6, "not UTF-8 text"),
        (
            lesson(sheet("  - {id: a\u202e, label: A}")).encode(),
            11,
            "a field id 'a\\u202e' must use lowercase",
        ),
        (lesson(sheet("  - {id: 💛, label: A}")).encode(), 11, "a field id '💛' must use lowercase"),
    ],
    ids=[
        "nul-in-yaml",
        "nul-in-prose",
        "escape-in-prose",
        "c1-in-yaml",
        "surrogate-bytes",
        "not-utf8",
        "rtl-id",
        "emoji-id",
    ],
)
def test_odd_unicode_gets_a_located_message(tmp_path: Path, raw: bytes, line: int, message: str) -> None:
    assert_problem(problems_of(tmp_path, raw), line, message)


def test_a_lone_surrogate_in_text_handed_over_is_a_problem(tmp_path: Path) -> None:
    text = lesson(sheet("  - {id: a, label: 'half \ud83d of a heart'}"))
    _, problems = parse_lesson(tmp_path / "one.md", text)
    assert_problem(problems, 11, "character U+D83D (a lone surrogate) at column")


def test_rtl_and_emoji_text_is_welcome(tmp_path: Path) -> None:
    label = "שלום \u202bעולם\u202c 💛 مرحبا 👩‍❤️‍👨"
    front = f"---\nid: one\ntitle: {label}\n---\n## Section\n\n"
    fields = f"  - id: a\n    kind: choice\n    label: {label}\n    options: ['{label}', 🌱]"
    lesson_, problems = parse_lesson(_write(tmp_path, lesson(sheet(fields), front=front)))
    assert problems == []
    assert lesson_ is not None and lesson_.title == label
    field = lesson_.worksheets[0].fields[0]
    assert (field.label, field.options) == (label, (label, "🌱"))


# --- Which lessons have problems, without raising -------------------------------------


def test_broken_lessons_names_each_unusable_lesson_and_why(tmp_path: Path) -> None:
    good = lesson(sheet("  - {id: a, label: A}"))
    (tmp_path / "01-good.md").write_text(good, encoding="utf-8")
    bad = (
        good.replace("id: one", "id: bad")
        .replace("label: A}", "label: A, options: [yes, B], colour: red}")
        .replace("- {id: a", "- {id: a, kind: choice")
    )
    (tmp_path / "02-bad.md").write_text(bad, encoding="utf-8")
    unclosed = FRONT.replace("id: one", "id: open") + "```worksheet\nid: w\n"
    (tmp_path / "03-open.md").write_text(unclosed, encoding="utf-8")

    pack: LessonPack = open_pack(tmp_path)  # front matter is fine everywhere
    broken = pack.broken_lessons()
    assert list(broken) == ["bad", "open"]
    assert [str(p) for p in broken["bad"]] == [
        f"{tmp_path / '02-bad.md'}:11: unknown key 'colour' in field 'a'",
        f"{tmp_path / '02-bad.md'}:11: 'options' of field 'a' has a yes/no/true/false that YAML reads "
        'as a boolean — put it in quotes, e.g. "Yes"',
    ]
    assert str(broken["open"][0]).endswith(
        "03-open.md:7: this worksheet block is never closed: end it with a line of ```"
    )
    assert [lesson_.id for lesson_ in pack.usable_lessons()] == ["one"]
    assert pack.problems("bad") == broken["bad"]
    # One line for a caller that asks for one broken lesson: the first problem and a count.
    with pytest.raises(LessonError) as caught:
        pack.lesson("bad")
    assert str(caught.value).endswith("(and 1 more problem(s))")


def test_broken_lessons_is_empty_for_a_good_pack(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(lesson(sheet("  - {id: a, label: A}")), encoding="utf-8")
    assert open_pack(tmp_path).broken_lessons() == {}


def test_a_folder_of_every_hostile_file_is_checked_without_a_traceback(tmp_path: Path) -> None:
    hostile = {
        "bomb.md": lesson(
            "id: sheet\ntitle: Sheet\n" + "\n".join(alias_bomb()) + "\nrepeatable: *lol8\nfields: []"
        ),
        "tag.md": lesson(sheet("  - {id: a, label: !!python/object/apply:os.system ['true']}")),
        "open.md": FRONT + "```worksheet\nid: w\n",
        "list.md": lesson("- a\n- b"),
        "nul.md": FRONT + "x\x00y\n",
        "deep.md": lesson("x: " + "[" * 5_000 + "]" * 5_000),
    }
    for name, text in hostile.items():
        (tmp_path / name).write_text(text.replace("id: one", f"id: {name[:-3]}"), encoding="utf-8")
    (tmp_path / "bytes.md").write_bytes(b"---\nid: b\ntitle: B\n---\n\xed\xa0\x80\n")
    result = run_cli("lessons", "check", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    named = {line.split(":")[0].rsplit("/", 1)[-1] for line in result.stdout.splitlines()}
    assert named == {*hostile, "bytes.md"}, result.stdout


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: b\nc: d\x00\n", 1, "character U+0000 is not allowed"),
        ("a: b\nc: half \ud83d a heart\n", 1, "character U+D83D is not allowed"),
        ("a: &x [1]\nb: *x\n", 1, "YAML aliases (*x) are not allowed"),
        ("a: " + "x" * 100_001, 0, "at most 100,000 are read"),
    ],
    ids=["nul", "surrogate", "alias", "too-long"],
)
def test_yaml_is_refused_by_the_loader_itself(yaml_loader: str, text: str, line: int, message: str) -> None:
    # Callers that hand YAML over directly get the same refusals as a lesson file.
    with pytest.raises(yamlsrc.YamlProblem) as caught:
        yamlsrc.load(text)
    assert caught.value.line == line and message in caught.value.message
