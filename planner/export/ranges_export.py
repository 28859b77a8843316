"""`show --ranges` and `export --ranges`: the plan's figures as P10/P50/P90 (JSON `uncertainty{}`, text, the HTML
decision page's fan chart and tornado in inline SVG, a Markdown section and a `Ranges` sheet in the workbook)."""

from __future__ import annotations

import io
from typing import Any

from planner.domain.money import krw
from planner.domain.ranges import Band, Ranges
from planner.domain.vocabulary import STRATEGY_LABEL
from planner.export.svg import STRATEGY_STYLE, esc


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


FAN_W, FAN_H, PAD_L, PAD_B = 760, 300, 90, 36
BAR_H, TORNADO_LABEL_W, TORNADO_W = 22, 440, 420


def _report_when(value: Any) -> str:
    """A date, a month (`month 7`) or `not within the horizon`."""
    return _when(value) if hasattr(value, "isoformat") or value is None else f"month {value}"


def rows(ranges: Ranges) -> list[list[str]]:
    """(figure, P10, P50, P90) rows, as text."""
    out = [[f"{STRATEGY_LABEL.get(n, n)} TCO", krw(b.p10), krw(b.p50), krw(b.p90)] for n, b in ranges.tco_krw.items()]
    be = ranges.break_even_month
    out.append(["Break-even against all-cloud", _report_when(be.p10), _report_when(be.p50), _report_when(be.p90)])
    if ranges.go_live.p50 is not None:
        out.append(["Go-live", _report_when(ranges.go_live.p10), _report_when(ranges.go_live.p50), _report_when(ranges.go_live.p90)])
    for phase, band in ranges.phase_end.items():
        out.append([f"Phase {phase} ends", _report_when(band.p10), _report_when(band.p50), _report_when(band.p90)])
    return out


def _probabilities(ranges: Ranges) -> str:
    return (
        f"The plan beats all-cloud with probability {ranges.probability_plan_beats_cloud:.0%} and all-on-prem with probability "
        f"{ranges.probability_plan_beats_on_prem:.0%} over the horizon ({ranges.draws:,} draws, seed {ranges.seed})."
    )


def ranges_markdown(ranges: Ranges) -> str:
    """A `## Ranges` section to append to the Markdown report."""
    lines = ["", "## Ranges (P10 / P50 / P90)", "", _probabilities(ranges), "", "| figure | P10 | P50 | P90 |", "|---|---:|---:|---:|"]
    lines += [f"| {' | '.join(row)} |" for row in rows(ranges)]
    if ranges.tornado:
        lines += ["", "What moves the plan's TCO most (each input from its P10 to its P90, the others at P50):", "", "| input | P10 -> P90 | plan TCO | swing |", "|---|---|---|---:|"]
        for bar in ranges.tornado:
            lines.append(f"| {bar.name} | {bar.low:.4g} -> {bar.high:.4g} | {krw(bar.tco_at_low_krw)} -> {krw(bar.tco_at_high_krw)} | {'+' if bar.swing_krw >= 0 else '-'}{krw(abs(bar.swing_krw))} |")
    return "\n".join(lines) + "\n"


def fan_svg(ranges: Ranges) -> str:
    """Cumulative cost per strategy: the P10-P90 band shaded, the P50 line drawn."""
    series = {n: bands for n, bands in ranges.cumulative_krw.items() if bands and n in STRATEGY_STYLE}
    if not series:
        return ""
    months = max(len(b) for b in series.values())
    top = max(b.p90 for bands in series.values() for b in bands) or 1
    plot_w, plot_h = FAN_W - PAD_L - 20, FAN_H - PAD_B - 20
    x = lambda m: PAD_L + plot_w * m / max(1, months)  # noqa: E731
    y = lambda v: 10 + plot_h * (1 - v / top)  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{FAN_W}" height="{FAN_H}" viewBox="0 0 {FAN_W} {FAN_H}" role="img" aria-label="cumulative cost bands">']
    for i in range(5):
        value = top * i / 4
        parts.append(f'<line x1="{PAD_L}" x2="{PAD_L + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#d9dde3"/>')
        parts.append(f'<text x="{PAD_L - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11">{esc(krw(value))}</text>')
    for month in [1, *range(12, months + 1, 12)]:
        parts.append(f'<text x="{x(month):.1f}" y="{FAN_H - PAD_B + 16}" text-anchor="middle" font-size="11">{month}</text>')
    parts.append(f'<text x="{PAD_L + plot_w / 2:.1f}" y="{FAN_H - 4}" text-anchor="middle" font-size="11">month</text>')
    for name, bands in series.items():
        colour, dash = STRATEGY_STYLE[name]
        upper = " ".join(f"{x(m + 1):.1f},{y(b.p90):.1f}" for m, b in enumerate(bands))
        lower = " ".join(f"{x(m + 1):.1f},{y(b.p10):.1f}" for m, b in reversed(list(enumerate(bands))))
        parts.append(f'<polygon points="{upper} {lower}" fill="{colour}" fill-opacity="0.15" stroke="none"/>')
        line = " ".join(f"{x(m + 1):.1f},{y(b.p50):.1f}" for m, b in enumerate(bands))
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
    legend_x = PAD_L + 10
    for i, name in enumerate(series):
        colour, dash = STRATEGY_STYLE[name]
        last = series[name][-1]
        ly = 20 + 16 * i
        parts.append(f'<rect x="{legend_x}" y="{ly - 9}" width="14" height="10" fill="{colour}" fill-opacity="0.3"/>')
        parts.append(f'<text x="{legend_x + 20}" y="{ly}" font-size="11">{esc(STRATEGY_LABEL.get(name, name))}: {esc(krw(last.p10))} - {esc(krw(last.p90))} (P50 {esc(krw(last.p50))})</text>')
    parts.append("</svg>")
    return "".join(parts)


def tornado_svg(ranges: Ranges) -> str:
    """The plan's TCO with each input at its P10 and P90 (the others at P50): one bar per input, widest first."""
    bars = [b for b in ranges.tornado if b.swing_krw]
    if not bars:
        return ""
    centre = ranges.tco_krw["plan"].p50 if "plan" in ranges.tco_krw else 0
    low = min(min(b.tco_at_low_krw, b.tco_at_high_krw) for b in bars + [])
    high = max(max(b.tco_at_low_krw, b.tco_at_high_krw) for b in bars)
    low, high = min(low, centre), max(high, centre)
    span = (high - low) or 1
    x = lambda v: TORNADO_LABEL_W + TORNADO_W * (v - low) / span  # noqa: E731
    height = 30 + BAR_H * len(bars) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{TORNADO_LABEL_W + TORNADO_W + 120}" height="{height}" role="img" aria-label="tornado">']
    for i, bar in enumerate(bars):
        top = 24 + BAR_H * i
        a, b = sorted((bar.tco_at_low_krw, bar.tco_at_high_krw))
        colour = "#c0392b" if bar.swing_krw > 0 else "#1e8449"
        parts.append(f'<text x="{TORNADO_LABEL_W - 8}" y="{top + 14}" text-anchor="end" font-size="12">{esc(bar.name)} ({bar.low:.3g} -> {bar.high:.3g})</text>')
        parts.append(f'<rect x="{x(a):.1f}" y="{top + 3}" width="{max(1.0, x(b) - x(a)):.1f}" height="{BAR_H - 6}" fill="{colour}" fill-opacity="0.7"/>')
        parts.append(f'<text x="{x(b) + 6:.1f}" y="{top + 14}" font-size="11">{"+" if bar.swing_krw > 0 else "-"}{esc(krw(abs(bar.swing_krw)))}</text>')
    parts.append(f'<line x1="{x(centre):.1f}" x2="{x(centre):.1f}" y1="18" y2="{height - 20}" stroke="#2c3e50" stroke-dasharray="3 3"/>')
    parts.append(f'<text x="{x(centre):.1f}" y="12" text-anchor="middle" font-size="11">plan TCO, P50 of the draws: {esc(krw(centre))}</text>')
    parts.append(f'<text x="{TORNADO_LABEL_W}" y="{height - 4}" font-size="11">plan TCO: red bars raise it from P10 to P90 of the input, green ones lower it</text>')
    parts.append("</svg>")
    return "".join(parts)


def ranges_html(ranges: Ranges) -> str:
    """A `Ranges` section for the HTML decision page."""
    table = "".join(f"<tr><td>{esc(r[0])}</td><td class=\"num\">{esc(r[1])}</td><td class=\"num\">{esc(r[2])}</td><td class=\"num\">{esc(r[3])}</td></tr>" for r in rows(ranges))
    return (
        '<section id="ranges"><h2>Ranges: how sure is the answer?</h2>'
        f"<p><strong>{esc(_probabilities(ranges))}</strong></p>"
        f'<table><thead><tr><th>figure</th><th>P10</th><th>P50</th><th>P90</th></tr></thead><tbody>{table}</tbody></table>'
        "<h3>Cumulative cost: P50 line, P10-P90 band</h3>"
        f"<figure>{fan_svg(ranges)}</figure>"
        "<h3>What moves the plan's TCO most</h3>"
        f"<figure>{tornado_svg(ranges)}</figure>"
        "</section>\n"
    )


def with_ranges_html(page: str, ranges: Ranges) -> str:
    """The HTML report with the ranges section before its footer."""
    return page.replace("<footer>", ranges_html(ranges) + "<footer>", 1)


def with_ranges_xlsx(workbook: bytes, ranges: Ranges) -> bytes:
    """The workbook with a `Ranges` sheet: P10/P50/P90 of each figure and the tornado."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook))
    sheet = book.create_sheet("Ranges")
    sheet.append([_probabilities(ranges)])
    sheet.append([])
    sheet.append(["figure", "P10", "P50", "P90"])
    for name, band in ranges.tco_krw.items():
        sheet.append([f"{STRATEGY_LABEL.get(name, name)} TCO (KRW)", band.p10, band.p50, band.p90])
    extra: list[tuple[str, Band]] = [("Break-even month", ranges.break_even_month), ("Go-live", ranges.go_live)]
    extra += [(f"Phase {n} ends", b) for n, b in ranges.phase_end.items()]
    for label, band in extra:
        sheet.append([label, band.p10, band.p50, band.p90])
    sheet.append([])
    sheet.append(["input", "P10 of the input", "P90 of the input", "plan TCO at P10 (KRW)", "plan TCO at P90 (KRW)", "swing (KRW)"])
    for bar in ranges.tornado:
        sheet.append([bar.name, bar.low, bar.high, bar.tco_at_low_krw, bar.tco_at_high_krw, bar.swing_krw])
    sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
