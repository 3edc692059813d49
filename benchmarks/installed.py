"""Measure the app as installed: its modules compiled to bytecode.

``pip install .`` compiles every module to bytecode (``__pycache__``), so a couple's
app never compiles its own source at start. A development checkout can lack those
files: an editable install under ``PYTHONDONTWRITEBYTECODE=1`` (as on the CI machine)
recompiles each of the app's modules on every start, some 70 ms that no installed
copy pays, while Textual and the other dependencies come compiled from pip.
"""

from __future__ import annotations

import compileall
import importlib.util
from pathlib import Path


def compile_app() -> Path:
    """Compile the workbook package in place, as pip does at install; its folder."""
    spec = importlib.util.find_spec("workbook")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("workbook is not installed: pip install -e . first")
    package = Path(next(iter(spec.submodule_search_locations)))
    if not compileall.compile_dir(package, quiet=1):
        raise SystemExit(f"could not compile {package}")
    return package


def starts_collector_off(package: Path) -> bool:
    """Whether the ``workbook`` package in ``package`` (its folder) starts the app with
    the garbage collector off, as its CLI does since the start-up work of issue 15
    (``cli.cmd_app`` calls ``gc.disable()``). A benchmark starts each checkout the way
    its own CLI does, so that ``--before`` an older commit measures what it shipped.
    (Its ``make_app`` is told so where it takes ``collector_off``; the first commits
    of that work read it from ``gc.isenabled()``.)"""
    return "gc.disable()" in (package / "cli.py").read_text(encoding="utf-8")


def start_mode(package: Path) -> str:
    """How :func:`starts_collector_off` starts the ``workbook`` package in ``package``,
    in the words the benchmarks print and pass to their snippets."""
    return "collector off" if starts_collector_off(package) else "collector on"
