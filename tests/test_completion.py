"""Completion rules: required answers, per-partner fields by both, what counts as answered."""

from __future__ import annotations

import pytest

from workbook.content import Field, Worksheet
from workbook.store import Who, is_answered, missing_answers

SHEET = Worksheet(
    id="w",
    title="W",
    fields=(
        Field(id="topic", kind="text", label="Topic", required=True),
        Field(id="need", kind="long", label="What I need", who="each", required=True),
        Field(id="notes", kind="long", label="Notes"),
    ),
)


@pytest.mark.parametrize(
    ("value", "answered"),
    [
        (None, False),
        ("", False),
        ("   \n", False),
        ([], False),
        ({}, False),
        ({"feeling": " "}, False),
        ([{"item": ""}], False),
        ("x", True),
        (0, True),
        (["a"], True),
        ({"feeling": "sad"}, True),
        ([{"item": "Rent"}], True),
    ],
)
def test_what_counts_as_an_answer(value: object, answered: bool) -> None:
    assert is_answered(value) is answered


def test_required_per_partner_fields_need_both_partners() -> None:
    missing = missing_answers(SHEET, {("topic", Who.SHARED): "Chores", ("need", Who.FIRST): "Help"})
    assert [(m.field.id, m.who) for m in missing] == [("need", Who.SECOND)]


def test_optional_fields_never_block() -> None:
    values = {("topic", Who.SHARED): "x", ("need", Who.FIRST): "a", ("need", Who.SECOND): "b"}
    assert missing_answers(SHEET, values) == []


def test_nothing_answered_lists_every_required_answer_in_order() -> None:
    missing = missing_answers(SHEET, {})
    assert [(m.field.id, m.who) for m in missing] == [
        ("topic", Who.SHARED),
        ("need", Who.FIRST),
        ("need", Who.SECOND),
    ]
