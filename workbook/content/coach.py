"""Gentle hints for I-statements: spot blame patterns and suggest a softer shape.

Pure text functions (no UI), so the rules are easy to test and to extend. Hints never
block anything: the couple may keep their words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbook.content.settings import template_slots


@dataclass(frozen=True)
class BlameHint:
    """One pattern found in a sentence, with what to try instead."""

    phrase: str
    """The words as they were typed (e.g. "you never")."""
    suggestion: str
    """A gentler way to say it."""


#: (pattern, suggestion). Patterns match whole words, any case.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"you always", "Describe one time: “when … happened last Tuesday.”"),
    (r"you never", "Say what you would like: “I’d love it if …”"),
    (r"you make me( feel)?", "Own the feeling: “I feel … when …”"),
    (r"it'?s (all )?your fault", "Describe what happened, without a verdict."),
    (r"you should(n'?t)?", "Ask for what you need: “Could we …?”"),
    (r"you don'?t (even )?care", "Say what you miss: “I feel alone when …”"),
)
_COMPILED = tuple((re.compile(rf"\b{p}\b", re.IGNORECASE), s) for p, s in _PATTERNS)


def blame_hints(text: str) -> list[BlameHint]:
    """Blame patterns in ``text``, in the order they appear (each pattern once)."""
    found: list[tuple[int, BlameHint]] = []
    normalized = text.replace("\u2019", "'")
    for pattern, suggestion in _COMPILED:
        match = pattern.search(normalized)
        if match:
            found.append((match.start(), BlameHint(text[match.start() : match.end()], suggestion)))
    return [hint for _, hint in sorted(found, key=lambda item: item[0])]


def fill_template(template: str, slots: dict[str, str]) -> str:
    """The template's sentence with each ``{slot}`` filled (blanks shown as "…")."""
    result = template
    for name in template_slots(template):
        value = (slots.get(name) or "").strip()
        result = result.replace("{" + name + "}", value or "…", 1)
    return result
