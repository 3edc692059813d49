"""The kill-loop script, a round of each: typing in a real terminal survives kill -9,
SIGTERM, SIGHUP (a closed window), Ctrl+Q right behind the keys, and a crash right after
leaving a field (Tab) or a worksheet (Esc).

``python benchmarks/killloop.py --rounds 50`` is the full measurement; here a round
of each keeps it from rotting and proves the promise on every CI run. The six modes
run as three tests of two, so the test processes (pytest-xdist) can share them out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "killloop.py"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("modes", ["kill,term", "hup,quit", "tab,esc"])
def test_nothing_typed_is_lost_to_a_crash_a_signal_or_a_quick_quit(modes: str) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--rounds", "1", "--modes", modes],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    # One line per mode asked for, in that order, and nothing else: a mode that
    # silently did not run would pass a looser check.
    assert [line.split()[0] for line in lines] == modes.split(","), lines
    assert all(" lost 0 of 1;" in line and "failed 0 of 1" in line for line in lines), lines
