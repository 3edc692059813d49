"""Short full passes of Python's garbage collector, once the lessons read are kept.

The lessons a couple opens stay built for the whole session (a few hundred thousand
objects once all nine are open), and every full pass of the collector walks them all
again: 85-135 ms each, and one came every two or three worksheet opens or F3 lists,
landing inside them. Freezing what is kept (``gc.freeze``) takes it out of those passes.

A freeze also keeps whatever was alive at that moment out of later passes, so it is
done when nothing short-lived is open (the caller says when: Home and the lessons, no
worksheet or dialog). The compaction a second after a lesson is first built, while the
couple reads it, first unfreezes and collects everything (one full pass, ~100 ms with
every lesson open): a kept object that died since is collected then. Once all nine
lessons are built none comes again, and an object frozen alive that later dies in a
reference cycle stays until the app closes; measured, about 3,200 such objects, as
many after twelve worksheets opened and closed as after one.

A freeze also upsets how CPython spaces its own full passes: it makes one only when the
objects promoted since the last outnumber a quarter of what that pass kept, and a pass
after a freeze keeps only the unfrozen rest. From the first such pass on, one came
every ten middle passes, in nearly every worksheet open (33 ms of its ~175). So the
app asks for one per :data:`FULL_PASS_EVERY` middle passes instead; a worksheet or
dialog closed is compacted lightly (only what is not frozen is collected, the rest then
frozen) a second after, so what a closed screen held does not wait for that rarer pass.
(Python 3.14's incremental collector has no such third threshold and ignores it.)

Before each compaction, what still holds closed widgets lets go (:func:`drop_closed`).
Textual keeps a widget's ``watch()`` of a longer-lived object on that object until the
watched attribute next changes (textual#6666). Every worksheet's header watches the
app's title and every answer box the app's theme, which seldom change: each worksheet
opened stayed in memory, its answers' text with it, about 7,000 objects an open. And
a color cache of Textual's (``StylesCache.get_inner_outer``, 1,024 entries) is keyed on
each widget's drawing cache, which holds the lines it drew: 17 MB more after 80
worksheets opened and closed, flat when it is emptied at each compaction (it refills
with a few dozen entries for what is on screen).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from textual._styles_cache import StylesCache

#: Seconds after a lesson is first built before compacting (reading time; later
#: lessons built meanwhile push it back, so a quick look through the tabs costs one).
COMPACT_DELAY = 1.0
#: Middle passes between two full passes the collector makes on its own (CPython: 10).
#: 30: one in every three or four worksheet opens, not nearly every one; 100 was as
#: quick to open, but twenty worksheets opened and closed in a row, with no moment on
#: Home for a compaction, then held 105 MB against 75.
FULL_PASS_EVERY = 30


def collector_on() -> None:
    """Turn the collector on again once the first screen is drawn, when the app
    started with it off (``cli.cmd_app``: its passes over what start-up builds, about
    116,000 objects nearly all kept for the session, took ~19 ms of the time to Home).

    What start-up built (some 50,000 objects: Home, its screen, the styles) is frozen
    first: the first pass would otherwise walk it all (~6 ms, in the frames just after
    Home's first). Frozen with it are the ~2,700 objects start-up left to the collector
    (~0.3 MB): the first compaction, a second after Home, unfreezes everything and
    collects them.
    """
    gc.freeze()
    gc.enable()


class _Timer(Protocol):
    def stop(self) -> None: ...


def drop_closed(watched: Iterable[Any]) -> int:
    """Forget the watchers, on each of ``watched``, of widgets that have closed (how
    many were dropped), and empty Textual's color cache keyed on widgets' drawings.

    Textual prunes them the same way (``Reactive._check_watchers``, by the watcher's
    ``_closing``), but only when the watched attribute changes. ``__watchers`` is where
    its ``watch()`` keeps them (``textual/reactive.py``, ``_watch``); Textual is pinned,
    and ``tests/test_memory.py`` fails if either changes.
    """
    dropped = 0
    for obj in watched:
        for entries in getattr(obj, "__watchers", {}).values():
            kept = [(node, callback) for node, callback in entries if not node._closing]
            dropped += len(entries) - len(kept)
            entries[:] = kept
    StylesCache.get_inner_outer.cache_clear()
    return dropped


class Compactor:
    """Freezes the long-lived objects, when asked to and when the moment is right.

    Args:
        set_timer: The app's ``set_timer`` (a delay and a callback; returns a timer).
        quiet: True when only long-lived screens are open (no worksheet, no dialog).
        watched: What widgets may watch: the app and every node of its screens (their
            closed watchers are dropped before each compaction, see :func:`drop_closed`).
    """

    def __init__(
        self,
        set_timer: Callable[[float, Callable[[], None]], _Timer],
        quiet: Callable[[], bool],
        watched: Callable[[], Iterable[Any]] = tuple,
    ):
        self._set_timer = set_timer
        self._quiet = quiet
        self._watched = watched
        self._timer: _Timer | None = None
        self._thorough = True
        """Whether the compaction due unfreezes first (see :meth:`soon`)."""
        self.runs = 0
        """Compactions done: what tests count."""
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_PASS_EVERY)

    def soon(self, *, thorough: bool = True) -> None:
        """Compact after :data:`COMPACT_DELAY`.

        Args:
            thorough: Something long-lived was built: unfreeze first, so that what was
                frozen and has died since is collected too (a full pass over all that is
                kept, ~100 ms with every lesson open). False: a short-lived screen
                closed; only what is not frozen is collected (its garbage, mostly).
        """
        if self._timer is not None and not thorough:
            # One is due already: a light request does not put it off (screens closed
            # one after another would put it off for good, their garbage piling up).
            return
        self._thorough = thorough  # a light one returned above if one was due
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._set_timer(COMPACT_DELAY, self._run)

    def _run(self) -> None:
        self._timer = None
        if not self._quiet():
            # A worksheet or dialog is open: its objects must not be frozen.
            self.soon(thorough=self._thorough)
            return
        drop_closed(self._watched())
        if self._thorough:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.runs += 1
