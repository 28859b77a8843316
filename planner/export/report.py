"""Facts the stakeholder exports share (markdown, html, ics, diff): labels, key dates, cumulative costs."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from planner.domain.results import Evaluation, GpuGroup, Ledger, ScheduledTask, ThresholdCheck, TraceStep, WorkloadResult
from planner.domain.vocabulary import month_date, ordered_strategies, placement_name, strategy_label
from planner.i18n import N_, _, get_language, ngettext, translate


def prose_date(day: date) -> str:
    """A date in running text: `2026-03-02` in English, `2026년 3월 2일` in Korean (tables keep ISO)."""
    return _("{year}-{month:02d}-{day:02d}", year=day.year, month=day.month, day=day.day)


def prose_month(day: date) -> str:
    """A month in running text: `2026-03`, `2026년 3월`."""
    return _("{year}-{month:02d}", year=day.year, month=day.month)


def strategies(ledger: Ledger | None) -> list[str]:
    """Strategies with a TCO, plan first."""
    return ordered_strategies(ledger.tco) if ledger is not None else []


def hosting(group: object) -> str:
    """`rented` for GPUs rented from a provider (GPU-as-a-service), `owned` for bought ones."""
    if getattr(group, "rented", False) or getattr(group, "hosting", "owned") == "rented" or getattr(group, "ownership", "owned") == "rented":
        return "rented"
    return "owned"


def group_key(group: GpuGroup) -> str:
    """What makes a GPU group distinct, as one readable key: `llama-3.1-70b fp8 tp4 on a100-80gb`, `... (rented)`.

    Used by the saved `[summary.gpus]` and by `planner diff`, so two groups of one model on one GPU at
    different precisions or tensor-parallel sizes are never merged into one line.
    """
    key = f"{group.open_model} {group.precision} tp{group.gpus_per_replica} on {group.gpu}"
    return key + " (rented)" if hosting(group) == "rented" else key


def group_keys(groups: list[GpuGroup]) -> list[str]:
    """`group_key` of each group, numbered (`#2`) in the unlikely case two groups share every property."""
    seen: dict[str, int] = {}
    keys = []
    for group in groups:
        key = group_key(group)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key} #{seen[key]}")
    return keys


def servers_text(servers: int) -> str:
    """A group's server count, or `shared` when it is packed into another group's server (0 servers of its own)."""
    return str(servers) if servers else _("shared")


TRACES_IN_REPORTS = 200
"""Workloads whose every placement rule the HTML and Markdown reports list (a program limit, like the app's 200 for
drawing ranges): a 10,000-workload decision page listed 80,000 rules (72 MB of HTML, seconds to write, too long
to open); beyond it the reports list the first ones and say where every rule is (`planner show`, the JSON export).
The placement table and each workload's deciding rule stay complete."""


def traced_workloads(ev: Evaluation) -> tuple[list[WorkloadResult], str | None]:
    """(the workloads a report lists every rule of, the note on the rest or None)."""
    shown = ev.workloads[:TRACES_IN_REPORTS]
    rest = len(ev.workloads) - len(shown)
    note = _("… and {count} more workloads: `planner show` and the JSON export list every rule of each", count=f"{rest:,}") if rest > 0 else None
    return shown, note


BASIS_LABEL = {"plan": N_("this plan"), "pilot": N_("Phase 2 pilot"), "on_prem": N_("all on-prem"), "gpuaas": N_("rented GPUs")}
"""ThresholdCheck.basis -> what the hardware is; `alternative` rows are left to `planner show`."""


def main_thresholds(ledger: Ledger | None) -> tuple[list[ThresholdCheck], int]:
    """Break-even thresholds of the plan's, the pilot's and the all-on-prem hardware; and how many alternatives were left out."""
    if ledger is None:
        return [], 0
    shown = [t for t in ledger.thresholds if getattr(t, "basis", "plan") in BASIS_LABEL]
    return shown, len(ledger.thresholds) - len(shown)


def deciding_step(workload: WorkloadResult) -> TraceStep | None:
    """The rule that decided the placement: the last step that is not a note on price (`TraceStep.note`)."""
    steps = [s for s in workload.trace if not s.note]
    return steps[-1] if steps else None


INDUSTRY_NAME = {"general": "General (Korea)", "finance": "Finance", "medical": "Medical", "public": "Public sector", "defense": "Defense", "eu": "EU operations"}
"""The shipped catalog's industries by id: English reports show the id, other languages the sector's name
(its translation comes from the catalog's text in the reports catalog)."""


def industry_text(industry: str) -> str:
    """The industry as the reader's language names it (a company catalog's own id as it is)."""
    if get_language() == "en" or industry not in INDUSTRY_NAME:
        return industry
    return _(INDUSTRY_NAME[industry])


STRATEGY_IN_FACTS = {"plan": N_("this plan"), "cloud": N_("all cloud"), "on_prem": N_("all on-prem"), "gpuaas": N_("rented GPUs")}
"""Strategy labels as the decision facts name them (`3-year TCO, all cloud`)."""


def horizon_label(months: int) -> str:
    """`3-year` for 36 months, `30-month` otherwise."""
    return _("{years}-year", years=months // 12) if months % 12 == 0 else _("{months}-month", months=months)


def break_even_sentence(ev: Evaluation) -> str:
    """One sentence on when the plan pays off against all-cloud."""
    ledger = ev.ledger
    if ledger is None or not ledger.tco:
        return _("No cost ledger yet, so no break-even.")
    month = ledger.break_even_month
    if month is None:
        return _("The plan's cumulative cost stays above all-cloud (like for like) for the whole {months}-month horizon: no break-even.", months=ledger.horizon_months)
    return _(
        "The plan's cumulative cost drops below all-cloud (like for like) in month {month} ({date}).", month=month, date=prose_month(month_date(ev.start, month))
    )


def compliance_sentence(ev: Evaluation) -> str:
    """What regulation and data protection cost against the cheapest placement without them; empty when nothing."""
    total = sum(w.cost_of_compliance_krw for w in ev.workloads)
    if total <= 0:
        return ""
    from planner.domain.money import krw

    each = ", ".join(f"{w.name} {krw(w.cost_of_compliance_krw)}" for w in ev.workloads if w.cost_of_compliance_krw > 0)
    return _(
        "Cost of compliance: {total} over {months} months (regulation and data protection against the cheapest placement without them: {each}).",
        total=krw(total),
        months=ev.horizon_months,
        each=each,
    )


def ledger_notes(ev: Evaluation) -> list[str]:
    """How the ledger read the plan, in the reader's language: GPUs bought for a later year's peak, workloads the cloud
    strategy counts only from when the plan serves them, rented-GPU bridges, the framework's cloud TCO. `planner show`
    lists them under its TCO; the decision page, the Markdown and the Costs tab under theirs."""
    return [translate(note) for note in ev.ledger.notes] if ev.ledger is not None else []


def key_dates(ev: Evaluation) -> list[tuple[str, date]]:
    """Pilot and production GPU delivery, go-live, each migration end: the dates people ask about."""
    milestones = ev.schedule
    labels = {"pilot_delivery": _("Pilot GPUs delivered"), "production_delivery": _("Production GPUs delivered"), "go_live": _("On-prem go-live")}
    dates = [(label, day) for field, label in labels.items() if (day := getattr(milestones, field))]
    names = {w.id: w.name for w in ev.workloads}
    for workload, end in milestones.migration_end.items():
        dates.append((_("Migration done: {name}", name=names.get(workload, workload)), end))
    return dates


def phase_name(ev: Evaluation, phase: int) -> str:
    """`Phase 2 On-prem pilot` (or `Phase 2` when the phase has no result)."""
    for p in ev.phases:
        if p.phase == phase:
            return _("Phase {phase} {name}", phase=p.phase, name=translate(p.name))
    return _("Phase {phase}", phase=phase)


def tasks_by_phase(ev: Evaluation, shown: frozenset[str] | None = None) -> list[tuple[int, str, list[ScheduledTask]]]:
    """(phase number, phase title, tasks in start order) for each phase that has tasks; `shown`: only these tasks."""
    by_phase: dict[int, list[ScheduledTask]] = {}
    for t in ev.schedule.tasks:
        if shown is None or t.id in shown:
            by_phase.setdefault(t.phase, []).append(t)
    groups = []
    for phase in sorted(set(by_phase) | {p.phase for p in ev.phases}):
        tasks = sorted(by_phase.get(phase, ()), key=lambda t: (t.start, t.end, t.id))
        if tasks:
            groups.append((phase, phase_name(ev, phase), tasks))
    return groups


def staff_text(staff: dict[str, float], names: dict | None = None) -> str:
    """`ML engineer (senior) 0.5, DevOps / infrastructure 0.2` (each role by its catalog name from `names`, an
    `Evaluation.role_names`, in the current language; its id where it has none) or `-`."""
    names = names or {}
    return ", ".join(f"{translate(names.get(role, role))} {fte:g}" for role, fte in staff.items() if fte) or "-"


def percent_change(old: float, new: float) -> float | None:
    """Change in percent of the old value, None when the old value is 0."""
    if old == 0:
        return None
    return (new - old) / abs(old) * 100


def percent_text(value: float | None) -> str:
    """`+30%`, `-3.1%`, `+0%`; one decimal below 10%."""
    if value is None:
        return _("new")
    rounded = round(value, 1) if abs(value) < 10 else round(value)
    if rounded == 0:
        return "0%"
    text = f"{rounded:+.1f}" if abs(value) < 10 else f"{rounded:+d}"
    return text.removesuffix(".0") + "%"


def placement_mix(ev: Evaluation, empty: str | None = None) -> str:
    """`1 on-prem, 4 cloud, 1 workload on rented GPUs (GPUaaS)` (in the order the workloads first use each
    placement); `empty` (default: no workloads yet) when there are none."""
    counts: dict[str, int] = {}
    for w in ev.workloads:
        counts[w.placement] = counts.get(w.placement, 0) + 1
    mix = [_placement_count(placement, n) for placement, n in counts.items()]
    return ", ".join(mix) or (_("no workloads yet") if empty is None else empty)


def _placement_count(placement: str, n: int) -> str:
    """`3 on-prem`; rented GPUs say what is counted (`1 rented GPUs` read as one GPU)."""
    if placement == "gpuaas":
        return ngettext("{n} workload on rented GPUs (GPUaaS)", "{n} workloads on rented GPUs (GPUaaS)", n)
    return _("{count} {placement_label}", count=n, placement_label=translate(placement_name(placement)))


def horizon_span(months: int) -> str:
    """`3 years` for 36 months, `30 months` otherwise."""
    if months % 12 == 0:
        return ngettext("{n} year", "{n} years", months // 12)
    return _("{months} months", months=months)


def decision_sentence(ev: Evaluation) -> str:
    """The decision in one sentence: the strategy, where the workloads run, and how it compares on cost."""
    strategy = ev.strategy.replace("_", "-")
    sentence = _("Go {strategy}: {mix}.", strategy=_(strategy), mix=placement_mix(ev))
    ledger = ev.ledger
    if ledger is None or "plan" not in ledger.tco or len(ledger.tco) < 2:
        return sentence
    plan_total = ledger.tco["plan"].total_krw
    others = {s: t.total_krw for s, t in ledger.tco.items() if s != "plan"}
    cheapest = min(others, key=others.get)
    from planner.domain.money import krw

    if plan_total <= others[cheapest]:
        return sentence + " " + _("It is also the cheapest option over {span} ({total}).", span=horizon_span(ledger.horizon_months), total=krw(plan_total))
    gap = plan_total - others[cheapest]
    return (
        sentence
        + " "
        + _(
            "{strategy} would cost {gap} less over {span}: the placement rules (data protection, regulation, the framework's flowchart) decide, not price alone.",
            strategy=translate(strategy_label(cheapest)),
            gap=krw(gap),
            span=horizon_span(ledger.horizon_months),
        )
    )


def cost_of_compliance_krw(ev: Evaluation) -> int:
    """What regulation and data protection cost against the cheapest unconstrained placement, summed over workloads."""
    return sum(w.cost_of_compliance_krw for w in ev.workloads)


def decision_facts(ev: Evaluation) -> list[tuple[str, str]]:
    """The numbers a CTO asks first, as (label, text) pairs: TCO per strategy, go-live, break-even, cost of compliance."""
    from planner.domain.money import krw

    facts: list[tuple[str, str]] = []
    ledger = ev.ledger
    if ledger is not None and ledger.tco:
        horizon = horizon_label(ledger.horizon_months)
        for strategy in strategies(ledger):
            facts.append((_("{horizon} TCO, {strategy}", horizon=horizon, strategy=_(STRATEGY_IN_FACTS[strategy]) if strategy in STRATEGY_IN_FACTS else strategy), krw(ledger.tco[strategy].total_krw)))
    go_live = ev.schedule.go_live
    facts.append((_("On-prem go-live"), prose_date(go_live) if go_live else _("none (no on-prem serving)")))
    if ledger is not None and ledger.tco:
        month = ledger.break_even_month
        facts.append(
            (
                _("Break-even against all-cloud"),
                _("month {month} ({date})", month=month, date=prose_month(month_date(ev.start, month))) if month else _("none within {months} months", months=ledger.horizon_months),
            )
        )
    facts.append((_("Cost of compliance"), krw(cost_of_compliance_krw(ev))))
    risks = [w for w in ev.workloads if w.loosens_regulation]
    if risks:
        facts.append((_("Regulatory overrides (risk)"), ", ".join(w.name for w in risks)))
    return facts


ASPECT_LABELS = (
    N_("Model"), N_("Licence"), N_("Vendor support"), N_("Customization (fine-tuning)"), N_("Data residency"), N_("Upgrade cadence"), N_("Quality"), N_("Price over the horizon"),
)  # fmt: skip
"""planner.domain.models_compare.ASPECT_LABEL's labels, marked for translation (the reports show them with `_`)."""


COLUMN_WORDS = (N_("Closed"), N_("Open"))
"""Column headers the app's catalog also has with another meaning (`Open` a file): looked up in reports only."""


def report_word(msgid: str) -> str:
    """A short report word from the reports catalog alone (the ui catalog, read first, may hold the same
    English word with another meaning); in English or the pseudo-locale, `_` as everywhere."""
    lang = get_language()
    if lang in ("en", "qps"):
        return _(msgid)
    return _reports_catalog(lang).gettext(msgid)


@lru_cache(maxsize=None)
def _reports_catalog(lang: str):
    import gettext

    from planner.i18n import LOCALE_DIR

    return gettext.translation("reports", LOCALE_DIR, languages=[lang], fallback=True)


def model_comparisons(ev: Evaluation) -> tuple[list[list[str]], list[tuple[str, list[str], dict]]]:
    """Closed vs open for the reports: (one price row per workload, the aspect comparison once per model pair).

    Price rows: workload id, closed model, its price, open model and where, its price, the cheaper side.
    Pairs: (heading, workload ids, comparison) for each distinct cloud model / open model / hosting,
    so a plan of many alike workloads prints each comparison once.
    """
    from planner.domain.models_compare import compare_models, open_on_rented
    from planner.domain.money import krw

    rows: list[list[str]] = []
    pairs: dict[tuple[str, str, str], tuple[str, list[str], dict]] = {}
    for w in ev.workloads:
        comparison = compare_models(w, ev)
        if comparison is None:
            continue
        closed, opened = comparison["closed"], comparison["open"]
        rented = w.gpuaas if open_on_rented(w) else None
        where = _("rented at {provider}", provider=rented.provider) if rented is not None else _("owned GPUs")
        a, b = closed["price_krw"], opened["price_krw"]
        cheaper = "-" if a is None or b is None else (_("open") if b < a else _("closed") if a < b else _("equal"))
        rows.append([w.id, translate(closed["model"]), krw(a) if a is not None else "-", f"{translate(opened['model'])}, {where}", krw(b) if b is not None else "-", cheaper])
        key = (w.cloud_model, w.open_model, rented.offer if rented is not None else "")
        if key not in pairs:
            pairs[key] = (_("{closed} vs {open} ({where})", closed=translate(closed["model"]), open=translate(opened["model"]), where=where), [], comparison)
        pairs[key][1].append(w.id)
    return rows, list(pairs.values())
