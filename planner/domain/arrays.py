"""Arithmetic that takes a number (one evaluation) or a numpy array over draws (`show --ranges`).

The ledger runs the same code for one draw and for many: where its inputs may be arrays it calls these
instead of max/ceil/round. A plain number takes the plain path (no numpy import, the same result bit for
bit); numpy is imported only by the code that made the arrays.
"""

from __future__ import annotations

import math
import sys
from typing import Any

Number = Any
"""A float or int, or a numpy array of them (one value per draw)."""


SEQUENTIAL_SUM = sys.version_info < (3, 12)
"""`sum` adds floats one at a time, left to right, as `+` does (CPython 3.11; 3.12 compensates the rounding, which
gives other floats)."""


def summed(start, items):
    """`start` plus each of `items`, one at a time in their order: the float `x = start; x = x + item ...` gives (what
    `sum(items, start)` gives on CPython 3.11, on 3.12 too). `summed(0, items)` is 3.11's `sum(items)`."""
    if SEQUENTIAL_SUM:
        return sum(items, start)  # the same additions in C
    for item in items:
        start = start + item
    return start


def is_drawn(value: Number) -> bool:
    """True for an array over draws."""
    return hasattr(value, "shape")


def _np():
    return sys.modules["numpy"]  # whoever made an array imported numpy


def numpy():
    """numpy, for code that holds arrays over draws (whoever made them imported it)."""
    return _np()


def earliest(days: list) -> Any:
    """The earliest of some days: dates, or over draws arrays of ordinals (element-wise)."""
    if not any(is_drawn(d) for d in days):
        return min(days)
    np = _np()
    return np.minimum.reduce([d if is_drawn(d) else np.int64(d.toordinal()) for d in days])


def ceil(value: Number) -> Number:
    """math.ceil, or np.ceil over draws."""
    return _np().ceil(value) if is_drawn(value) else math.ceil(value)


def at_least(floor: float, value: Number) -> Number:
    """max(floor, value), or np.maximum over draws."""
    return _np().maximum(floor, value) if is_drawn(value) else max(floor, value)


def larger(a: Number, b: Number) -> Number:
    """The larger of two values (element-wise over draws)."""
    if is_drawn(a) or is_drawn(b):
        return _np().maximum(a, b)
    return max(a, b)


def smaller(a: Number, b: Number) -> Number:
    """The smaller of two values (element-wise over draws)."""
    if is_drawn(a) or is_drawn(b):
        return _np().minimum(a, b)
    return min(a, b)


def rounded(value: Number) -> Number:
    """round(), or np.round over draws (both round half to even)."""
    return _np().round(value) if is_drawn(value) else round(value)


def any_positive(value: Number) -> bool:
    """True when the value (any draw of it) is above 0."""
    return bool((value > 0).any()) if is_drawn(value) else value > 0
