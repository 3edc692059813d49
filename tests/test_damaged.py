"""Workbook files that are damaged, read-only or not quite there, made by fixtures.

Each gets one clear line (exit 2) from every command, never a traceback, and a
command that only reads leaves the file and its folder exactly as it found them.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import LESSONS, started_together
from tests.test_cli import assert_one_line_error, run
from workbook.content import load_pack
from workbook.store import WorkbookError, open_workbook
from workbook.store.demo import make_demo


def _demo(path: Path) -> Path:
    make_demo(path, load_pack(LESSONS), today=date(2026, 11, 25)).close()
    return path


def _corrupt_table(path: Path, table: str) -> None:
    """Overwrite the first page of ``table`` with garbage, as a failing disk might."""
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()
    (size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(path, "r+b") as handle:  # no connection is open in this process now
        handle.seek((root - 1) * size)
        handle.write(b"\xa5" * size)


def _folder(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def corrupt(tmp_path: Path) -> Path:
    path = _demo(tmp_path / "corrupt.sqlite")
    _corrupt_table(path, "answers")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--all", "--include-drafts"],
        ["export", "--all", "--format", "json"],
        ["progress"],
        ["progress", "--json"],
    ],
)
def test_a_corrupt_page_gets_one_line_pointing_to_doctor_and_backups(
    corrupt: Path, command: list[str]
) -> None:
    before = corrupt.read_bytes()
    result = run(*command, "--db", str(corrupt))
    assert_one_line_error(result, 2, "damaged")
    assert "workbook doctor" in result.stderr and "restore" in result.stderr
    assert corrupt.read_bytes() == before
    assert _folder(corrupt) == ["corrupt.sqlite"]


def test_read_only_commands_never_write_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    for command in (["export", "--all"], ["export", "--all", "--format", "json"], ["progress"]):
        assert_one_line_error(run(*command, "--db", str(empty)), 2, "empty")
        assert empty.stat().st_size == 0
        assert _folder(empty) == ["empty.sqlite"]


def test_reading_commands_and_backup_leave_the_folder_as_they_found_it(tmp_path: Path) -> None:
    path = _demo(tmp_path / "w" / "workbook.sqlite")
    assert _folder(path) == ["workbook.sqlite"]
    for command in (["export", "--all"], ["progress", "--json"]):
        assert run(*command, "--db", str(path)).returncode == 0
        assert _folder(path) == ["workbook.sqlite"], command
    assert run("backup", "--db", str(path), "-o", str(tmp_path / "b.sqlite")).returncode == 0
    assert _folder(path) == ["workbook.sqlite"]
    assert _folder(tmp_path / "b.sqlite") == ["b.sqlite", "w"]


def test_a_refused_sqlite_file_gets_nothing_beside_it(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (x)")
    conn.close()
    before = other.read_bytes()
    assert_one_line_error(run("--db", str(other)), 2, "another program")
    assert_one_line_error(run("progress", "--db", str(other)), 2, "another program")
    assert other.read_bytes() == before and _folder(other) == ["other.sqlite"]


def test_an_orphaned_wal_is_not_overwritten_by_a_new_workbook(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    wal = tmp_path / "workbook.sqlite-wal"
    wal.write_bytes(b"the latest answers of a workbook that was moved away")
    with pytest.raises(WorkbookError, match="workbook.sqlite-wal"):
        open_workbook(path)
    assert not path.exists() and wal.read_bytes().startswith(b"the latest answers")
    assert_one_line_error(run("--db", str(path)), 2, "-wal")


def test_a_new_workbook_in_a_missing_folder_under_a_file_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert_one_line_error(run("--db", str(blocker / "workbook.sqlite")), 2, "cannot create")


@pytest.mark.parametrize("command", ["progress --json", "export --all --format json", "export --all"])
def test_output_piped_into_head_ends_quietly(tmp_path: Path, command: str) -> None:
    path = tmp_path / "workbook.sqlite"
    # A year of history: more output than a pipe holds, so the writer meets a closed pipe.
    make_demo(path, load_pack(LESSONS), years=1, today=date(2026, 11, 25)).close()
    shell = f"{sys.executable} -m workbook {command} --db '{path}' | head -c 1"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=60)
    assert result.stdout in ("{", "<", "#")
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert result.stderr == ""


def test_two_processes_creating_one_new_workbook_both_succeed(tmp_path: Path) -> None:
    """Migrations run under BEGIN IMMEDIATE: the second waits, then finds them applied."""
    code = (
        "import sys\n"
        "from workbook.store import open_workbook\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "store = open_workbook(sys.argv[1])\n"
        "print(store.schema_version, store.integrity_ok())\n"
        "store.close()\n"
    )
    failures = []
    for round_ in range(6):
        path = tmp_path / f"new-{round_}" / "workbook.sqlite"
        # A barrier: both have imported everything and wait on one line; then both
        # get it at once, and open the new file at the same moment.
        procs, ready = started_together(code, str(path))
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            if ready != ["ready", "ready"] or proc.returncode != 0 or out.split()[1:] != ["True"]:
                failures.append(err.strip().splitlines()[-1:] or out)
    assert not failures, failures


def test_opening_in_threads_at_once_gives_one_schema(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def opener() -> None:
        barrier.wait()
        try:
            open_workbook(path).close()
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    store = open_workbook(path)
    assert store.integrity_ok()
    store.close()


def _as_nobody(action: Callable[[], str]) -> str:
    """Run ``action`` in a forked child that has become an unprivileged user.

    Root may write any file, so a read-only workbook can only be tried as someone
    else; the child shares this process's imported modules, so it needs no access
    to the virtual environment. Returns what ``action`` returned, or the error.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.setgid(65534)
            os.setuid(65534)
            answer = action()
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            answer, code = f"{type(error).__name__}: {error}", 1
        os.write(write_end, answer.encode())
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read().decode()
    os.waitpid(pid, 0)
    return answer


@pytest.mark.skipif(not hasattr(os, "fork") or os.geteuid() != 0, reason="needs root to act as another user")
def test_a_read_only_workbook_is_refused_for_typing_and_read_by_commands() -> None:
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="reconnect-ro-"))
    try:
        path = _demo(folder / "workbook.sqlite")
        os.chmod(folder, 0o755)
        os.chmod(path, 0o644)  # owned by root: read-only for everyone else

        def for_typing() -> str:
            open_workbook(path).close()
            return "opened"

        def for_reading() -> str:
            store = open_workbook(path, readonly=True)
            try:
                return f"{len(store.all_entries())} entries"
            finally:
                store.close()

        assert _as_nobody(for_typing).startswith("WorkbookReadOnlyError: ")
        assert "read-only" in _as_nobody(for_typing)
        assert _as_nobody(for_reading).endswith(" entries")
        assert _folder(path) == ["workbook.sqlite"]
        # A writable file in a folder that is not: say that, not "damaged".
        os.chmod(path, 0o666)
        refused = _as_nobody(for_typing)
        assert refused.startswith("WorkbookReadOnlyError: the folder "), refused
    finally:
        shutil.rmtree(folder)


async def test_the_app_meets_a_corrupt_page_with_one_line_not_a_traceback(corrupt: Path) -> None:
    from tests.conftest import new_app, ready, settle
    from workbook.ui.messages import OpenWorksheet

    app = new_app(corrupt)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        # As a click on the card does: the handler reads its answers, on a damaged page.
        app.post_message(OpenWorksheet("communication", "daily-check-in"))
        await settle(pilot)
    assert app.return_code == 2
    assert app.error_message is not None and "damaged" in app.error_message
    assert "workbook doctor" in app.error_message


def test_doctor_tells_healthy_corrupt_in_use_and_read_only_apart(tmp_path: Path, corrupt: Path) -> None:
    from tests.test_concurrency import Holder
    from workbook.store.doctor import diagnose

    healthy = _demo(tmp_path / "healthy.sqlite")
    result = run("doctor", "--db", str(healthy))
    assert result.returncode == 0, result.stdout
    assert "integrity   ok" in result.stdout and "All is well." in result.stdout

    result = run("doctor", "--db", str(corrupt))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(line.startswith("BAD  integrity") for line in result.stdout.splitlines()), result.stdout

    holder = Holder(healthy)
    try:
        result = run("doctor", "--db", str(healthy))
        assert f"open in process {holder.proc.pid}" in result.stdout, result.stdout
        holder.write("still-here")
    finally:
        holder.kill()

    if hasattr(os, "fork") and os.geteuid() == 0:
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="reconnect-ro-"))
        try:
            path = _demo(folder / "workbook.sqlite")
            os.chmod(folder, 0o755)
            os.chmod(path, 0o644)

            def report() -> str:
                return "\n".join(f"{f.ok} {f.topic}" for f in diagnose(path))

            lines = _as_nobody(report).splitlines()
            assert "False writable" in lines and "True integrity" in lines, lines
        finally:
            shutil.rmtree(folder)


@pytest.fixture
def pack_with_a_broken_lesson(tmp_path: Path) -> Path:
    """The shipped lessons, with the money lesson's worksheet block left unclosed."""
    import shutil

    folder = tmp_path / "lessons"
    shutil.copytree(LESSONS, folder)
    money = next(folder.glob("*finances*.md"))
    text = money.read_text(encoding="utf-8")
    money.write_text(text[: text.rindex("```")], encoding="utf-8")  # the last fence never closes
    return folder


def test_exports_say_what_was_left_out_and_why(tmp_path: Path, pack_with_a_broken_lesson: Path) -> None:
    db = _demo(tmp_path / "w.sqlite")
    lessons = str(pack_with_a_broken_lesson)
    one = run("export", "--lesson", "finances", "--db", str(db), "--lessons", lessons)
    assert_one_line_error(one, 2, "lesson 'finances' has problems")
    assert "finances.md:" in one.stderr, "names the file and line"

    for command in (["export", "--all"], ["export", "--all", "--format", "json"], ["progress"]):
        result = run(*command, "--db", str(db), "--lessons", lessons)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert "left out lesson 'finances'" in result.stderr and "finances.md:" in result.stderr
        assert result.stdout, "the other lessons are still there"


def test_a_full_disk_at_first_start_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    """A real full disk: a 64 KiB tmpfs, filled (needs root to mount; skipped without)."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        filler = folder / "filler"
        with open(filler, "wb") as handle:  # no workbook connection in this process
            try:
                handle.write(b"\0" * 1024 * 1024)
            except OSError:
                pass  # full: as intended
        path = folder / "workbook.sqlite"
        with pytest.raises(WorkbookError, match="the disk is full"):
            open_workbook(path)
        assert not path.exists(), "a failed first start leaves no empty workbook behind"
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)
