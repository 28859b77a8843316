"""Inline SVG charts for the HTML report: a Gantt chart with dependency arrows, and cumulative cost.

Plain SVG markup (no script, no external font or image): it prints, and it survives an email.
All text is escaped with `html.escape`; colours differ in dash pattern too, for grey-scale print.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

from planner.i18n import _, translate
from planner.domain.results import Evaluation
from planner.domain.money import krw
from planner.domain.vocabulary import add_months, cumulative_costs, month_date, strategy_label
from planner.export.report import tasks_by_phase

LABEL_W = 330
CHART_W = 760
ROW_H = 20
AXIS_H = 28
CRIT = "#c0392b"
NORMAL = "#4a6fa5"
MILESTONE = "#2c3e50"
GRID = "#d9dde3"
STRATEGY_STYLE = {
    "plan": ("#1f5fbf", ""),
    "cloud": ("#d35400", "8 4"),
    "on_prem": ("#1e8449", "2 3"),
    "gpuaas": ("#8e44ad", "6 2 1 2"),
}


def esc(text: object) -> str:
    """Text or attribute value, escaped."""
    return html.escape(str(text), quote=True)


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _month_ticks(first: date, last: date) -> list[date]:
    tick = date(first.year, first.month, 1)
    if tick < first:
        tick = add_months(tick, 1)
    ticks = []
    while tick <= last:
        ticks.append(tick)
        tick = add_months(tick, 1)
    return ticks


def gantt_svg(ev: Evaluation, shown: frozenset[str] | None = None) -> str:
    """The schedule as a Gantt chart: rows grouped by phase, critical path red, arrows for dependencies;
    `shown`: only these tasks (a large plan's, as the Markdown diagrams draw them: planner.export.mermaid.charted)."""
    groups = tasks_by_phase(ev, shown)
    if not groups:
        return ""
    tasks = [t for _p, _title, ts in groups for t in ts]
    first = min(t.start for t in tasks)
    last = max(t.end for t in tasks) + timedelta(days=1)
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return round(LABEL_W + (day - first).days / span * CHART_W, 1)

    rows: list[str] = []
    row_of: dict[str, int] = {}
    y = AXIS_H
    for phase, title, phase_tasks in groups:
        phase_first = min(t.start for t in phase_tasks)
        phase_last = max(t.end for t in phase_tasks) + timedelta(days=1)
        rows.append(f'<rect class="phase-band" x="0" y="{y}" width="{LABEL_W + CHART_W}" height="{ROW_H}" fill="#eef1f5"/>')
        rows.append(f'<rect x="{x(phase_first)}" y="{y + 6}" width="{max(x(phase_last) - x(phase_first), 1)}" height="{ROW_H - 12}" fill="#9aa5b1"/>')
        rows.append(f'<text x="6" y="{y + 14}" font-weight="600">{esc(_short(title, 52))}</text>')
        y += ROW_H
        for task in phase_tasks:
            row_of[task.id] = y
            color = CRIT if task.critical else NORMAL
            when = _("{start} to {end} (critical path)", start=task.start.isoformat(), end=task.end.isoformat()) if task.critical else _("{start} to {end}", start=task.start.isoformat(), end=task.end.isoformat())
            tooltip = f"{translate(task.name)}\n{when}"
            rows.append(f"<g><title>{esc(tooltip)}</title>")
            rows.append(f'<text x="16" y="{y + 14}">{esc(_short(translate(task.name)))}</text>')
            if task.milestone:
                cx, cy = x(task.start), y + ROW_H / 2
                rows.append(f'<polygon points="{cx},{cy - 7} {cx + 7},{cy} {cx},{cy + 7} {cx - 7},{cy}" fill="{CRIT if task.critical else MILESTONE}"/>')
            else:
                left, right = x(task.start), x(task.end + timedelta(days=1))
                rows.append(f'<rect x="{left}" y="{y + 4}" width="{max(right - left, 1.5)}" height="{ROW_H - 8}" rx="2" fill="{color}"/>')
            rows.append("</g>")
            y += ROW_H
    height = y + 4
    axis = [f'<line x1="{LABEL_W}" y1="{AXIS_H - 4}" x2="{LABEL_W + CHART_W}" y2="{AXIS_H - 4}" stroke="#888"/>']
    ticks = _month_ticks(first, last)
    step = 1 if len(ticks) <= 18 else 3 if len(ticks) <= 48 else 6
    for number, tick in enumerate(ticks):
        axis.append(f'<line x1="{x(tick)}" y1="{AXIS_H - 4}" x2="{x(tick)}" y2="{height}" stroke="{GRID}" stroke-width="0.6"/>')
        if number % step == 0:
            axis.append(f'<text x="{x(tick) + 2}" y="{AXIS_H - 10}" font-size="10" fill="#555">{tick.strftime("%Y-%m")}</text>')
    arrows = []
    critical = {t.id for t in tasks if t.critical}
    ends = {t.id: (t.start if t.milestone else t.end + timedelta(days=1)) for t in tasks}
    for task in tasks:
        for dependency in task.depends_on:
            if dependency not in row_of:
                continue
            x1, y1 = x(ends[dependency]), row_of[dependency] + ROW_H / 2
            x2, y2 = x(task.start), row_of[task.id] + ROW_H / 2
            bend = max(x1, x2 - 5)
            hot = task.id in critical and dependency in critical
            colour, width = (CRIT, 1.1) if hot else ("#8a94a3", 0.7)
            marker = "arrow-crit" if hot else "arrow"
            arrows.append(f'<path d="M{x1},{y1} H{bend} V{y2} H{x2}" fill="none" stroke="{colour}" stroke-width="{width}" marker-end="url(#{marker})"/>')
    defs = (
        "<defs>"
        f'<marker id="arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="#8a94a3"/></marker>'
        f'<marker id="arrow-crit" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="{CRIT}"/></marker>'
        "</defs>"
    )
    width = LABEL_W + CHART_W + 40  # room for the last month label
    name = esc(_("Gantt chart of the migration"))
    return (
        f'<svg class="gantt" role="img" aria-label="{name}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" font-size="11" font-family="inherit">'
        + defs
        + "".join(axis)
        + "".join(arrows)  # under the bars, so a bar is never hidden by a line
        + "".join(rows)
        + "</svg>"
    )


def _nice_step(top: float, ticks: int = 5) -> float:
    raw = top / ticks
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10


def cost_svg(ev: Evaluation) -> str:
    """Cumulative cost per strategy by month, with the plan's break-even month marked."""
    series = cumulative_costs(ev.ledger)
    series = {k: v for k, v in series.items() if v}
    if not series:
        return ""
    months = max(len(v) for v in series.values())
    top = max(max(v) for v in series.values()) or 1
    step = _nice_step(top)
    top = step * -(-top // step)
    left, right, upper, lower = 90, 20, 20, 40
    plot_w, plot_h = 760, 300
    width, height = left + plot_w + right, upper + plot_h + lower

    def px(month: int) -> float:  # month 0 = before the start, N = end of month N
        return round(left + month / months * plot_w, 1)

    def py(value: float) -> float:
        return round(upper + plot_h - value / top * plot_h, 1)

    parts = []
    value = 0.0
    while value <= top:
        parts.append(f'<line x1="{left}" y1="{py(value)}" x2="{left + plot_w}" y2="{py(value)}" stroke="{GRID}" stroke-width="0.6"/>')
        parts.append(f'<text x="{left - 6}" y="{py(value) + 4}" text-anchor="end" font-size="10" fill="#555">{esc(krw(value))}</text>')
        value += step
    label_every = 3 if months <= 36 else 6 if months <= 72 else 12
    for month in range(0, months + 1, label_every):
        parts.append(f'<line x1="{px(month)}" y1="{upper + plot_h}" x2="{px(month)}" y2="{upper + plot_h + 4}" stroke="#888"/>')
        label = month_date(ev.start, month + 1).strftime("%Y-%m") if month < months else _("end")
        parts.append(f'<text x="{px(month)}" y="{upper + plot_h + 16}" text-anchor="middle" font-size="10" fill="#555">{esc(label)}</text>')
    axis = esc(_("month (cumulative cost at the end of each month)"))
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 4}" text-anchor="middle" font-size="10" fill="#555">{axis}</text>')
    be = ev.ledger.break_even_month if ev.ledger else None
    if be:
        parts.append(f'<line x1="{px(be)}" y1="{upper}" x2="{px(be)}" y2="{upper + plot_h}" stroke="#333" stroke-dasharray="3 3"/>')
        mark = esc(_("break-even, month {month}", month=be))
        parts.append(f'<text x="{px(be) + 4}" y="{upper + 12}" font-size="10" fill="#333">{mark}</text>')
    legend_y = upper + 6
    widest = max(len(f"{translate(strategy_label(s))}: {krw(v[-1])}") for s, v in series.items())
    parts.append(f'<rect x="{left + 6}" y="{upper + 2}" width="{46 + widest * 6.4:.0f}" height="{len(series) * 16 + 4}" fill="#fff" fill-opacity="0.9"/>')
    for number, (strategy, values) in enumerate(series.items()):
        colour, dash = STRATEGY_STYLE.get(strategy, ("#7f8c8d", "4 2 1 2"))
        points = " ".join(f"{px(m)},{py(v)}" for m, v in enumerate([0, *values]))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        label = f"{translate(strategy_label(strategy))}: {krw(values[-1])}"
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}><title>{esc(label)}</title></polyline>')
        ly = legend_y + number * 16
        parts.append(f'<line x1="{left + 12}" y1="{ly}" x2="{left + 40}" y2="{ly}" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        parts.append(f'<text x="{left + 46}" y="{ly + 4}" font-size="11">{esc(label)}</text>')
    parts.append(f'<rect x="{left}" y="{upper}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#888" stroke-width="0.6"/>')
    name = esc(_("Cumulative cost per strategy"))
    return (
        f'<svg class="cost" role="img" aria-label="{name}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" font-family="inherit">'
        + "".join(parts)
        + "</svg>"
    )
