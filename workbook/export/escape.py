"""Partner text as Markdown that reads well and parses right, whatever was typed.

Partner text can never add structure, and is escaped only where a character would
change the structure at its position, so an export opened as plain text reads as typed
(``12.5``, ``+44 20…`` and ``# weekly`` mid-sentence stay as they are):

- anywhere in a line: backticks and ``[`` always; ``\\`` before punctuation; ``<`` that
  could open HTML or an autolink; ``&`` that could spell an entity; runs of ``*``,
  ``_`` and ``~`` that could open or close emphasis (CommonMark's flanking rules);
  ``|`` in table cells;
- at the start of a line: whatever would begin a block (a heading's ``#``, a quote's
  ``>``, a list's ``-``/``+``/``*`` or ``1.``, a thematic break, a fence, a setext line);
- a line indented by four spaces or more (or by a tab or other whitespace) keeps its
  indentation behind one numeric character reference, so it cannot become a code
  block; up to three leading spaces are written as typed (a reader drops them).

Each line of a written answer becomes its own paragraph (separated by blank lines), so
lines never combine into tables, setext headings or lazy continuations, and the plain
text has no hard-break backslashes. Text in one-line places (titles, labels, names,
options, the timer's mirror) has its line breaks turned into spaces; a table cell keeps
them as ``<br>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

#: Control characters other than tab and line breaks: shown as U+FFFD, since
#: CommonMark can neither keep them at a line's edge nor as character references.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: Whitespace by CommonMark's flanking rules (markdown-it's ``isWhiteSpace``): a run of
#: ``*``, ``_`` or ``~`` with such whitespace (or a line's edge) on both sides can
#: neither open nor close emphasis.
_MD_SPACE = frozenset("\t\n\v\f\r \u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

#: Any character that may need a backslash somewhere in a line; text without one (and
#: with nothing block-like at its start) is returned as it is, which is most text.
_MAYBE = re.compile(r"[\\`\[<&*_~]")
_MAYBE_IN_CELL = re.compile(r"[\\`\[<&*_~|]")
#: The characters and runs the escaper looks at, one match each.
_INLINE = re.compile(r"[\\`\[<&|]|\*+|_+|~+")
#: After "<": a tag, a closing tag, a comment, a declaration, a processing instruction
#: or an autolink (a scheme or an e-mail address up to a ">").
_HTML_AFTER = re.compile(r"[A-Za-z/!?]|[^\s<>]*>")
#: After "&": what could be a character reference (or become one with the ";" that
#: follows the text in the export, where the text's end is not the line's).
_ENTITY_AFTER = re.compile(r"#|[A-Za-z0-9]+;")
_ENTITY_AFTER_OPEN = re.compile(r"#|[A-Za-z0-9]+(?:;|$)")
#: A line beginning a block: quote, bullet, ATX heading, setext underline, tilde fence
#: (a backtick fence never forms: backticks are always escaped), or thematic break.
_BLOCK_START = re.compile(
    r" {0,3}(?:>|[-+*](?=[ \t]|$)|#{1,6}(?=[ \t]|$)|=+[ \t]*$|~{3,}|([-_*])[ \t]*(?:\1[ \t]*){2,}$)"
)
#: "1." or "1)" followed by a space: an ordered list item; its digits, to escape after.
_ORDERED = re.compile(r" {0,3}\d{1,9}(?=[.)](?:[ \t]|$))")
#: A heading's closing sequence: "#"s at its end after a space (or alone).
_CLOSING_HASHES = re.compile(r"(?:^|(?<=[ \t]))#+$")


def _entity(ch: str) -> str:
    return f"&#{ord(ch)};"


def _lines(text: str) -> list[str]:
    # Only \\n, \\r\\n and \\r end lines in CommonMark; other separators stay as text.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def escape_inline(
    text: str,
    *,
    block: bool = False,
    left: bool = True,
    right: bool = True,
    pipe: bool = False,
    heading: bool = False,
) -> str:
    """One line of partner text (no line breaks), escaped only where it matters.

    Args:
        text: The text, one line with control characters already replaced.
        block: The text starts a block (a paragraph or a list item's text), so what
            would begin a block at its start is escaped.
        left: Whitespace or the line's start comes before the text in the export
            (otherwise punctuation may, and emphasis runs at its start are escaped).
        right: Whitespace or the line's end comes after it.
        pipe: The text is in a table cell, where ``|`` ends the cell.
        heading: The text ends an ATX heading, where trailing ``#``s would close it.
    """
    if (_MAYBE_IN_CELL if pipe else _MAYBE).search(text) is not None:
        text = _INLINE.sub(_escaper(text, left, right, pipe), text)
    if block and text:
        start = _BLOCK_START.match(text)
        if start is not None:
            at = len(text) - len(text.lstrip(" "))
            text = f"{text[:at]}\\{text[at:]}"
        else:
            ordered = _ORDERED.match(text)
            if ordered is not None:
                text = f"{text[: ordered.end()]}\\{text[ordered.end() :]}"
    if heading:
        closing = _CLOSING_HASHES.search(text)
        if closing is not None:
            text = f"{text[: closing.start()]}\\{text[closing.start() :]}"
    return text


def _escaper(text: str, left: bool, right: bool, pipe: bool) -> Callable[[re.Match[str]], str]:
    """The replacement for each match of :data:`_INLINE` in ``text``."""
    entity_after = _ENTITY_AFTER if right else _ENTITY_AFTER_OPEN
    end = len(text)

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        first = found[0]
        after = match.end()
        if first == "\\":
            # A backslash escapes only punctuation (or, last on a line, breaks it).
            return "\\\\" if after == end or text[after] in _ASCII_PUNCT else found
        if first in "`[":
            return "\\" + found
        if first == "<":
            return "\\<" if _HTML_AFTER.match(text, after) else found
        if first == "&":
            return "\\&" if entity_after.match(text, after) else found
        if first == "|":
            return "\\|" if pipe else found
        # A run of *, _ or ~: harmless only when it can neither open nor close.
        before = text[match.start() - 1] if match.start() else None
        following = text[after] if after < end else None
        spaced_before = left if before is None else before in _MD_SPACE
        spaced_after = right if following is None else following in _MD_SPACE
        if spaced_before and spaced_after:
            return found
        if first == "_" and (before or " ").isalnum() and (following or " ").isalnum():
            return found  # inside a word: snake_case is never emphasis
        return "".join("\\" + ch for ch in found)

    return replace


def one_line(text: str) -> str:
    """Text for a one-line place (a title, a name, an option): line breaks become
    spaces, control characters U+FFFD, and the ends are trimmed."""
    text = CONTROL.sub("\ufffd", text)
    if "\n" in text or "\r" in text:
        text = " ".join(_lines(text))
    return text.strip()


def inline(
    text: str, *, block: bool = False, left: bool = True, right: bool = True, heading: bool = False
) -> str:
    """:func:`one_line` then :func:`escape_inline`: any text, safe in a one-line place."""
    return escape_inline(one_line(text), block=block, left=left, right=right, heading=heading)


#: :func:`inline` for the lesson's own words and the partners' names, which repeat in
#: every entry of an export (a ten-year export escapes the same label thousands of times).
lesson_text = lru_cache(maxsize=4096)(inline)


def answer_lines(text: str) -> list[str]:
    """An answer's lines as exported: control characters as U+FFFD, trailing
    whitespace dropped, blank lines left out."""
    return [line for line in (line.rstrip() for line in _lines(CONTROL.sub("\ufffd", text))) if line]


def escape_block(text: str) -> str:
    """Partner text as paragraphs, one per non-blank line, separated by blank lines.

    Up to three leading spaces are kept as typed (a reader drops them); deeper
    indentation, or any other leading whitespace, starts with one character reference
    so it stays text rather than becoming a code block.
    """
    paragraphs = []
    for line in answer_lines(text):
        lead = len(line) - len(line.lstrip())
        if lead > 3 or line[:lead].strip(" "):
            paragraphs.append(_entity(line[0]) + escape_inline(line[1:], left=False))
        else:
            paragraphs.append(escape_inline(line, block=True))
    return "\n\n".join(paragraphs)


def escape_cell(text: str) -> str:
    """Partner text inside a table cell (line breaks as ``<br>``; the ends trimmed,
    as a reader trims them)."""
    lines = _lines(CONTROL.sub("\ufffd", text).strip())
    last = len(lines) - 1
    return "<br>".join(
        escape_inline(line, pipe=True, left=n == 0, right=n == last) for n, line in enumerate(lines)
    )
