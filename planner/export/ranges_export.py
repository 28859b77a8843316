"""`show --ranges`: the plan's figures as P10/P50/P90 (JSON `uncertainty{}` and text)."""

from __future__ import annotations

from typing import Any

from planner.domain.money import krw
from planner.domain.ranges import Band, Ranges
from planner.domain.vocabulary import STRATEGY_LABEL


def uncertainty_document(ranges: Ranges) -> dict[str, Any]:
    """JSON `uncertainty{}`: each uncertain figure as {p10, p50, p90}, in that order (dates ISO, money whole KRW)."""
    return {
        "draws": ranges.draws,
        "draws_asked": ranges.draws_asked,
        "seed": ranges.seed,
        "tco_krw": {name: band.as_dict() for name, band in ranges.tco_krw.items()},
        "break_even_month": ranges.break_even_month.as_dict(),
        "go_live": ranges.go_live.as_dict(),
        "phase_end": {str(n): band.as_dict() for n, band in ranges.phase_end.items()},
        "probability_plan_beats_cloud": round(ranges.probability_plan_beats_cloud, 4),
        "probability_plan_beats_on_prem": round(ranges.probability_plan_beats_on_prem, 4),
        "tornado": [
            {
                "input": bar.input,
                "name": bar.name,
                "low": round(bar.low, 6),
                "high": round(bar.high, 6),
                "tco_at_low_krw": bar.tco_at_low_krw,
                "tco_at_high_krw": bar.tco_at_high_krw,
                "swing_krw": bar.swing_krw,
            }
            for bar in ranges.tornado
        ],
        "inputs": [
            {"id": i.id, "name": i.name, "distribution": i.distribution, "low": i.low, "mode": i.mode, "high": i.high, "origin": i.origin, "source": i.source}
            for i in ranges.inputs
        ],
        "cumulative_krw": {name: [band.as_dict() for band in bands] for name, bands in ranges.cumulative_krw.items()},
    }


def _money(band: Band) -> str:
    return f"{krw(band.p10)} / {krw(band.p50)} / {krw(band.p90)}"


def _when(value: Any, unit: str = "") -> str:
    if value is None:
        return "not within the horizon"
    return f"{unit}{value}" if unit else (value.isoformat() if hasattr(value, "isoformat") else str(value))


def ranges_text(ranges: Ranges, horizon_months: int, top: int = 3) -> list[str]:
    """The `show --ranges` section: bands, probabilities, the inputs that move the TCO most."""
    scaled = f" (scaled down from {ranges.draws_asked:,} for a plan this large)" if ranges.draws < ranges.draws_asked else ""
    lines = ["", f"Ranges over {ranges.draws:,} draws{scaled}, seed {ranges.seed}: P10 / P50 / P90"]
    for name, band in ranges.tco_krw.items():
        lines.append(f"  {STRATEGY_LABEL.get(name, name)} TCO over {horizon_months} months: {_money(band)}")
    be = ranges.break_even_month
    lines.append(f"  Break-even against all-cloud: {_when(be.p10, 'month ')} / {_when(be.p50, 'month ')} / {_when(be.p90, 'month ')}")
    if ranges.go_live.p50 is not None:
        lines.append(f"  Go-live: {_when(ranges.go_live.p10)} / {_when(ranges.go_live.p50)} / {_when(ranges.go_live.p90)}")
    for phase, band in ranges.phase_end.items():
        lines.append(f"  Phase {phase} ends: {_when(band.p10)} / {_when(band.p50)} / {_when(band.p90)}")
    lines.append(f"  The plan beats all-cloud with probability {ranges.probability_plan_beats_cloud:.0%}, all-on-prem with probability {ranges.probability_plan_beats_on_prem:.0%}")
    if ranges.tornado:
        lines.append(f"  What moves the plan's TCO most (each input from its P10 to its P90, the others at P50):")
        for bar in ranges.tornado[:top]:
            sign = "+" if bar.swing_krw >= 0 else "-"
            lines.append(f"    {bar.name} ({bar.low:.4g} -> {bar.high:.4g}): {sign}{krw(abs(bar.swing_krw))} ({krw(bar.tco_at_low_krw)} -> {krw(bar.tco_at_high_krw)})")
    return lines
