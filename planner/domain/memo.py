"""Remember results of pure engine steps inside one process, so that re-evaluating what did not change is free.

The app evaluates the whole plan after every edit, undo and redo; most of the plan is the same each time.
Keys must hold every input the step reads, with their types (1 and 1.0 differ in the JSON), and
the values must be immutable (frozen models that nobody changes in place).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Hashable


class Remembered:
    """A small least-recently-used table of results, safe to share between threads."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        """The value remembered for `key` (now the most recently used), or None."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        """Remember `value` for `key`, forgetting the least recently used entries beyond `size`."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def values(self) -> list[Any]:
        """Every remembered value, least recently used first."""
        with self._lock:
            return list(self._entries.values())

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
