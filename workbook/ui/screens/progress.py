"""The progress screen: lessons per partner, habits, activity, and what is coming up.

It shows what was done, never what was missed: no streaks, no red marks for a
quiet week.
"""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Sparkline, Static

from workbook.content.dates import format_day
from workbook.store import PARTNERS, Couple, Who
from workbook.ui.commands import ProgressWanted, StartOverRequested
from workbook.ui.progress import ProgressReady, ProgressReport, agenda_text, bar, status_text
from workbook.ui.widgets.footer import Footer
from workbook.ui.widgets.habits import HabitsGrid


class ProgressScreen(Screen[None]):
    """Filled in when the app's progress worker reports (at once, and after changes)."""

    BINDING_GROUP_TITLE = "Progress"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the lessons"),
        Binding(
            "s", "start_over", "Start over…", tooltip="Reset progress for a lesson or all (answers kept)"
        ),
    ]

    def __init__(self, couple: Couple, report: ProgressReport | None = None) -> None:
        """Args:
        couple: The partners (for their names).
        report: The latest full report, shown at once (None: "Adding it up…" until
            the worker's first report).
        """
        super().__init__(id="progress-screen")
        self.couple = couple
        self._first = report
        self.report: ProgressReport | None = None
        """The report on screen (None until the worker's first report)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress-body"):
            yield Static("[b]Your progress[/]", id="progress-title")
            yield Static("Adding it up…", id="progress-totals")
            yield Static("", id="progress-lessons")
            yield Static("[b]Habits[/] · last 8 weeks, one mark per day", id="habits-title")
            yield HabitsGrid(id="habits")
            yield Static("[b]Activity[/] · entries started or completed, last 12 weeks", id="activity-title")
            yield Sparkline([], id="activity", summary_function=max)
            yield Static("", id="activity-caption")
            yield Static("", id="progress-agenda")
        yield Footer()

    def on_mount(self) -> None:
        if self._first is not None and self._first.detail:
            self.show(self._first)  # the latest figures at once; fresh ones follow
        # After the first paint, so the worker does not compete with it.
        self.call_after_refresh(self.post_message, ProgressWanted())

    def on_progress_ready(self, message: ProgressReady) -> None:
        # The same figures again (say, the file changed and changed back) are not redrawn.
        if message.report.detail and message.report != self.report:
            self.show(message.report)

    def show(self, report: ProgressReport) -> None:
        """Render a report."""
        self.report = report
        couple = self.couple
        assert report.totals is not None
        t = report.totals
        self.query_one("#progress-totals", Static).update(
            f"{_count(t.entries_done, 'worksheet entry', 'worksheet entries')} completed · "
            f"{_count(t.sections_read, 'section', 'sections')} read · "
            f"{_count(t.habits_ticked, 'habit', 'habits')} ticked in the last 8 weeks"
        )
        self._show_lessons(report)
        self._show_habits(report)
        weeks = report.activity
        counts = [w.started + w.completed for w in weeks]
        self.query_one("#activity", Sparkline).data = counts
        if weeks:
            this = weeks[-1]
            total = sum(counts)
            since = format_day(weeks[0].start, year=False, short=True)
            self.query_one("#activity-caption", Static).update(
                f"[$text-muted]from {since} · this week: {this.started} started, "
                f"{this.completed} completed · {total} in 12 weeks[/]"
            )
        upcoming = [agenda_text(item, couple, report.today) for item in report.agenda]
        self.query_one("#progress-agenda", Static).update(
            "[b]Coming up[/]\n" + ("\n".join(upcoming) if upcoming else "[$text-muted]No dates ahead.[/]")
        )

    def _show_lessons(self, report: ProgressReport) -> None:
        """Each lesson's status, bar, partners and counts, in lines that never wrap.

        The counts go beside the bars where they fit, else on a line of their own;
        the partners' small bars go before a word would wrap (long names, 80 columns),
        and two names too long for one line get a line each.
        """
        box = self.query_one("#progress-lessons", Static)
        width = box.content_region.width or self.size.width - 5
        lines = [
            "[b]Lessons[/]",
            # What the figures mean, so a partner ahead of the lesson is no puzzle.
            "[$text-muted]The bar: sections you have both read, and each worksheet marked done.[/]",
            "[$text-muted]Each name: what that partner has read; a worksheet counts the same.[/]",
        ]
        for number, lesson in enumerate(report.lessons, start=1):
            lines.append(f"[b]{number}. {escape(lesson.title)}[/]  {status_text(lesson)}")
            counts = (
                f"{lesson.sections_read}/{len(lesson.sections)} read · "
                f"{lesson.worksheets_done}/{len(lesson.worksheets)} worksheets"
            )
            percents = {who: lesson.partner_percent(who) for who in PARTNERS}
            names = {who: escape(self.couple.name(who)) for who in PARTNERS}
            with_bars = "  ".join(
                f"{names[who]} {bar(percents[who], 6)} {percents[who]:>3}%" for who in PARTNERS
            )
            plain = "  ".join(f"{names[who]} {percents[who]}%" for who in PARTNERS)
            line = f"   {bar(lesson.percent, 10)}  "
            if _cells(line + with_bars) <= width or _cells(line + plain) <= width:
                partners = with_bars if _cells(line + with_bars) <= width else plain
                if _cells(f"{line}{partners}  {counts}") <= width:
                    lines.append(f"{line}{partners}  [$text-muted]{counts}[/]")
                else:
                    lines.append(line + partners)
                    lines.append(f"   [$text-muted]{counts}[/]")
            else:
                # Two long names: the counts beside the lesson's bar, then a line per
                # partner, so that a name never wraps onto a line without its indent.
                lines.append(f"{line}[$text-muted]{counts}[/]")
                lines.extend(
                    f"   {names[who]} {bar(percents[who], 6)} {percents[who]:>3}%" for who in PARTNERS
                )
        box.update("\n".join(lines))

    def on_resize(self) -> None:
        if self.report is not None:
            self._show_lessons(self.report)

    def _show_habits(self, report: ProgressReport) -> None:
        def name(who: Who) -> str:
            return self.couple.name(who) if who is not Who.SHARED else "Both"

        rows = [(row.item, name(row.who), row.days) for row in report.habits]
        grid = self.query_one(HabitsGrid)
        grid.show(report.today, rows)  # the rows' length says how many days back
        # A lesson pack without a daily checklist has no habits to show.
        grid.display = self.query_one("#habits-title").display = bool(rows)

    def action_back(self) -> None:
        """Back to where you were."""
        self.dismiss(None)

    def action_start_over(self) -> None:
        """Ask which lesson to start over (and offer a backup first)."""
        self.post_message(StartOverRequested())


def _cells(markup: str) -> int:
    """The columns a line of markup takes on screen."""
    return Content.from_markup(markup).cell_length


def _count(n: int, one: str, many: str) -> str:
    """ "1 habit", "1,204 habits": a count a person reads at a glance."""
    return f"{n:,} {one if n == 1 else many}"
