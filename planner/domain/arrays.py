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
