"""`planner export --format html`: the report as one self-contained page (inline CSS and SVG, no script).

A Content-Security-Policy without script-src makes the page inert even if a name slipped through
unescaped; every user text goes through `esc`. Prints to A4 (browser "Save as PDF").
"""

from __future__ import annotations

from planner.domain.results import Evaluation
from planner.export.billing import BILL_HEADER, UNIT_HEADER, UNIT_NOTE, bill_rows, unit_rows
from planner.export.markdown import value_text
from planner.domain.money import krw, usd
from planner.domain.models_compare import ASPECT_LABEL, ASPECTS
from planner.domain.vocabulary import placement_name, strategy_label
from planner.export.report import (
    BASIS_LABEL,
    break_even_sentence,
    prose_date,
    compliance_sentence,
    deciding_step,
    decision_facts,
    decision_sentence,
    horizon_label,
    key_dates,
    main_thresholds,
    model_comparisons,
    servers_text,
    staff_text,
    strategies,
)
from planner.export.svg import cost_svg, esc, gantt_svg
from planner.export.timeline import calendar_note, days_between
from planner.i18n import _, get_language, translate

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS = """
:root { --ink: #1d2630; --muted: #5d6b7a; --line: #d9dde3; --crit: #c0392b; --accent: #1f5fbf; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Malgun Gothic", "NanumGothic", sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1160px; padding: 24px 28px 48px; font-size: 14px; line-height: 1.45; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
.lede { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; margin: 6px 0 10px; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f6f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, "SFMono-Regular", Consolas, monospace; font-size: 12px; background: #f4f6f8; padding: 0 3px; border-radius: 3px; white-space: nowrap; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.strategy { font-weight: 700; color: var(--accent); }
.warn { color: #8a4b00; }
.note { color: var(--muted); font-size: 12px; }
.chart { overflow-x: auto; }
.chart svg { max-width: 100%; height: auto; }
.legend span { display: inline-block; margin-right: 14px; }
.swatch { display: inline-block; width: 12px; height: 10px; margin-right: 4px; vertical-align: baseline; }
details summary { cursor: pointer; color: var(--muted); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
#decision { border: 2px solid var(--accent); border-radius: 6px; padding: 4px 16px 12px; }
#decision h2 { border-bottom: none; margin-top: 8px; }
.verdict { font-size: 18px; font-weight: 600; margin: 4px 0 12px; }
.facts-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 10px; }
.fact { background: #f4f6f8; border-radius: 4px; padding: 8px 10px; }
.fact .label { color: var(--muted); font-size: 12px; }
.fact .value { font-size: 18px; font-weight: 700; font-variant-numeric: tabular-nums; }
@page { size: A4; margin: 12mm; }
@page wide { size: A4 landscape; margin: 10mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  #timeline { page: wide; }
  #timeline svg { max-height: 150mm; }  /* heading, legend and chart on one landscape page */
  th, td { padding: 3px 5px; }
  th.num { white-space: normal; }
  td { overflow-wrap: anywhere; }
  h2 { break-after: avoid-page; }
  section + section { break-before: page; }  /* the decision on page 1, then one section per page */
  #decision, .fact { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr, .chart, .facts { break-inside: avoid-page; }
  thead { display: table-header-group; }
  .chart { overflow: visible; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _table(header: list[str], rows: list[list[str]], numeric: str = "") -> str:
    """Cells are HTML already; `numeric` has one letter per column: r right-aligned number, d date, l text."""
    numeric = numeric.ljust(len(header), "l")
    classes = {"r": ' class="num"', "d": ' class="date"'}
    head = "".join(f'<th{classes.get(n, "") if n == "r" else ""}>{h}</th>' for h, n in zip(header, numeric))
    body = "".join("<tr>" + "".join(f"<td{classes.get(n, '')}>{c}</td>" for c, n in zip(row, numeric)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _code(text: str) -> str:
    return f"<code>{esc(text)}</code>"


def section_decision(ev: Evaluation) -> str:
    """The decision and its key numbers first, on a page of their own when printed."""
    facts = "".join(f'<div class="fact"><div class="label">{esc(label)}</div><div class="value">{esc(value)}</div></div>' for label, value in decision_facts(ev))
    warnings = f'<p class="note">{esc(_("{count} warning(s) in the Warnings section.", count=len(ev.warnings)))}</p>' if ev.warnings else ""
    return f'<section id="decision"><h2>{_("Decision")}</h2><p class="verdict">{esc(decision_sentence(ev))}</p><div class="facts-grid">{facts}</div>{warnings}</section>'


def section_overview(ev: Evaluation) -> str:
    counts: dict[str, int] = {}
    for w in ev.workloads:
        counts[placement_name(w.placement)] = counts.get(placement_name(w.placement), 0) + 1
    mix = ", ".join(_("{count} {placement_label}", count=n, placement_label=translate(label)) for label, n in counts.items()) or _("none")
    facts = [
        (_("Industry"), esc(ev.industry)),
        (_("Start of Phase 1"), prose_date(ev.start)),
        (_("Horizon"), _("{months} months", months=ev.horizon_months)),
        (_("Strategy"), f'<span class="strategy">{esc(_(ev.strategy.replace("_", "-")))}</span>'),
        (_("Workloads"), f"{len(ev.workloads)} ({esc(mix)})"),
    ]
    if ev.situation:
        facts.append((_("Framework cross-check"), esc(translate(ev.situation))))
    items = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts)
    return f'<section id="overview"><h2>{esc(_("Organization and strategy"))}</h2><dl class="facts">{items}</dl></section>'


def section_placements(ev: Evaluation) -> str:
    if not ev.workloads:
        return f'<section id="placement"><h2>{esc(_("Workloads and placement"))}</h2><p>{esc(_("No workloads in the plan yet."))}</p></section>'
    rows = []
    for w in ev.workloads:
        placed = translate(placement_name(w.placement)) + (_(" (override)") if w.overridden else "")
        rows.append(
            [
                f"{esc(w.name)}<br>{_code(w.id)}",
                esc(w.kind),
                f"{w.requests_per_day:,.0f}",
                f"<strong>{esc(placed)}</strong>",
                esc(translate(placement_name(w.recommended))),
                f"{krw(w.cloud_cost_krw_per_month)}<br>{usd(w.cloud_cost_usd_per_month)}",
            ]
        )
    table = _table([esc(_("Workload")), esc(_("Kind")), esc(_("Requests/day")), esc(_("Placement")), esc(_("Recommended")), esc(_("Cloud cost/month"))], rows, "llrllr")
    why = []
    for w in ev.workloads:
        override = esc(_(" (override of the recommendation)")) if w.overridden else ""
        step = deciding_step(w)
        decisive = f": {_code(step.rule)} {esc(translate(step.answer))}" if step else ""
        warnings = "".join(f'<li class="warn">⚠ {esc(translate(x))}</li>' for x in w.warnings)
        why.append(f"<li><strong>{esc(w.name)}</strong> → {esc(translate(placement_name(w.placement)))}{override}{decisive}" + (f"<ul>{warnings}</ul>" if warnings else "") + "</li>")
    trace = ""
    if any(w.trace for w in ev.workloads):
        items = []
        for w in ev.workloads:
            steps = "".join(
                f"<li>{_code(s.rule)} {esc(translate(s.question))} → {esc(translate(s.answer))} <span class=\"note\">({esc(translate(s.source))})</span></li>" for s in w.trace
            )
            items.append(f"<li><strong>{esc(w.name)}</strong> {_code(w.id)}<ul>{steps}</ul></li>")
        trace = f"<details><summary>{esc(_('Every rule that applied, per workload'))}</summary><ul>{''.join(items)}</ul></details>"
    return (
        f'<section id="placement"><h2>{esc(_("Workloads and placement"))}</h2>'
        + table
        + '<p class="note">' + _("Cloud cost is month 1 on the workload's cloud model, whatever its placement.") + "</p>"
        + f"<p>{esc(_('Why each workload runs where it does (the deciding rule):'))}</p><ul>{''.join(why)}</ul>{trace}</section>"
    )


def section_closed_vs_open(ev: Evaluation) -> str:
    """Per workload, its closed cloud model beside its open model (rented or owned GPUs): price, then each aspect."""
    rows, pairs = model_comparisons(ev)
    if not rows:
        return ""
    prices = _table(
        ["Workload", "Closed (cloud API)", "Price", "Open (self-hosted)", "Price", "Cheaper"],
        [[_code(r[0]), esc(r[1]), r[2], esc(r[3]), r[4], esc(r[5])] for r in rows],
        "llrlrl",
    )
    parts = [
        '<section id="closed-vs-open"><h2>Closed vs open models</h2>',
        prices,
        f'<p class="note">Prices over {ev.horizon_months} months as the placement step compared them (open on rented GPUs: the GPUaaS quote).</p>',
    ]
    for heading, workloads, comparison in pairs:
        aspects = [[f"<strong>{esc(ASPECT_LABEL[a])}</strong>", esc(str(comparison["closed"][a])), esc(str(comparison["open"][a]))] for a in ASPECTS if a != "price"]
        parts.append(f"<h3>{esc(heading)}</h3><p>{', '.join(_code(w) for w in workloads)}</p>")
        parts.append(_table(["", "Closed", "Open"], aspects, "lll"))
        parts.append(f'<p class="note">Sources: {esc("; ".join(comparison["sources"]))}</p>')
    return "".join(parts) + "</section>"


def section_hardware(ev: Evaluation) -> str:
    sizing = ev.sizing
    body = ""
    if not sizing.groups and not sizing.pilot:
        body = f"<p>{esc(_('No on-prem hardware: every workload runs on a cloud API.'))}</p>"
    if sizing.groups:
        rows = [
            [
                _code(g.gpu), _code(g.open_model), esc(g.precision), f"{g.replicas} × {g.gpus_per_replica}", str(g.gpus), servers_text(g.servers),
                krw(g.capex_krw), f"{g.power_w:,.0f} W", ", ".join(_code(w) for w in g.workloads),
            ]
            for g in sizing.groups
        ]  # fmt: skip
        body += _table([esc(_("GPU")), esc(_("Open model")), esc(_("Precision")), esc(_("Replicas × GPUs")), esc(_("GPUs")), esc(_("Servers")), esc(_("Capex")), esc(_("Power")), esc(_("Serves"))], rows, "lllrrrrrl")
        body += f"<p>{esc(_('Production total: {gpus} GPU(s) on {servers} server(s), {capex}.', gpus=sizing.gpus, servers=sizing.servers, capex=krw(sizing.capex_krw)))}</p>"
    if sizing.pilot:
        p = sizing.pilot
        body += "<p>" + _("Phase 2 pilot: {gpus} × {gpu} serving {model}, {capex}.", gpus=p.gpus, gpu=_code(p.gpu), model=_code(p.open_model), capex=krw(p.capex_krw)) + "</p>"
    if sizing.warnings:
        body += "<ul>" + "".join(f'<li class="warn">⚠ {esc(translate(w))}</li>' for w in sizing.warnings) + "</ul>"
    return f'<section id="hardware"><h2>{esc(_("Hardware"))}</h2>{body}</section>'


def section_phases(ev: Evaluation) -> str:
    phases = ev.schedule.phases
    if not phases:
        return f'<section id="phases"><h2>{esc(_("Phases"))}</h2><p>{esc(_("No schedule yet."))}</p></section>'
    rows = [
        [f"{p.phase} {esc(translate(p.name))}", p.start.isoformat(), p.end.isoformat(), str(days_between(ev, p.start, p.end)), krw(p.cost_krw), esc(staff_text(p.staff_fte))]
        for p in phases
    ]
    dates = "".join(f"<li>{esc(label)}: <strong>{prose_date(day)}</strong></li>" for label, day in key_dates(ev))
    return (
        f'<section id="phases"><h2>{esc(_("Phases"))}</h2>'
        + _table([esc(_("Phase")), esc(_("Start")), esc(_("End")), esc(_("Days")), esc(_("Cost")), esc(_("Staff (FTE)"))], rows, "lddrrl")
        + (f"<ul>{dates}</ul>" if dates else "")
        + "</section>"
    )


def section_timeline(ev: Evaluation) -> str:
    chart = gantt_svg(ev)
    if not chart:
        return ""
    legend = (
        f'<p class="legend note"><span><i class="swatch" style="background:#c0392b"></i>{esc(_("critical path"))}</span>'
        f'<span><i class="swatch" style="background:#4a6fa5"></i>{esc(_("other tasks"))}</span>'
        f"<span>◆ {esc(_('milestone'))}</span><span>{esc(_('arrows: must end before the next starts'))}</span></p>"
    )
    calendar = calendar_note(ev)
    if calendar:
        legend += f'<p class="note">{esc(calendar)}</p>'
    return f'<section id="timeline"><h2>{esc(_("Timeline"))}</h2>{legend}<div class="chart">{chart}</div></section>'


def section_cost(ev: Evaluation) -> str:
    ledger = ev.ledger
    if ledger is None or not ledger.tco:
        return f'<section id="cost"><h2>{esc(_("Cost"))}</h2><p>{esc(_("No cost ledger yet."))}</p></section>'
    names = strategies(ledger)
    years = max(len(ledger.tco[s].by_year_krw) for s in names)
    rows = []
    for name in names:
        tco = ledger.tco[name]
        label = esc(translate(strategy_label(name))) + (f" ({esc(_(ev.strategy.replace('_', '-')))})" if name == "plan" else "")
        by_year = [krw(v) for v in tco.by_year_krw] + [""] * (years - len(tco.by_year_krw))
        rows.append([label, *by_year, f"<strong>{krw(tco.total_krw)}</strong>"])
    body = f"<p>{esc(_('{horizon} total cost of ownership:', horizon=horizon_label(ledger.horizon_months).capitalize()))}</p>"
    body += _table([esc(_("Strategy")), *[esc(_("Year {year}", year=y + 1)) for y in range(years)], esc(_("Total"))], rows, "l" + "r" * (years + 1))
    body += f"<p>{esc(break_even_sentence(ev))}"
    if ledger.on_prem_break_even_month:
        body += " " + esc(_("All on-prem would break even in month {month}.", month=ledger.on_prem_break_even_month))
    body += "</p>"
    if compliance_sentence(ev):
        body += f"<p>{esc(compliance_sentence(ev))}</p>"
    chart = cost_svg(ev)
    if chart:
        body += f'<div class="chart">{chart}</div>'
    thresholds, alternatives = main_thresholds(ledger)
    if thresholds:
        rows = [
            [
                esc(_(BASIS_LABEL[getattr(t, "basis", "plan")])), _code(t.gpu), f"{servers_text(t.servers)} / {t.gpus}", krw(t.capex_krw), krw(t.opex_krw_per_month),
                f"<strong>{krw(t.threshold_krw_per_month)}</strong> ({usd(t.threshold_usd_per_month)})",
                krw(getattr(t, "cloud_krw_per_month", 0)) if getattr(t, "cloud_krw_per_month", 0) else "-",
            ]
            for t in thresholds
        ]  # fmt: skip
        body += "<p>" + _("On-prem pays when the monthly cloud bill exceeds opex + capex / amortization (the framework's threshold):") + "</p>"
        body += _table([esc(_("Hardware")), esc(_("GPU")), esc(_("Servers / GPUs")), esc(_("Capex")), esc(_("Opex/month")), esc(_("Threshold/month")), esc(_("Its workloads on the cloud/month"))], rows, "llrrrrr")
        if alternatives:
            body += '<p class="note">' + _("{count} alternative GPU choices are compared in {command}.", count=alternatives, command="<code>planner show</code>") + "</p>"
    return f'<section id="cost"><h2>{esc(_("Cost"))}</h2>{body}</section>'


def section_cloud_bill(ev: Evaluation) -> str:
    """Each workload's cloud tokens from list price to the bill (month 1), KRW and USD."""
    if not ev.workloads:
        return ""
    rate = float(ev.assumptions.get("krw_per_usd", 0))
    used = "as billed" if ev.assumptions.get("pricing") == "as_billed" else "list price"
    rows = [[_code(r[0]), esc(r[1]), *r[2:]] for r in bill_rows(ev.workloads, rate, lambda k, u: f"{krw(k)}<br>{usd(u)}")]
    table = _table(BILL_HEADER, rows, "llrrrrrr")
    note = f"<p>Tokens only, month 1; the plan's costs use the <strong>{used}</strong> column (assumption <code>pricing</code>). Savings are negative.</p>"
    return f'<section id="cloud-bill"><h2>Cloud cost: list price and as billed</h2>{table}{note}</section>'


def section_cost_per_mtok(ev: Evaluation) -> str:
    units = ev.cost_per_mtok
    if not units.strategies and not units.workloads:
        return ""
    rows = [[_code(r[0]), esc(r[1]), *r[2:]] for r in unit_rows(units)]
    return f'<section id="cost-per-mtok"><h2>Cost per million tokens</h2>{_table(UNIT_HEADER, rows, "llrrrr")}<p>{esc(UNIT_NOTE)}</p></section>'


def section_scenarios(ev: Evaluation) -> str:
    if not ev.scenarios:
        return ""
    base = ev.ledger.tco["plan"].total_krw if ev.ledger and "plan" in ev.ledger.tco else None
    rows = []
    for s in ev.scenarios:
        total = s.tco["plan"].total_krw if "plan" in s.tco else None
        delta = f"{'+' if total - base >= 0 else ''}{krw(total - base)}" if total is not None and base is not None else "-"
        moved = sum(1 for w in ev.workloads if s.placements.get(w.id, w.placement) != w.placement)
        rows.append([esc(s.name), esc(s.description), krw(total) if total is not None else "-", delta, str(s.break_even_month or _("none")), str(moved)])
    table = _table([esc(_("Scenario")), esc(_("What it tests")), esc(_("Plan TCO")), esc(_("vs base")), esc(_("Break-even month")), esc(_("Placements moved"))], rows, "llrrrr")
    return f'<section id="scenarios"><h2>{esc(_("Scenarios"))}</h2>{table}</section>'


def section_warnings(ev: Evaluation) -> str:
    if not ev.warnings:
        return ""
    items = "".join(f'<li class="warn">⚠ {esc(translate(w))}</li>' for w in ev.warnings)
    return f'<section id="warnings"><h2>{esc(_("Warnings"))}</h2><ul>{items}</ul></section>'


def section_assumptions(ev: Evaluation) -> str:
    own = {k: v for k, v in ev.assumptions.items() if not ev.assumption_sources.get(k, "").startswith("catalog")}
    body = ""
    if own:
        body += f"<p>{esc(_('Set by this plan:'))}</p>" + _table([esc(_("Assumption")), esc(_("Value")), esc(_("From"))], [[_code(k), esc(value_text(v)), esc(ev.assumption_sources.get(k, ""))] for k, v in own.items()])
    if ev.catalog_dates:
        dates = " · ".join(f"{esc(k.replace('_', ' '))} {esc(d)}" for k, d in ev.catalog_dates.items())
        body += "<p>" + _("Catalog prices and facts as of (latest entry per catalog): {dates}.", dates=dates) + "</p>"
    defaults = {k: v for k, v in ev.assumptions.items() if k not in own}
    if defaults:
        rows = [[_code(k), esc(value_text(v)), esc(ev.assumption_sources.get(k, "").removeprefix("catalog: "))] for k, v in defaults.items()]
        header = [esc(_("Assumption")), esc(_("Value")), esc(_("Source"))]
        body += f"<details><summary>{esc(_('{count} catalog defaults', count=len(defaults)))}</summary>{_table(header, rows)}</details>"
    return f'<section id="assumptions"><h2>{esc(_("Assumptions and catalog dates"))}</h2>{body}</section>'


SECTIONS = [
    section_decision, section_overview, section_placements, section_closed_vs_open, section_cloud_bill, section_hardware, section_phases, section_timeline, section_cost,
    section_cost_per_mtok, section_scenarios, section_warnings, section_assumptions,
]  # fmt: skip


def html_report(ev: Evaluation) -> str:
    """The whole page."""
    body = "\n".join(part for part in (section(ev) for section in SECTIONS) if part)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{get_language() if get_language() in ("en", "ko") else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(_('{name}: LLM migration plan', name=ev.name))}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{esc(ev.name)}</h1>"
        f'<p class="lede">{esc(_("LLM migration plan: where each workload runs, what it needs, when, and what it costs."))}</p></header>\n'
        f"{body}\n"
        f"<footer>{esc(_('Generated by planner from the plan file; every figure traces to the catalogs listed above.'))}</footer>\n"
        "</body>\n</html>\n"
    )
