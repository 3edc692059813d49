"""Days as words, without the glibc-only ``%-d``."""

from datetime import date

from workbook.content.dates import format_day


def test_a_day_reads_without_a_leading_zero_on_every_platform() -> None:
    assert format_day(date(2026, 3, 3)) == "3 March 2026"
    assert format_day("2026-11-26") == "26 November 2026"
    assert format_day("2026-03-03T20:15:00+00:00", year=False) == "3 March"
    assert format_day("2026-03-03", year=False, short=True) == "3 Mar"
    assert format_day("2026-03-03", short=True, weekday=True) == "Tue 3 Mar 2026"


def test_no_strftime_pattern_the_platform_may_not_know() -> None:
    """``%-d`` and friends are glibc extensions (they fail on Windows): days go
    through format_day() instead."""
    from pathlib import Path

    import workbook

    package = Path(workbook.__file__).parent
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "strftime(" in line and "%-" in line
    ]
    assert not found, found
