"""Several real processes on one workbook file: nothing written is lost, nothing corrupts.

SQLite keeps a shared file safe only while each process keeps its POSIX locks. A
process that ``open()``s and closes the database file by any other means drops all of
them, and the next process to close the file then thinks it is the last one: it
checkpoints and deletes the write-ahead log while the first is still writing into it.
These tests hold a workbook open in a child process, as the app does, let other
processes come and go, write again, then ``kill -9`` the holder and look at the file.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import started_together
from tests.test_cli import run_process as run
from workbook.store import Who, open_workbook

#: A stand-in for the app: opens the workbook, reads it from a second connection the
#: way the app's progress worker does, then writes whenever it is told to.
HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from workbook.store import Who, open_workbook

    store = open_workbook(Path(sys.argv[1]))
    if store.couple() is None:
        store.set_couple("Sam", "Alex")
    entry = store.new_entry("communication", "daily-check-in")
    store.save_answers(entry.id, {("said", Who.FIRST): "before"})
    reader = store.reopen()          # what the progress worker reads through
    reader.read_marks()
    reader.close(checkpoint=False)
    print(entry.id, flush=True)
    for line in sys.stdin:
        word = line.strip()
        store.save_answers(entry.id, {(word, Who.FIRST): word})
        print("saved", word, flush=True)
    time.sleep(60)
    """
)


class Holder:
    """A child process holding the workbook open and writing on request."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.entry_id = int(self.proc.stdout.readline())

    def write(self, word: str) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(word + "\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().split() == ["saved", word]

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)


def _check(path: Path, entry_id: int, words: list[str]) -> None:
    store = open_workbook(path)
    try:
        assert store.integrity_ok()
        answers = store.answers(entry_id)
        assert answers[("said", Who.FIRST)].value == "before"
        for word in words:
            assert answers[(word, Who.FIRST)].value == word, f"{word!r} was lost"
    finally:
        store.close()


def _second_workbook(path: Path) -> None:
    code = "import sys; from workbook.store import open_workbook; open_workbook(sys.argv[1]).close()"
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)


def _sqlite_shell_like(path: Path) -> None:
    # Any other SQLite program (the sqlite3 shell, a backup tool) opening and closing it.
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT 1 FROM answers'); c.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)


OTHERS = {
    "workbook progress": lambda path: run("progress", "--db", str(path)),
    "workbook export": lambda path: run("export", "--all", "--include-drafts", "--db", str(path)),
    "workbook export json": lambda path: run("export", "--all", "--format", "json", "--db", str(path)),
    "workbook backup": lambda path: run("backup", "--db", str(path), "-o", str(path.parent / "b.sqlite")),
    "a second workbook": _second_workbook,
    "another sqlite program": _sqlite_shell_like,
}


@pytest.mark.parametrize("other", OTHERS)
def test_writes_after_another_process_came_and_went_survive_kill_9(db_path: Path, other: str) -> None:
    holder = Holder(db_path)
    try:
        holder.write("first")
        result = OTHERS[other](db_path)
        if isinstance(result, subprocess.CompletedProcess):
            assert result.returncode == 0, result.stderr
        holder.write("second")
        holder.write("third")
    finally:
        holder.kill()
    _check(db_path, holder.entry_id, ["first", "second", "third"])


def test_two_holders_and_a_command_in_between_never_corrupt_the_file(db_path: Path) -> None:
    first = Holder(db_path)
    second = Holder(db_path)
    try:
        first.write("a1")
        second.write("b1")
        assert run("progress", "--db", str(db_path)).returncode == 0
        first.write("a2")
        second.write("b2")
    finally:
        first.kill()
        second.kill()
    _check(db_path, first.entry_id, ["a1", "a2"])
    _check(db_path, second.entry_id, ["b1", "b2"])


def test_reading_the_file_in_process_keeps_its_locks(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-process checks (inspect, reopen) never open the file outside SQLite."""
    import builtins
    import io

    store = open_workbook(db_path)
    store.set_couple("Sam", "Alex")
    opened: list[str] = []
    real_open, real_io_open = os.open, io.open

    def spy_os(path: object, *args: object, **kwargs: object) -> int:
        opened.append(str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def spy_io(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_io_open(file, *args, **kwargs)  # type: ignore[call-overload]

    try:
        with monkeypatch.context() as patch:
            patch.setattr(os, "open", spy_os)
            patch.setattr(io, "open", spy_io)
            patch.setattr(builtins, "open", spy_io)
            open_workbook(db_path).close(checkpoint=False)
            reader = store.reopen()
            reader.read_marks()
            reader.close(checkpoint=False)
        assert not [p for p in opened if p.startswith(str(db_path))], opened
    finally:
        store.close()
    assert sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_screens_opening_a_worksheet_at_once_share_one_entry(db_path: Path) -> None:
    """open_entry decides and creates under the write lock: no twin entries."""
    store = open_workbook(db_path)
    store.set_couple("Sam", "Alex")
    store.close()
    code = (
        "import sys\n"
        "from workbook.store import open_workbook\n"
        "store = open_workbook(sys.argv[1])\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "for _ in range(20):\n"
        "    store.open_entry('communication', 'daily-check-in', repeatable=True)\n"
        "store.close()\n"
    )
    # A barrier: both hold the workbook open and wait on one line, then get it at once.
    procs, ready = started_together(code, str(db_path))
    assert ready == ["ready", "ready"]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    store = open_workbook(db_path)
    try:
        assert len(store.entries("communication", "daily-check-in")) == 1
    finally:
        store.close()
