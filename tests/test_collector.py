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


def _frozen(objects: list[object]) -> list[bool]:
    """Whether each object is in the permanent generation: tracked by the collector, yet in none of its generations."""
    walked = {id(o) for o in gc.get_objects()}
    return [gc.is_tracked(o) and id(o) not in walked for o in objects]


def test_objects_frozen_before_the_block_stay_frozen():
    """The block's end does not hand frozen objects (the app's kept evaluations) back to the collector. Checked on
    objects of the test's own: the count of frozen objects is the whole process's, and a thread of pytest's (xdist's
    channel) may free one of its own frozen objects at any moment."""
    gc.collect()
    before = [_Node() for _ in range(100)]
    gc.freeze()
    try:
        with collector_paused():
            kept = [[i] for i in range(1_000)]
        assert gc.isenabled()
        assert all(_frozen(before))
        assert not any(_frozen(kept[:10]))  # what the block made is the collector's, as in a process with nothing frozen
    finally:
        gc.unfreeze()
    assert not any(_frozen(before))  # the check itself tells frozen from not
