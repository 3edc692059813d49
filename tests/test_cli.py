"""The ``workbook`` command, run as a person would: a subprocess, exit codes, one-line errors."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import LESSON_ORDER
from workbook import __version__
from workbook.cli import main
from workbook.paths import bundled_lessons_dir


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``workbook ARGS`` as a real process: for what only a process shows (locks held
    by another process, signals, pipes, the terminal)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "workbook", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``workbook ARGS`` in this process through ``main()``: the same exit code and
    output as the command, in a fraction of the time, and seen by coverage."""
    out, err = io.StringIO(), io.StringIO()
    before = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse: --help, --version, usage errors
                code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 2
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(["workbook", *args], code, out.getvalue(), err.getvalue())


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("workbook: ") and text in lines[0], result.stderr


def test_version() -> None:
    result = run_process("--version")  # the installed entry point, as a person runs it
    assert result.returncode == 0 and result.stdout.strip() == f"workbook {__version__}"


def test_help_names_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in ("--db", "--lessons", "lessons"):
        assert word in result.stdout


def test_lessons_list_prints_the_nine_in_order(tmp_path: Path) -> None:
    result = run("lessons", "list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ids = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert ids == LESSON_ORDER
    assert result.stdout.splitlines()[0] == "communication\tTalking so you are heard"


def test_lessons_check_ok_on_the_shipped_lessons() -> None:
    result = run("lessons", "check", str(bundled_lessons_dir()))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK: 9 lessons, ")


def test_lessons_check_reports_every_problem(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\nid: a\ntitle: A\n---\n## S\n```worksheet\nid: w\ntitle: W\nfields:\n"
        "  - {id: f, kind: txt, label: F}\n  - {id: g, kind: text}\n```\n",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text("---\nid: b\n---\n## S\n", encoding="utf-8")
    result = run("lessons", "check", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert f"{tmp_path / 'a.md'}:10: unknown field kind 'txt' — did you mean 'text'?" in lines
    assert f"{tmp_path / 'a.md'}:11: field 'g' needs a label" in lines
    assert f"{tmp_path / 'b.md'}:1: front matter needs a 'title'" in lines
    assert "3 problem(s)" in result.stderr


def test_lessons_check_on_a_missing_folder(tmp_path: Path) -> None:
    assert_one_line_error(run("lessons", "check", str(tmp_path / "nope")), 2, "lessons folder not found")


def test_app_refuses_a_corrupt_db_and_leaves_it_untouched(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    original = b"SQLite format 3\x00" + b"\x07" * 4000  # a header, then garbage
    path.write_bytes(original)
    result = run("--db", str(path))
    assert_one_line_error(result, 2, str(path))
    assert path.read_bytes() == original


def test_app_refuses_a_text_file_as_db(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("dear diary\n", encoding="utf-8")
    assert_one_line_error(run("--db", str(path)), 2, "not a Reconnect workbook")
    assert path.read_text(encoding="utf-8") == "dear diary\n"


def test_app_refuses_a_newer_workbook(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1380142676")
    conn.execute("PRAGMA user_version = 999")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    original = path.read_bytes()
    assert_one_line_error(run_process("--db", str(path)), 2, "newer version")
    assert path.read_bytes() == original


def test_app_refuses_missing_or_empty_lessons_folder(tmp_path: Path) -> None:
    db = str(tmp_path / "w.sqlite")
    assert_one_line_error(run("--db", db, "--lessons", str(tmp_path / "none")), 2, "lessons folder not found")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_one_line_error(run("--db", db, "--lessons", str(empty)), 2, "no lesson files")
    assert not (tmp_path / "w.sqlite").exists(), "nothing is created when the app cannot start"


def test_unknown_option_is_a_clear_error() -> None:
    result = run("--frobnicate")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "workbook: unrecognized arguments: --frobnicate" in result.stderr
