"""Layering: content, store and export never import Textual; imports only point down."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import workbook

PACKAGE = Path(workbook.__file__).parent
#: Layers from the bottom; a module may import its own layer and those before it.
LAYERS = ["content", "store", "export", "ui", "cli"]
SHARED = {"paths", "__init__", "__main__"}


def test_lower_layers_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import workbook.content, workbook.store, workbook.paths, workbook.cli\n"
        "from pathlib import Path\n"
        "from workbook.content import load_pack\n"
        "from workbook.paths import bundled_lessons_dir\n"
        "load_pack(bundled_lessons_dir())\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported: {result.stdout}"


def test_importing_the_store_does_not_load_sqlite_utils() -> None:
    # sqlite-utils costs ~90 ms: it loads when a workbook is opened, in the app's worker.
    code = "import sys, workbook.store, workbook.content; print('sqlite_utils' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "workbook" or len(parts) < 2:
        return None
    return parts[1] if parts[1] not in SHARED else None


def test_imports_only_point_downward() -> None:
    problems = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        own = _layer(module)
        if own is None or own not in LAYERS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module]
            for target in targets:
                layer = _layer(target)
                if layer in LAYERS and LAYERS.index(layer) > LAYERS.index(own):
                    problems.append(f"{module} imports {target}")
                if own in ("content", "store", "export") and target.split(".")[0] == "textual":
                    problems.append(f"{module} imports {target}")
    assert problems == []


#: What running SQL looks like in Python: a query string, or reaching for a connection.
_SQL = re.compile(
    r"""["'](SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|BEGIN)\b"""  # a query in a string
    r"|\.execute\(|\b_conn\b|\._cursor\("  # or a connection reached for
)


def test_sql_lives_only_in_the_store() -> None:
    """Screens, exports and the CLI ask the store; only workbook/store runs SQL."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] == "store":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _SQL.search(line) and not line.lstrip().startswith("#"):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_screens_and_widgets_do_not_reach_up_to_the_app() -> None:
    """Screens and widgets get what they need passed down and send messages up: none
    casts ``self.app`` to the app class or fishes attributes off its screen."""
    reaching = re.compile(r'cast\(\s*"WorkbookApp"|getattr\(self\.(app|screen),')
    found = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for folder in ("ui/screens", "ui/widgets")
        for path in sorted((PACKAGE / folder).glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if reaching.search(line)
    ]
    assert not found, f"reaching up to the app: {found}"
