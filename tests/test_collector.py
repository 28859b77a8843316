"""collector_paused: what a paused block kept is not walked by the next young collection, and garbage is still found."""

from __future__ import annotations

import gc
import weakref

import pytest

from planner.store.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_as_in_a_new_process():
    """The collector on and nothing frozen, as in a process that opened no app: an app test run before in the
    same pytest worker keeps its evaluations frozen (planner.tui.session.keep_out_of_collections). Put back after."""
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    gc.unfreeze()
    gc.enable()
    yield
    if frozen:
        gc.freeze()
    if not enabled:
        gc.disable()


class _Node:
    def __init__(self) -> None:
        self.other: object = None


def test_what_a_paused_block_kept_goes_to_the_oldest_generation_and_its_cyclic_garbage_is_still_collected():
    gc.collect()
    with collector_paused():
        kept = [[i] for i in range(50_000)]  # stays alive, as an evaluation does
        a, b = _Node(), _Node()
        a.other, b.other = b, a  # a reference cycle that becomes garbage
        gone = weakref.ref(a)
        del a, b
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000  # not 50,000 young objects for the next collection to walk
    assert gone() is not None
    gc.collect()
    assert gone() is None and len(kept) == 50_000


def test_objects_frozen_before_the_block_stay_frozen():
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            kept = [[i] for i in range(1_000)]
        assert gc.isenabled() and gc.get_freeze_count() == frozen and len(kept) == 1_000
    finally:
        gc.unfreeze()
