"""Keeping long-lived objects out of the cyclic collector's reach (no Textual, no domain: the app imports this
before its first frame, when nothing but Textual may be loaded)."""

from __future__ import annotations

import gc

from planner.store.collector import collector_paused  # gc and contextlib only: nothing Textual's first frame must wait for

FREEZES_PER_SWEEP = 16
"""Evaluations kept out of the cyclic collector's reach (gc.freeze) before it may walk them again (a program setting)."""
_frozen = 0


def keep_out_of_collections() -> None:
    """Move every object alive now out of the cyclic collector's generations (gc.freeze), most importantly the
    evaluation just built: it lives on (screens, undo) and holds no reference cycles, yet the collector would walk
    its hundreds of thousands of objects three times (young, middle, full collection; ~0.2 s at 1,000 workloads
    on the UI thread after each edit). Objects freed by reference counting are freed as usual; cyclic garbage
    alive at this moment is only found after a sweep: every FREEZES_PER_SWEEP calls the frozen objects go back
    to the collector (gc.unfreeze), so what a long session leaks this way stays bounded."""
    global _frozen
    _frozen += 1
    if _frozen % FREEZES_PER_SWEEP == 0:
        gc.unfreeze()
    else:
        gc.freeze()


def collector_off():
    """The cyclic collector off for the block (unless it is off already: then left alone), for the app's blocks that
    build what it keeps (a plan opened, an evaluation) and end with keep_out_of_collections().

    Not planner.store.collector.collector_paused's default, which also hands what the block kept to the oldest
    generation when nothing is frozen, and asks gc.get_freeze_count() to know: that walks every frozen object, and the
    app keeps its evaluations frozen (~27 ms at 274,000 objects with a 1,000-workload plan open: a fifth of the CPU of
    each re-evaluation, in the worker, while the user waits for the figures). Here the block's objects are frozen anyway."""
    return collector_paused(to_oldest=False)
