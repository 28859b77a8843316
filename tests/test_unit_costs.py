"""Costs per million tokens and per request (planner.domain.unit_costs)."""

from __future__ import annotations

import math
import random
import struct

from planner.domain.unit_costs import _round


def _bits(x: float) -> bytes:
    return struct.pack("<d", x)


def test_rounding_without_round_gives_the_float_round_gives():
    """`_round` (used for every workload's figures) decides most figures without `round`'s decimal text: it gives the
    very float `round(x, digits)` gives, sign of zero included, for figures across many magnitudes, for exact halves
    (k + 0.5) / 10**digits and the floats either side of them, and for zeros, negatives, huge and non-finite figures."""
    draw = random.Random(16)
    figures = [draw.uniform(0, 1) * 10 ** draw.uniform(-9, 6) for _ in range(20_000)]
    for digits in (4, 6):
        for k in (*range(2_000), *(draw.randrange(10**9) for _ in range(2_000))):
            half = (k + 0.5) / 10**digits
            figures += [half, math.nextafter(half, 0.0), math.nextafter(half, math.inf), k / 10**digits]
    figures += [0.0, -0.0, -1.23456789, -0.00001, 1e300, 2.0**31 / 1e4, 2.0**31 / 1e6, 5e-324, math.inf, -math.inf]
    for digits in (4, 6):
        for x in figures:
            assert _bits(_round(x, digits, 10.0**digits)) == _bits(round(x, digits)), (x, digits)
    assert math.isnan(_round(math.nan, 4, 1e4))
    assert type(_round(3, 4, 1e4)) is int  # not a float: round's own answer
