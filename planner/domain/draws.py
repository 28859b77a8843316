"""The uncertain inputs and their draws (issue #20): which inputs vary, their distributions, the sampler.

An input's distribution comes from catalogs/uncertainty.toml; the plan's `[assumptions]` narrows or widens
it (`{ low, mode, high }`) or pins it (a plain number). The mode is always the value the point evaluation
uses, so the draws are spread around the plan as evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from planner.domain.catalog import Catalog, Uncertain
from planner.domain.resolve import Assumptions

from planner.domain.limits import DEFAULT_DRAWS, DEFAULT_SEED  # noqa: F401  (the defaults live where the CLI reads them)
Z90 = NormalDist().inv_cdf(0.9)
"""The standard normal's 90th percentile: a lognormal's P10-P90 spans 2 x Z90 sigmas."""


@dataclass(frozen=True)
class UncertainInput:
    """One input as drawn for this plan."""

    id: str
    name: str
    distribution: str
    low: float
    mode: float
    high: float
    origin: str
    """`catalog`, `plan range` or `plan pinned`."""
    source: str

    @property
    def pinned(self) -> bool:
        """True when every draw is the mode."""
        return self.low == self.mode == self.high

    def quantile(self, u: Any) -> Any:
        """The input's value at cumulative probability `u` (a number or an array in (0, 1))."""
        u = np.asarray(u, dtype=float)
        if self.pinned:
            return np.full(u.shape, self.mode)
        if self.distribution == "lognormal":
            sigma = np.log(self.high / self.low) / (2 * Z90) if self.low > 0 else 0.0
            z = np.vectorize(NormalDist().inv_cdf, otypes=[float])(np.clip(u, 1e-12, 1 - 1e-12))
            return self.mode * np.exp(sigma * z)
        if self.distribution == "uniform":
            return self.low + u * (self.high - self.low)
        return triangular_quantile(u, self.low, self.mode, self.high)


def triangular_quantile(u: Any, low: float, mode: float, high: float) -> Any:
    """Inverse CDF of the triangular distribution (low, mode, high)."""
    u = np.asarray(u, dtype=float)
    width = high - low
    if width <= 0:
        return np.full(u.shape, low)
    split = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(u < split, left, right)


def _mode(entry: Uncertain, assumptions: Assumptions, catalog: Catalog) -> float:
    """The value the point evaluation uses: the assumption's (catalog or plan), the plan's pin, or the entry's mode."""
    set_by_plan = assumptions.level(entry.id) if entry.id not in catalog.assumptions else None
    if set_by_plan is not None:
        return set_by_plan
    if entry.id in catalog.assumptions:
        return assumptions.num(entry.id)
    if entry.mode is not None:
        return float(entry.mode)
    return (entry.low + entry.high) / 2


def uncertain_inputs(catalog: Catalog, assumptions: Assumptions) -> list[UncertainInput]:
    """Every uncertain input with the plan's ranges and pins applied, sorted by id.

    A catalog distribution whose range does not hold the plan's value (a plan that sets growth 2.0 with
    the catalog's 0.1-1.0) is widened to hold it: the value stays the mode.
    """
    inputs = []
    for entry in sorted(catalog.uncertain.values(), key=lambda e: e.id):
        plan_range = assumptions.ranges.get(entry.id)
        if plan_range is not None:
            low, mode, high, origin = plan_range.low, plan_range.mode, plan_range.high, "plan range"
        elif assumptions.origin_of(entry.id) in ("plan [assumptions]", "scenario"):
            mode = _mode(entry, assumptions, catalog)
            low = high = mode
            origin = "plan pinned"
        else:
            mode = _mode(entry, assumptions, catalog)
            low, high, origin = min(entry.low, mode), max(entry.high, mode), "catalog"
        inputs.append(UncertainInput(entry.id, entry.name, entry.distribution, float(low), float(mode), float(high), origin, entry.source))
    return inputs


def sample(inputs: list[UncertainInput], draws: int, seed: int) -> dict[str, np.ndarray]:
    """`draws` values of each input, independent of one another, reproducible from `seed`.

    Each input has its own stream (seeded by the seed and its id), so adding or pinning one input leaves
    the others' draws as they were.
    """
    values: dict[str, np.ndarray] = {}
    for entry in inputs:
        stream = np.random.default_rng([seed, *entry.id.encode("utf-8")])
        values[entry.id] = entry.quantile(stream.random(draws))
    return values
