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
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block, unless it is already off (then leave it alone).

    Only the caller that turned it off turns it back on, so nested and concurrent uses are safe.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
