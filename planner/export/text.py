"""`planner show`: the evaluation as plain text, readable without the JSON. One function per section."""

from __future__ import annotations

from planner.domain.results import Evaluation
from planner.domain.vocabulary import CATEGORY_LABEL, PLACEMENT_NAME, STRATEGY_DESCRIPTION, month_date
from planner.export.billing import bill_lines, commitment_note, unit_cost_text
from planner.domain.money import krw, usd
from planner.export.report import industry_text, prose_month
from planner.i18n import N_, _, ngettext, rendering_once, translate

HYBRID_LABEL = {"gradual": N_("gradual: starts on the cloud, moves on-prem over time"), "sensitive": N_("only the sensitive share on-prem")}


def section_overview(ev: Evaluation) -> list[str]:
    lines = [
        _("Plan: {name}", name=ev.name),
        _("Start: {start}   Horizon: {months} months   Industry: {industry}", start=ev.start.isoformat(), months=ev.horizon_months, industry=industry_text(ev.industry)),
    ]
    lines.append(_("Strategy: {strategy}   (framework cross-check: {situation})", strategy=_(ev.strategy), situation=translate(ev.situation)))
    compliance = [w for w in ev.workloads if w.cost_of_compliance_krw > 0]
    if compliance:
        total = sum(w.cost_of_compliance_krw for w in compliance)
        each = ", ".join(f"{w.id} {krw(w.cost_of_compliance_krw)}" for w in compliance)
        lines.append(
            _(
                "Cost of compliance over {months} months: {total} (regulation and data protection against the cheapest placement without them: {each})",
                months=ev.horizon_months,
                total=krw(total),
                each=each,
            )
        )
    return lines


def section_placements(ev: Evaluation) -> list[str]:
    """Each workload's placement, then every rule that applied with its answer (laws for regulation steps)."""
    lines = ["", _("Workloads and placement")]
    for w in ev.workloads:
        head = f"  {w.id} ({w.name}): {translate(PLACEMENT_NAME[w.placement])}" + (f" ({_(HYBRID_LABEL[w.hybrid])})" if w.hybrid in HYBRID_LABEL else "")
        if w.overridden:
            head += "  [" + _("override; the rules say {recommended}", recommended=translate(PLACEMENT_NAME[w.recommended])) + "]"
        flags = []
        if w.regulatory:
            flags.append(_("decided by regulation"))
        if not w.cloud_allowed and not w.overridden:
            flags.append(_("real data never goes to a cloud API"))
        if w.needs_deidentification:
            flags.append(_("cloud use needs de-identification"))
        if flags:
            head += f"  ({'; '.join(flags)})"
        lines.append(head)
        for step in w.trace:
            lines.append(f"    - {step.rule}: {translate(step.question)} {translate(step.answer)}")
            if step.rule.startswith("regulation.") or step.rule in ("override", "gpuaas.hosting"):  # the hosting step's source says what the prices rest on
                lines.append("        " + _("source: {source}", source=translate(step.source)))
        for warning in w.warnings:
            lines.append(f"    ! {translate(warning)}")
    return lines


def bill_text(ev: Evaluation, breakdown, indent: str = "      ") -> list[str]:
    """The workload's tokens from list price to the bill, one line each, USD and KRW; the one the plan uses is marked."""
    rate = float(ev.assumptions.get("krw_per_usd", 0))
    used = "as_billed" if breakdown.pricing == "as_billed" else "list"
    lines = []
    for line in bill_lines(breakdown):
        sign = "+" if line.usd > 0 and line.key not in ("list", "as_billed") else ""
        mark = "   " + _("<- used") if line.key == used else ""
        lines.append(indent + _("{label}: {usd} = {krw}/month", label=translate(line.label), usd=sign + usd(line.usd), krw=sign + krw(line.usd * rate)) + mark)
    note = commitment_note(breakdown)
    if note:
        lines.append(f"{indent}{translate(note)}")
    return lines


def section_cloud_costs(ev: Evaluation) -> list[str]:
    overhead, retry = float(ev.assumptions.get("token_overhead", 0)), float(ev.assumptions.get("retry_rate", 0))
    pricing = _("as-billed") if ev.assumptions.get("pricing") == "as_billed" else _("list-price")
    lines = [
        "",
        _(
            "Cloud cost per workload (month 1, on its cloud model, whatever its placement; token overhead +{overhead}, retries +{retry}; the plan uses the {pricing} figure)",
            overhead=f"{overhead:.0%}",
            retry=f"{retry:.0%}",
            pricing=pricing,
        ),
    ]
    for w in ev.workloads:
        embeddings = _(", incl. embeddings {usd}", usd=usd(w.embeddings_usd_per_month)) if w.embeddings_usd_per_month else ""
        lines.append(
            "  "
            + _(
                "{id}: {per_day} requests/day, {per_month}/month x {input} in / {output} out on {model}: {usd} = {krw}/month{embeddings}",
                id=w.id,
                per_day=f"{w.requests_per_day:,.0f}",
                per_month=f"{w.requests_per_month:,.0f}",
                input=f"{w.input_tokens:,}",
                output=f"{w.output_tokens:,}",
                model=w.cloud_model,
                usd=usd(w.cloud_cost_usd_per_month),
                krw=krw(w.cloud_cost_krw_per_month),
                embeddings=embeddings,
            )
        )
        lines += bill_text(ev, w.cloud_cost_breakdown)
        if w.rate_limit:
            rl = w.rate_limit
            tier = rl.tier_needed or _("no tier suffices")
            lines.append(
                "      "
                + _("rate limit ({provider}): peak {rpm} requests/min, {tpm} tokens/min -> {tier}", provider=rl.provider, rpm=f"{rl.peak_rpm:,.1f}", tpm=f"{rl.peak_tpm:,.0f}", tier=tier)
            )
    if ev.workloads:
        total_usd = sum(w.cloud_cost_usd_per_month for w in ev.workloads)
        total_krw = sum(w.cloud_cost_krw_per_month for w in ev.workloads)
        listed = sum(w.cloud_cost_breakdown.list_usd + w.embeddings_usd_per_month for w in ev.workloads)
        billed = sum(w.cloud_cost_breakdown.as_billed_usd + w.embeddings_usd_per_month for w in ev.workloads)
        lines.append(
            "  "
            + _("all workloads on the cloud: {usd} = {krw}/month (list price {listed}, as billed {billed})", usd=usd(total_usd), krw=krw(total_krw), listed=usd(listed), billed=usd(billed))
        )
    for r in ev.rate_limits:
        verdict = _("OVER the organization's {tier}", tier=r.tier_have) if r.exceeded else _("within the organization's {tier}", tier=r.tier_have)
        lines.append(
            "  "
            + _(
                "rate limit per account ({provider} {model}, summed over {workloads}): peak {rpm} requests/min, {tpm} tokens/min -> needs {tier}; {verdict}",
                provider=r.provider,
                model=r.model,
                workloads=", ".join(r.workloads),
                rpm=f"{r.peak_rpm:,.1f}",
                tpm=f"{r.peak_tpm:,.0f}",
                tier=r.tier_needed or _("more than every tier"),
                verdict=verdict,
            )
        )
    return lines


def _servers(count: int) -> str:
    return ngettext("{n} server", "{n} servers", count)


def _gpus(count: int) -> str:
    return ngettext("{n} GPU", "{n} GPUs", count)


def section_hardware(ev: Evaluation) -> list[str]:
    sizing = ev.sizing
    lines = ["", _("On-prem hardware")]
    if not sizing.groups and not sizing.pilot:
        lines.append("  " + _("none (no on-prem share)"))
    for g in sizing.groups:
        servers = _servers(g.servers) if g.servers else _("in the servers above")
        lines.append(
            "  "
            + _(
                "{model} ({precision}) on {gpu}: {replicas} x {per_replica} = {gpus}, {servers}, {capex}, {power} W; serves {workloads}",
                model=g.open_model,
                precision=g.precision,
                gpu=g.gpu,
                replicas=ngettext("{n} replica", "{n} replicas", g.replicas),
                per_replica=_gpus(g.gpus_per_replica),
                gpus=_gpus(g.gpus),
                servers=servers,
                capex=krw(g.capex_krw),
                power=f"{g.power_w:,.0f}",
                workloads=", ".join(g.workloads),
            )
        )
        lines.append(
            "      "
            + _(
                "peak {peak} output tokens/s ({concurrency} requests in flight) vs capacity {capacity} tokens/s: {headroom} headroom; {memory} GB per replica",
                peak=f"{g.peak_tokens_per_s:,.0f}",
                concurrency=f"{g.peak_concurrency:,.1f}",
                capacity=f"{g.capacity_tokens_per_s:,.0f}",
                headroom=f"{g.headroom:.0%}",
                memory=f"{g.memory_per_replica_gb:,.1f}",
            )
        )
        lines.append("      " + _("throughput {source}", source=translate(g.throughput_source)))
    if sizing.groups:
        power = sum(g.power_w for g in sizing.groups)
        lines.append(
            "  " + _("production total: {gpus}, {servers}, {capex}, {power} W", gpus=_gpus(sizing.gpus), servers=_servers(sizing.servers), capex=krw(sizing.capex_krw), power=f"{power:,.0f}")
        )
    if sizing.pilot:
        p = sizing.pilot
        lines.append(
            "  "
            + _(
                "pilot: {gpus} x {gpu} serving {model} ({precision}), {servers}, {capex}, {power} W, about {capacity} tokens/s",
                gpus=p.gpus,
                gpu=p.gpu,
                model=p.open_model,
                precision=p.precision,
                servers=_servers(p.servers),
                capex=krw(p.capex_krw),
                power=f"{p.power_w:,.0f}",
                capacity=f"{p.capacity_tokens_per_s:,.0f}",
            )
        )
    if sizing.alternatives:
        months = ev.assumptions.get("amortization_months", 36)
        lines.append("  " + _("GPU types compared (* = used; cost = capex + {months} months of power, network, storage, backup, maintenance)", months=f"{months:g}"))
        last = None
        for a in sizing.alternatives:
            if (a.open_model, a.precision) != last:
                last = (a.open_model, a.precision)
                lines.append(f"    {a.open_model} ({a.precision}):")
            mark = "*" if a.chosen else " "
            if a.fits:
                row = ngettext(
                    "{gpus} GPU ({replicas} x TP{per_replica}), {servers}, capex {capex}, {power} W, opex {opex}/month, {months}-month cost {cost}",
                    "{gpus} GPUs ({replicas} x TP{per_replica}), {servers}, capex {capex}, {power} W, opex {opex}/month, {months}-month cost {cost}",
                    a.gpus,
                    gpus=f"{a.gpus:>3}",
                    replicas=a.replicas,
                    per_replica=a.gpus_per_replica,
                    servers=_servers(a.servers),
                    capex=krw(a.capex_krw),
                    power=f"{a.power_w:,.0f}",
                    opex=krw(a.opex_krw_per_month),
                    months=f"{months:g}",
                    cost=krw(a.cost_3y_krw),
                )
            else:
                row = _("does not fit")
            note = f"  ({translate(a.note)})" if a.note else ""
            lines.append(f"    {mark} {a.gpu:<10} {row}{note}")
    return lines


def section_phases(ev: Evaluation) -> list[str]:
    """Phase dates (from the task graph), cost and average staff, key dates, then the text timeline."""
    from planner.export.timeline import days_between, timeline_lines

    schedule = ev.schedule
    lines = ["", _("Phases (dates computed from the task graph; staff = average FTE per role, operations included from go-live)")]
    for p in ev.phases:
        staff = _staff_text(ev, p.staff_fte)
        days = days_between(ev, p.start, p.end)
        lines.append(
            "  "
            + _(
                "Phase {phase} {name}: {start} .. {end} ({days} days)   {cost}   staff: {staff}",
                phase=p.phase,
                name=translate(p.name),
                start=p.start.isoformat(),
                end=p.end.isoformat(),
                days=days,
                cost=krw(p.cost_krw),
                staff=staff,
            )
        )
    dates = [
        (label, day)
        for label, day in ((_("pilot GPUs arrive"), schedule.pilot_delivery), (_("production GPUs arrive"), schedule.production_delivery), (_("on-prem serving live"), schedule.go_live))
        if day is not None
    ]
    if dates:
        lines.append("  " + _("Key dates: {dates}", dates="; ".join(f"{label} {day.isoformat()}" for label, day in dates)))
    if schedule.migration_end:
        lines.append("  " + _("Migrations end: {dates}", dates=", ".join(f"{w} {day.isoformat()}" for w, day in schedule.migration_end.items())))
    return lines + timeline_lines(ev)


INFRA = ("network", "storage", "backup")
SHORT_CATEGORY = {"maintenance": N_("maint.")}
"""Where `show`'s narrow columns abbreviate a category (the rest as `vocabulary.CATEGORY_LABEL`)."""


def _category(category: str) -> str:
    if category in SHORT_CATEGORY:
        return _(SHORT_CATEGORY[category])
    return translate(CATEGORY_LABEL[category]) if category in CATEGORY_LABEL else category


def _staff_text(ev: Evaluation, staff_fte: dict[str, float]) -> str:
    """`ML engineer (senior) 0.7, Security engineer 0.16`, each role by its catalog name in the current language (`-` for none)."""
    return ", ".join(f"{translate(ev.role_names.get(role, role))} {fte:g}" for role, fte in staff_fte.items()) or "-"


def _columns(text: str) -> int:
    """Terminal columns of `text`: Hangul (만원, 억원, Korean names) takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cell(text: str, width: int, left: bool = False) -> str:
    """Pad to a terminal width, counting Hangul (만원, 억원) as two columns."""
    pad = " " * max(0, width - _columns(text))
    return text + pad if left else pad + text


def _fit(text: str, width: int) -> str:
    """`text` cut to at most `width` terminal columns, then padded to exactly that many."""
    while _columns(text) > width:
        text = text[:-1]
    return _cell(text, width, left=True)


def _break_even_text(month: int | None, ev: Evaluation) -> str:

    if month is None:
        return _("none within the horizon")
    return _("month {month} ({date})", month=month, date=prose_month(month_date(ev.start, month)))


def _tco_table(ev: Evaluation) -> list[str]:
    ledger = ev.ledger
    assert ledger is not None
    years = max(len(t.by_year_krw) for t in ledger.tco.values())
    head = "  " + _cell(_("strategy"), 42, left=True) + _cell(_("total"), 12) + "".join(_cell(_("year {year}", year=y + 1), 12) for y in range(years)) + _cell(_("of which staff"), 16)
    lines = [head]
    for name, tco in ledger.tco.items():
        row = f"  {_cell(translate(STRATEGY_DESCRIPTION.get(name, name)), 42, left=True)}{_cell(krw(tco.total_krw), 12)}" + "".join(_cell(krw(y), 12) for y in tco.by_year_krw)
        lines.append(row + _cell(krw(tco.by_category_krw.get("staff", 0)), 16))
    lines.append("  " + _("by category over the horizon:"))
    for name, tco in ledger.tco.items():
        parts = ", ".join(f"{_category(c)} {krw(v)}" for c, v in tco.by_category_krw.items() if v)
        lines.append(f"    {name}: " + (parts or _("nothing")))
    return lines


def _tco_scenarios(ev: Evaluation) -> list[str]:
    ledger = ev.ledger
    assert ledger is not None
    lines = []
    placed = {r.id: r.placement for r in ev.workloads}  # workload ids are unique (validate); a scenario lists every workload
    for s in ev.scenarios:
        totals = ", ".join(f"{name} {krw(t.total_krw)} ({_delta(t.total_krw, ledger.tco[name].total_krw)})" for name, t in s.tco.items() if name in ledger.tco)
        lines.append("  " + _("scenario {name}: {totals}", name=s.name, totals=totals))
        lines.append(
            "      " + _("break-even: plan {plan}, on_prem {on_prem}", plan=_break_even_text(s.break_even_month, ev), on_prem=_break_even_text(s.on_prem_break_even_month, ev))
        )
        moved = [f"{w} -> {p}" for w, p in s.placements.items() if w in placed and placed[w] != p]
        if moved:
            lines.append("      " + _("placements change: {moved}", moved=", ".join(moved)))
        if s.description:
            lines.append(f"      ({translate(s.description)})")
    return lines


def _delta(value: int, base: int) -> str:
    if base == 0:
        return _("base 0")
    return _("{delta} on the base", delta=f"{(value - base) / base:+.0%}")


def _tco_thresholds(ev: Evaluation) -> list[str]:
    ledger = ev.ledger
    assert ledger is not None
    if not ledger.thresholds:
        return []
    months = ledger.thresholds[0].amortization_months
    lines = ["", _("Where on-prem pays (framework threshold: opex incl. operations staff + capex / {months} months, per month)", months=months)]
    shown = [t for t in ledger.thresholds if t.basis != "alternative"]
    cheapest: dict[tuple[str, str], object] = {}
    for t in sorted((t for t in ledger.thresholds if t.basis == "alternative"), key=lambda t: t.threshold_krw_per_month):
        cheapest.setdefault((t.open_model, t.precision), t)
    shown += list(cheapest.values())  # the cheapest other GPU per model; the JSON has every one
    order = {"plan": 0, "pilot": 1, "on_prem": 2, "gpuaas": 3, "alternative": 4, "framework": 5}
    for t in sorted(shown, key=lambda t: (order.get(t.basis, 4), t.threshold_krw_per_month)):
        servers = _servers(t.servers) if t.servers else (_("rented") if t.basis == "gpuaas" else _("in shared servers"))
        what = f"{t.gpus} x {t.gpu}, {servers}" + (" " + _("for {model} {precision}", model=t.open_model, precision=t.precision) if t.open_model else "")
        verdict = ""
        if t.cloud_krw_per_month:
            outcome = _("pays") if t.cloud_krw_per_month > t.threshold_krw_per_month else _("cloud cheaper")
            verdict = _("; its workloads spend {krw} on the cloud at month 1 -> {outcome}", krw=krw(t.cloud_krw_per_month), outcome=outcome)
        lines.append(
            "  "
            + _(
                "[{basis}] {what}: {krw} = {usd}/month (capex {capex}, opex {opex} of which staff {staff}; {without} without staff){verdict}",
                basis=t.basis,
                what=what,
                krw=krw(t.threshold_krw_per_month),
                usd=usd(t.threshold_usd_per_month),
                capex=krw(t.capex_krw),
                opex=krw(t.opex_krw_per_month),
                staff=krw(t.staff_krw_per_month),
                without=usd((t.threshold_krw_per_month - t.staff_krw_per_month) / (t.threshold_krw_per_month / t.threshold_usd_per_month)),
                verdict=verdict,
            )
        )
        if t.framework_usd_per_month is not None:
            lines.append("      " + _("framework's rule of thumb: {usd}/month; {note}", usd=usd(t.framework_usd_per_month), note=translate(t.framework_note)))
    return lines


def _tco_phases(ev: Evaluation) -> list[str]:
    ledger = ev.ledger
    assert ledger is not None
    phases = ev.phases
    if not phases or not any(p.cost_by_category_krw for p in phases):
        return []
    columns: dict[str, tuple[str, ...]] = {}
    for c in ledger.categories:  # network + storage + backup share one "infra" column; the JSON has each
        if c in INFRA:
            columns[_("infra")] = INFRA
        else:
            columns[_category(c)] = (c,)
    used = {label: cats for label, cats in columns.items() if any(p.cost_by_category_krw.get(c) for p in phases for c in cats)}
    lines = ["", _("Cost and staff per phase (plan strategy over each phase's dates; overlapping phases both count the shared days,")]
    lines.append("  " + _("a purchase counts once; the months after the last phase are in the TCO above)"))
    width = {label: max(11, _columns(label) + 2) for label in [_("total"), *used]}  # a label never touches its neighbour
    lines.append("  " + _cell(_("phase"), 26, left=True) + _cell(_("dates"), 24, left=True) + "".join(_cell(label, w) for label, w in width.items()) + "   " + _("staff (average FTE)"))
    widths = list(width.values())
    for p in phases:
        dates = f"{p.start.isoformat()}..{p.end.isoformat()}"
        cells = "".join(_cell(krw(sum(p.cost_by_category_krw.get(c, 0) for c in cats)), w) for cats, w in zip(used.values(), widths[1:]))
        lines.append(f"  {_fit(f'{p.phase} {translate(p.name)}', 26)}{dates:<24}{_cell(krw(p.cost_krw), widths[0])}{cells}   {_staff_text(ev, p.staff_fte)}")
    return lines


def section_tco(ev: Evaluation) -> list[str]:
    """TCO per strategy by year, break-even, scenarios next to the base, thresholds, cost and staff per phase."""
    ledger = ev.ledger
    if ledger is None or not ledger.tco:
        return []
    lines = ["", _("TCO over {months} months", months=ledger.horizon_months)]
    lines += _tco_table(ev)
    lines.append(
        "  "
        + _(
            "break-even against cloud (like for like: same workloads over the same months, same project staff): plan {plan}; on_prem {on_prem}; gpuaas {gpuaas}",
            plan=_break_even_text(ledger.break_even_month, ev),
            on_prem=_break_even_text(ledger.on_prem_break_even_month, ev),
            gpuaas=_break_even_text(ledger.gpuaas_break_even_month, ev),
        )
    )
    lines += _tco_scenarios(ev)
    if ledger.on_prem_hardware:
        hardware = "; ".join(_("{gpus} x {gpu} for {model} {precision}", gpus=g.gpus, gpu=g.gpu, model=g.open_model, precision=g.precision) for g in ledger.on_prem_hardware)
        lines.append("  " + _("on_prem hardware (every workload on-prem, sized on month-1 load): {hardware}", hardware=hardware))
    for event in ledger.one_time.get("plan", []):
        lines.append("  " + _("plan buys {day}: {what}: {krw}", day=event.day.isoformat(), what=translate(event.what), krw=krw(event.krw)))
    lines += [f"  - {translate(note)}" for note in ledger.notes]
    lines += _tco_thresholds(ev)
    lines += _tco_phases(ev)
    return lines


UNIT_WHERE = {"cloud": N_("cloud"), "on_prem": N_("on-prem"), "gpuaas": N_("gpuaas"), "plan": N_("plan")}


def section_cost_per_mtok(ev: Evaluation) -> list[str]:
    """One unit across strategies: per strategy over the horizon, per workload at month 1; hardware reserved and usage-only."""
    units = ev.cost_per_mtok
    if not units.strategies and not units.workloads:
        return []
    lines = ["", _("Cost per million tokens (input + output) and per successful request")]
    lines.append("  " + _("reserved = the full cost of keeping the capacity available / tokens served; usage-only = as if only busy GPU time were paid"))
    for name, unit in units.strategies.items():
        lines.append(f"  {_(UNIT_WHERE[name]) if name in UNIT_WHERE else name}: {unit_cost_text(unit)}")
    for workload, entry in units.workloads.items():
        lines.append(f"  {workload}: " + "; ".join(f"{_(UNIT_WHERE.get(kind, kind))} {unit_cost_text(unit)}" for kind, unit in entry.items()))
    return lines


def section_warnings(ev: Evaluation) -> list[str]:
    if not ev.warnings:
        return []
    return ["", _("Warnings")] + [f"  ! {translate(w)}" for w in ev.warnings]


SECTIONS = [section_overview, section_placements, section_cloud_costs, section_hardware, section_phases, section_tco, section_cost_per_mtok, section_warnings]


def show_text(ev: Evaluation) -> str:
    """The whole `planner show` text."""
    lines: list[str] = []
    with rendering_once():
        for section in SECTIONS:
            lines += section(ev)
    lines.append("")  # the text ends with a newline: one join, not a copy of it (2,000 workloads: ~10 MB, ~2,500 fresh pages each)
    return "\n".join(lines) if len(lines) > 1 else "\n"
