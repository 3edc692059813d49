"""The progress screen: lessons per partner, habits, activity, and what is coming up.

It shows what was done, never what was missed: no streaks, no red marks for a
quiet week.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, cast

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Footer, Header, Sparkline, Static

from workbook.store import PARTNERS, Couple, Who
from workbook.ui.progress import ProgressReady, ProgressReport, agenda_text, bar, status_text

if TYPE_CHECKING:
    from workbook.ui.app import WorkbookApp

HABIT_DAYS = 56


class ProgressScreen(Screen[None]):
    """Filled in when the app's progress worker reports (at once, and after changes)."""

    BINDING_GROUP_TITLE = "Progress"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the lessons"),
        Binding(
            "s", "start_over", "Start over…", tooltip="Reset progress for a lesson or all (answers kept)"
        ),
    ]

    def __init__(self, couple: Couple) -> None:
        super().__init__(id="progress-screen")
        self.couple = couple
        self.report: ProgressReport | None = None
        """The report on screen (None until the worker's first report)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress-body"):
            yield Static("[b]Your progress[/]", id="progress-title")
            yield Static("Adding it up…", id="progress-totals")
            yield Static("", id="progress-lessons")
            yield Static("", id="progress-habits")
            yield Static("[b]Activity[/] · entries started or completed, last 12 weeks", id="activity-title")
            yield Sparkline([], id="activity", summary_function=max)
            yield Static("", id="activity-caption")
            yield Static("", id="progress-agenda")
        yield Footer()

    def on_mount(self) -> None:
        app = cast("WorkbookApp", self.app)
        if app.report is not None and app.report.detail:
            self.show(app.report)  # the latest figures at once; fresh ones follow
        # After the first paint, so the worker does not compete with it.
        self.call_after_refresh(app.refresh_progress)

    def on_progress_ready(self, message: ProgressReady) -> None:
        if message.report.detail:
            self.show(message.report)

    def show(self, report: ProgressReport) -> None:
        """Render a report."""
        self.report = report
        couple = self.couple
        names = {who: escape(couple.name(who)) for who in PARTNERS}
        assert report.totals is not None
        t = report.totals
        self.query_one("#progress-totals", Static).update(
            f"{t.entries_done} worksheet entr{'y' if t.entries_done == 1 else 'ies'} completed · "
            f"{t.sections_read} sections read · {t.habits_ticked} habits ticked in the last 8 weeks"
        )
        lines = ["[b]Lessons[/]"]
        for number, lesson in enumerate(report.lessons, start=1):
            lines.append(f"[b]{number}. {escape(lesson.title)}[/]  {status_text(lesson)}")
            partners = "  ".join(
                f"{names[who]} {bar(lesson.partner_percent(who), 6)} {lesson.partner_percent(who):>3}%"
                for who in PARTNERS
            )
            lines.append(
                f"   {bar(lesson.percent, 10)}  {partners}  "
                f"[$text-muted]{lesson.sections_read}/{len(lesson.sections)} read · "
                f"{lesson.worksheets_done}/{len(lesson.worksheets)} worksheets[/]"
            )
        self.query_one("#progress-lessons", Static).update("\n".join(lines))
        self.query_one("#progress-habits", Static).update(self._habits(report))
        weeks = report.activity
        self.query_one("#activity", Sparkline).data = [w.started + w.completed for w in weeks]
        if weeks:
            this = weeks[-1]
            total = sum(w.started + w.completed for w in weeks)
            self.query_one("#activity-caption", Static).update(
                f"[$text-muted]from {weeks[0].start.strftime('%-d %b')} · this week: {this.started} started, "
                f"{this.completed} completed · {total} in 12 weeks[/]"
            )
        upcoming = [agenda_text(item, couple, report.today) for item in report.agenda]
        self.query_one("#progress-agenda", Static).update(
            "[b]Coming up[/]\n" + ("\n".join(upcoming) if upcoming else "[$text-muted]No dates ahead.[/]")
        )

    def _habits(self, report: ProgressReport) -> Content:
        # Built as Content, not markup: ten years of habits mean hundreds of spans, and
        # parsing them as markup was the progress screen's largest cost.
        if not report.habits:
            return Content("")
        first = report.today - timedelta(days=HABIT_DAYS - 1)
        label = max(len(self.couple.name(r.who)) + len(r.item) + 3 for r in report.habits)
        label = min(label, 26)
        # Week starts above the grid, one column per day, newest on the right.
        ruler = "".join(
            (first + timedelta(days=i)).strftime("%-d %b").ljust(7) if i % 7 == 0 else ""
            for i in range(HABIT_DAYS)
        )
        # Styles resolved once: a "$success" string on every span would be parsed
        # again on every paint, and a grid of years of habits has hundreds of them.
        variables = self.app.theme_variables
        ticked = Style.parse("$success", variables)
        plain = Style.parse("$text", variables)
        lines = [
            Content.from_markup("[b $text]Habits[/][$text] · last 8 weeks, one mark per day[/]"),
            Content.assemble("\u00a0" * label, ruler),  # no-break: kept at a line start
        ]
        for row in report.habits:
            name = self.couple.name(row.who) if row.who is not Who.SHARED else "Both"
            text = f"{name} · {row.item}"
            text = text if len(text) <= label - 1 else text[: label - 2] + "…"
            lines.append(Content.assemble((text.ljust(label), plain), *_marks(row.days, ticked)))
        return Content("\n").join(lines)

    def action_back(self) -> None:
        """Back to where you were."""
        self.dismiss(None)

    def action_start_over(self) -> None:
        """Ask which lesson to start over (and offer a backup first)."""
        cast("WorkbookApp", self.app).start_over()


def _marks(days: tuple[bool, ...], ticked: Style) -> list[str | tuple[str, Style]]:
    """A row of day marks: runs of ticked days styled, the rest in the grid's muted color."""
    spans: list[str | tuple[str, Style]] = []
    start = 0
    for i in range(1, len(days) + 1):
        if i == len(days) or days[i] != days[start]:
            run = i - start
            spans.append(("■" * run, ticked) if days[start] else "·" * run)
            start = i
    return spans
