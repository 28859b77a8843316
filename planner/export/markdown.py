"""`planner export --format markdown`: a one-page report that renders on GitHub (tables, Mermaid).

Everything a user typed goes through `md_text` (or `md_code` for ids): HTML-escaped, Markdown
punctuation backslash-escaped, pipes escaped for tables, `@` kept from pinging people.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from planner.i18n import _, translate
from planner.domain.results import Evaluation
from planner.export import mermaid
from planner.export.timeline import calendar_note, days_between
from planner.export.billing import BILL_HEADER, UNIT_HEADER, UNIT_NOTE, bill_rows, commitment_note, unit_name, unit_rows, unit_where
from planner.domain.money import krw, usd
from planner.domain.models_compare import ASPECT_LABEL, ASPECTS
from planner.domain.vocabulary import placement_name, strategy_label
from planner.export.report import (
    placement_mix,
    traced_workloads,
    BASIS_LABEL,
    break_even_sentence,
    compliance_sentence,
    deciding_step,
    decision_facts,
    decision_sentence,
    horizon_label,
    industry_text,
    prose_date,
    report_word,
    key_dates,
    ledger_notes,
    main_thresholds,
    model_comparisons,
    servers_text,
    staff_text,
    strategies,
)

_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
_BACKTICKS = re.compile(r"`+")


_MARKED = re.compile(r"[&<>\\`*_\[\]|~@]")
"""The characters md_text changes in flattened text (html.escape's, _PUNCTUATION's and @)."""


def md_text(text: str) -> str:
    """User text as inert Markdown inline text (safe in a table cell)."""
    return _md_text(text if type(text) is str else str(text))


@lru_cache(maxsize=4096)
def _md_text(text: str) -> str:
    """md_text of a str, remembered: a report of 10,000 workloads escapes ~380,000 texts, the rules' questions and
    sources among them the same few hundred. Text with no control character, no whitespace but single ASCII spaces
    and none of the marked characters (most of it) is already inert."""
    flat = text.strip() if text.isprintable() and "  " not in text else _CONTROL.sub(" ", text).strip()
    if _MARKED.search(flat) is None:
        return flat
    escaped = _PUNCTUATION.sub(r"\\\1", html.escape(flat, quote=False))
    return escaped.replace("@", "@\u2060")  # a word joiner keeps `@team` from mentioning anyone


def md_code(text: str) -> str:
    """An id as a code span (safe in a table cell)."""
    flat = _CONTROL.sub(" ", str(text)).strip()
    longest = max((len(run) for run in _BACKTICKS.findall(flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat.replace('|', chr(92) + '|')}{pad}{fence}"


def value_text(value: object) -> str:
    """An assumption value as a reader writes it: 75,000 not 75000.0, true not True."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value)


def table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A GFM table; `align` has one letter per column (l or r)."""
    align = align.ljust(len(header), "l")
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def section_decision(ev: Evaluation) -> list[str]:
    """The decision and its key numbers, readable in 30 seconds; the detail follows."""
    lines = ["## " + _("Decision"), "", f"**{md_text(decision_sentence(ev))}**", ""]
    lines += table(["", ""], [[md_text(label), f"**{md_text(value)}**"] for label, value in decision_facts(ev)], "lr")
    warnings = len(ev.warnings)
    if warnings:
        lines += ["", _("{count} warning(s) below (Warnings).", count=warnings)]
    return lines


def section_overview(ev: Evaluation) -> list[str]:
    mix = placement_mix(ev, _("none"))
    rows = [
        [_("Industry"), md_text(industry_text(ev.industry))],
        [_("Start of Phase 1"), prose_date(ev.start)],
        [_("Horizon"), _("{months} months", months=ev.horizon_months)],
        [_("Strategy"), "**" + md_text(_(ev.strategy.replace("_", "-"))) + "**"],
        [_("Workloads"), f"{len(ev.workloads)} ({mix})"],
    ]
    if ev.situation:
        rows.append([_("Framework cross-check"), md_text(translate(ev.situation))])
    return ["## " + _("Organization and strategy"), "", *table(["", ""], rows)]


def section_placements(ev: Evaluation) -> list[str]:
    lines = ["## " + _("Workloads and placement"), ""]
    if not ev.workloads:
        return lines + [_("No workloads in the plan yet.")]
    rows = []
    for w in ev.workloads:
        placed = translate(placement_name(w.placement)) + (_(" (override)") if w.overridden else "")
        rows.append(
            [
                f"{md_text(w.name)}<br>{md_code(w.id)}",
                md_text(w.kind),
                f"{w.requests_per_day:,.0f}",
                f"**{placed}**",
                translate(placement_name(w.recommended)),
                f"{krw(w.cloud_cost_krw_per_month)} ({usd(w.cloud_cost_usd_per_month)})",
            ]
        )
    lines += table([_("Workload"), _("Kind"), _("Requests/day"), _("Placement"), _("Recommended"), _("Cloud cost/month")], rows, "llrllr")
    lines += ["", _("Cloud cost is month 1 on the workload's cloud model, whatever its placement."), "", _("Why each workload runs where it does (the deciding rule):"), ""]
    for w in ev.workloads:
        override = _(" (override of the recommendation)") if w.overridden else ""
        step = deciding_step(w)
        decisive = f": {md_code(step.rule)} {md_text(translate(step.answer))}" if step else ""
        lines.append(f"- **{md_text(w.name)}** → {translate(placement_name(w.placement))}{override}{decisive}")
        lines += [f"  - ⚠ {md_text(translate(warning))}" for warning in w.warnings]
    if any(w.trace for w in ev.workloads):
        lines += ["", "<details><summary>" + _("Every rule that applied, per workload") + "</summary>", ""]
        traced, rest = traced_workloads(ev)
        for w in traced:
            lines.append(f"- **{md_text(w.name)}** ({md_code(w.id)})")
            for step in w.trace:
                lines.append(f"  - {md_code(step.rule)} {md_text(translate(step.question))} → {md_text(translate(step.answer))} _({md_text(translate(step.source))})_")
        if rest:
            lines.append(f"- {md_text(rest).replace(chr(92) + '`', '`')}")  # its `command` as code
        lines += ["", "</details>"]
    return lines


def section_closed_vs_open(ev: Evaluation) -> list[str]:
    """Per workload, its closed cloud model beside its open model (rented or owned GPUs): price, then each aspect."""
    rows, pairs = model_comparisons(ev)
    if not rows:
        return []
    lines = ["## " + _("Closed vs open models"), ""]
    lines += table(
        [_("Workload"), _("Closed (cloud API)"), _("Price"), _("Open (self-hosted)"), _("Price"), _("Cheaper")],
        [[md_code(r[0]), md_text(r[1]), r[2], md_text(r[3]), r[4], r[5]] for r in rows],
        "llrlrl",
    )
    lines += ["", _("Prices over {months} months as the placement step compared them (open on rented GPUs: the GPUaaS quote).", months=ev.horizon_months)]
    for heading, workloads, comparison in pairs:
        lines += ["", f"**{md_text(heading)}** ({', '.join(md_code(w) for w in workloads)})", ""]
        lines += table(
            ["", report_word("Closed"), report_word("Open")],
            [[_(ASPECT_LABEL[a]), md_text(translate(comparison["closed"][a])), md_text(translate(comparison["open"][a]))] for a in ASPECTS if a != "price"],
            "lll",
        )
        lines += ["", "_" + _("Sources: {sources}", sources=md_text("; ".join(comparison["sources"]))) + "_"]
    return lines


def section_cloud_bill(ev: Evaluation) -> list[str]:
    """Each workload's cloud tokens from list price to the bill (month 1), KRW (USD)."""
    if not ev.workloads:
        return []
    rate = float(ev.assumptions.get("krw_per_usd", 0))
    used = _("as billed") if ev.assumptions.get("pricing") == "as_billed" else _("list price")
    rows = [[md_code(r[0]), md_text(r[1]), *r[2:]] for r in bill_rows(ev.workloads, rate, lambda k, u: f"{krw(k)} ({usd(u)})")]
    lines = ["## " + _("Cloud cost: list price and as billed"), ""]
    lines += table([_(h) for h in BILL_HEADER], rows, "llrrrrrrr")
    lines += ["", _("Tokens only, month 1; the plan's costs use the {column} column (assumption {pricing}). Savings are negative.", column=f"**{used}**", pricing="`pricing`")]
    offers = [f"- {md_code(w.id)}: {md_text(translate(text))}" for w in ev.workloads if (text := commitment_note(w.cloud_cost_breakdown))]
    if offers:
        lines += ["", _("Provisioned throughput (bought for each workload's peak, compared with paying per token as billed):"), "", *offers]
    return lines


def section_cost_per_mtok(ev: Evaluation) -> list[str]:
    units = ev.cost_per_mtok
    if not units.strategies and not units.workloads:
        return []
    rows = [[md_text(unit_name(r[0])) if r[1] == "strategy" else md_code(r[0]), md_text(unit_where(r[1])), *r[2:]] for r in unit_rows(units)]
    return ["## " + _("Cost per million tokens"), "", *table([_(h) for h in UNIT_HEADER], rows, "llrrrr"), "", md_text(_(UNIT_NOTE))]


def section_hardware(ev: Evaluation) -> list[str]:
    lines = ["## " + _("Hardware"), ""]
    sizing = ev.sizing
    if not sizing.groups and not sizing.pilot:
        return lines + [_("No on-prem hardware: every workload runs on a cloud API.")]
    rows = [
        [
            md_code(g.gpu), md_code(g.open_model), g.precision, f"{g.replicas} × {g.gpus_per_replica}", str(g.gpus), servers_text(g.servers),
            krw(g.capex_krw), f"{g.power_w:,.0f} W", ", ".join(md_code(w) for w in g.workloads),
        ]
        for g in sizing.groups
    ]  # fmt: skip
    if rows:
        header = [_("GPU"), _("Open model"), _("Precision"), _("Replicas × GPUs"), _("GPUs"), _("Servers"), _("Capex"), _("Power"), _("Serves")]
        lines += table(header, rows, "lllrrrrrl")
        lines += ["", _("Production total: {gpus} GPU(s) on {servers} server(s), {capex}.", gpus=sizing.gpus, servers=sizing.servers, capex=krw(sizing.capex_krw))]
    if sizing.pilot:
        p = sizing.pilot
        lines += ["", _("Phase 2 pilot: {gpus} × {gpu} serving {model}, {capex}.", gpus=p.gpus, gpu=md_code(p.gpu), model=md_code(p.open_model), capex=krw(p.capex_krw))]
    for warning in sizing.warnings:
        lines.append(f"- ⚠ {md_text(translate(warning))}")
    return lines


def section_phases(ev: Evaluation) -> list[str]:
    lines = ["## " + _("Phases"), ""]
    phases = ev.phases
    if not phases:
        return lines + [_("No schedule yet.")]
    rows = [
        [f"{p.phase} {md_text(translate(p.name))}", p.start.isoformat(), p.end.isoformat(), f"{days_between(ev, p.start, p.end)}", krw(p.cost_krw), md_text(staff_text(p.staff_fte, ev.role_names))]
        for p in phases
    ]
    lines += table([_("Phase"), _("Start"), _("End"), _("Days"), _("Cost"), _("Staff (FTE)")], rows, "lllrrl")
    dates = key_dates(ev)
    if dates:
        lines += ["", *[f"- {md_text(label)}: **{prose_date(day)}**" for label, day in dates]]
    return lines


def section_gantt(ev: Evaluation, chart: mermaid.Charted | None = None) -> list[str]:
    if not ev.schedule.tasks:
        return []
    note = _("Critical path in red (`crit`); diamonds are milestones.")
    calendar = calendar_note(ev)
    if calendar:
        note += " " + md_text(calendar) + "."
    chart = chart or mermaid.charted(ev)
    if chart.ids is not None:
        note += " " + chart.note()
    return ["## " + _("Timeline"), "", note, "", "```mermaid", *mermaid.gantt_lines(ev, chart.ids, chart.mermaid_ids), "```"]


def section_flowchart(ev: Evaluation, chart: mermaid.Charted | None = None) -> list[str]:
    if not ev.schedule.tasks:
        return []
    critical = len(ev.schedule.critical_path)
    note = _("Each arrow: the task on the right cannot start before the one on the left ends. Thick arrows: the critical path ({count} tasks).", count=f"{critical:,}")
    chart = chart or mermaid.charted(ev)
    if chart.ids is not None:
        note += " " + chart.note()
    return ["## " + _("Task dependencies"), "", note, "", "```mermaid", *mermaid.flowchart_lines(ev, chart.ids, chart.mermaid_ids), "```"]


def section_tco(ev: Evaluation) -> list[str]:
    ledger = ev.ledger
    lines = ["## " + _("Cost"), ""]
    if ledger is None or not ledger.tco:
        return lines + [_("No cost ledger yet.")]
    names = strategies(ledger)
    years = max(len(ledger.tco[s].by_year_krw) for s in names)
    rows = []
    for name in names:
        tco = ledger.tco[name]
        by_year = [krw(v) for v in tco.by_year_krw] + [""] * (years - len(tco.by_year_krw))
        label = translate(strategy_label(name)) + (" (" + _(ev.strategy.replace("_", "-")) + ")" if name == "plan" else "")
        rows.append([label, *by_year, f"**{krw(tco.total_krw)}**"])
    lines += [_("{horizon} total cost of ownership:", horizon=horizon_label(ledger.horizon_months).capitalize()), ""]
    lines += table([_("Strategy"), *[_("Year {year}", year=y + 1) for y in range(years)], _("Total")], rows, "l" + "r" * (years + 1))
    lines += ["", break_even_sentence(ev)]
    if ledger.on_prem_break_even_month:
        lines.append(_("All on-prem would break even in month {month}.", month=ledger.on_prem_break_even_month))
    if compliance_sentence(ev):
        lines += ["", md_text(compliance_sentence(ev))]
    thresholds, alternatives = main_thresholds(ledger)
    if thresholds:
        lines += ["", _("On-prem pays when the monthly cloud bill exceeds opex + capex / amortization (the framework's threshold):"), ""]
        rows = [
            [
                _(BASIS_LABEL[getattr(t, "basis", "plan")]), md_code(t.gpu), f"{servers_text(t.servers)} / {t.gpus}", krw(t.capex_krw), krw(t.opex_krw_per_month),
                f"**{krw(t.threshold_krw_per_month)}** ({usd(t.threshold_usd_per_month)})", krw(getattr(t, "cloud_krw_per_month", 0)) if getattr(t, "cloud_krw_per_month", 0) else "-",
            ]
            for t in thresholds
        ]  # fmt: skip
        header = [_("Hardware"), _("GPU"), _("Servers / GPUs"), _("Capex"), _("Opex/month"), _("Threshold/month"), _("Its workloads on the cloud/month")]
        lines += table(header, rows, "llrrrrr")
        if alternatives:
            lines += ["", _("{count} alternative GPU choices are compared in {command}.", count=alternatives, command="`planner show`")]
    notes = ledger_notes(ev)
    if notes:
        lines += ["", _("What these costs count:"), ""] + [f"- {md_text(note)}" for note in notes]
    return lines


def section_scenarios(ev: Evaluation) -> list[str]:
    if not ev.scenarios:
        return []
    base = ev.ledger.tco["plan"].total_krw if ev.ledger and "plan" in ev.ledger.tco else None
    rows = []
    for s in ev.scenarios:
        total = s.tco["plan"].total_krw if "plan" in s.tco else None
        delta = f"{'+' if total - base >= 0 else ''}{krw(total - base)}" if total is not None and base is not None else "-"
        moved = sum(1 for w in ev.workloads if s.placements.get(w.id, w.placement) != w.placement)
        rows.append([md_text(s.name), md_text(s.description), krw(total) if total is not None else "-", delta, str(s.break_even_month or _("none")), str(moved)])
    header = [_("Scenario"), _("What it tests"), _("Plan TCO"), _("vs base"), _("Break-even month"), _("Placements moved")]
    return ["## " + _("Scenarios"), "", *table(header, rows, "llrrrr")]


def section_warnings(ev: Evaluation) -> list[str]:
    if not ev.warnings:
        return []
    return ["## " + _("Warnings"), "", *[f"- ⚠ {md_text(translate(w))}" for w in ev.warnings]]


def section_assumptions(ev: Evaluation) -> list[str]:
    lines = ["## " + _("Assumptions and catalog dates"), ""]
    own = {k: v for k, v in ev.assumptions.items() if not ev.assumption_sources.get(k, "").startswith("catalog")}
    if own:
        lines += [_("Set by this plan:"), "", *table([_("Assumption"), _("Value")], [[md_code(k), md_text(value_text(v))] for k, v in own.items()]), ""]
    if ev.catalog_dates:
        dates = " · ".join(f"{md_text(k.replace('_', ' '))} {d}" for k, d in ev.catalog_dates.items())
        lines += [_("Catalog prices and facts as of (latest entry per catalog): {dates}.", dates=dates), ""]
    defaults = {k: v for k, v in ev.assumptions.items() if k not in own}
    if defaults:
        lines += ["<details><summary>" + _("{count} catalog defaults", count=len(defaults)) + "</summary>", ""]
        lines += table([_("Assumption"), _("Value"), _("Source")], [[md_code(k), md_text(value_text(v)), md_text(ev.assumption_sources.get(k, "").removeprefix("catalog: "))] for k, v in defaults.items()])
        lines += ["", "</details>"]
    return lines


SECTIONS = [
    section_decision, section_overview, section_placements, section_closed_vs_open, section_cloud_bill, section_hardware, section_phases, section_gantt, section_flowchart,
    section_tco, section_cost_per_mtok, section_scenarios, section_warnings, section_assumptions,
]  # fmt: skip


def markdown_report(ev: Evaluation) -> str:
    """The whole report."""
    lines = [f"# {md_text(ev.name)}", "", _("LLM migration plan: where each workload runs, what it needs, when, and what it costs."), ""]
    chart = mermaid.charted(ev) if ev.schedule.tasks else None  # the two diagrams draw the same tasks
    for section in SECTIONS:
        part = section(ev, chart) if section in (section_gantt, section_flowchart) else section(ev)
        if part:
            lines += [*part, ""]
    lines.append("_" + _("Generated by planner from the plan file; every figure traces to the catalogs listed above.") + "_")
    return "\n".join(lines) + "\n"
