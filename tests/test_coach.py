"""The I-statement coach: blame patterns are spotted, suggestions offered, nothing blocked."""

from __future__ import annotations

import pytest

from workbook.content.coach import blame_hints, fill_template


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("You never make time for me", ["You never"]),
        ("I feel you always leave, and you make me feel small", ["you always", "you make me feel"]),
        ("It's your fault we were late", ["It's your fault"]),
        ("It’s all your fault", ["It’s all your fault"]),
        ("you should have called", ["you should"]),
        ("You don't care", ["You don't care"]),
    ],
)
def test_blame_patterns_are_found_in_order(text: str, phrases: list[str]) -> None:
    assert [hint.phrase for hint in blame_hints(text)] == phrases
    assert all(hint.suggestion for hint in blame_hints(text))


@pytest.mark.parametrize(
    "text",
    [
        "I feel lonely when evenings are rushed",
        "I never want to lose this",
        "Thank you for always calling",
        "",
    ],
)
def test_gentle_sentences_get_no_hint(text: str) -> None:
    assert blame_hints(text) == []


def test_template_preview_fills_slots_and_marks_blanks() -> None:
    template = "I feel {feeling} about {situation}, and I need {need}."
    assert fill_template(template, {"feeling": "lonely", "situation": " rushed evenings "}) == (
        "I feel lonely about rushed evenings, and I need …."
    )
