"""The front matter fast path reads exactly what PyYAML reads, or steps aside."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import LESSONS
from workbook.content import yamlsrc
from workbook.content.frontmatter import FRONT_MATTER_KEYS, split_front_matter

KEYS = [*FRONT_MATTER_KEYS, "other", "Title", "on"]
# Mostly ordinary text, now and then something that stresses YAML's plain scalars:
# indicators, quotes, colons, comments, numbers, booleans, odd spaces and line
# separators, wide and emoji characters.
ORDINARY = list("abcdefghij XYZ'é美💛,-!?") + ["and ", "the ", "4", "12"]
SPECIAL = list("~-?:,[]{}#&*!|>'\"%@`.+=<0159eEx_\\/\t") + [
    "\u00a0",
    "\u2028",
    "\u0085",
    "\ufeff",
    "yes",
    "No",
    "null",
    "0x1",
    ".inf",
    " ",
    "  ",
]
VALUE = st.tuples(
    st.sampled_from(list("abXZé美💛") * 6 + ORDINARY + SPECIAL),  # mostly a usual first letter
    st.lists(st.sampled_from(ORDINARY * 30 + SPECIAL), max_size=10).map("".join),
).map("".join)
PAIR = st.tuples(
    st.sampled_from(list(FRONT_MATTER_KEYS) * 20 + KEYS),
    st.sampled_from([": "] * 8 + [":", ":  ", ":\t"]),
    VALUE,
)
LINE = st.one_of(
    PAIR.map("".join),
    st.sampled_from(["", "  ", "# note", "  indented: x", "---", "- item"]),
)
FRONT_MATTER = st.one_of(
    st.lists(PAIR, max_size=7, unique_by=lambda pair: pair[0]).map(lambda ps: "\n".join(map("".join, ps))),
    st.lists(LINE, max_size=7).map("\n".join),
)


@settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "250")) * 4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=FRONT_MATTER)
def test_the_fast_path_agrees_with_pyyaml_whenever_it_answers(text: str) -> None:
    fast = yamlsrc.load_flat(text, FRONT_MATTER_KEYS)
    if fast is None:
        return  # PyYAML reads it (and reports any problem)
    assert yamlsrc.load(text) == fast


def test_typical_front_matter_takes_the_fast_path_with_its_lines() -> None:
    text = "id: talking\ntitle: Talking so you are heard\ntab: Talking\nminutes: 4\norder: 1\n"
    fast = yamlsrc.load_flat(text, FRONT_MATTER_KEYS)
    assert fast == yamlsrc.load(text)
    assert fast is not None and fast["minutes"] == 4 and yamlsrc.key_line(fast, "tab") == 2


def test_what_needs_yaml_is_left_to_yaml() -> None:
    for text in (
        "title: Repair: a script",  # a second colon: a YAML error to report
        "title: yes",  # a boolean
        "order: 01",  # an octal number in YAML 1.1
        'title: "Quoted"',
        "title: a # comment",
        "id: a\nid: b",  # duplicate: reported by the full parser
        "colour: blue",  # not a front matter key
        "",
    ):
        assert yamlsrc.load_flat(text, FRONT_MATTER_KEYS) is None, text


def test_shipped_lessons_start_without_pyyaml() -> None:
    for path in sorted(LESSONS.glob("*.md")):
        found = split_front_matter(path.read_text(encoding="utf-8").split("\n"))
        assert found is not None
        assert yamlsrc.load_flat(found[0], FRONT_MATTER_KEYS) == yamlsrc.load(found[0]), path.name
    shipped = len([p for p in LESSONS.glob("*.md") if p.name.lower() != "readme.md"])
    code = (
        "import sys; from workbook.content.pack import open_pack; from workbook.paths import "
        f"bundled_lessons_dir; assert len(open_pack(bundled_lessons_dir()).infos) == {shipped}; "
        "print('yaml' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", "reading the shipped front matter imported PyYAML"


def test_the_characters_refused_are_exactly_the_ones_pyyaml_refuses() -> None:
    # NON_PRINTABLE lists the refused characters instead of negating the printable
    # ranges as PyYAML does (ten times cheaper to compile at start-up): every code
    # point must still get the same answer from both.
    from yaml.reader import Reader

    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    ours = [m.start() for m in yamlsrc.NON_PRINTABLE.finditer(everything)]
    theirs = [m.start() for m in Reader.NON_PRINTABLE.finditer(everything)]
    assert ours == theirs
    assert len(ours) == 2111  # C0 and C1 controls, DEL, surrogates, U+FFFE and U+FFFF
