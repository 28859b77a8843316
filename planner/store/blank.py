"""A blank plan: an organization with the defaults and no workloads yet (`planner new PATH`, the app's New)."""

from __future__ import annotations

from datetime import date

from planner.domain.catalog import Catalog


def blank_plan_text(name: str, catalog: Catalog, today: date | None = None) -> str:
    """The canonical text of a valid plan with no workloads, starting on the first day of next month.

    Cloud tokens are priced as billed (`pricing = "as_billed"`), as every new plan is (#21).
    """
    from planner.domain.evaluate import evaluate
    from planner.domain.plan import Plan
    from planner.export.summary import plan_summary
    from planner.store.plan_io import dump_plan

    today = today or date.today()
    start = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    plan = Plan(name=name, start=start, assumptions={"pricing": "as_billed"})
    return dump_plan(plan.model_copy(update={"summary": plan_summary(evaluate(plan, catalog))}))


def plan_name_from_path(stem: str) -> str:
    """`team-plan` -> `Team plan`."""
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or "New plan"
