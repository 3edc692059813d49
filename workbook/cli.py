"""The ``workbook`` command: opens the app, and checks or lists lesson folders.

Errors are one line on stderr, never a traceback. Exit codes: 0 fine, 1 problems
found (``lessons check``), 2 unusable input (bad workbook file, missing lessons).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from workbook import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"workbook: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (public so the README's usage can be checked against it)."""
    parser = _Parser(
        prog="workbook",
        description="Reconnect: a workbook for couples rebuilding closeness. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"workbook {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="workbook file (default: $WORKBOOK_DB, or workbook.sqlite in your user data folder)",
    )
    parser.add_argument(
        "--lessons", type=Path, metavar="DIR", help="lesson folder (default: the shipped lessons)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    lessons = commands.add_parser("lessons", help="list or check lesson folders")
    lesson_commands = lessons.add_subparsers(
        dest="lessons_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    listing = lesson_commands.add_parser("list", help="print each lesson's id and title, in order")
    listing.add_argument("--lessons", type=Path, metavar="DIR", dest="list_lessons", help="lesson folder")
    check = lesson_commands.add_parser("check", help="validate a lesson folder; print file:line: problem")
    check.add_argument("directory", type=Path, metavar="DIR")

    demo = commands.add_parser("demo", help="create a sample workbook to explore (or to measure with)")
    demo.add_argument("--db", type=Path, metavar="PATH", dest="demo_db", required=True, help="file to create")
    demo.add_argument("--lessons", type=Path, metavar="DIR", dest="demo_lessons", help="lesson folder")
    demo.add_argument(
        "--years", type=int, default=0, metavar="N", help="add N years of weekly check-ins and daily habits"
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same sample (default 1)")
    demo.add_argument(
        "--today", type=date.fromisoformat, metavar="YYYY-MM-DD", help="the day the sample ends on"
    )
    demo.add_argument("--force", action="store_true", help="replace the file if it exists")
    return parser


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _fail(message: str) -> int:
    print(f"workbook: {message}", file=sys.stderr)
    return EXIT_UNUSABLE


def _lessons_dir(option: Path | None) -> Path:
    from workbook.paths import bundled_lessons_dir

    return option if option is not None else bundled_lessons_dir()


def cmd_lessons_list(directory: Path) -> int:
    """Print ``id<TAB>title`` for each lesson, in order."""
    from workbook.content import LessonError, LessonFolderError, load_pack

    try:
        pack = load_pack(directory)
    except (LessonError, LessonFolderError) as error:
        return _fail(
            f"{error} (run 'workbook lessons check {directory}' for every problem)"
            if isinstance(error, LessonError)
            else str(error)
        )
    for lesson in pack.lessons:
        print(f"{lesson.id}\t{lesson.title}")
    return EXIT_OK


def cmd_lessons_check(directory: Path) -> int:
    """Print every problem of a lesson folder, or one OK line."""
    from workbook.content import LessonFolderError, check_pack

    try:
        pack, problems = check_pack(directory)
    except LessonFolderError as error:
        return _fail(str(error))
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s) in {directory}", file=sys.stderr)
        return EXIT_PROBLEMS
    lessons = len(pack.lessons)
    worksheets = sum(len(lesson.worksheets) for lesson in pack.lessons)
    print(f"OK: {_count(lessons, 'lesson')}, {_count(worksheets, 'worksheet')} in {directory}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Create a sample workbook; refuse to touch an existing file unless --force."""
    from workbook.content import LessonError, LessonFolderError, load_pack
    from workbook.store import WorkbookError
    from workbook.store.demo import make_demo

    path: Path = args.demo_db.expanduser()
    if args.years < 0:
        return _fail("--years must be 0 or more")
    if path.exists() and not args.force:
        print(f"workbook: {path} already exists; add --force to replace it with a sample", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        pack = load_pack(_lessons_dir(args.demo_lessons or args.lessons))
    except (LessonError, LessonFolderError) as error:
        return _fail(str(error))
    if path.exists():
        for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            old.unlink(missing_ok=True)
    try:
        store = make_demo(path, pack, years=args.years, seed=args.seed, today=args.today)
    except WorkbookError as error:
        return _fail(str(error))
    entries = store.db.execute("SELECT count(*) FROM entries").fetchone()[0]
    store.close()
    print(f"Created a sample workbook for Sam and Alex with {entries} entries: {path}")
    return EXIT_OK


def cmd_app(db: Path | None, lessons: Path | None) -> int:
    """Check the inputs cheaply, then run the app."""
    from workbook.content import LessonFolderError
    from workbook.content.pack import lesson_files
    from workbook.paths import default_db_path
    from workbook.store import WorkbookError, inspect_file

    db_path = (db or default_db_path()).expanduser()
    lessons_dir = _lessons_dir(lessons)
    try:
        # Read-only checks before the terminal switches to full screen, so a bad file
        # gets one clear line and stays exactly as it was.
        inspect_file(db_path)
        lesson_files(lessons_dir)
    except (WorkbookError, LessonFolderError) as error:
        return _fail(str(error))

    from workbook.ui.app import make_app

    app = make_app(db_path, lessons_dir)
    app.run()
    if app.error_message:
        return _fail(app.error_message)
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``workbook`` command."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return cmd_demo(args)
        if args.command == "lessons":
            if args.lessons_command == "list":
                return cmd_lessons_list(_lessons_dir(args.list_lessons or args.lessons))
            return cmd_lessons_check(args.directory)
        return cmd_app(args.db, args.lessons)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
