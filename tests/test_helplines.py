"""Every helpline names its website; Galop's line goes by its current name."""

from workbook.content import check_pack
from workbook.paths import bundled_lessons_dir

#: The site each line names in parentheses; checked against the stored pages in November 2026
#: (the organization's own page, or its government funder's where no own page was stored).
SITES = {
    "1-800-799-7233": "thehotline.org",
    "call or text 988": "988lifeline.org",
    "0808 2000 247": "nationaldahelpline.org.uk",
    "0808 801 0327": "mensadviceline.org.uk",
    "0800 999 5428": "galop.org.uk",
    "0808 802 4040": "respectphoneline.org.uk",
    "1800 737 732": "1800respect.org.au",
    "1300 766 491": "ntv.org.au",
}


def test_each_helpline_names_its_website_and_current_name() -> None:
    pack, _ = check_pack(bundled_lessons_dir())
    text = " ".join(p for s in pack.lesson("seek-help").sections for p in s.parts if isinstance(p, str))
    lines = [line for line in text.splitlines() if line.startswith("- **")]
    for number, site in SITES.items():
        assert any(number in line and f"({site})" in line for line in lines), (number, site)
    assert "National LGBT+ Domestic Abuse Helpline" not in text, "Galop merged it into one helpline in 2023"
    assert "National Helpline for LGBT+ Victims and Survivors of Abuse and Violence" in text
    assert "keep set hours" not in text, "not every unmarked line is known to keep set hours"
