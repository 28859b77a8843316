"""Pause Python's cyclic garbage collector around work that builds large object trees and frees nothing.

Parsing a 10,000-workload plan or evaluating it allocates hundreds of thousands of containers that all
stay alive (or are freed by reference counting); meanwhile the collector would walk the young objects
over and over, and now and then the whole heap (the app's too), without finding garbage.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused(to_oldest: bool = True) -> Iterator[None]:
    """Disable the cyclic collector for the block, unless it is already off (then leave it alone).

    Only the caller that turned it off turns it back on, so nested and concurrent uses are safe.
    What the block allocated and kept goes straight to the oldest generation (gc.freeze, then gc.unfreeze:
    two list splices): turned back on, the collector would otherwise walk all of it in its next young
    collection (~0.4 s after loading 10,000 workloads) only to find nothing. Cyclic garbage among it is
    found by the next full collection. Not when objects are frozen (the app's session keeps its
    evaluations frozen: unfreezing would hand them back to the collector). `to_oldest=False`: not at all (knowing
    whether objects are frozen, gc.get_freeze_count(), walks every frozen object: the app, which freezes what its
    blocks keep anyway, turns the collector off and on and nothing more; `planner.tui.heap.collector_off`).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if to_oldest and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()
