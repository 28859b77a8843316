"""New plans from a sample plan: what `planner new` and the app's new-plan flow write."""

from __future__ import annotations

from planner.domain.catalog import Catalog
from planner.errors import PlannerError
from planner.store.plan_io import dump_plan, parse_plan_text


def new_plan_text(template_text: str, file: str, catalog: Catalog) -> str:
    """The template as a new plan: cloud priced as billed (list prices kept as a scenario), summary refreshed."""
    from planner.domain.costs import priced_as_billed
    from planner.domain.evaluate import evaluate
    from planner.export.summary import plan_summary

    plan, errors = parse_plan_text(template_text, file, catalog)
    if plan is None:
        raise errors[0] if errors else PlannerError("the template is not a valid plan", file=file, exit_code=2)
    plan = priced_as_billed(plan)
    return dump_plan(plan.model_copy(update={"summary": plan_summary(evaluate(plan, catalog))}))
