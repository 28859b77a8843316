"""`planner show`: the evaluation as plain text, readable without the JSON. One function per section."""

from __future__ import annotations

from planner.domain.results import Evaluation
from planner.export.money import krw, usd

PLACEMENT_LABEL = {"cloud": "cloud", "hybrid": "hybrid", "on_prem": "on-prem", "on_prem_airgap": "on-prem (air-gapped)"}


def section_overview(ev: Evaluation) -> list[str]:
    lines = [f"Plan: {ev.name}", f"Start: {ev.start.isoformat()}   Horizon: {ev.horizon_months} months   Industry: {ev.industry}"]
    lines.append(f"Strategy: {ev.strategy}   (framework cross-check: {ev.situation})")
    return lines


def section_placements(ev: Evaluation) -> list[str]:
    """Each workload's placement, then every rule that applied with its answer (laws for regulation steps)."""
    lines = ["", "Workloads and placement"]
    for w in ev.workloads:
        head = f"  {w.id} ({w.name}): {PLACEMENT_LABEL[w.placement]}"
        if w.overridden:
            head += f"  [override; the rules say {PLACEMENT_LABEL[w.recommended]}]"
        flags = []
        if w.regulatory:
            flags.append("decided by regulation")
        if not w.cloud_allowed and not w.overridden:
            flags.append("real data never goes to a cloud API")
        if w.needs_deidentification:
            flags.append("cloud use needs de-identification")
        if flags:
            head += f"  ({'; '.join(flags)})"
        lines.append(head)
        for step in w.trace:
            lines.append(f"    - {step.rule}: {step.question} {step.answer}")
            if step.rule.startswith("regulation.") or step.rule == "override":
                lines.append(f"        source: {step.source}")
        for warning in w.warnings:
            lines.append(f"    ! {warning}")
    return lines


def section_cloud_costs(ev: Evaluation) -> list[str]:
    lines = ["", "Cloud cost per workload (month 1, on its cloud model, whatever its placement)"]
    for w in ev.workloads:
        lines.append(
            f"  {w.id}: {w.requests_per_day:,.0f} requests/day, {w.requests_per_month:,.0f}/month on {w.cloud_model}: "
            f"{usd(w.cloud_cost_usd_per_month)} = {krw(w.cloud_cost_krw_per_month)}/month"
        )
    return lines


def section_hardware(ev: Evaluation) -> list[str]:
    lines = ["", "On-prem hardware"]
    if not ev.sizing.groups:
        lines.append("  none (no on-prem share)")
    for g in ev.sizing.groups:
        lines.append(
            f"  {g.open_model} ({g.precision}) on {g.gpu}: {g.replicas} replica(s) x {g.gpus_per_replica} GPU = {g.gpus} GPU(s), "
            f"{g.servers} server(s), {krw(g.capex_krw)}, {g.power_w:,.0f} W; serves {', '.join(g.workloads)}"
        )
    if ev.sizing.pilot:
        p = ev.sizing.pilot
        lines.append(f"  pilot: {p.gpus} x {p.gpu} ({p.open_model}), {krw(p.capex_krw)}")
    return lines


def section_phases(ev: Evaluation) -> list[str]:
    lines = ["", "Phases"]
    for p in ev.schedule.phases:
        staff = ", ".join(f"{role} {fte:g}" for role, fte in p.staff_fte.items())
        lines.append(f"  Phase {p.phase} {p.name}: {p.start.isoformat()} .. {p.end.isoformat()}   {krw(p.cost_krw)}   staff: {staff or '-'}")
    return lines


def section_tco(ev: Evaluation) -> list[str]:
    ledger = ev.ledger
    if ledger is None or not ledger.tco:
        return []
    lines = ["", f"TCO over {ledger.horizon_months} months"]
    for name, tco in ledger.tco.items():
        years = " / ".join(krw(y) for y in tco.by_year_krw)
        lines.append(f"  {name}: {krw(tco.total_krw)}   by year: {years}")
    be = ledger.break_even_month
    lines.append(f"  break-even of the plan against cloud: {'month ' + str(be) if be else 'none within the horizon'}")
    return lines


def section_warnings(ev: Evaluation) -> list[str]:
    if not ev.warnings:
        return []
    return ["", "Warnings"] + [f"  ! {w}" for w in ev.warnings]


SECTIONS = [section_overview, section_placements, section_cloud_costs, section_hardware, section_phases, section_tco, section_warnings]


def show_text(ev: Evaluation) -> str:
    """The whole `planner show` text."""
    lines: list[str] = []
    for section in SECTIONS:
        lines += section(ev)
    return "\n".join(lines) + "\n"
