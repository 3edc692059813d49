"""The ``workbook`` command: opens the app; checks or lists lesson folders; exports,
backs up and restores the workbook.

Errors are one line on stderr, never a traceback. Exit codes: 0 fine, 1 problems
found (``lessons check``), 2 unusable input (bad workbook file, missing lessons).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from workbook import __version__

if TYPE_CHECKING:
    from workbook.content import LessonPack
    from workbook.store import Workbook

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"workbook: {message}\n")


def _with_db(*, lessons: bool) -> _Parser:
    """The options every command shares, given once (a parent parser).

    ``SUPPRESS`` as the default: an option given only before the command
    (``workbook --db X export``) is not overwritten by the command's own default.
    """
    common = _Parser(add_help=False)
    common.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS, help="workbook file")
    if lessons:
        common.add_argument(
            "--lessons", type=Path, metavar="DIR", default=argparse.SUPPRESS, help="lesson folder"
        )
    return common


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
    parser.add_argument(
        "--as",
        dest="as_name",
        metavar="NAME",
        help="who is at this screen: either partner's name (default: both of you; asked when "
        "the workbook is already open on another screen)",
    )
    parser.set_defaults(handler=cmd_app)
    db_and_lessons, db_only, lessons_only = _with_db(lessons=True), _with_db(lessons=False), _lessons_option()
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    lessons = commands.add_parser("lessons", help="list or check lesson folders")
    lesson_commands = lessons.add_subparsers(
        dest="lessons_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    listing = lesson_commands.add_parser(
        "list", parents=[lessons_only], help="print each lesson's id and title, in order"
    )
    listing.set_defaults(handler=cmd_lessons_list)
    check = lesson_commands.add_parser("check", help="validate a lesson folder; print file:line: problem")
    check.add_argument("directory", type=Path, metavar="DIR")
    check.set_defaults(handler=cmd_lessons_check)

    export = commands.add_parser(
        "export",
        parents=[db_and_lessons],
        help="write completed worksheets as Markdown (to a file, a folder, or the screen)",
    )
    scope = export.add_mutually_exclusive_group(required=True)
    scope.add_argument("--all", action="store_true", help="every lesson (with --format json: everything)")
    scope.add_argument("--lesson", metavar="ID", help="one lesson (ids: workbook lessons list)")
    scope.add_argument("--worksheet", metavar="ID", help="one worksheet, all its entries")
    scope.add_argument("--entry", type=int, metavar="N", help="one entry")
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE_OR_DIR",
        help="a file, or a folder (existing, or ending in /) for one file per lesson",
    )
    export.add_argument("--include-drafts", action="store_true", help="also entries not marked done")
    export.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown (default), or json: the whole workbook for other tools (needs --all)",
    )
    export.add_argument("--force", action="store_true", help="replace files that exist")
    export.set_defaults(handler=cmd_export)

    prog = commands.add_parser(
        "progress",
        parents=[db_and_lessons],
        help="where you are: each lesson's status, reading and worksheets",
    )
    prog.add_argument("--json", action="store_true", help="print JSON for scripts instead of a table")
    prog.set_defaults(handler=cmd_progress)

    backup = commands.add_parser(
        "backup", parents=[db_only], help="copy the workbook safely, even while the app is open"
    )
    backup.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the copy to write (or a folder, ending in /)"
    )
    backup.add_argument("--force", action="store_true", help="replace the file if it exists")
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser(
        "restore",
        parents=[db_only],
        help="replace the workbook with a backup (the current one is kept as a copy)",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a backup made by 'workbook backup'")
    restore.set_defaults(handler=cmd_restore)

    doctor = commands.add_parser(
        "doctor",
        parents=[db_and_lessons],
        help="check the workbook file and the lessons: integrity, schema, modes, locks, disk",
    )
    doctor.set_defaults(handler=cmd_doctor)

    demo = commands.add_parser(
        "demo", parents=[lessons_only], help="create a sample workbook to explore (or to measure with)"
    )
    demo.add_argument("--db", type=Path, metavar="PATH", required=True, help="file to create")
    demo.add_argument(
        "--years", type=int, default=0, metavar="N", help="add N years of weekly check-ins and daily habits"
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same sample (default 1)")
    demo.add_argument(
        "--today", type=date.fromisoformat, metavar="YYYY-MM-DD", help="the day the sample ends on"
    )
    demo.add_argument("--force", action="store_true", help="replace the file if it exists")
    demo.set_defaults(handler=cmd_demo)
    return parser


def _lessons_option() -> _Parser:
    """``--lessons`` alone, for commands that never open a workbook."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--lessons", type=Path, metavar="DIR", default=argparse.SUPPRESS, help="lesson folder"
    )
    return common


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _fail(message: str) -> int:
    print(f"workbook: {message}", file=sys.stderr)
    return EXIT_UNUSABLE


def _lessons_dir(option: Path | None) -> Path:
    from workbook.paths import bundled_lessons_dir

    return option if option is not None else bundled_lessons_dir()


def cmd_lessons_list(args: argparse.Namespace) -> int:
    """Print ``id<TAB>title`` for each lesson, in order."""
    from workbook.content import LessonError, LessonFolderError, load_pack

    directory = _lessons_dir(args.lessons)
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


def cmd_lessons_check(args: argparse.Namespace) -> int:
    """Print every problem of a lesson folder, or one OK line."""
    from workbook.content import LessonFolderError, check_pack

    directory: Path = args.directory
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

    path: Path = args.db.expanduser()
    if args.years < 0:
        return _fail("--years must be 0 or more")
    if path.exists() and not args.force:
        print(f"workbook: {path} already exists; add --force to replace it with a sample", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        pack = load_pack(_lessons_dir(args.lessons))
    except (LessonError, LessonFolderError) as error:
        return _fail(str(error))
    if path.exists():
        for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            old.unlink(missing_ok=True)
    try:
        store = make_demo(path, pack, years=args.years, seed=args.seed, today=args.today)
    except WorkbookError as error:
        return _fail(str(error))
    entries = store.entry_count()
    store.close()
    print(f"Created a sample workbook for Sam and Alex with {entries} entries: {path}")
    return EXIT_OK


def _db_path(option: Path | None) -> Path:
    from workbook.paths import default_db_path

    return (option or default_db_path()).expanduser()


def _open_existing(args: argparse.Namespace) -> tuple[Workbook, LessonPack] | int:
    """The workbook (which must exist) and the lessons (bodies parsed when used), or
    an exit code after one line on stderr."""
    from workbook.content import LessonError, LessonFolderError, open_pack
    from workbook.store import WorkbookError, open_workbook

    db_path = _db_path(args.db)
    try:
        lessons_dir = _lessons_dir(args.lessons)
        pack = open_pack(lessons_dir)
        # Read-only: these commands never create, migrate or write the workbook.
        return open_workbook(db_path, readonly=True), pack
    except (WorkbookError, LessonError, LessonFolderError) as error:
        return _fail(str(error))


def cmd_progress(args: argparse.Namespace) -> int:
    """Print each lesson's progress as a table (or JSON)."""
    import json

    from workbook.export.jsondoc import progress_json

    opened = _open_existing(args)
    if isinstance(opened, int):
        return opened
    store, pack = opened
    try:
        data = progress_json(store, pack)
    finally:
        store.close()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return _left_out(pack)
    rows = [("Lesson", "Status", "Read", "Worksheets", "Done")]
    for lesson in data["lessons"]:
        rows.append(
            (
                lesson["title"],
                lesson["status"],
                f"{lesson['sections_read']}/{lesson['sections']}",
                f"{lesson['worksheets_done']}/{lesson['worksheets']}",
                f"{lesson['percent']}%",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for index, row in enumerate(rows):
        print(
            "  ".join(
                cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(row)
            ).rstrip()
        )
        if index == 0:
            print("  ".join("-" * w for w in widths))
    step = data["next"]
    if step:
        verb = "read" if step["kind"] == "read" else "fill in"
        print(f"\nNext: {verb} “{step['title']}” ({step['lesson_title']})")
    return _left_out(pack)


def _left_out(pack: LessonPack) -> int:
    """Say on stderr which lessons were left out because of problems, and why.

    Returns:
        EXIT_PROBLEMS if any lesson was left out, else EXIT_OK.
    """
    from workbook.content import LessonError

    broken = pack.broken_lessons()
    for lesson_id, problems in broken.items():
        print(
            f"workbook: left out lesson '{lesson_id}': {LessonError(problems)} "
            f"(see 'workbook lessons check')",
            file=sys.stderr,
        )
    return EXIT_PROBLEMS if broken else EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the workbook with SQLite's online backup API."""
    from workbook.store import WorkbookError
    from workbook.store.backup import backup

    output = Path(args.output).expanduser()
    if _wants_folder(args.output) and not output.exists():
        from workbook.paths import make_private_dirs

        try:
            make_private_dirs(output)
        except OSError as error:
            return _fail(f"cannot create {output}: {error.strerror or error}")
    try:
        written = backup(_db_path(args.db), output, force=args.force)
    except FileExistsError as error:
        print(f"workbook: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except WorkbookError as error:
        return _fail(str(error))
    print(written)
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    """Print a health report of the workbook and the lessons; exit 1 if anything needs care."""
    from workbook.content import LessonFolderError, check_pack
    from workbook.store.doctor import Finding, diagnose

    db_path = _db_path(args.db)
    findings = diagnose(db_path)
    lessons_dir = _lessons_dir(args.lessons)
    try:
        pack, problems = check_pack(lessons_dir)
        if problems:
            findings += [Finding(False, "lessons", str(problem)) for problem in problems]
        else:
            counted = _count(len(pack.lessons), "lesson")
            findings.append(Finding(True, "lessons", f"{counted} in {lessons_dir}"))
    except LessonFolderError as error:
        findings.append(Finding(False, "lessons", str(error)))
    for finding in findings:
        print(f"{'ok ' if finding.ok else 'BAD'}  {finding.topic:<11} {finding.detail}")
    bad = sum(not f.ok for f in findings)
    print("\nAll is well." if not bad else f"\n{_count(bad, 'problem')} found.")
    return EXIT_OK if not bad else EXIT_PROBLEMS


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the workbook with a checked backup, keeping the current one."""
    from workbook.store import WorkbookError
    from workbook.store.backup import restore

    db_path = _db_path(args.db)
    try:
        kept = restore(args.file, db_path)
    except WorkbookError as error:
        return _fail(f"{error}; nothing was changed")
    print(f"Restored {db_path} from {args.file}")
    if kept is not None:
        print(f"Your previous workbook is kept as {kept}")
    return EXIT_OK


def _wants_folder(raw: str) -> bool:
    """Whether ``-o`` names a folder: one that exists, or a path typed with a trailing "/".

    Checked on the text as typed: Path() would drop the trailing "/".
    """
    return Path(raw).expanduser().is_dir() or raw.endswith(("/", os.sep))


def _write_targets(targets: Sequence[tuple[Path, str | Iterable[str]]], where: Path, *, force: bool) -> int:
    """Write each file atomically and privately, printing its path. Nothing is written
    if any of them exists, unless ``force``."""
    from workbook.export.files import write_documents

    for target, _ in targets:
        if target.exists() and not force:
            print(f"workbook: {target} already exists; add --force to replace it", file=sys.stderr)
            return EXIT_PROBLEMS
    try:
        write_documents(targets, force=force, on_written=print)
    except OSError as error:
        return _fail(f"cannot write {error.filename or where}: {error.strerror or error}")
    return EXIT_OK


def _export_json(args: argparse.Namespace, store: Workbook, pack: LessonPack) -> int:
    from workbook.export.jsondoc import workbook_json_chunks

    # In pieces, never whole: ten years of history held as one string (and its UTF-8
    # copy) was 2.4x the memory of reading the rows.
    text = workbook_json_chunks(store, pack)
    if args.output is None:
        sys.stdout.writelines(text)
        return EXIT_OK
    output = Path(args.output).expanduser()
    if _wants_folder(args.output):
        output = output / f"reconnect-{date.today().isoformat()}.json"
    return _write_targets([(output, text)], output, force=args.force)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the chosen scope as Markdown (or everything as JSON); never replace files
    unless --force. Lessons with problems are left out, each named on stderr (exit 1)."""
    from workbook.content import LessonError
    from workbook.export.files import ExportError, documents

    if args.format == "json" and not args.all:
        return _fail("--format json writes the whole workbook; use it with --all")
    opened = _open_existing(args)
    if isinstance(opened, int):
        return opened
    store, pack = opened
    if args.lesson is not None and pack.problems(args.lesson):
        store.close()
        return _fail(
            f"lesson '{args.lesson}' has problems, so it cannot be exported: "
            f"{LessonError(pack.problems(args.lesson))}"
        )
    if args.format == "json":
        try:
            written = _export_json(args, store, pack)
        finally:
            store.close()
        return written if written != EXIT_OK else _left_out(pack)
    try:
        docs = documents(
            store,
            pack,
            lesson_id=args.lesson,
            worksheet_id=args.worksheet,
            entry_id=args.entry,
            drafts=args.include_drafts,
        )
    except ExportError as error:
        broken = pack.broken_lessons()
        hint = f" ({_count(len(broken), 'lesson')} with problems left out)" if broken else ""
        return _fail(str(error) + hint)
    except LessonError as error:
        return _fail(str(error))
    finally:
        store.close()
    left_out = _left_out(pack) if args.all else EXIT_OK
    if not docs:
        print(
            "Nothing to export yet (only entries marked done are exported; see --include-drafts).",
            file=sys.stderr,
        )
        return left_out
    if args.output is None:
        sys.stdout.write("\n".join(doc.text for doc in docs))
        return left_out
    output = Path(args.output).expanduser()
    if _wants_folder(args.output):
        targets = [(output / doc.name, doc.text) for doc in docs]
    else:
        targets = [(output, "\n".join(doc.text for doc in docs))]
    return _write_targets(targets, output, force=args.force) or left_out


def cmd_app(args: argparse.Namespace) -> int:
    """Check the inputs cheaply, then run the app."""
    # Start-up builds ~116,000 objects (Textual, Rich, the app's modules, Home), nearly
    # all kept for the session: the collector's passes over them freed ~2,000 and took
    # ~19 ms of the ~270 ms to Home. Off until the first screen is drawn (the app turns
    # it on again: ui/memory.py, collector_on), and as it was once the app is done or
    # if it never starts.
    was_on = gc.isenabled()
    gc.disable()
    try:
        return _run_app(args, collector_off=was_on)
    finally:
        if was_on:
            gc.enable()


def _run_app(args: argparse.Namespace, *, collector_off: bool) -> int:
    """:func:`cmd_app`, with the collector off (``collector_off``: by it)."""
    from workbook.content import LessonFolderError
    from workbook.content.pack import lesson_files
    from workbook.store import WorkbookError, inspect_file
    from workbook.store.files import check_writable

    db_path = _db_path(args.db)
    lessons_dir = _lessons_dir(args.lessons)
    try:
        # Read-only checks before the terminal switches to full screen, so a bad file
        # gets one clear line and stays exactly as it was.
        check_writable(db_path, inspect_file(db_path))
        lesson_files(lessons_dir)
    except (WorkbookError, LessonFolderError) as error:
        return _fail(str(error))

    from workbook.ui.app import make_app

    # What importing built lives as long as the app: moved out of the collector's way,
    # its passes no longer walk it once it is on again (what importing left dead is
    # collected at the first compaction). Here, not in make_app, which tests call many
    # times in one process (the app's own compactions later, ui/memory.py, are undone
    # after each test).
    gc.freeze()
    app = make_app(db_path, lessons_dir, as_name=args.as_name, collector_off=collector_off)
    app.run()
    if app.error_message:
        return _fail(app.error_message)
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``workbook`` command."""
    import sqlite3

    from workbook.store.errors import WorkbookError

    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `workbook progress --json | head`: the reader has all it wanted. Point stdout
        # at nothing so Python's own flush at exit does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except sqlite3.DatabaseError as error:
        # Damage found halfway through a command (a corrupt page in the answers, say).
        from workbook.store.errors import workbook_error

        return _fail(str(workbook_error(_db_path(args.db), error, "read")))
    except WorkbookError as error:  # the store's own one-line errors, from any command
        return _fail(str(error))


def _dispatch(args: argparse.Namespace) -> int:
    """Run the command ``args`` names (each subparser sets its ``handler``)."""
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
