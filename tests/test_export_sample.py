"""A fully filled Evaluation for the export tests, independent of how far the engine has come.

The real sample plan supplies workloads, assumptions and catalog dates; the schedule, sizing and
ledger below are hand-made (a 13-task migration with a critical path through the GPU orders, and a
36-month ledger where on-prem overtakes the cloud in month 20) so that every export section has
content. Tests of the renderers' own logic use it; golden files use the real engine output.
"""

from __future__ import annotations

from datetime import date, timedelta

from planner.domain.evaluate import evaluate
from planner.domain.results import (
    Evaluation,
    GpuGroup,
    Ledger,
    PhaseResult,
    Schedule,
    ScheduledPhase,
    ScheduledTask,
    Sizing,
    StrategyTco,
)
from planner.store.catalogs import load_catalog
from planner.store.loader import read_plan
from tests.conftest import ROOT

START = date(2026, 3, 2)
CATEGORIES = ["cloud_api", "hardware", "power", "staff"]

# (id, name, phase, start offset days, duration days, depends on, critical, milestone, roles)
TASKS = [
    ("p1.security-review", "Security review (ISMS-P data flow, DPA)", 1, 0, 28, [], True, False, {"security": 0.5, "ml_engineer": 0.2}),
    ("p1.cloud-poc.translation", "Cloud POC: Document translation", 1, 0, 42, [], False, False, {"ml_engineer": 0.3}),
    ("p1.order-pilot-gpus", "Order pilot GPUs", 1, 28, 42, ["p1.security-review"], True, False, {}),
    ("p1.done", "Phase 1 complete", 1, 70, 0, ["p1.order-pilot-gpus", "p1.cloud-poc.translation"], True, True, {}),
    ("p2.env-setup", "Environment setup (CUDA, drivers, vLLM, containers)", 2, 70, 28, ["p1.done"], True, False, {"devops": 0.5}),
    ("p2.order-production-gpus", "Order production GPUs", 2, 70, 182, ["p1.done"], True, False, {}),
    ("p2.pilot.internal-chatbot", "On-prem pilot: Internal knowledge chatbot", 2, 98, 56, ["p2.env-setup"], False, False, {"ml_engineer": 0.5}),
    ("p2.done", "Phase 2 complete", 2, 252, 0, ["p2.order-production-gpus", "p2.pilot.internal-chatbot"], True, True, {}),
    ("p3.install-production", "Install production hardware", 3, 252, 21, ["p2.done"], True, False, {"devops": 0.5}),
    ("p3.migrate.internal-chatbot", "Migrate to on-prem: Internal knowledge chatbot", 3, 273, 42, ["p3.install-production"], True, False, {"ml_engineer": 0.5}),
    ("p3.done", "Phase 3 complete", 3, 315, 0, ["p3.migrate.internal-chatbot"], True, True, {}),
    ("p4.fine-tune", "Fine-tune open models", 4, 315, 90, ["p3.done"], True, False, {"ml_engineer": 0.5}),
    ("p4.done", "Phase 4 complete", 4, 405, 0, ["p4.fine-tune"], True, True, {}),
]
PHASE_NAMES = {1: "Cloud POC", 2: "On-prem pilot", 3: "Hybrid stabilization", 4: "Optimization"}


def _tasks() -> list[ScheduledTask]:
    tasks = []
    for task_id, name, phase, offset, days, deps, critical, milestone, roles in TASKS:
        start = START + timedelta(days=offset)
        end = start if milestone else start + timedelta(days=days - 1)
        tasks.append(
            ScheduledTask(id=task_id, name=name, phase=phase, start=start, end=end, duration_days=days, depends_on=deps, critical=critical, milestone=milestone, roles=roles)
        )
    return tasks


def _months() -> dict[str, list[dict[str, int]]]:
    cloud, on_prem, plan = [], [], []
    for month in range(36):
        api = round(8_000_000 * 1.3 ** (month / 12))
        cloud.append({"cloud_api": api, "hardware": 0, "power": 0, "staff": 0})
        on_prem.append({"cloud_api": 0, "hardware": 120_000_000 if month == 0 else 0, "power": 900_000, "staff": 1_500_000})
        migrated = month >= 10
        plan.append(
            {
                "cloud_api": round(api * (0.2 if migrated else 1.0)),
                "hardware": 90_000_000 if month == 8 else (5_000_000 if month == 3 else 0),
                "power": 700_000 if migrated else 0,
                "staff": 1_500_000 if month >= 3 else 0,
            }
        )
    return {"cloud": cloud, "on_prem": on_prem, "plan": plan}


def _ledger() -> Ledger:
    months = _months()
    tco = {}
    for strategy, series in months.items():
        years = [sum(sum(m.values()) for m in series[y * 12 : (y + 1) * 12]) for y in range(3)]
        tco[strategy] = StrategyTco(total_krw=sum(years), by_year_krw=years)
    return Ledger(
        horizon_months=36, categories=CATEGORIES, months=months, tco=tco,
        break_even_month=_break_even(months["plan"], months["cloud"]),
        on_prem_break_even_month=_break_even(months["on_prem"], months["cloud"]),
    )  # fmt: skip


def _break_even(series: list[dict[str, int]], cloud: list[dict[str, int]]) -> int | None:
    mine = theirs = 0
    for month, (a, b) in enumerate(zip(series, cloud), start=1):
        mine += sum(a.values())
        theirs += sum(b.values())
        if month > 1 and mine < theirs:
            return month
    return None


def _phases(tasks: list[ScheduledTask], ledger: Ledger) -> list[PhaseResult]:
    phases = []
    for number, name in PHASE_NAMES.items():
        own = [t for t in tasks if t.phase == number]
        staff: dict[str, float] = {}
        for task in own:
            for role, fte in task.roles.items():
                staff[role] = staff.get(role, 0) + fte
        phases.append(
            PhaseResult(
                phase=number,
                name=name,
                start=min(t.start for t in own),
                end=max(t.end for t in own),
                cost_krw=10_000_000 * number,
                cost_by_category_krw={"cloud_api": 5_000_000 * number, "staff": 5_000_000 * number},
                staff_fte=staff,
            )
        )
    return phases


def sample_evaluation(plan: str = "midsize-chatbot") -> Evaluation:
    """The real evaluation of a sample plan, with a hand-made schedule, sizing and ledger."""
    catalog = load_catalog(None)
    base = evaluate(read_plan(ROOT / "plans" / f"{plan}.toml", catalog), catalog)
    return fill_evaluation(base)


def fill_evaluation(base: Evaluation) -> Evaluation:
    """`base` with the hand-made schedule, sizing and ledger (its own workloads and names kept)."""
    tasks = _tasks()
    ledger = _ledger()
    phases = _phases(tasks, ledger)
    schedule = Schedule(
        tasks=tasks,
        phases=[ScheduledPhase(phase=p.phase, name=p.name, start=p.start, end=p.end, staff_fte=p.staff_fte) for p in phases],
        critical_path=[t.id for t in tasks if t.critical],
        pilot_delivery=START + timedelta(days=70),
        production_delivery=START + timedelta(days=252),
        go_live=START + timedelta(days=315),
        migration_end={"internal-chatbot": START + timedelta(days=314)},
    )
    group = GpuGroup(
        gpu="a100-80gb", open_model="llama-3.1-70b", precision="fp16", gpus_per_replica=2, replicas=1, gpus=2, servers=1,
        workloads=["internal-chatbot"], capex_krw=90_000_000, power_w=1_000,
    )  # fmt: skip
    pilot = GpuGroup(
        gpu="rtx-4090", open_model="llama-3.1-8b", precision="fp16", gpus_per_replica=1, replicas=2, gpus=2, servers=1,
        workloads=["internal-chatbot"], capex_krw=5_000_000, power_w=1_100,
    )  # fmt: skip
    return base.model_copy(update={"schedule": schedule, "ledger": ledger, "phases": phases, "sizing": Sizing(groups=[group], pilot=pilot)})


def test_sample_evaluation_is_consistent():
    ev = sample_evaluation()
    ids = {t.id for t in ev.schedule.tasks}
    assert all(dep in ids for t in ev.schedule.tasks for dep in t.depends_on)
    assert all(t.end >= t.start for t in ev.schedule.tasks)
    plan_series = ev.ledger.months["plan"]
    assert len(plan_series) == ev.ledger.horizon_months == 36
    assert ev.ledger.tco["plan"].total_krw == sum(sum(m.values()) for m in plan_series)


def empty_evaluation() -> Evaluation:
    """What a plan with no workloads evaluates to: no hardware, no tasks, no ledger."""
    return Evaluation(name="Empty", start=START, horizon_months=36, industry="general", strategy="cloud")


def test_every_format_renders_an_empty_evaluation_without_failing():
    from planner.export.formats import FORMATS, render

    ev = empty_evaluation()
    for fmt in FORMATS:
        assert render(ev, fmt).strip(), fmt
    assert "No schedule yet." in render(ev, "markdown") and "No cost ledger yet." in render(ev, "html")


def test_every_format_renders_the_filled_sample():
    from planner.export.formats import FORMATS, render

    ev = sample_evaluation()
    texts = {fmt: render(ev, fmt) for fmt in FORMATS}
    assert texts["mermaid"].count(":crit, ") == sum(1 for t in ev.schedule.tasks if t.critical)
    assert texts["html"].count('<svg class="gantt"') == texts["html"].count('<svg class="cost"') == 1
    assert "month 25 (2028-03)" in texts["markdown"]  # hand-made ledger: plan drops below cloud in month 25
