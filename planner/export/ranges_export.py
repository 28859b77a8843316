"""`show --ranges` and `export --ranges`: the plan's figures as P10/P50/P90 (JSON `uncertainty{}`, text, the HTML
decision page's fan chart and tornado in inline SVG, a Markdown section and a `Ranges` sheet in the workbook)."""

from __future__ import annotations

from typing import Any

from planner.domain.money import krw
from planner.domain.ranges import Band, Ranges
from planner.domain.vocabulary import STRATEGY_LABEL
from planner.export.svg import STRATEGY_STYLE, esc
from planner.i18n import _, catalog_text, translate


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


def _when(value: Any, month: bool = False) -> str:
    if value is None:
        return _("not within the horizon")
    if month:
        return _("month {month}", month=value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _strategy(name: str) -> str:
    return translate(STRATEGY_LABEL.get(name, name))


def input_name(name: str) -> str:
    """An uncertain input's name (catalogs/uncertainty.toml) in the reader's language: the shipped catalog's names
    are extracted into the reports catalog (planner.i18n_catalogs); a company catalog's own names stay as written."""
    return catalog_text(name)


def ranges_text(ranges: Ranges, horizon_months: int, top: int = 3) -> list[str]:
    """The `show --ranges` section: bands, probabilities, the inputs that move the TCO most."""
    draws = f"{ranges.draws:,}"
    if ranges.draws < ranges.draws_asked:
        head = _("Ranges over {draws} draws (scaled down from {asked} for a plan this large), seed {seed}: P10 / P50 / P90", draws=draws, asked=f"{ranges.draws_asked:,}", seed=ranges.seed)
    else:
        head = _("Ranges over {draws} draws, seed {seed}: P10 / P50 / P90", draws=draws, seed=ranges.seed)
    lines = ["", head]
    for name, band in ranges.tco_krw.items():
        lines.append("  " + _("{strategy} TCO over {months} months: {bands}", strategy=_strategy(name), months=horizon_months, bands=_money(band)))
    be = ranges.break_even_month
    lines.append("  " + _("Break-even against all-cloud: {p10} / {p50} / {p90}", p10=_when(be.p10, True), p50=_when(be.p50, True), p90=_when(be.p90, True)))
    if ranges.go_live.p50 is not None:
        lines.append("  " + _("Go-live: {p10} / {p50} / {p90}", p10=_when(ranges.go_live.p10), p50=_when(ranges.go_live.p50), p90=_when(ranges.go_live.p90)))
    for phase, band in ranges.phase_end.items():
        lines.append("  " + _("Phase {phase} ends: {p10} / {p50} / {p90}", phase=phase, p10=_when(band.p10), p50=_when(band.p50), p90=_when(band.p90)))
    lines.append(
        "  "
        + _(
            "The plan beats all-cloud with probability {cloud}, all-on-prem with probability {on_prem}",
            cloud=f"{ranges.probability_plan_beats_cloud:.0%}",
            on_prem=f"{ranges.probability_plan_beats_on_prem:.0%}",
        )
    )
    if ranges.tornado:
        lines.append("  " + _("What moves the plan's TCO most (each input from its P10 to its P90, the others at P50):"))
        for bar in ranges.tornado[:top]:
            sign = "+" if bar.swing_krw >= 0 else "-"
            lines.append(f"    {input_name(bar.name)} ({bar.low:.4g} -> {bar.high:.4g}): {sign}{krw(abs(bar.swing_krw))} ({krw(bar.tco_at_low_krw)} -> {krw(bar.tco_at_high_krw)})")
    return lines


FAN_W, FAN_H, PAD_L, PAD_B = 760, 300, 90, 36
BAR_H, TORNADO_LABEL_W, TORNADO_W = 22, 440, 420


def _report_when(value: Any) -> str:
    """A date, a month (`month 7`) or `not within the horizon`."""
    return _when(value, not hasattr(value, "isoformat") and value is not None)


def rows(ranges: Ranges) -> list[list[str]]:
    """(figure, P10, P50, P90) rows, as text."""
    out = [[_("{strategy} TCO", strategy=_strategy(n)), krw(b.p10), krw(b.p50), krw(b.p90)] for n, b in ranges.tco_krw.items()]
    be = ranges.break_even_month
    out.append([_("Break-even against all-cloud"), _report_when(be.p10), _report_when(be.p50), _report_when(be.p90)])
    if ranges.go_live.p50 is not None:
        out.append([_("Go-live"), _report_when(ranges.go_live.p10), _report_when(ranges.go_live.p50), _report_when(ranges.go_live.p90)])
    for phase, band in ranges.phase_end.items():
        out.append([_("Phase {phase} ends", phase=phase), _report_when(band.p10), _report_when(band.p50), _report_when(band.p90)])
    return out


def _probabilities(ranges: Ranges) -> str:
    return _(
        "The plan beats all-cloud with probability {cloud} and all-on-prem with probability {on_prem} over the horizon ({draws} draws, seed {seed}).",
        cloud=f"{ranges.probability_plan_beats_cloud:.0%}",
        on_prem=f"{ranges.probability_plan_beats_on_prem:.0%}",
        draws=f"{ranges.draws:,}",
        seed=ranges.seed,
    )


def ranges_markdown(ranges: Ranges) -> str:
    """A `## Ranges` section to append to the Markdown report."""
    head = "| " + _("figure") + " | P10 | P50 | P90 |"
    lines = ["", "## " + _("Ranges (P10 / P50 / P90)"), "", _probabilities(ranges), "", head, "|---|---:|---:|---:|"]
    lines += [f"| {' | '.join(row)} |" for row in rows(ranges)]
    if ranges.tornado:
        tornado_head = "| " + " | ".join([_("input"), "P10 -> P90", _("plan TCO"), _("swing")]) + " |"
        lines += ["", _("What moves the plan's TCO most (each input from its P10 to its P90, the others at P50):"), "", tornado_head, "|---|---|---|---:|"]
        for bar in ranges.tornado:
            lines.append(f"| {input_name(bar.name)} | {bar.low:.4g} -> {bar.high:.4g} | {krw(bar.tco_at_low_krw)} -> {krw(bar.tco_at_high_krw)} | {'+' if bar.swing_krw >= 0 else '-'}{krw(abs(bar.swing_krw))} |")
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
    label, month_word = esc(_("cumulative cost bands")), esc(_("month"))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{FAN_W}" height="{FAN_H}" viewBox="0 0 {FAN_W} {FAN_H}" role="img" aria-label="{label}">']
    for i in range(5):
        value = top * i / 4
        parts.append(f'<line x1="{PAD_L}" x2="{PAD_L + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#d9dde3"/>')
        parts.append(f'<text x="{PAD_L - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11">{esc(krw(value))}</text>')
    for month in [1, *range(12, months + 1, 12)]:
        parts.append(f'<text x="{x(month):.1f}" y="{FAN_H - PAD_B + 16}" text-anchor="middle" font-size="11">{month}</text>')
    parts.append(f'<text x="{PAD_L + plot_w / 2:.1f}" y="{FAN_H - 4}" text-anchor="middle" font-size="11">{month_word}</text>')
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
        parts.append(f'<text x="{legend_x + 20}" y="{ly}" font-size="11">{esc(_strategy(name))}: {esc(krw(last.p10))} - {esc(krw(last.p90))} (P50 {esc(krw(last.p50))})</text>')
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
    label = esc(_("tornado"))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{TORNADO_LABEL_W + TORNADO_W + 120}" height="{height}" role="img" aria-label="{label}">']
    for i, bar in enumerate(bars):
        top = 24 + BAR_H * i
        a, b = sorted((bar.tco_at_low_krw, bar.tco_at_high_krw))
        colour = "#c0392b" if bar.swing_krw > 0 else "#1e8449"
        parts.append(f'<text x="{TORNADO_LABEL_W - 8}" y="{top + 14}" text-anchor="end" font-size="12">{esc(input_name(bar.name))} ({bar.low:.3g} -> {bar.high:.3g})</text>')
        parts.append(f'<rect x="{x(a):.1f}" y="{top + 3}" width="{max(1.0, x(b) - x(a)):.1f}" height="{BAR_H - 6}" fill="{colour}" fill-opacity="0.7"/>')
        parts.append(f'<text x="{x(b) + 6:.1f}" y="{top + 14}" font-size="11">{"+" if bar.swing_krw > 0 else "-"}{esc(krw(abs(bar.swing_krw)))}</text>')
    centre_label = esc(_("plan TCO, P50 of the draws: {krw}", krw=krw(centre)))
    legend = esc(_("plan TCO: red bars raise it from P10 to P90 of the input, green ones lower it"))
    parts.append(f'<line x1="{x(centre):.1f}" x2="{x(centre):.1f}" y1="18" y2="{height - 20}" stroke="#2c3e50" stroke-dasharray="3 3"/>')
    parts.append(f'<text x="{x(centre):.1f}" y="12" text-anchor="middle" font-size="11">{centre_label}</text>')
    parts.append(f'<text x="{TORNADO_LABEL_W}" y="{height - 4}" font-size="11">{legend}</text>')
    parts.append("</svg>")
    return "".join(parts)


def ranges_html(ranges: Ranges) -> str:
    """A `Ranges` section for the HTML decision page."""
    table = "".join(f"<tr><td>{esc(r[0])}</td><td class=\"num\">{esc(r[1])}</td><td class=\"num\">{esc(r[2])}</td><td class=\"num\">{esc(r[3])}</td></tr>" for r in rows(ranges))
    title, figure = esc(_("Ranges: how sure is the answer?")), esc(_("figure"))
    fan, tornado = esc(_("Cumulative cost: P50 line, P10-P90 band")), esc(_("What moves the plan's TCO most"))
    return (
        f'<section id="ranges"><h2>{title}</h2>'
        f"<p><strong>{esc(_probabilities(ranges))}</strong></p>"
        f'<table><thead><tr><th>{figure}</th><th>P10</th><th>P50</th><th>P90</th></tr></thead><tbody>{table}</tbody></table>'
        f"<h3>{fan}</h3>"
        f"<figure>{fan_svg(ranges)}</figure>"
        f"<h3>{tornado}</h3>"
        f"<figure>{tornado_svg(ranges)}</figure>"
        "</section>\n"
    )


def with_ranges_html(page: str, ranges: Ranges) -> str:
    """The HTML report with the ranges section before its footer."""
    return page.replace("<footer>", ranges_html(ranges) + "<footer>", 1)


def add_ranges_sheet(wb, ranges: Ranges) -> None:
    """A `Ranges` sheet after the others in the workbook `wb` (planner.export.xlsx._Workbook, written with them:
    reading a 10,000-workload workbook back to add it took longer than writing it): P10/P50/P90 of each figure
    and the tornado."""
    rows: list[list[Any]] = [[_probabilities(ranges)], [], [_("figure"), "P10", "P50", "P90"]]
    for name, band in ranges.tco_krw.items():
        rows.append([_("{strategy} TCO (KRW)", strategy=_strategy(name)), band.p10, band.p50, band.p90])
    extra: list[tuple[str, Band]] = [(_("Break-even month"), ranges.break_even_month), (_("Go-live"), ranges.go_live)]
    extra += [(_("Phase {phase} ends", phase=n), b) for n, b in ranges.phase_end.items()]
    for label, band in extra:
        rows.append([label, band.p10, band.p50, band.p90])
    rows.append([])
    rows.append([_("input"), _("P10 of the input"), _("P90 of the input"), _("plan TCO at P10 (KRW)"), _("plan TCO at P90 (KRW)"), _("swing (KRW)")])
    for bar in ranges.tornado:
        rows.append([input_name(bar.name), bar.low, bar.high, bar.tco_at_low_krw, bar.tco_at_high_krw, bar.swing_krw])
    sheet = wb.sheet("Ranges")  # sheet names stay English in every language (formulas name sheets)
    sheet.append_rows(1, rows)
    sheet.width("A", 48)
