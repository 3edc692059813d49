"""Guards the app's Footer override against a Textual upgrade.

``workbook/ui/widgets/footer.py`` copies Textual's ``Footer.compose`` and
``Footer.bindings_changed`` (and relies on ``Footer.on_mount`` subscribing
``bindings_changed`` to the screen's binding signal, and on ``Footer.DEFAULT_CSS`` for
where the keys, the palette key and the status word go), and writes the private
``_bindings_ready``. A new Textual may change any of them without a word; this test
fails loudly when the copied source changes, so the override is re-read, not
trusted.
"""

from __future__ import annotations

import hashlib
import inspect
import textwrap

from textual.widgets import Footer

#: sha256 of each copied method's source, as of the Textual version pinned in
#: pyproject.toml (8.2.8). Update only after re-checking the override against it.
RECORDED = {
    "compose": "8514ae6622cb1844d4353b5599245739bafd009052a04e9fb6d4af4c7d9084ce",
    "bindings_changed": "eb88714081bd2305b861309edf2d5311feec64f6d7a215393abf7e7a4b3f37e3",
    "on_mount": "1a81a045e0f3c6a875f54e3cf184dc1ff032251fe4a4bfc11add59d73a84f3f1",
    "DEFAULT_CSS": "49104eb606670411427145d078508feeef604485948cc92cec6a5977fc9ba914",
}


def _source(name: str) -> str:
    member = getattr(Footer, name)
    return member if isinstance(member, str) else inspect.getsource(member)


def _digest(name: str) -> str:
    return hashlib.sha256(_source(name).encode()).hexdigest()


def test_the_textual_footer_source_the_override_copies_is_unchanged() -> None:
    changed = {name: _digest(name) for name in RECORDED if _digest(name) != RECORDED[name]}
    if changed:
        sources = "\n\n".join(textwrap.dedent(_source(name)) for name in changed)
        raise AssertionError(
            f"Textual's Footer.{', Footer.'.join(changed)} changed since workbook/ui/widgets/"
            "footer.py copied it. Re-check the override against the new source: that "
            "compose() (the override adds the status word) still yields "
            "FooterKey(key, key_display, description, action, "
            "disabled=, tooltip=) and the palette key; that bindings_changed() still sets "
            "_bindings_ready and recomposes after a refresh; that on_mount() still "
            "subscribes bindings_changed to screen.bindings_updated_signal; that "
            "DEFAULT_CSS still lays the keys out in a row, the palette key docked right "
            "behind a one-column border, a compact key's margin-right 1 (PALETTE, STATUS "
            "and the status word's room between the keys and the palette key count on "
            "it). Then run the "
            "footer tests (test_pilot_layout.py) and the snapshots, and record the new "
            f"digests here: {changed}\n\nThe new source:\n{sources}"
        )


def test_the_private_flag_the_override_writes_still_exists() -> None:
    # The override reads and writes _bindings_ready; a rename would leave it writing a
    # flag nothing reads, and the footer would never fill in.
    assert "_bindings_ready" in inspect.getsource(Footer), (
        "textual.widgets.Footer no longer uses _bindings_ready: workbook/ui/widgets/footer.py "
        "writes it in bindings_changed() and reads it in on_resize(); re-check both"
    )
