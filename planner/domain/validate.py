"""Turn parsed TOML into a Plan and list every problem with its dotted key path.

Pure: no file I/O. ``planner.store`` adds the file name and line numbers.
"""

from __future__ import annotations

import math
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from pydantic_core import ValidationError

from planner.domain.catalog import Catalog
from planner.domain.coremodel import Model
from planner.domain.limits import MAX_ASSUMPTION
from planner.domain.messages import Message, msg
from planner.domain.plan import SCHEMA_VERSION, AssumptionRange, Hardware, Organization, Plan, TaskEdit, Workload
from planner.domain.records import Frozen

if TYPE_CHECKING:
    from planner.domain.evaluate import Evaluator  # which imports this module

KeyPath = tuple[str | int, ...]

MAX_WORKLOADS = 10_000
"""Most workloads a plan may hold (a program limit that keeps every command within seconds)."""
MAX_TASK_EDITS = 10_000
"""Most `[[tasks]]` entries a plan may hold."""


class Problem(Frozen):
    """One thing wrong with a plan, at a dotted key path. Frozen, compared and hashed by its values, as a frozen
    dataclass would be (a plain class: Python compiles a dataclass's methods at every start, ~3.7 M instructions)."""

    __slots__ = ("path", "message")

    path: KeyPath
    message: str
    """English text; a Message (translatable where it is shown) for the problems planner words itself."""

    def __init__(self, path: KeyPath, message: str) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "message", message)

    @property
    def key(self) -> str:
        """The dotted key, e.g. ``workloads.2.kind``."""
        return ".".join(str(p) for p in self.path) or "(plan)"


class PlanInvalid(Exception):
    """A plan that cannot be evaluated; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.key}: {p.message}" for p in problems))
        self.problems = problems


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """A ' (did you mean "x"?)' hint, or ''."""
    import difflib  # only for a misspelt name: not at every start

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return msg(' (did you mean "{word}"?)', word=close[0]) if close else ""


def _model_at(path: KeyPath) -> type[Model] | None:
    """The model whose fields live at a key path (for did-you-mean on unknown keys)."""
    if not path:
        return Plan
    head = path[0]
    if head == "organization" and len(path) == 1:
        return Organization
    if head == "hardware" and len(path) == 1:
        return Hardware
    if head == "workloads" and len(path) == 2:
        return Workload
    if head == "tasks" and len(path) == 2:
        return TaskEdit
    return None


def _fields(model: type[Model]) -> list[str]:
    return [name for name, f in model.model_fields.items() if not f.exclude]


def _pydantic_problems(error: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    for item in error.errors(include_url=False):  # (an error's URL names pydantic's version: pydantic-core imports pydantic for it)
        path: KeyPath = tuple(item["loc"])
        if path[:1] == ("assumptions",) and path[2:3] in (("range",), ("value",)):
            path = path[:2] + path[3:]  # the union's tag is no key of the file
        kind = item["type"]
        if kind == "extra_forbidden":
            model = _model_at(path[:-1])
            hint = did_you_mean(str(path[-1]), _fields(model)) if model else ""
            problems.append(Problem(path, msg("unknown key{hint}", hint=hint)))
        elif kind == "missing":
            problems.append(Problem(path, msg("required key is missing")))
        elif kind == "literal_error":
            expected = item.get("ctx", {}).get("expected", "")
            problems.append(Problem(path, msg("{value} is not one of {expected}", value=repr(item["input"]), expected=expected)))
        else:
            message = item["msg"].removeprefix("Value error, ")
            problems.append(Problem(path, pydantic_message(item) or message[0].lower() + message[1:]))
    return problems


def N_(text: str) -> str:
    """Mark a message id for extraction (Babel's N_ keyword) where the Message is made later."""
    return text


PYDANTIC_TEMPLATES = {
    "greater_than": N_("input should be greater than {gt}"),
    "greater_than_equal": N_("input should be greater than or equal to {ge}"),
    "less_than": N_("input should be less than {lt}"),
    "less_than_equal": N_("input should be less than or equal to {le}"),
    "multiple_of": N_("input should be a multiple of {multiple_of}"),
    "finite_number": N_("input should be a finite number"),
    "string_type": N_("input should be a valid string"),
    "string_pattern_mismatch": N_("string should match pattern '{pattern}'"),
    "dict_type": N_("input should be a valid dictionary"),
    "list_type": N_("input should be a valid list"),
    "bool_type": N_("input should be a valid boolean"),
    "bool_parsing": N_("input should be a valid boolean, unable to interpret input"),
    "int_type": N_("input should be a valid integer"),
    "int_parsing": N_("input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("input should be a valid number"),
    "float_parsing": N_("input should be a valid number, unable to parse string as a number"),
    "date_type": N_("input should be a valid date"),
    "model_attributes_type": N_("input should be a valid dictionary or object to extract fields from"),
}
"""pydantic's messages for the error types a plan file meets, as translatable templates (pydantic's own wording,
first letter lower-cased, so the English is unchanged); other types keep pydantic's English text."""


def _as_pydantic_writes(value: Any) -> str:
    """A bound as pydantic-core writes it in its message: a whole float without its `.0` (`le=1` of a float field is
    1.0 in the error's context, "less than or equal to 1" in its text), anything else as str."""
    if type(value) is float and value.is_integer():
        return str(int(value))
    return str(value)


def pydantic_message(item: dict[str, Any]) -> Message | None:
    """pydantic's message for `item` as a Message when it is one of PYDANTIC_TEMPLATES and reads exactly as pydantic
    wrote it, or the Message a model's own check raised (`ValueError(msg(...))`); else None: the caller keeps
    pydantic's text."""
    if item["type"] == "value_error":
        error = (item.get("ctx") or {}).get("error")
        raised = error.args[0] if isinstance(error, ValueError) and error.args else None
        if isinstance(raised, Message):
            return raised
    template = PYDANTIC_TEMPLATES.get(item["type"])
    if template is None:
        return None
    try:
        message = msg(template, **{k: _as_pydantic_writes(v) for k, v in (item.get("ctx") or {}).items()})
    except (KeyError, IndexError, ValueError):
        return None
    text = item["msg"]
    return message if str(message) == text[0].lower() + text[1:] else None


def parse_plan(data: dict[str, Any], catalog: Catalog, kept: Evaluator | None = None) -> tuple[Plan | None, list[Problem]]:
    """Validate parsed TOML against the schema and the catalog.

    Returns the plan (None when it cannot be built) and every problem found. `kept`: see `plan_problems`.
    """
    version = data.get("schema_version")
    if version is None:
        return None, [Problem(("schema_version",), msg("required key is missing (this planner writes {version})", version=SCHEMA_VERSION))]
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return None, [
            Problem(
                ("schema_version",),
                msg("plan format {version} is newer than this planner reads ({supported}); upgrade planner", version=version, supported=SCHEMA_VERSION),
            )
        ]
    summary = data.get("summary", {})
    if not isinstance(summary, dict):
        return None, [Problem(("summary",), msg("must be a table"))]
    for key, limit in (("workloads", MAX_WORKLOADS), ("tasks", MAX_TASK_EDITS)):
        items = data.get(key)
        if isinstance(items, list) and len(items) > limit:
            return None, [Problem((key,), msg("{count} entries; a plan holds at most {limit} (split it into several plans)", count=f"{len(items):,}", limit=f"{limit:,}"))]
    body = {k: v for k, v in data.items() if k != "summary"}
    try:
        plan = Plan.model_validate(body)
    except ValidationError as error:
        return None, _pydantic_problems(error)
    plan = plan.model_copy(update={"summary": summary})
    problems = plan_problems(plan, catalog, kept)
    return plan, problems


ENTRY_KIND = {
    "industry": msg("industry"),
    "role": msg("role"),
    "cloud provider": msg("cloud provider"),
    "GPU": msg("GPU"),
    "GPUaaS offer": msg("GPUaaS offer"),
    "workload kind": msg("workload kind"),
    "cloud model": msg("cloud model"),
    "open model": msg("open model"),
}
"""Catalog entry kinds as `unknown ...` messages name them."""


def _check_id(problems: list[Problem], path: KeyPath, value: str | None, known: dict[str, Any], what: str) -> None:
    if value is not None and value not in known:
        what_text = ENTRY_KIND.get(what, what)
        problems.append(Problem(path, msg("unknown {what} {value}{hint}", what=what_text, value=repr(value), hint=did_you_mean(value, set(known)))))


def _check_assumptions(problems: list[Problem], base: KeyPath, values: dict[str, Any], catalog: Catalog) -> None:
    for key, value in values.items():
        path = (*base, key)
        spec = catalog.assumptions.get(key)
        uncertain = catalog.uncertain.get(key)
        if spec is None and uncertain is None:
            problems.append(Problem(path, msg("unknown assumption{hint}", hint=did_you_mean(key, set(catalog.assumptions) | set(catalog.uncertain)))))
            continue
        if isinstance(value, AssumptionRange):
            if base != ("assumptions",):
                problems.append(Problem(path, msg("a range {{ low, mode, high }} belongs in [assumptions], not in a scenario")))
            elif uncertain is None:
                problems.append(Problem(path, f"is not an uncertain input; ranges apply to: {', '.join(sorted(catalog.uncertain))}"))
            else:
                for end in ("low", "mode", "high"):
                    _check_number(problems, (*path, end), getattr(value, end), spec, uncertain)
                if not value.low <= value.mode <= value.high:
                    problems.append(Problem(path, f"needs low <= mode <= high (got {value.low:g}, {value.mode:g}, {value.high:g})"))
                if uncertain.distribution == "lognormal" and value.low <= 0:
                    problems.append(Problem((*path, "low"), msg("must be above 0 (a lognormal input)")))
            continue
        if spec is None:  # an input only ranges read: a number pins it
            _check_number(problems, path, value, None, uncertain)
            continue
        default = spec.value
        if isinstance(default, bool):
            if not isinstance(value, bool):
                problems.append(Problem(path, msg("must be true or false")))
        elif isinstance(default, str):
            if not isinstance(value, str):
                problems.append(Problem(path, msg("must be text")))
            elif spec.choices and value not in spec.choices:
                problems.append(Problem(path, msg("{value} is not one of {choices}{hint}", value=repr(value), choices=", ".join(spec.choices), hint=did_you_mean(value, spec.choices))))
        else:
            _check_number(problems, path, value, spec, None)


def _check_number(problems: list[Problem], path: KeyPath, value: Any, spec: Any, uncertain: Any) -> None:
    """A numeric assumption (or an uncertain input's bound) within the assumption's or the input's bounds."""
    unit = spec.unit if spec is not None else uncertain.unit
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.append(Problem(path, msg("must be a number ({unit})", unit=unit) if unit else msg("must be a number (no unit)")))
        return
    if not math.isfinite(value):
        problems.append(Problem(path, msg("must be a finite number")))
        return
    if spec is not None:
        low = spec.min if spec.min is not None else -MAX_ASSUMPTION
        high = spec.max if spec.max is not None else MAX_ASSUMPTION
    else:
        low = uncertain.min if uncertain.min is not None else -MAX_ASSUMPTION
        high = uncertain.max if uncertain.max is not None else MAX_ASSUMPTION
    if not low <= value <= high:
        side = msg("below the minimum {low}", low=f"{low:g}") if value < low else msg("above the maximum {high}", high=f"{high:g}")
        problems.append(Problem(path, msg("{value} is {side}", value=f"{value:g}", side=side)))


_REFERENCES = attrgetter("kind", "cloud_model", "open_model", "gpu")
_VOLUME = attrgetter("requests_per_day", "users", "requests_per_user_per_day", "placement", "placement_note")


def _workloads_fine(workloads: list[Any], catalog: Catalog) -> bool:
    """True when `_workload_problems` would find nothing: ids unique, every reference known, volumes and
    overrides complete. Checked over the distinct values rather than workload by workload (the app checks
    the whole plan on each key typed in a field: at 10,000 workloads ~13 -> ~3 ms); where anything is wrong,
    `_workload_problems` says what, in the workloads' order."""
    if len(set(map(attrgetter("id"), workloads))) != len(workloads):
        return False
    for kind, cloud_model, open_model, gpu in set(map(_REFERENCES, workloads)):
        if kind not in catalog.workload_kinds or (open_model is not None and open_model not in catalog.open_models) or (gpu is not None and gpu not in catalog.gpus):
            return False
        if cloud_model is not None and (cloud_model not in catalog.cloud_models or catalog.cloud_models[cloud_model].embedding):
            return False
    for per_day, users, per_user, placement, note in set(map(_VOLUME, workloads)):
        by_users = users is not None or per_user is not None
        if (per_day is not None and by_users) or (per_day is None and users is None):
            return False
        if placement is not None and not (note or "").strip():
            return False
    return True


def _workload_problems(problems: list[Problem], workloads: list[Any], catalog: Catalog) -> None:
    """Each workload's problems, in order: a duplicate id, unknown references, its volume, an override without a note."""
    seen: dict[str, int] = {}
    for i, workload in enumerate(workloads):
        base: KeyPath = ("workloads", i)
        if workload.id in seen:
            problems.append(Problem((*base, "id"), msg("duplicate workload id {id} (also {other})", id=repr(workload.id), other=f"workloads.{seen[workload.id]}")))
        seen.setdefault(workload.id, i)
        _check_id(problems, (*base, "kind"), workload.kind, catalog.workload_kinds, "workload kind")
        _check_id(problems, (*base, "cloud_model"), workload.cloud_model, catalog.cloud_models, "cloud model")
        if workload.cloud_model in catalog.cloud_models and catalog.cloud_models[workload.cloud_model].embedding:
            problems.append(Problem((*base, "cloud_model"), msg("{model} is an embedding model, not a chat model", model=repr(workload.cloud_model))))
        _check_id(problems, (*base, "open_model"), workload.open_model, catalog.open_models, "open model")
        _check_id(problems, (*base, "gpu"), workload.gpu, catalog.gpus, "GPU")
        by_users = workload.users is not None or workload.requests_per_user_per_day is not None
        if workload.requests_per_day is not None and by_users:
            problems.append(Problem((*base, "requests_per_day"), msg("give either {a} or {b}, not both", a="requests_per_day", b="users + requests_per_user_per_day")))
        elif workload.requests_per_day is None and workload.users is None:
            problems.append(Problem((*base, "users"), msg("give {a}, or {b}", a="requests_per_day", b="users (+ requests_per_user_per_day)")))
        if workload.placement is not None and not (workload.placement_note or "").strip():
            problems.append(Problem((*base, "placement_note"), msg("a placement override needs a note saying why and who approved it")))


def plan_problems(plan: Plan, catalog: Catalog, kept: Evaluator | None = None) -> list[Problem]:
    """Everything wrong with a schema-valid plan that the catalog can tell.

    `kept`: the Evaluator the plan is evaluated with next. A plan with task edits is placed, sized and
    levelled to check them (planner.domain.evaluate.task_problems); with `kept` that work stays in its
    tables, so that the evaluation reuses it instead of doing it again."""
    problems: list[Problem] = []
    org = plan.organization
    _check_id(problems, ("organization", "industry"), org.industry, catalog.industries, "industry")
    for role in org.staff:
        _check_id(problems, ("organization", "staff", role), role, catalog.roles, "role")
    for provider, tier in org.api_tiers.items():
        path = ("organization", "api_tiers", provider)
        if provider not in catalog.providers:
            _check_id(problems, path, provider, catalog.providers, "cloud provider")
        elif not 1 <= tier <= len(catalog.providers[provider].tiers):
            tiers = catalog.providers[provider].tiers
            problems.append(Problem(path, msg("tier {tier} is not one of 1..{count} ({tiers})", tier=tier, count=len(tiers), tiers=", ".join(t.tier for t in tiers))))
    _check_assumptions(problems, ("assumptions",), plan.assumptions, catalog)
    _check_id(problems, ("hardware", "gpu"), plan.hardware.gpu, catalog.gpus, "GPU")
    _check_id(problems, ("hardware", "pilot_gpu"), plan.hardware.pilot_gpu, catalog.gpus, "GPU")
    _check_id(problems, ("hardware", "gpuaas"), plan.hardware.gpuaas, catalog.gpuaas, "GPUaaS offer")
    if not _workloads_fine(plan.workloads, catalog):
        _workload_problems(problems, plan.workloads, catalog)
    task_ids: dict[str, int] = {}
    for i, task in enumerate(plan.tasks):
        if task.id in task_ids:
            problems.append(Problem(("tasks", i, "id"), msg("task {id} is edited twice (also {other})", id=repr(task.id), other=f"tasks.{task_ids[task.id]}")))
        task_ids.setdefault(task.id, i)
        for role in task.roles or {}:
            _check_id(problems, ("tasks", i, "roles", role), role, catalog.roles, "role")
    for name, scenario in plan.scenarios.items():
        _check_assumptions(problems, ("scenarios", name), scenario.overrides, catalog)
    if not problems:  # the rules and the task graph can be read only once every reference resolves
        from planner.domain.placement import override_problems  # both build on this module

        problems += override_problems(plan, catalog)
        if plan.tasks and not problems:
            from planner.domain.evaluate import task_problems

            problems += task_problems(plan, catalog, kept)
    return problems
