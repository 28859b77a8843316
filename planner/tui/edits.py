"""Build the next Plan from one edit, validated the way a plan file is (no Textual here).

Each function returns a new frozen Plan or raises FieldInvalid naming the field and the reason;
the app then checks the whole plan against the catalog (`plan_problems`) before it evaluates it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic_core import SchemaValidator, ValidationError

from planner.domain.coremodel import Model, field_schema
from planner.domain.plan import Hardware, Organization, Plan, TaskEdit, Workload
from planner.domain.validate import Problem
from planner.i18n import N_, _, translate


class FieldInvalid(ValueError):
    """A value a field does not accept."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


PYDANTIC_MESSAGES = {
    "missing": N_("required"),
    "extra_forbidden": N_("unknown field"),
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_parsing": N_("not a number"),
    "string_too_short": N_("must not be empty"),
    "string_pattern_mismatch": N_("use lowercase letters, digits, - and _ (a slug like chat-support)"),
    "literal_error": N_("must be one of {expected}"),
    "enum": N_("must be one of {expected}"),
    "date_parsing": N_("a date like 2026-03-02"),
    "date_from_datetime_parsing": N_("a date like 2026-03-02"),
    "finite_number": N_("must be a finite number"),
}
"""pydantic's error types a form can meet, as the form says them (other types: pydantic's English text)."""


def form_message(item: dict[str, Any]) -> str:
    """One pydantic error as a form shows it, in the current language."""
    template = PYDANTIC_MESSAGES.get(item["type"])
    if template is not None:
        try:
            return _(template, **{k: str(v) for k, v in (item.get("ctx") or {}).items()}) if "{" in template else _(template)
        except (KeyError, IndexError):
            pass
    text = item["msg"].removeprefix("Value error, ")
    return text[0].lower() + text[1:]


def _message(error: ValidationError) -> str:
    return form_message(error.errors(include_url=False)[0])


@lru_cache(maxsize=None)
def _adapter(model: type[Model], name: str) -> SchemaValidator:
    """A validator of one field's type and constraints (what pydantic's `TypeAdapter` of its annotation and metadata
    validates: the model's config aside), without importing pydantic."""
    return SchemaValidator(field_schema(model, name))


def check_field(model: type[Model], name: str, value: Any) -> Any:
    """The value as the model would store it, or FieldInvalid."""
    try:
        return _adapter(model, name).validate_python(value)
    except ValidationError as error:
        raise FieldInvalid(name, _message(error)) from None


def parse_number(field: str, raw: str, integer: bool) -> int | float | None:
    """Text typed into a number field: None when empty, else the number or FieldInvalid."""
    raw = raw.strip().replace(",", "").replace("_", "")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise FieldInvalid(field, _("not a number")) from None
    if integer:
        if not value.is_integer():
            raise FieldInvalid(field, _("must be a whole number"))
        return int(value)
    return value


def with_plan_field(plan: Plan, name: str, value: Any) -> Plan:
    """The plan with one top-level field (name, start, horizon_months, description) changed."""
    return plan.model_copy(update={name: check_field(Plan, name, value)})


def with_organization_field(plan: Plan, name: str, value: Any) -> Plan:
    """The plan with one organization field changed."""
    org = plan.organization.model_copy(update={name: check_field(Organization, name, value)})
    return plan.model_copy(update={"organization": org})


def with_hardware(plan: Plan, values: dict[str, Any]) -> Plan:
    """The plan with its GPU choices replaced."""
    try:
        hardware = Hardware.model_validate(values)
    except ValidationError as error:
        field = str(error.errors(include_url=False)[0]["loc"][0])
        raise FieldInvalid(field, _message(error)) from None
    return plan.model_copy(update={"hardware": hardware})


def build_workload(values: dict[str, Any]) -> tuple[Workload | None, dict[str, str]]:
    """A workload from form values, or the errors per field."""
    try:
        return Workload.model_validate(values), {}
    except ValidationError as error:
        errors: dict[str, str] = {}
        for item in error.errors(include_url=False):
            field = str(item["loc"][0]) if item["loc"] else "id"
            errors.setdefault(field, form_message(item))
        return None, errors


def with_workload(plan: Plan, workload: Workload, replaces: str | None = None) -> Plan:
    """The plan with `workload` replacing the one with id `replaces`, or appended."""
    workloads = list(plan.workloads)
    if replaces is None:
        workloads.append(workload)
    else:
        index = next(i for i, w in enumerate(workloads) if w.id == replaces)
        workloads[index] = workload
    return plan.model_copy(update={"workloads": workloads})


def workload_index(plan: Plan, workload_id: str | None) -> int:
    """Index a workload has (or will have when appended)."""
    for i, workload in enumerate(plan.workloads):
        if workload.id == workload_id:
            return i
    return len(plan.workloads)


def task_edits_of(plan: Plan, workload_id: str) -> list[TaskEdit]:
    """Task edits made to one workload's generated tasks (ids ending in `.<workload id>`)."""
    return [t for t in plan.tasks if t.id.endswith(f".{workload_id}")]


def without_workload(plan: Plan, workload_id: str) -> Plan:
    """The plan without a workload, and without the edits of that workload's own tasks."""
    tasks = [t for t in plan.tasks if not t.id.endswith(f".{workload_id}")]
    return plan.model_copy(update={"workloads": [w for w in plan.workloads if w.id != workload_id], "tasks": tasks})


def with_override(plan: Plan, workload_id: str, placement: str | None, note: str | None, acknowledge: bool) -> Plan:
    """The plan with a workload's placement override set (or cleared with placement None)."""
    workload = plan.workload(workload_id)
    update: dict[str, Any] = {
        "placement": placement,
        "placement_note": (note or "").strip() or None,
        "acknowledge_regulation": bool(acknowledge and placement is not None),
    }
    try:
        changed = Workload.model_validate(workload.model_dump() | update)
    except ValidationError as error:
        raise FieldInvalid(str(error.errors(include_url=False)[0]["loc"][0]), _message(error)) from None
    return with_workload(plan, changed, replaces=workload_id)


def with_task_edit(plan: Plan, task_id: str, duration_days: int | None, lead_time_weeks: float | None, note: str | None) -> Plan:
    """The plan with a task's duration / lead time edited; clearing both drops a pure edit."""
    existing = next((t for t in plan.tasks if t.id == task_id), None)
    base = existing.model_dump() if existing else {"id": task_id}
    values = base | {"duration_days": duration_days, "lead_time_weeks": lead_time_weeks, "note": (note or "").strip() or None}
    try:
        edit = TaskEdit.model_validate(values)
    except ValidationError as error:
        raise FieldInvalid(str(error.errors(include_url=False)[0]["loc"][0]), _message(error)) from None
    tasks = [t for t in plan.tasks if t.id != task_id]
    empty = edit.model_dump(exclude={"id"}, exclude_defaults=True) == {}
    if not empty:
        index = next((i for i, t in enumerate(plan.tasks) if t.id == task_id), len(tasks))
        tasks.insert(index, edit)
    return plan.model_copy(update={"tasks": tasks})


def without_task_edit(plan: Plan, task_id: str) -> Plan:
    """The plan with a task back to what the template generates."""
    return plan.model_copy(update={"tasks": [t for t in plan.tasks if t.id != task_id]})


def problems_under(problems: list[Problem], prefix: tuple[str | int, ...]) -> dict[str, str]:
    """Problems at `prefix + (field, ...)`, by field (the first message per field)."""
    found: dict[str, str] = {}
    for problem in problems:
        if problem.path[: len(prefix)] == prefix and len(problem.path) > len(prefix):
            found.setdefault(str(problem.path[len(prefix)]), translate(problem.message))
    return found
