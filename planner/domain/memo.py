"""Remember results of pure engine steps inside one process, so that re-evaluating what did not change is free.

The app evaluates the whole plan after every edit, undo and redo; most of the plan is the same each time.
Keys must hold every input the step reads, with their types (1 and 1.0 differ in the JSON), and
the values must be immutable (frozen models that nobody changes in place).
"""

from __future__ import annotations

import _thread
from collections import OrderedDict
from operator import is_not
from typing import Any, Hashable, Sequence


class _Key:
    """A `Remembered` key with its hash worked out once: a dict hashes a tuple key at every lookup (a tuple keeps no
    hash), and a schedule's key holds a part per workload (~0.3 M instructions a hash at 1,000 workloads); a table's
    lookup and its move to the end hashed it twice and compared it twice."""

    __slots__ = ("key", "hashed")

    def __init__(self, key: Hashable) -> None:
        self.key = key
        self.hashed = hash(key)  # (an unhashable key raises here, as the dict would)

    def __hash__(self) -> int:
        return self.hashed

    def __eq__(self, other: object) -> bool:
        return type(other) is _Key and self.key == other.key


class Remembered:
    """A small least-recently-used table of results, safe to share between threads.

    Holds at most `size` entries whose weights (e.g. workloads in them) add up to at most `budget`;
    the most recent entry is always kept.
    """

    def __init__(self, size: int, budget: float = float("inf")):
        self.size = size
        self.budget = budget
        self._entries: OrderedDict[_Key, tuple[Any, float, _Key]] = OrderedDict()
        """(value, weight, the key as stored) by key (`_Key`: hashed once per use)."""
        self._weight = 0.0
        self._lock = _thread.allocate_lock()  # threading.Lock, without importing threading (~2 M instructions at every start)

    def get(self, key: Hashable) -> Any | None:
        """The value remembered for `key` (now the most recently used), or None."""
        probe = _Key(key)
        with self._lock:
            entry = self._entries.get(probe)
            if entry is None:
                return None
            self._entries.move_to_end(entry[2])  # (found as itself: not compared again)
            return entry[0]

    def put(self, key: Hashable, value: Any, weight: float = 0.0) -> None:
        """Remember `value` for `key`, forgetting the least recently used entries beyond `size` and `budget`."""
        probe = _Key(key)
        with self._lock:
            old = self._entries.pop(probe, None)
            if old is not None:
                self._weight -= old[1]
            self._entries[probe] = (value, weight, probe)
            self._weight += weight
            while len(self._entries) > 1 and (len(self._entries) > self.size or self._weight > self.budget):
                _key, (_value, dropped, _stored) = self._entries.popitem(last=False)
                self._weight -= dropped

    def values(self) -> list[Any]:
        """Every remembered value, least recently used first."""
        with self._lock:
            return [value for value, _weight, _key in self._entries.values()]

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()
            self._weight = 0.0

    def __len__(self) -> int:
        return len(self._entries)


def changed_places(now: Sequence[Any], before: Sequence[Any] | None) -> list[int] | None:
    """The positions where `now` holds another object than `before` (compared by identity, one C loop: ~20 ns an item),
    or None where `before` is None or of another length. (The flags as bytes, searched in C: no int object per
    position, as `compress(range(...), flags)` made and dropped: ~15% fewer instructions at 1,000 items.)"""
    if before is None or len(now) != len(before):
        return None
    flags = bytes(map(is_not, now, before))
    places = []
    index = flags.find(1)
    while index >= 0:
        places.append(index)
        index = flags.find(1, index + 1)
    return places
