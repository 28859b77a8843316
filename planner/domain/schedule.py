"""Phase template + placements + sizing + the plan's `[[tasks]]` edits -> the dated Phase 1-4 schedule.

How the graph is built (the template's own rules are in catalogs/phases.toml):
- Template tasks are instantiated per workload class (cloud, de-identification, offline, on-prem) or
  once; `when` drops tasks the plan has no use for. A workload the cloud is forbidden for never gets a
  cloud task: it gets an offline POC instead.
- GPU orders last the GPUs' lead time (`quoted` or `realistic`, the `lead_time` assumption) x 7 days:
  the pilot GPU of the sizing, and the production GPU with the longest lead time.
- `[[tasks]]` edits change a task by id (a per-workload template id edits every instance), add
  dependencies, or add a custom task (a new id with name, phase and duration_days or lead_time_weeks).
  `start` is a "must not start before" day; when the network pushes the task later, a warning says why.

Dates (days from the plan's `start`; with the `calendar` assumption `kr_working_days`, Korean working
days: see planner.domain.workdays; GPU lead times stay calendar weeks): a task of N days starting on day S ends on S+N-1
(`end` inclusive) and its successors start on S+N. A milestone (0 days) falls on the day after its last
predecessor ends. A GPU delivery is the day after its order task ends. `go_live` is the day after the
first migration ends; from then on, on-prem operations (each role's `ops_fte`) hold people for ever.

Staff levelling: a role has the organization's people (`ml_engineers` for `ml_engineer`,
`[organization] staff` for the others; a role with nobody counts as `missing_role_people`, with a
warning). Tasks that would need more people than are free wait (serial list scheduling, most urgent
first, see planner.domain.network); the task's notes say which task and role held it back. A task
needing more of a role than exists (or than operations leave free) runs with what there is, for longer.

Phases run from the first day of their first task to the last day of their last work task: milestones
and GPU deliveries (tasks with a lead time) count for the start only, since the wait for a delivery
belongs to whichever phase is waiting for it. Staff per phase is the average FTE per role over the
phase's days (FTE-days of its tasks / days) plus operations from go-live.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from functools import cached_property
from operator import attrgetter, itemgetter
from typing import Any

from planner.domain.messages import N_, Message, Part, joined, msg, msgn
from planner.domain.vocabulary import catalog_text, days_in_month
from planner.domain.catalog import Catalog, TaskTemplate
from planner.domain.coremodel import SET_VALUES
from planner.domain.memo import Remembered
from planner.domain.network import CycleError, Frozen, Network, NetworkResult, Record, Reservation, RunLog, Timing, Wait
from planner.domain.plan import Plan, TaskEdit
from planner.domain.resolve import Assumptions
from planner.domain.results import Schedule, ScheduledPhase, ScheduledTask, Sizing, WorkloadResult
from planner.domain.validate import PlanInvalid, Problem, did_you_mean
from planner.domain.workdays import WorkCalendar

_NEW = object.__new__

HELD_BACK = N_("held back {days} days by staff levelling: {causes}")
"""A levelling note's template (its Message made directly: `_Builder`'s notes)."""
BUSY_WITH = N_("{people} busy with {holders}")
UNTIL = N_("{tasks} until {day}")

MIGRATION_TEMPLATE = "p3.migrate"
"""The per-workload task whose end switches a workload to on-prem serving."""
HEADCOUNT_ROLE = "ml_engineer"
"""The role counted by `[organization] ml_engineers` (other roles: `[organization] staff`)."""
PER_WORKLOAD = ("cloud_workload", "offline_workload", "deid_workload", "onprem_workload", "gpuaas_workload")
GPUAAS_SERVING_TEMPLATE = "p1.gpuaas-serving"
"""The per-workload task whose end starts serving on rented GPUs."""
PILOT_TEMPLATE = "p2.pilot"
"""The per-workload pilot; a bridge on rented GPUs starts the day after it ends."""


STOP_AT_GO_LIVE = True
"""The first levelling pass stops once operations are known not to fit beside it from go-live on (see `_level`); False:
it dates every task (what stopping must equal)."""

COPY_ALIKE_TASKS = True
"""A scheduled task alike the one before it is made from a copy of that one's values (see `_build_schedule`);
False: every task from its own (what the copies must equal)."""

LEAD_CHOICE = {"quoted": msg("quoted"), "realistic": msg("realistic")}
"""`[assumptions] lead_time` as a task note says it (the value is an id of the assumption)."""

_RUN_IDS = itemgetter(1)
"""A run's task ids (`_Builder.runs`)."""

_UNLINKED: Any = ()
"""A template task's dependencies until `instantiate` links it (it gives each its list): no list made per task only to be replaced."""


class _Task(Record):
    """A task being built: template instance or custom task, before dating (slotted: a 10,000-workload plan
    builds ~30,000, its rented-GPU variant ~50,000)."""

    __slots__ = ("id", "name", "phase", "duration", "roles", "depends_on", "milestone", "workload", "template", "lead_time_weeks", "not_before", "wanted", "edited", "notes", "uncertain", "base", "unit", "calendar_days", "demand")
    id: str
    name: str
    phase: int
    duration: int
    roles: dict[str, float]
    depends_on: list[str]
    milestone: bool
    workload: str | None
    template: str
    lead_time_weeks: float | None
    not_before: int
    wanted: date | None
    edited: bool
    notes: list[Message]
    uncertain: str | None
    """The uncertain input (catalogs/uncertainty.toml) that scales this task's duration over draws; None: not drawn."""
    base: float
    """The unscaled duration the factor multiplies: days, or weeks for a GPU order (`unit` 7)."""
    unit: int
    """Days per unit of `base`: duration = round(base x factor x unit)."""
    calendar_days: int | None
    """A GPU order's calendar days under a working calendar (its `duration` is then working days)."""
    demand: dict[str, int] | None
    """Hundredths of an FTE per role, once levelling dates the task as the network's activity (`_level`)."""

    def __init__(  # noqa: PLR0913 (its fields)
        self, id: str, name: str, phase: int, duration: int, roles: dict[str, float], depends_on: list[str], milestone: bool = False,  # noqa: A002
        workload: str | None = None, template: str = "", lead_time_weeks: float | None = None, not_before: int = 0, wanted: date | None = None,
        edited: bool = False, notes: list[Message] | None = None, uncertain: str | None = None, base: float = 0.0, unit: int = 1, calendar_days: int | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.phase = phase
        self.duration = duration
        self.roles = roles
        self.depends_on = depends_on
        self.milestone = milestone
        self.workload = workload
        self.template = template
        self.lead_time_weeks = lead_time_weeks
        self.not_before = not_before
        self.wanted = wanted
        self.edited = edited
        self.notes = [] if notes is None else notes
        self.uncertain = uncertain
        self.base = base
        self.unit = unit
        self.calendar_days = calendar_days
        self.demand = None


def _workload_classes(results: list[WorkloadResult]) -> tuple[dict[str, list[WorkloadResult]], bool, bool]:
    """(the workloads of each class a template is made per, whether some workload is placed on the cloud or hybrid (whether
    or not the cloud is allowed for it), whether some is hybrid gradually), in one walk."""
    cloud: list[WorkloadResult] = []
    deid: list[WorkloadResult] = []
    offline: list[WorkloadResult] = []  # not on the cloud (ids are unique)
    onprem: list[WorkloadResult] = []
    rented: list[WorkloadResult] = []
    placed = gradual = False
    for result in results:
        values = result.__dict__  # its fields (where pydantic keeps them): one attribute read, not one per field through the hook
        placement = values["placement"]
        if placement in ("cloud", "hybrid"):
            placed = True
            if placement == "hybrid" and result.hybrid == "gradual":
                gradual = True
            if values["cloud_allowed"]:
                cloud.append(result)
                if values["needs_deidentification"]:
                    deid.append(result)
            else:
                offline.append(result)
        else:
            offline.append(result)
        if values["onprem_share"] > 0:
            onprem.append(result)
        if placement == "gpuaas" and values["gpuaas"] is not None:
            rented.append(result)
    classes = {"cloud_workload": cloud, "deid_workload": deid, "offline_workload": offline, "onprem_workload": onprem, "gpuaas_workload": rented}
    return classes, placed, gradual


def _conditions(classes: dict[str, list[WorkloadResult]], placed: bool, gradual: bool) -> dict[str, bool]:
    """Whether the plan has a use for a template, by its `when` (computed once per schedule, not per template);
    `placed`, `gradual`: `_workload_classes`'."""
    onprem = bool(classes["onprem_workload"])
    return {
        "always": True,
        "any_onprem": onprem,
        "any_cloud": bool(classes["cloud_workload"]),
        "any_deid": bool(classes["deid_workload"]),
        "any_hybrid": onprem and placed,
        "any_gradual": gradual,
        "any_gpuaas": bool(classes["gpuaas_workload"]),
    }


def _add_months(day: date, months: int) -> date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


class _GpuOrders:
    """What the pilot and production orders buy, and how long each takes to arrive."""

    def __init__(self, plan: Plan, sizing: Sizing, catalog: Catalog, assumptions: Assumptions):
        self.catalog = catalog
        self.choice = assumptions.text("lead_time")
        self.factor = assumptions.level("lead_time_factor")
        """Lead times x this (`lead_time_factor`: a plan's pin, or one draw of `show --ranges`); None: as catalogued."""
        if sizing.pilot is not None:
            pilot = [(sizing.pilot.gpu, sizing.pilot.gpus)]
        else:
            pilot = [(plan.hardware.pilot_gpu or assumptions.text("pilot_gpu"), plan.hardware.pilot_gpus or int(assumptions.num("pilot_gpus")))]
        production: dict[str, int | None] = {}
        for group in sizing.groups:
            production[group.gpu] = (production.get(group.gpu) or 0) + group.gpus
        if not production and plan.hardware.gpu:
            production[plan.hardware.gpu] = None
        self.items = {"pilot_lead_time": [(g, n) for g, n in pilot if g in catalog.gpus], "production_lead_time": [(g, n) for g, n in production.items() if g in catalog.gpus]}

    def order(self, kind: str) -> tuple[str, float, list[Message], float] | None:
        """(label, lead time in weeks, notes, the catalog's lead time before `lead_time_factor`) of an order,
        or None when nothing is known to order."""
        items = self.items[kind]
        if not items:
            return None
        weeks = {gpu: getattr(self.catalog.gpus[gpu].lead_time_weeks, self.choice) for gpu, _n in items}
        catalogued = max(weeks.values())
        if self.factor is not None:
            weeks = {gpu: value * self.factor for gpu, value in weeks.items()}
        label = " + ".join(f"{n} x {self.catalog.gpus[g].name}" if n else self.catalog.gpus[g].name for g, n in items)
        notes = []
        for gpu, _n in items:
            lead = self.catalog.gpus[gpu].lead_time_weeks
            scaled = f" x lead_time_factor {self.factor:g}" if self.factor is not None else ""
            notes.append(
                msg(
                    "{gpu}: {choice} lead time {weeks} weeks (quoted {quoted}, realistic {realistic}; gpus.toml{scaled})",
                    gpu=gpu,
                    choice=LEAD_CHOICE.get(self.choice, self.choice),
                    weeks=f"{weeks[gpu]:g}",
                    quoted=f"{lead.quoted:g}",
                    realistic=f"{lead.realistic:g}",
                    scaled=scaled,
                )
            )
        return label, max(weeks.values()), notes, catalogued


def _task_name(template: str, params: dict, shapes: dict | None = None) -> Message:
    """A template task's name with its {workload}, {gpu} and {provider} filled in; without a GPU to name,
    ` ({gpu})` is dropped and a bare {gpu} reads `GPUs`. `shapes` (one schedule's table) keeps the
    escaped template per template and parameter names: per-workload tasks differ only in the values."""
    no_gpu = params.get("gpu", "") is None
    key = (template, tuple(params), no_gpu)
    shape = shapes.get(key) if shapes is not None else None
    if shape is None:
        shape = _task_name_shape(template, key[1], no_gpu)
        if shapes is not None:
            shapes[key] = shape
    escaped, known = shape
    values = {**params, "gpu": "GPUs"} if no_gpu else params
    return Message(escaped, {name: values[name] for name in known})


def _task_name_shape(template: str, names: tuple[str, ...], no_gpu: bool) -> tuple[str, tuple[str, ...]]:
    """(the template with the parameters it does not get escaped, the parameter names it uses)."""
    if no_gpu:
        template = template.replace(" ({gpu})", "")
    known = tuple(name for name in names if "{" + name + "}" in template)
    escaped = template
    for name in ("workload", "gpu", "provider"):
        if name not in known:
            escaped = escaped.replace("{" + name + "}", "{{" + name + "}}")
    return escaped, known


def _around_workload(escaped: str) -> tuple[str, str] | None:
    """(the text before, the text after) its one `{workload}` field, of a template whose only field that is (no
    conversion, no format spec): formatted with a workload's name, it reads before + the name + after (a str's
    format with no spec is the str). None: any other template (formatted as it is)."""
    from string import Formatter

    try:
        pieces = list(Formatter().parse(escaped))
    except ValueError:
        return None
    fields = [i for i, (_text, field, _spec, _conversion) in enumerate(pieces) if field is not None]
    if len(fields) != 1 or pieces[fields[0]][1:] != ("workload", "", None):
        return None
    i = fields[0]
    return "".join(text for text, *_rest in pieces[: i + 1]), "".join(text for text, *_rest in pieces[i + 1 :])


class _Builder:
    """Instantiates the template for a plan, then applies the plan's `[[tasks]]` edits."""

    def __init__(self, plan: Plan, results: list[WorkloadResult], sizing: Sizing, catalog: Catalog, assumptions: Assumptions, named: bool = True):
        self.plan = plan
        self.named = named
        """False: template tasks get no name (`build_schedule(dates_only=True)`: nobody reads the names)."""
        self.name_params: dict[str | None, dict[str, str]] = {}
        """The parameters of the task names of each workload (None: of the shared tasks), one dict for all of them."""
        self.catalog = catalog
        self.assumptions = assumptions
        self.templates = catalog.tasks
        self.links = {template_id: (t.per != "once", t.depends_on) for template_id, t in catalog.tasks.items()}
        """Each template's (repeated per workload, template ids it depends on): what resolving dependencies reads,
        read once (~3 tasks a workload)."""
        self.classes, self._placed, self._gradual = _workload_classes(results)
        self.results = results
        self.orders = _GpuOrders(plan, sizing, catalog, assumptions)
        self.name_shapes: dict[tuple, tuple[str, tuple[str, ...]]] = {}
        self.tasks: dict[str, _Task] = {}
        self.instances: dict[str, list[str]] = {}
        self.edge_edit: dict[tuple[str, str], int] = {}
        self.warnings: list[str] = []
        self.runs: list[tuple[list[str], list[str]]] | None = []
        """The tasks' runs for the network (`Network`'s `runs`), as `instantiate` links them: a template's tasks where they
        share one list of dependencies, else each task; None once an edit may have changed them."""
        self.demands: dict[int, tuple[dict[str, float], dict[str, int]]] | None = {}
        """By roles dict (its id): (it, its demand: hundredths of an FTE per role), one for each roles dict the tasks were
        made with, each task given its demand as it is made (`_demand`); None once an edit may have changed them (`_capacity`
        then works the demands out from the tasks)."""

    @cached_property
    def workload_ids(self) -> set[str]:
        """The plan's workload ids, once an edit asks (`_generated_elsewhere`)."""
        return {r.id for r in self.results}

    # -- template ------------------------------------------------------------------------------

    def instantiate(self) -> None:
        wanted = _conditions(self.classes, self._placed, self._gradual)
        for template in self.templates.values():
            if not wanted[template.when]:
                continue
            workloads = [None] if template.per == "once" else self.classes[template.per]
            if template.duration_from == "days":
                self._add_day_tasks(template, workloads)
            elif template.duration_from == "gpuaas_lead_time" and template.per != "once":
                self._add_rent_tasks(template, workloads)  # type: ignore[arg-type]
            else:
                for workload in workloads:
                    self._add_template_task(template, workload)
        alike: dict[tuple[str, ...], list[str]] = {}  # tasks alike in dependencies share one list (an edit copies it first)
        links, tasks = self.links, self.tasks
        runs: list[tuple[list[str], list[str]]] = self.runs  # type: ignore[assignment]
        # Template by template (every task yet is one's: `instances`): the dependencies of its tasks where resolving them
        # finds no workload's own task are the same list for every workload (pilots, migrations, offline POCs...), worked
        # out for its first task and given to the others in turn; else they are worked out per task.
        for template, ids in self.instances.items():
            per_workload, depends_on = links[template]
            # "{the one per-workload template it depends on}." (gpuaas-serving: rent-gpus), else None
            own = depends_on[0] + "." if per_workload and len(depends_on) == 1 and links.get(depends_on[0], (False,))[0] else None
            shared: bool | None = None  # (not known yet)
            left = map(tasks.__getitem__, ids)
            for task in left:
                if own is not None and task.workload:  # its workload's own task of that template, where it has one (`_resolve`)
                    mine = own + task.workload
                    if mine in tasks:
                        task.depends_on = [mine]
                        continue
                deps: list[str] = []
                for dep in depends_on:
                    deps += self._resolve(dep, task.workload, per_workload, frozenset())
                key = tuple(dict.fromkeys(deps))
                found = alike.get(key)
                if found is None:
                    found = alike[key] = list(key)
                task.depends_on = found
                if shared is None:
                    shared = not any(self._finds_own(dep, frozenset()) for dep in depends_on)
                    if shared:
                        for other in left:  # (the template's other tasks)
                            other.depends_on = found
                        runs.append((found, ids))
            if not shared:
                runs += [(task.depends_on, [task.id]) for task in map(tasks.__getitem__, ids)]
        if sum(map(len, map(_RUN_IDS, runs))) != len(tasks):  # an id made twice (by two templates of a catalog): the network finds its runs
            self.runs = None

    def _add_day_tasks(self, template: TaskTemplate, workloads: list[WorkloadResult] | list[None]) -> None:
        """`_add_template_task` of a template that lasts its `duration_days`, for each workload (None: once):
        its length, factor and start constraint are worked out once for all its tasks."""
        duration, uncertain, base, notes = template.duration_days, None, 0.0, []
        if duration > 0 and not template.milestone:
            uncertain, base = template.duration_uncertain or "task_duration_factor", template.duration_days
            factor = self.assumptions.level(uncertain)
            if factor is not None:
                duration = round(base * factor * 1)
                if duration != template.duration_days:
                    notes.append(msg("{days} days in the template{factor}", days=template.duration_days, factor=f" x {uncertain} {factor:g}"))
        not_before = 0
        if template.not_before_months_from:
            months = round(self.assumptions.num(template.not_before_months_from))
            day = _add_months(self.plan.start, months)
            not_before = (day - self.plan.start).days
            notes.append(msg("not before {day}: {assumption} = {months} months after the plan's start", day=day.isoformat(), assumption=template.not_before_months_from, months=months))
        tasks, roles = self.tasks, dict(template.roles)  # one copy for all the template's tasks: an edit replaces a task's roles, nothing changes them
        demand = self._demand(roles) if workloads else None  # (kept for the tasks made with it)
        names: tuple[str, ...] = () if template.per == "once" else ("workload",)
        key = (template.name, names, False)  # `_task_name`'s shape, the same for every task of the template
        if key not in self.name_shapes:
            self.name_shapes[key] = _task_name_shape(template.name, names, False)
        escaped, known = self.name_shapes[key]
        named = "workload" in known
        around = _around_workload(escaped) if named and self.named else None
        head, tail = around if around is not None else ("", "")
        instances = self.instances.setdefault(template.id, []) if workloads else []
        template_id, phase, milestone = template.id, template.phase, template.milestone  # read once
        name_params, new_message, new_task = self.name_params, str.__new__, object.__new__
        for workload in workloads:
            if workload is None:
                task_id, workload_id, name = template_id, None, self._name(escaped, None) if self.named else ""
            elif around is not None:  # `self._name(escaped, workload)`, its text put together without formatting the template
                values = workload.__dict__  # its fields (where a model keeps them)
                workload_id = values["id"]
                task_id = f"{template_id}.{workload_id}"
                params = name_params.get(workload_id)
                if params is None:
                    params = name_params[workload_id] = {"workload": values["name"]}
                name = new_message(Message, head + params["workload"] + tail)
                name.template = escaped
                name.params = params
                name.plural = name.n = None
            else:
                workload_id = workload.__dict__["id"]  # its field (where a model keeps it)
                task_id = f"{template_id}.{workload_id}"
                name = self._name(escaped, workload if named else None) if self.named else ""
            # `_Task(task_id, name, phase, duration, roles, _UNLINKED, milestone, workload_id, template_id, None, not_before,
            # None, False, notes, uncertain, base)`, its fields set here (no __init__ call: ~2,000 instructions a task less;
            # `notes`: one list for the template's tasks, an edit copies it first)
            task = new_task(_Task)
            task.id = task_id
            task.name = name
            task.phase = phase
            task.duration = duration
            task.roles = roles
            task.depends_on = _UNLINKED
            task.milestone = milestone
            task.workload = workload_id
            task.template = template_id
            task.lead_time_weeks = None
            task.not_before = not_before
            task.wanted = None
            task.edited = False
            task.notes = notes
            task.uncertain = uncertain
            task.base = base
            task.unit = 1
            task.calendar_days = None
            task.demand = demand
            tasks[task_id] = task
            instances.append(task_id)

    def _add_rent_tasks(self, template: TaskTemplate, workloads: list[WorkloadResult]) -> None:
        """`_add_template_task` of a per-workload template that lasts its workload's rented-GPU lead time, for each
        workload: its factor, start constraint and roles worked out once, each offer's length and note once (the
        rented-GPU variant of a 10,000-workload plan rents for every workload)."""
        t = template.__dict__  # its fields (where a model keeps them)
        template_id, name, phase, milestone = t["id"], t["name"], t["phase"], t["milestone"]
        uncertain = t["duration_uncertain"] or "gpuaas_lead_time_factor"
        factor = self.assumptions.level(uncertain)
        factor_note = f" x {uncertain} {factor:g}" if factor is not None else ""  # `_factor_note`
        after: list[Message] = []
        not_before = 0
        if t["not_before_months_from"]:
            months = round(self.assumptions.num(t["not_before_months_from"]))
            day = _add_months(self.plan.start, months)
            not_before = (day - self.plan.start).days
            after.append(msg("not before {day}: {assumption} = {months} months after the plan's start", day=day.isoformat(), assumption=t["not_before_months_from"], months=months))
        roles = dict(t["roles"])  # one copy for all the template's tasks: an edit replaces a task's roles, nothing changes them
        demand = self._demand(roles) if workloads else None  # (kept for the tasks made with it, or with a copy of it)
        offers: dict[tuple, tuple[int, list[Message]]] = {}  # (offer, lead time) -> (duration, notes: one list for its tasks, an edit copies it first)
        tasks, instances = self.tasks, self.instances.setdefault(template_id, []) if workloads else []
        new_task = object.__new__
        for workload in workloads:
            quote = workload.gpuaas
            if quote is None:  # not a rented workload's (`_workload_classes` gives none): as any template task
                self._add_template_task(template, workload)
                continue
            days = quote.lead_time_days
            found = offers.get((quote.offer, days))
            if found is None:
                duration = days if factor is None else round(days * factor * 1)  # `_scaled`
                notes = [msg("{offer}: lead time {days} days (gpuaas.toml){factor}", offer=quote.offer, days=days, factor=factor_note), *after]
                found = offers[(quote.offer, days)] = (duration, notes)
            duration, notes = found
            workload_id = workload.id
            task_id = f"{template_id}.{workload_id}"
            # `_Task(task_id, <its name>, phase, duration, roles, _UNLINKED, milestone, workload_id, template_id, duration / 7,
            # not_before, None, False, notes, uncertain, days)`, its fields set here (no __init__ call, as `_add_day_tasks`)
            task = new_task(_Task)
            task.id = task_id
            task.name = _task_name(name, {"workload": workload.name, "provider": quote.provider}, self.name_shapes) if self.named else ""
            task.phase = phase
            task.duration = duration
            task.roles = roles
            task.depends_on = _UNLINKED
            task.milestone = milestone
            task.workload = workload_id
            task.template = template_id
            task.lead_time_weeks = duration / 7
            task.not_before = not_before
            task.wanted = None
            task.edited = False
            task.notes = notes
            task.uncertain = uncertain
            task.base = days
            task.unit = 1
            task.calendar_days = None
            task.demand = demand
            tasks[task_id] = task
            instances.append(task_id)

    def _add_template_task(self, template: TaskTemplate, workload: WorkloadResult | None) -> None:
        t = template.__dict__  # its fields (where a model keeps them), ~15 reads a task
        task_id = f"{t['id']}.{workload.id}" if workload else t["id"]
        # The name stays a Message on its catalog template (shown translated); its English text is as before.
        params = {"workload": workload.name} if workload else {}
        task = _Task(task_id, t["name"], t["phase"], t["duration_days"], dict(t["roles"]), _UNLINKED, t["milestone"], workload.id if workload else None, t["id"])
        task.demand = self._demand(task.roles)
        if t["duration_from"] not in ("days", "gpuaas_lead_time"):
            order = self.orders.order(t["duration_from"])
            if order is None:
                self.warnings.append(msg("{task}: no GPU known to order (no sizing and no [hardware] gpu); its lead time is not counted", task=task_id))
                params["gpu"] = None
            else:
                label, weeks, notes, catalogued = order
                params["gpu"] = label
                task.lead_time_weeks = weeks
                task.duration = round(weeks * 7)
                task.notes += notes
                task.uncertain, task.base, task.unit = t["duration_uncertain"] or "lead_time_factor", catalogued, 7
        if t["duration_from"] == "gpuaas_lead_time" and workload is not None and workload.gpuaas is not None:
            quote = workload.gpuaas
            params["provider"] = quote.provider
            task.uncertain, task.base = t["duration_uncertain"] or "gpuaas_lead_time_factor", quote.lead_time_days
            task.duration = self._scaled(task, quote.lead_time_days)
            task.lead_time_weeks = task.duration / 7
            task.notes.append(msg("{offer}: lead time {days} days (gpuaas.toml){factor}", offer=quote.offer, days=quote.lead_time_days, factor=self._factor_note(task)))
        if t["duration_from"] == "days" and task.duration > 0 and not task.milestone:
            task.uncertain, task.base = t["duration_uncertain"] or "task_duration_factor", t["duration_days"]
            task.duration = self._scaled(task, t["duration_days"])
            if task.duration != t["duration_days"]:
                task.notes.append(msg("{days} days in the template{factor}", days=t["duration_days"], factor=self._factor_note(task)))
        task.name = _task_name(t["name"], params, self.name_shapes) if self.named else ""
        if t["not_before_months_from"]:
            months = round(self.assumptions.num(t["not_before_months_from"]))
            day = _add_months(self.plan.start, months)
            task.not_before = (day - self.plan.start).days
            task.notes.append(msg("not before {day}: {assumption} = {months} months after the plan's start", day=day.isoformat(), assumption=t["not_before_months_from"], months=months))
        self.tasks[task_id] = task
        self.instances.setdefault(t["id"], []).append(task_id)

    def _demand(self, roles: dict[str, float]) -> dict[str, int] | None:
        """The demand of a task made with `roles` (`demands`; None: none kept, `_capacity` works it out)."""
        if self.demands is None:
            return None
        found = self.demands.get(id(roles))
        if found is None:
            found = self.demands[id(roles)] = (roles, {r: round(f * 100) for r, f in roles.items()})
        return found[1]

    def _name(self, escaped: str, workload: WorkloadResult | None) -> Message:
        """`Message(escaped, {"workload": its name})` (None: no parameters), the parameters one dict per workload
        (a 10,000-workload plan names ~30,000 tasks; a Message's parameters are never changed)."""
        values = workload.__dict__ if workload is not None else None  # its fields (where a model keeps them)
        key = values["id"] if values is not None else None
        params = self.name_params.get(key)
        if params is None:
            params = self.name_params[key] = {"workload": values["name"]} if values is not None else {}
        name = str.__new__(Message, escaped.format(**params))  # as Message(escaped, params) makes it, without copying params
        name.template, name.params, name.plural, name.n = escaped, params, None, None
        return name

    def _scaled(self, task: _Task, days: int) -> int:
        """A duration times the plan's pin of the task's uncertain factor (as catalogued when the plan leaves it out)."""
        factor = self.assumptions.level(task.uncertain) if task.uncertain else None
        return days if factor is None else round(task.base * factor * task.unit)

    def _factor_note(self, task: _Task) -> str:
        factor = self.assumptions.level(task.uncertain) if task.uncertain else None
        return f" x {task.uncertain} {factor:g}" if factor is not None else ""

    def _finds_own(self, dep: str, seen: frozenset[str]) -> bool:
        """Whether resolving a dependency on template `dep` (`_resolve`) reaches a per-workload template (whose
        answer depends on the workload: its own task, or every instance); False: the answer is every workload's."""
        link = self.links.get(dep)
        if link is None:
            return False
        per_workload, depends_on = link
        if per_workload:
            return True
        if self.instances.get(dep) or dep in seen:
            return False
        return any(self._finds_own(before, seen | {dep}) for before in depends_on)

    def _resolve(self, dep: str, workload: str | None, from_per_workload: bool, seen: frozenset[str]) -> list[str]:
        """Task ids a dependency on template `dep` means (see catalogs/phases.toml)."""
        link = self.links.get(dep)
        if link is None:
            return []
        per_workload, depends_on = link
        instances = self.instances.get(dep, [])
        if not per_workload:
            if instances:
                return instances
        else:
            own = f"{dep}.{workload}"
            if workload and own in self.tasks:
                return [own]
            if instances and not from_per_workload:
                return instances
        if dep in seen:
            return []
        found: list[str] = []
        for before in depends_on:
            found += self._resolve(before, workload, from_per_workload, seen | {dep})
        return found

    # -- edits ---------------------------------------------------------------------------------

    def _targets(self, task_id: str) -> list[str]:
        if task_id in self.tasks:
            return [task_id]
        template = self.templates.get(task_id)
        if template is not None and template.per != "once":
            return list(self.instances.get(task_id, []))
        return []

    def _generated_elsewhere(self, task_id: str) -> bool:
        """A template task (or per-workload instance id) this plan happens not to need."""
        if task_id in self.templates:
            return True
        head, _, workload = task_id.rpartition(".")
        return head in self.templates and self.templates[head].per != "once" and workload in self.workload_ids

    def apply_edits(self, edits: list[TaskEdit]) -> list[Problem]:
        if not edits:
            return []
        self.demands = self.runs = None  # (an edit may give a task roles or dependencies, or make one: worked out from the tasks)
        problems: list[Problem] = []
        known_ids = set(self.tasks) | set(self.templates)
        for i, edit in enumerate(edits):
            if edit.id in self.tasks or edit.id in self.templates or self._generated_elsewhere(edit.id):
                continue
            missing = [key for key in ("name", "phase") if getattr(edit, key) is None]
            if edit.duration_days is None and edit.lead_time_weeks is None:
                missing.append("duration_days")
            if missing:
                hint = did_you_mean(edit.id, known_ids)
                problems.append(Problem(("tasks", i, "id"), msg('no generated task is called "{task}"{hint}; a new task needs {missing}', task=edit.id, hint=hint, missing=", ".join(missing))))
                continue
            task = _Task(edit.id, edit.name or edit.id, edit.phase or 1, 0, {}, [])
            task.milestone = (edit.duration_days == 0) and edit.lead_time_weeks is None
            self.tasks[edit.id] = task
        for i, edit in enumerate(edits):
            targets = self._targets(edit.id)
            if not targets:
                if self._generated_elsewhere(edit.id):
                    self.warnings.append(f"tasks.{i}: task {edit.id!r} is not in this plan (its workloads or conditions are absent); the edit is ignored")
                continue
            problems += self._edit(i, edit, targets)
        return problems

    def _edit(self, i: int, edit: TaskEdit, targets: list[str]) -> list[Problem]:
        problems: list[Problem] = []
        if edit.duration_days is not None and edit.lead_time_weeks is not None:
            problems.append(Problem(("tasks", i, "lead_time_weeks"), msg("give duration_days or lead_time_weeks, not both")))
        for role, fte in (edit.roles or {}).items():
            if fte < 0:
                problems.append(Problem(("tasks", i, "roles", role), msg("FTE {fte} is negative", fte=f"{fte:g}")))
        if edit.phase is not None and edit.phase not in {p.phase for p in self.catalog.phases.values()}:
            problems.append(Problem(("tasks", i, "phase"), msg("no phase {phase} in the phase catalog", phase=edit.phase)))
        if edit.start is not None and edit.start < self.plan.start:
            self.warnings.append(f"tasks.{i}: {edit.id} start {edit.start.isoformat()} is before the plan's start {self.plan.start.isoformat()}; ignored")
        known = []
        for ref in edit.depends_on:
            if self._reference(ref, self.tasks[targets[0]]) is None:
                hint = did_you_mean(ref, set(self.tasks) | set(self.templates))
                problems.append(Problem(("tasks", i, "depends_on"), msg('{task} depends on unknown task "{ref}"{hint}', task=edit.id, ref=ref, hint=hint)))
            else:
                known.append(ref)
        for task_id in targets:
            self._edit_one(i, edit, self.tasks[task_id], known)
        return problems

    def _edit_one(self, i: int, edit: TaskEdit, task: _Task, depends_on: list[str]) -> None:
        workload_name = next((r.name for r in self.results if r.id == task.workload), "")
        changes: list[str] = []
        if edit.name is not None:
            task.name = edit.name.replace("{workload}", workload_name)
        if edit.phase is not None:
            task.phase = edit.phase
        if edit.duration_days is not None:
            # The plan's own figure is drawn on its own factor (a GPU order's as a lead time), and a pin of it acts here.
            task.uncertain = "plan_lead_time_factor" if task.lead_time_weeks is not None else "plan_task_duration_factor"
            task.base, task.unit = edit.duration_days, 1
            task.duration = self._scaled(task, edit.duration_days)
            changes.append(msg("{days} days", days=edit.duration_days))
            if task.lead_time_weeks is not None:
                task.lead_time_weeks = task.duration / 7
        if edit.lead_time_weeks is not None:
            task.uncertain, task.base, task.unit = "plan_lead_time_factor", edit.lead_time_weeks, 7
            task.lead_time_weeks = edit.lead_time_weeks
            task.duration = self._scaled(task, round(edit.lead_time_weeks * 7))
            changes.append(msg("lead time {weeks} weeks", weeks=f"{edit.lead_time_weeks:g}"))
        if edit.roles is not None:
            task.roles = dict(edit.roles)
            changes.append(msg("roles {roles}", roles=", ".join(f"{r} {f:g}" for r, f in edit.roles.items())) if edit.roles else msg("roles none"))
        if edit.start is not None and edit.start >= self.plan.start:
            task.wanted = edit.start
            task.not_before = max(task.not_before, (edit.start - self.plan.start).days)
            changes.append(msg("not before {day}", day=edit.start.isoformat()))
        if depends_on:
            task.depends_on = list(task.depends_on)  # its own from here: tasks alike share their lists (`instantiate`)
        for ref in depends_on:
            for dep in self._reference(ref, task) or []:
                if dep not in task.depends_on:
                    task.depends_on.append(dep)
                    self.edge_edit[(dep, task.id)] = i
            changes.append(msg("after {task}", task=ref))
        task.edited = True
        if task.template:
            what = msg("edited in the plan: {changes}", changes=joined(changes)) if changes else msg("edited in the plan")
            task.notes = [*task.notes, msg("{what} ({note})", what=what, note=edit.note) if edit.note else what]  # a new list: tasks alike share theirs
        elif edit.note:
            task.notes = [*task.notes, edit.note]

    def _reference(self, ref: str, task: _Task) -> list[str] | None:
        """Task ids a `depends_on` entry of an edit names, or None when it names nothing known."""
        if ref in self.tasks:
            return [ref]
        if ref in self.templates:
            return self._resolve(ref, task.workload, False, frozenset())
        if self._generated_elsewhere(ref):
            head, _, workload = ref.rpartition(".")
            return self._resolve(head, workload, True, frozenset())
        return None

    def cycle_problem(self, cycle: list[str]) -> Problem:
        """The cycle, at the first `[[tasks]]` edit that added one of its links."""
        edits = sorted(self.edge_edit[(a, b)] for a, b in zip(cycle, cycle[1:]) if (a, b) in self.edge_edit)
        path: tuple[str | int, ...] = ("tasks", edits[0], "depends_on") if edits else ("tasks",)
        return Problem(path, f"dependency cycle: {' -> '.join(cycle)} (each must end before the next can start)")


def _capacity(
    plan: Plan, tasks: dict[str, _Task], catalog: Catalog, assumptions: Assumptions, demands: dict[int, tuple[dict[str, float], dict[str, int]]] | None = None
) -> tuple[dict[str, int], list[str]]:
    """People per role in hundredths of an FTE, for every role a task needs. Each task gets its `demand` (hundredths of an
    FTE per role: the network's activity, `_level`), one dict per roles dict: a template's tasks share theirs, and so
    their demand, which the network only reads (worked out in the same walk over the tasks). `demands`: the builder's
    (`_Builder.demands`), where each task was given its demand as it was made, with the roles dicts they were made with."""
    shared = demands if demands is not None else {}
    roles, demand = None, None  # the task before's (a template's tasks come one after the other)
    for task in tasks.values() if demands is None else ():
        if task.roles is roles:
            task.demand = demand
            continue
        roles = task.roles
        found = shared.get(id(roles))
        if found is None:
            found = shared[id(roles)] = (roles, {r: round(f * 100) for r, f in roles.items()})
        task.demand = demand = found[1]
    needed = {role for roles, _demand in shared.values() for role, fte in roles.items() if fte > 0}
    order = [r for r in catalog.roles if r in needed] + sorted(needed - set(catalog.roles))
    capacity: dict[str, int] = {}
    nobody: list[str] = []
    stand_in = int(assumptions.num("missing_role_people"))
    for role in order:
        people = plan.organization.ml_engineers if role == HEADCOUNT_ROLE else plan.organization.staff.get(role, 0)
        if people == 0:
            nobody.append("ml_engineers" if role == HEADCOUNT_ROLE else f"staff.{role}")
            people = stand_in
        capacity[role] = people * 100
    warnings = []
    if nobody:
        warnings.append(msg("the organization has nobody for {roles} ([organization]); the schedule assumes {count} contractor or borrowed person for each", roles=", ".join(nobody), count=stand_in))
    return capacity, warnings


def _alike(tasks: dict[str, _Task], ids: list[str]) -> bool:
    """Whether the tasks have the same dependencies (one list), start constraint, length and demand: the network dates
    each from the same earliest start, and takes the first start where its people fit."""
    first = tasks[ids[0]]
    depends_on, not_before, duration, demand = first.depends_on, first.not_before, first.duration, first.demand
    for task in map(tasks.__getitem__, ids):
        if task.depends_on is not depends_on or task.not_before != not_before or task.duration != duration or (task.demand is not demand and task.demand != demand):
            return False
    return True


def _go_live(timings: dict[str, Timing], migrations: list[str]) -> int | None:
    return min(timings[t].finish for t in migrations) if migrations else None


def _level(tasks: dict[str, _Task], capacity: dict[str, int], catalog: Catalog, builder: _Builder, slack: bool = True, waits: bool = True) -> tuple[NetworkResult, int | None, dict[str, int]]:
    """Date the network; once on-prem serving is live, operations hold their people (two passes at most).
    `slack=False`: no slack and no critical path (`build_schedule(dates_only=True)`: nobody reads them). `waits=False`:
    the timings without their waits (the same dates: a dates-only schedule not kept for its draws has no notes)."""
    # The tasks are the network's activities (an Activity's fields, `depends_on` a list, `demand` given by `_capacity`).
    try:
        network = Network(list(tasks.values()), suspects=frozenset(builder.edge_edit), by_id=tasks, runs=builder.runs)  # type: ignore[arg-type]
    except CycleError as error:
        raise PlanInvalid([builder.cycle_problem(cycle) for cycle in error.cycles]) from None
    ops: dict[str, int] = {}
    for role, people in capacity.items():
        amount = round(catalog.roles[role].ops_fte * 100) if role in catalog.roles else 0
        if 0 < amount < people:
            ops[role] = amount
        elif amount >= people > 0:
            builder.warnings.append(f"operating on-prem serving takes {amount / 100:g} {role} FTE, all of the {people / 100:g} available; the schedule does not reserve it")
    migrations = builder.instances.get(MIGRATION_TEMPLATE, [])  # the tasks of the migration template, as made
    # The first pass is the result unless operations then reserve people from go-live (a second pass follows,
    # which takes over the first pass's tasks that end before go-live instead of levelling them again).
    log = RunLog() if ops and migrations else None
    # The migrations alike (as the template makes them, unless an edit changed some): the first one the pass dates ends
    # first, and the pass stops once the reservation from that day on is known not to fit (`Network.run`'s `live`): the
    # second pass dates again what the first would have dated after that.
    live = (frozenset(migrations), ops) if STOP_AT_GO_LIVE and log is not None and _alike(tasks, migrations) else None
    timings = network.run(capacity, record_waits=waits, log=log, live=live)
    go_live = log.stopped if log is not None and log.stopped is not None else _go_live(timings, migrations)
    for attempt in range(2):
        levels = log.levels if attempt == 0 and log is not None else None  # what the first pass's tasks hold, role by role
        stopped = attempt == 0 and log is not None and log.stopped is not None  # (known not to fit)
        if go_live is None or not ops or (not stopped and _reservation_fits(network, timings, capacity, ops, go_live, levels)):
            break
        reserved = go_live
        first = (timings, log) if attempt == 0 and log is not None else None
        timings = network.run(capacity, [Reservation(role, reserved, amount) for role, amount in ops.items()], record_waits=waits, after=first)
        go_live = _go_live(timings, migrations)
        if go_live == reserved:
            break
    return network.finish(timings, slack), go_live, ops if go_live is not None else {}


LEAD_TIME_PASSES = 4
"""Levelling passes at most under a working calendar, until every order lasts until its delivery date."""


def _level_working(tasks: dict[str, _Task], capacity: dict[str, int], catalog: Catalog, builder: _Builder, work: WorkCalendar, slack: bool = True, waits: bool = True) -> tuple[NetworkResult, int | None, dict[str, int]]:
    """`_level` in working days: start constraints become working-day numbers, and a GPU order
    (calendar weeks) lasts the working days from its start until its delivery date, so passes repeat
    while an order's start, and with it its length in working days, moves."""
    for task in tasks.values():
        if task.not_before:
            task.not_before = work.number(work.start + timedelta(days=task.not_before))
    orders = {t.id: t.duration for t in tasks.values() if t.lead_time_weeks is not None}
    for task_id, calendar_days in orders.items():
        tasks[task_id].calendar_days = calendar_days
        tasks[task_id].duration = work.span(tasks[task_id].not_before, calendar_days)
    warned = len(builder.warnings)
    for _attempt in range(LEAD_TIME_PASSES):
        del builder.warnings[warned:]
        result, go_live, ops = _level(tasks, capacity, catalog, builder, slack, waits)
        moved = False
        for task_id, calendar_days in orders.items():
            days = work.span(result.timings[task_id].start, calendar_days)
            if days != tasks[task_id].duration:
                tasks[task_id].duration, moved = days, True
        if not moved:
            break
    return result, go_live, ops


def _reservation_fits(network: Network, timings: dict, capacity: dict[str, int], ops: dict[str, int], day: int, levels: dict[str, tuple[list[int], list[int]]] | None = None) -> bool:
    """True when, from `day` on, the tasks of `timings` leave every role's operations people free.

    Levelling is serial: each task takes the first start where it fits. If the finished schedule fits
    under the reduced capacity, every task still fits where it was put (and nowhere earlier, as less
    capacity fits less), so a pass with the reservation would give the same dates: it is not run.

    `levels`: the people each role's tasks hold over time, as the pass that dated `timings` without reservations
    left them (`RunLog.levels`: each task's need, cut to what the role has, over its days): read from the step
    that holds `day` on instead of adding the tasks up again.
    """
    if levels is not None:
        for role, amount in ops.items():
            times, held = levels[role]
            if max(held[bisect_right(times, day) - 1 :]) > capacity[role] - amount:
                return False
        return True
    for role, amount in ops.items():
        limit = capacity[role] - amount
        steps: dict[int, int] = {}
        for aid, timing in timings.items():
            if timing.finish <= day or timing.duration == 0:
                continue
            need = network.by_id[aid].demand.get(role, 0)
            if need <= 0:
                continue
            need = min(need, capacity[role])  # a stretched task holds what the role has
            start = max(timing.start, day)
            steps[start] = steps.get(start, 0) + need
            steps[timing.finish] = steps.get(timing.finish, 0) - need
        level = 0
        for when in sorted(steps):
            level += steps[when]
            if level > limit:
                return False
    return True


class _Dater:
    """Turns day numbers into dates and the network's findings into notes and warnings."""

    def __init__(self, plan: Plan, tasks: dict[str, _Task], result: NetworkResult, capacity: dict[str, int], calendar: WorkCalendar):
        self.start = plan.start
        self.calendar = calendar
        self.tasks = tasks
        self.result = result
        self.capacity = capacity
        self._days: dict[int, date] = {}
        self._iso: dict[int, str] = {}
        self._people: dict[str, Message] = {}
        self._until: dict[tuple[tuple[str, ...], int], tuple[Part, str]] = {}
        """Their "{tasks} until {day}" parts by holders and day, shared among notes (10,000 workloads: 6,663 notes, 3,332 parts).
        A note's parts (who is busy with which tasks until when) are `Part`s: only the note holds its text, not
        each part again (the list of tasks is most of it: ~14 MB at 10,000 workloads)."""
        self._joins: dict[int, tuple[str, tuple[str, ...]]] = {}
        """`joined`'s template and parameter names (after "separator") by count of parts (`_joined`)."""
        self._then = msg(", then ")
        """The separator of a role's parts, one for all notes."""
        self._last_held: tuple[list[Wait] | tuple[()], int, Message | None] = ((), 0, None)
        """The last levelling note made, of which list of waits and days held back: tasks levelled as a group share
        one list of waits (network `_Alike`) and come one after the other, so their note is made once, not from
        the waits again per task (only the last is kept: the waits are freed as the tasks are made)."""

    def day(self, offset: int) -> date:
        found = self._days.get(offset)
        if found is None:
            found = self._days[offset] = self.calendar.day(offset)
        return found

    def iso(self, offset: int) -> str:
        """`day(offset)` as YYYY-MM-DD."""
        found = self._iso.get(offset)
        if found is None:
            found = self._iso[offset] = self.day(offset).isoformat()
        return found

    def last_day(self, task_id: str) -> date:
        timing = self.result.timings[task_id]
        return self.day(timing.start + max(timing.duration - 1, 0))

    def label(self, task_id: str) -> Message:
        return msg("{task} ({name})", task=task_id, name=self.tasks[task_id].name)

    def people(self, role: str) -> Message:
        found = self._people.get(role)
        if found is None:
            count = self.capacity[role] / 100
            found = self._people[role] = msgn("{role} ({count} person)", "{role} ({count} people)", 1 if count == 1 else 2, role=role, count=f"{count:g}")
        return found

    def levelling_notes(self, task_id: str) -> list[str]:
        timing = self.result.timings[task_id]
        notes = []
        if timing.start > timing.earliest:
            waits, days = timing.waits, timing.start - timing.earliest
            last = self._last_held
            if last[0] is waits and last[1] == days and waits:
                notes.append(last[2])
            else:
                held = self._held_note(waits, days)
                self._last_held = (waits, days, held)
                notes.append(held)
        for role, need, free in timing.stretched:
            have = f"{self.capacity[role] / 100:g}"
            why = msg("the organization has {have}", have=have) if need > self.capacity[role] else msg("operations of on-prem serving leave {free} of {have} free", free=f"{free / 100:g}", have=have)
            notes.append(
                msg(
                    "needs {need} {role} but {why}; runs with {free} for {days} days instead of {planned}",
                    need=f"{need / 100:g}",
                    role=role,
                    why=why,
                    free=f"{free / 100:g}",
                    days=timing.duration,
                    planned=self.tasks[task_id].duration,
                )
            )
        return notes

    def _held_note(self, waits: list[Wait] | tuple[()], days: int) -> Message:
        """"held back {days} days by staff levelling: ..." of a task with these waits."""
        # The parts as `part` and `joined` make them, and beside each its English text as its template gives it
        # (`str(part)`): a note's text is put together from its parts' texts (the parts of who is busy until when
        # are shared among notes) instead of each note formatting its parts again, a level at a time.
        if len(waits) == 1 and waits[0].holders:  # one wait (each task levelled after a group's first, network `_Alike`): what the loop below makes of it
            wait = waits[0]
            found, text = self._until.get((wait.holders, wait.until)) or self._until_part(wait.holders, wait.until)  # (known parts looked up here)
            people = self._people.get(wait.role) or self.people(wait.role)
            causes: Any = _NEW(Part)  # Part(BUSY_WITH, {"people": people, "holders": found}), its fields set here (no __init__ call)
            causes.template, causes.params, causes.plural, causes.n = BUSY_WITH, {"people": people, "holders": found}, None, None
            text = f"held back {days} days by staff levelling: {people} busy with {text}"
        elif len(waits) == 2 and waits[0].role == waits[1].role and waits[0].holders and waits[1].holders and waits[0].holders != waits[1].holders:
            # two waits for one role on different tasks (most tasks held back twice): what the loop below makes of them
            first, second = waits
            found, text = self._until.get((first.holders, first.until)) or self._until_part(first.holders, first.until)
            found_second, text_second = self._until.get((second.holders, second.until)) or self._until_part(second.holders, second.until)
            people = self._people.get(first.role) or self.people(first.role)
            then, shape = self._then, self._joins.get(2)
            if shape is None:
                listed = self._joined([found, found_second], then)
            else:  # `self._joined([found, found_second], then)` once its shape is known, its Part made here
                listed = _NEW(Part)
                listed.template, listed.params, listed.plural, listed.n = shape[0], {"separator": then, shape[1][0]: found, shape[1][1]: found_second}, None, None
            causes = _NEW(Part)  # Part(BUSY_WITH, {"people": people, "holders": self._joined([found, found_second], then)})
            causes.template, causes.params, causes.plural, causes.n = BUSY_WITH, {"people": people, "holders": listed}, None, None
            text = f"held back {days} days by staff levelling: {people} busy with {then.join((text, text_second))}"
        else:
            by_role: dict[str, dict[tuple[str, ...], int]] = {}
            for wait in waits:
                if wait.holders:
                    until = by_role.get(wait.role)
                    if until is None:
                        until = by_role[wait.role] = {}
                    until[wait.holders] = wait.until  # (holders are one tuple: `_Usage.holders`)
            then, busy, texts = self._then, [], []
            for role, until in by_role.items():  # (plain loops: a comprehension is a call of its own)
                parts, words = [], []
                for holders, last in until.items():
                    found, text = self._until.get((holders, last)) or self._until_part(holders, last)
                    parts.append(found)
                    words.append(text)
                people = self._people.get(role) or self.people(role)
                part = _NEW(Part)  # Part(BUSY_WITH, {"people": people, "holders": self._joined(parts, then)})
                part.template, part.params, part.plural, part.n = BUSY_WITH, {"people": people, "holders": self._joined(parts, then)}, None, None
                busy.append(part)
                texts.append(f"{people} busy with {then.join(words)}")
            causes = self._joined(busy, "; ") if by_role else msg("roles busy")
            text = f"held back {days} days by staff levelling: {'; '.join(texts) if by_role else causes}"
        held = str.__new__(Message, text)  # msg("held back {days} days by staff levelling: {causes}", days=days, causes=causes)
        held.template, held.params, held.plural, held.n = HELD_BACK, {"days": days, "causes": causes}, None, None
        return held

    def _until_part(self, holders: tuple[str, ...], last: int) -> tuple[Part, str]:
        """The part "{tasks} until {day}" of these holders and day, and its English text."""
        found = self._until.get((holders, last))
        if found is None:
            tasks, day = ", ".join(holders), self.iso(last - 1)
            made = _NEW(Part)  # Part(UNTIL, {"tasks": tasks, "day": day}), its fields set here (no __init__ call)
            made.template, made.params, made.plural, made.n = UNTIL, {"tasks": tasks, "day": day}, None, None
            found = self._until[(holders, last)] = (made, f"{tasks} until {day}")
        return found

    def _joined(self, parts: list[Part], separator: Any) -> Part:
        """`joined(parts, separator)` as a Part, its template and parameter names made once for each count of parts; one
        part is itself (the same text, translated the same: `joined` of one part is "{part0}" around it), not another
        part around it (a levelling note's parts are long lists of tasks)."""
        if len(parts) == 1:
            return parts[0]
        shape = self._joins.get(len(parts))
        if shape is None:
            made = joined(parts, separator, part=True)
            shape = self._joins[len(parts)] = (made.template, tuple(made.params)[1:])  # its names after "separator"
        params = {"separator": separator}
        params.update(zip(shape[1], parts))
        return Part(shape[0], params)

    def why_late(self, task_id: str) -> Message:
        """Why a task starts when it does: "because Z (lead time N weeks)"."""
        timing = self.result.timings[task_id]
        if timing.start > timing.earliest and timing.waits:
            wait = timing.waits[-1]
            holders = ", ".join(wait.holders) if wait.holders else msg("operations")
            return msg("{people} is busy with {holders} until {day}", people=self.people(wait.role), holders=holders, day=self.day(wait.until - 1).isoformat())
        if timing.driver is None:
            return msg("of its own start constraints")
        driver = timing.driver
        template = "{task} is reached on {day}" if self.tasks[driver].milestone else "{task} ends {day}"
        reason = msg(template, task=self.label(driver), day=self.last_day(driver).isoformat())
        current: str | None = driver
        while current is not None:
            task = self.tasks[current]
            if task.lead_time_weeks is not None:
                weeks = f"{task.lead_time_weeks:g}"
                if current == driver:
                    return msg("{reason} (lead time {weeks} weeks)", reason=reason, weeks=weeks)
                return msg("{reason} (after {task}: lead time {weeks} weeks)", reason=reason, task=current, weeks=weeks)
            timing = self.result.timings[current]
            current = timing.driver if timing.start == timing.earliest else None
        return reason


class DatedTask:
    """A task of a schedule dated only for its costs (`build_schedule(dates_only=True)`: the rented-GPU strategy's
    variant, read by the ledger and by the ranges' dating, never shown or saved): ScheduledTask's fields without a
    pydantic model around them, and without what only a reader of the schedule reads (its name, notes and
    dependencies: empty here; the levelled network keeps the dependencies; no slack, so not critical: the network
    dates a dates-only schedule without slack, `_level(slack=False)`). A 10,000-workload plan's variant has 30,000 tasks."""

    __slots__ = ("id", "phase", "start", "end", "duration_days", "milestone", "roles", "workload", "template", "lead_time_weeks", "edited")
    name = ""
    depends_on: tuple[str, ...] = ()
    notes: tuple[Message, ...] = ()
    critical = False
    slack_days = 0

    def __init__(self, id, phase, start, end, duration_days, milestone, roles, workload, template, lead_time_weeks, edited):  # noqa: A002 (ScheduledTask's names)
        self.id = id
        self.phase = phase
        self.start = start
        self.end = end
        self.duration_days = duration_days
        self.milestone = milestone
        self.roles = roles
        self.workload = workload
        self.template = template
        self.lead_time_weeks = lead_time_weeks
        self.edited = edited


def _valid_as_is(task: _Task, roles: dict[str, float], notes: list) -> bool:
    """The task's values are what ScheduledTask's validation would keep (`ScheduledTask.of_valid`): its name and
    notes Messages (an edit's plain text becomes one), FTE and lead time floats, the phase an int. Ids, days,
    flags and dates are of their types by construction."""
    if not isinstance(task.name, Message) or type(task.phase) is not int or not (task.lead_time_weeks is None or type(task.lead_time_weeks) is float):
        return False
    for fte in roles.values():
        if type(fte) is not float:
            return False
    for note in notes:
        if not isinstance(note, Message):
            return False
    return True


_START, _END = itemgetter("start"), itemgetter("end")


def _phases(scheduled: list[ScheduledTask], heads: list[int], catalog: Catalog, go_live: date | None, ops: dict[str, int], work: WorkCalendar) -> list[ScheduledPhase]:
    """`heads`: the positions in `scheduled` of the tasks not copied from the one before (the first is 0); the tasks from
    one up to the next are alike in what phases read (phase, dates, days, roles dict, milestone, lead time: a copy's
    values are its head's), so each such run counts once, with its number of tasks."""
    infos = {p.phase: p for p in catalog.phases.values()}
    role_order = list(catalog.roles)
    phases = []
    by_phase: dict[int, list[tuple[dict[str, Any], int]]] = {}  # each run's fields (where a model keeps them) and its tasks
    ends = heads[1:] + [len(scheduled)]
    for head, stop in zip(heads, ends):
        values = scheduled[head].__dict__
        by_phase.setdefault(values["phase"], []).append((values, stop - head))
    for number in sorted(by_phase):
        members = [values for values, _count in by_phase[number]]
        working = [t for t in members if not t["milestone"] and t["lead_time_weeks"] is None] or members
        start, end = min(map(_START, members)), max(map(_END, working))
        days = work.count(start, end)
        fte_days: dict[str, float] = {}
        # Each role's FTE-days added task by task in the tasks' order (as dated: a stretched task's roles are what it runs
        # with), a run of tasks with the same roles dict and days at a time: the same additions, in the same order.
        runs: list[tuple[dict[str, float], int, int]] = []
        roles, length, count = None, 0, 0
        for values, tasks in by_phase[number]:
            if values["roles"] is roles and values["duration_days"] == length:
                count += tasks
                continue
            if count:
                runs.append((roles, length, count))  # type: ignore[arg-type]
            roles, length, count = values["roles"], values["duration_days"], tasks
        if count:
            runs.append((roles, length, count))  # type: ignore[arg-type]
        for roles, length, count in runs:
            for role, fte in roles.items():
                if fte > 0:
                    added, total = fte * length, fte_days.get(role, 0)
                    for _task in range(count):
                        total += added
                    fte_days[role] = total
        if go_live is not None and go_live <= end:
            live_days = work.count(max(go_live, start), end)
            for role, amount in ops.items():
                fte_days[role] = fte_days.get(role, 0) + amount / 100 * live_days
        staff = {role: round(fte_days[role] / days, 2) for role in sorted(fte_days, key=lambda r: (role_order.index(r) if r in role_order else len(role_order), r)) if round(fte_days[role] / days, 2) > 0}
        name = catalog_text(infos[number].name) if number in infos else msg("Phase {number}", number=number)
        phases.append(ScheduledPhase(phase=number, name=name, start=start, end=end, staff_fte=staff))
    return phases


SCHEDULES_REMEMBERED = 4
"""Schedules an Evaluator keeps (a program limit): an edit that changes no input of the schedule reuses it."""
TASKS_REMEMBERED = 100_000
"""Most tasks (summed over the remembered schedules) kept: at 10,000 workloads the plan's schedule
(~30,000 tasks) and the GPUaaS strategy's variant (~50,000) both stay, so an edit reuses each."""


_KEYED_FIELDS = itemgetter("id", "name", "placement", "cloud_allowed", "needs_deidentification", "onprem_share", "hybrid", "gpuaas", "gpuaas_offers")
"""What the schedule reads of a workload's result, from its `__dict__` (where a result keeps its fields)."""
_QUOTE_FIELDS = itemgetter("provider", "lead_time_days", "gpus", "gpu", "offer")
"""What the bridge task reads of a rented-GPU quote (`_bridges`), from its `__dict__`."""


def schedule_results_key(results: list[WorkloadResult]) -> tuple:
    """What build_schedule reads of the results: each one's fields read from its __dict__ in one read (the key is made
    for each evaluation an Evaluator keeps: ~5,000 instructions a result). Of a rented-GPU quote, what the bridge task
    reads (`_bridges`): its provider and lead time for the dates, its GPUs, GPU and offer for the note."""
    keys = []
    for result in results:
        id_, name, placement, allowed, deidentify, share, hybrid, quote, offers = _KEYED_FIELDS(result.__dict__)
        keys.append((id_, name, placement, allowed, deidentify, share > 0, hybrid, _QUOTE_FIELDS(quote.__dict__) if quote else None, bool(offers)))
    return tuple(keys)


def moved_results_key(key: tuple) -> tuple:
    """`schedule_results_key` of the results after every workload with rented-GPU offers not placed on them is (placement
    "gpuaas", no on-prem share: the rented-GPU strategy's variant, evaluate's `_gpuaas_variant`), from `schedule_results_key` of
    the results before: whether a workload moves, and what moving changes of what the schedule reads, are in its key (its
    quote or None, whether it has offers, its placement). The variant's schedule is found by this key without reading
    its results again (a re-evaluation of 1,000 workloads makes the key of both schedules)."""
    return tuple([(k[0], k[1], "gpuaas", k[3], k[4], False, k[6], k[7], True) if k[7] is not None and k[8] and k[2] != "gpuaas" else k for k in key])


def _schedule_key(plan: Plan, results: list[WorkloadResult], sizing: Sizing, catalog: Catalog, assumptions: Assumptions, dates_only: bool = False, results_key: tuple | None = None) -> tuple:
    """Every input build_schedule reads, type for type (keep in step with the code above). `results_key`:
    `schedule_results_key(results)`, when the caller has it."""
    return (
        dates_only,
        id(catalog),
        repr(assumptions.items()),
        plan.start.isoformat(),
        plan.hardware.model_dump_json(warnings=False),
        tuple(t.model_dump_json(exclude_none=True, warnings=False) for t in plan.tasks),
        repr(plan.organization.ml_engineers),
        repr(plan.organization.staff),
        schedule_results_key(results) if results_key is None else results_key,
        (sizing.pilot.gpu, sizing.pilot.gpus) if sizing.pilot is not None else None,
        tuple((g.gpu, g.gpus) for g in sizing.groups),
    )


def build_schedule(
    plan: Plan, results: list[WorkloadResult], sizing: Sizing, catalog: Catalog, assumptions: Assumptions, remembered: Remembered | None = None, dates_only: bool = False, keep_levelled: bool = False,
    results_key: tuple | None = None,
) -> Schedule:
    """Dated tasks, phases, critical path. Raises PlanInvalid for cycles and unknown task references.

    With `remembered` (an Evaluator's table), the same inputs (see `_schedule_key`) give the same
    Schedule object back without levelling again. `dates_only`: the same dates and key dates, but tasks
    without their levelling notes, slack or critical flags, no critical path, phases or warnings (what a ledger reads:
    the GPUaaS strategy's variant is costed from it and never shown). `keep_levelled`: the table also
    keeps the levelled network, for `levelled_schedule` (`show --ranges` dates it again over draws). `results_key`:
    `schedule_results_key(results)` (or `moved_results_key` of the results they were moved from), when the caller has it.
    """
    if remembered is None:
        return _build_schedule(plan, results, sizing, catalog, assumptions, dates_only=dates_only)
    key = _schedule_key(plan, results, sizing, catalog, assumptions, dates_only, results_key)
    found = remembered.get(key)
    if found is not None and found[0] is catalog:
        return found[1]
    built = _build_schedule(plan, results, sizing, catalog, assumptions, keep=keep_levelled, dates_only=dates_only)
    schedule = built.schedule if isinstance(built, Levelled) else built
    remembered.put(key, (catalog, schedule, built if isinstance(built, Levelled) else None), len(schedule.tasks))
    return schedule


class Levelled(Frozen):
    """A schedule's levelled network, to date it again over draws (planner.domain.schedule_draws)."""

    __slots__ = ("plan", "results", "tasks", "result", "work", "schedule", "orders")
    plan: Plan
    results: list[WorkloadResult]
    tasks: dict[str, _Task]
    result: NetworkResult
    work: WorkCalendar
    schedule: Schedule
    orders: dict[str, list[str]]
    """The GPU order tasks by kind (`pilot_lead_time`, `production_lead_time`): their ends are the deliveries."""

    def __init__(self, plan: Plan, results: list[WorkloadResult], tasks: dict[str, _Task], result: NetworkResult, work: WorkCalendar, schedule: Schedule, orders: dict[str, list[str]]) -> None:
        for name, value in (("plan", plan), ("results", results), ("tasks", tasks), ("result", result), ("work", work), ("schedule", schedule), ("orders", orders)):
            object.__setattr__(self, name, value)


def levelled_schedule(
    plan: Plan, results: list[WorkloadResult], sizing: Sizing, catalog: Catalog, assumptions: Assumptions, remembered: Remembered | None = None, dates_only: bool = False
) -> Levelled:
    """`build_schedule` with the network it levelled: the one `remembered` kept for the same inputs
    (`build_schedule(..., keep_levelled=True)`), else levelled now (and not remembered)."""
    if remembered is not None:
        found = remembered.get(_schedule_key(plan, results, sizing, catalog, assumptions, dates_only))
        if found is not None and found[0] is catalog and found[2] is not None:
            return found[2]
    return _build_schedule(plan, results, sizing, catalog, assumptions, keep=True, dates_only=dates_only)  # type: ignore[return-value]


_TASK_START = attrgetter("start")
_SET_DATED = Schedule.__dict__["dated"].__set__
"""Sets a schedule's `dated` (a slot, not a field: `Schedule`'s setattr refuses changes)."""


def tasks_started_before(schedule: Schedule, day: date) -> list:
    """The schedule's tasks without those of its tasks in start order (its first `dated`, as `_build_schedule` lists them:
    by start, then its bridges) that start on `day` or later, the others in their order; all its tasks where it does not
    say how many are in that order (a copy, a validated one, another maker's). (A ledger's staff walk reads the tasks
    that start before its horizon's end, the bridges wherever they start: at 1,000 workloads ~3,900 tasks of the plan's
    and the rented-GPU variant's schedules start after it.)"""
    tasks = schedule.tasks
    dated = getattr(schedule, "dated", 0)
    cut = bisect_left(tasks, day, 0, dated, key=_TASK_START)
    return tasks if cut == dated else tasks[:cut] + tasks[dated:]


def _build_schedule(plan: Plan, results: list[WorkloadResult], sizing: Sizing, catalog: Catalog, assumptions: Assumptions, keep: bool = False, dates_only: bool = False) -> Schedule | Levelled:
    builder = _Builder(plan, results, sizing, catalog, assumptions, named=not dates_only)
    builder.instantiate()
    problems = builder.apply_edits(plan.tasks)
    if problems:
        raise PlanInvalid(problems)
    tasks = builder.tasks
    work = WorkCalendar(plan.start, assumptions.text("calendar"))
    capacity, staff_warnings = _capacity(plan, tasks, catalog, assumptions, builder.demands)
    waits = keep or not dates_only  # who held a task back: its notes, or the draws' groups of a kept network (planner.domain.schedule_draws)
    if work.working:
        result, go_live_day, ops = _level_working(tasks, capacity, catalog, builder, work, not dates_only, waits)
    else:
        result, go_live_day, ops = _level(tasks, capacity, catalog, builder, not dates_only, waits)
    last = result.end  # the first day after the last task
    if last * (2 if work.working else 1) > (date.max - plan.start).days - (400 if work.working else 0):
        path: tuple[str | int, ...] = ("tasks",) if plan.tasks else ("start",)
        raise PlanInvalid([Problem(path, f"the schedule would end {last:,} days after the start, past the last date a calendar holds (9999-12-31): shorten the tasks or their staff waits")])
    dater = _Dater(plan, tasks, result, capacity, work)
    warnings = staff_warnings + builder.warnings
    scheduled: list[ScheduledTask] = []
    migration_end: dict[str, date] = {}
    rented_from: dict[str, date] = {}
    day, dated = dater.day, dater._days  # `dated.get(n) or day(n)`: day(n) without a call where it is known (dates are never false)
    alike_lists: dict[tuple, list] = {}
    # A task alike the one before in what its values are made of (same template, roles, dependencies, notes, phase and
    # the rest; same dates, hold-up and waits; nothing stretched or wanted) gets those values with its own id, name and
    # workload: a copy of the task before's compact dict (`_Result.compact`). Tasks levelled as a group come one after
    # the other in `result.order` (same start, ranks in a row) and share their waits (network `_Alike`): at 1,000
    # workloads 2,335 of the plan's 3,015 tasks, each made without its levelling notes, dates, lists and values again.
    # What a copy must share with the task before (its head: the last task made from its own values), read once: its notes
    # list (None: nothing to copy), waits, dependencies, dates, hold-up and slack; its values, its end and where its end
    # goes (`migration_end` or `rented_from` with the day it gives there, or None).
    before_notes: list | None = None
    before_waits: list[Wait] | tuple[()] = ()
    before_deps: list[str] = []
    before_start = before_duration = before_earliest = before_slack = 0
    before_values: dict[str, Any] = {}
    before_ends: dict[str, date] | None = None
    before_end = plan.start
    heads: list[int] = []  # where each task made from its own values (not a copy of the one before) is in `scheduled` (`_phases`)
    copy_alike = COPY_ALIKE_TASKS and not dates_only
    if dates_only:  # the loop below for a dates-only schedule: its tasks' dates, staff and key dates only (see DatedTask)
        timings, next_day, new_dated, add = result.timings, timedelta(days=1), object.__new__, scheduled.append
        before_first = before_days = -1  # the task before's start and days (tasks levelled as a group come one after the other)
        for task_id in result.order:
            task, timing = tasks[task_id], timings[task_id]
            start, duration = timing.start, timing.duration
            if start != before_first or duration != before_days:
                before_first, before_days = start, duration
                first = dated.get(start) or day(start)
                last = dated.get(start + duration - 1 if duration > 1 else start) or day(start + duration - 1 if duration > 1 else start)
            workload = task.workload
            if workload:
                if task.template == MIGRATION_TEMPLATE:
                    migration_end[workload] = last
                elif task.template == GPUAAS_SERVING_TEMPLATE:
                    rented_from[workload] = last + next_day
            roles = task.roles  # the template's tasks share it (see _add_day_tasks); nobody changes or shows it
            if timing.stretched:
                cut = {role: free / 100 for role, _need, free in timing.stretched}
                roles = {role: cut.get(role, fte) for role, fte in task.roles.items() if fte > 0}
            # `DatedTask(task_id, task.phase, <start's date>, last, duration, task.milestone, roles, workload, task.template,
            # task.lead_time_weeks, task.edited)`, its fields set here (no __init__ call)
            made = new_dated(DatedTask)
            made.id = task_id
            made.phase = task.phase
            made.start = first
            made.end = last
            made.duration_days = duration
            made.milestone = task.milestone
            made.roles = roles
            made.workload = workload
            made.template = task.template
            made.lead_time_weeks = task.lead_time_weeks
            made.edited = task.edited
            add(made)
    timings, of_valid, set_values = result.timings, ScheduledTask.of_valid, SET_VALUES  # (the classmethod bound once)
    for task_id in (() if dates_only else result.order):
        task, timing = tasks[task_id], timings[task_id]
        # (copy_alike) the same lists (`tasks` keeps them alive), then the same dates and hold-up. One notes list is shared
        # only by tasks of one template made together and never edited (`_add_day_tasks`, `_add_rent_tasks`: per template,
        # or per offer and lead time; an edit gives a task a new list, a custom task has its own): the same template, phase,
        # roles dict, milestone, lead time, start constraint and nothing wanted. One list of waits (not empty) is shared only
        # by the followers of one group (network `_Alike`): the same start, length and earliest start. The same slack is the
        # same critical flag (`_date_backwards`). Its name is a Message as the head's (`_valid_as_is`): a notes list is shared
        # only by the tasks one template made (an edit of a name gives the task a new list).
        if (
            task.notes is before_notes and timing.waits is before_waits and task.depends_on is before_deps
            and (before_waits or (timing.start == before_start and timing.duration == before_duration and timing.earliest == before_earliest))
            and timing.slack == before_slack and not timing.stretched
        ):
            values = before_values.copy()  # a compact dict's copy is one
            values["id"], values["name"], values["workload"] = task_id, task.name, task.workload
            made = _NEW(ScheduledTask)  # `of_valid(values, True)` (a compact dict already), without the call
            set_values(made, values)
            scheduled.append(made)
            if before_ends is not None and task.workload:
                before_ends[task.workload] = before_end
            if not keep:
                timing.waits = ()
            continue
        last = dated.get(timing.start + max(timing.duration - 1, 0)) or day(timing.start + max(timing.duration - 1, 0))  # dater.last_day(task_id)
        ends: dict[str, date] | None = None
        end = last
        if task.workload:
            if task.template == MIGRATION_TEMPLATE:
                ends = migration_end
            elif task.template == GPUAAS_SERVING_TEMPLATE:
                ends, end = rented_from, last + timedelta(days=1)
            if ends is not None:
                ends[task.workload] = end
        notes = task.notes + dater.levelling_notes(task_id)  # a new list
        if timing.stretched:
            warnings.append(msg("{task} takes {days} days instead of {planned}: {note}", task=task_id, days=timing.duration, planned=task.duration, note=notes[-1]))
        if task.wanted is not None and timing.start > work.number(task.wanted):
            warnings.append(
                msg(
                    "{task} cannot start before {day} (the plan says {wanted}) because {why}",
                    task=dater.label(task_id),
                    day=dater.day(timing.start).isoformat(),
                    wanted=task.wanted.isoformat(),
                    why=dater.why_late(task_id),
                )
            )
        roles = task.roles  # the template's tasks share it (see _add_day_tasks)
        if timing.stretched:
            cut = {role: free / 100 for role, _need, free in timing.stretched}
            roles = {role: cut.get(role, fte) for role, fte in task.roles.items() if fte > 0}
        # Tasks alike in dependencies or notes share one list of them (nobody changes a schedule's tasks: 10,000 workloads,
        # 30,000 tasks, 17 different lists of dependencies, ~6,700 of notes); its roles those of its template's tasks.
        depends_on = task.depends_on if not keep else list(task.depends_on)
        depends_on = alike_lists.setdefault((0, *depends_on), depends_on)
        notes = alike_lists.setdefault((1, *map(id, notes)), notes)  # each note kept alive by the first list with it
        values = {  # a compact dict once a result's (`_Result.compact`)
            "id": task_id,
            "name": task.name,
            "phase": task.phase,
            "start": dated.get(timing.start) or day(timing.start),
            "end": last,
            "duration_days": timing.duration,
            "depends_on": depends_on,
            "critical": timing.critical,
            "slack_days": timing.slack,
            "milestone": task.milestone,
            "roles": roles,
            "workload": task.workload,
            "template": task.template,
            "lead_time_weeks": task.lead_time_weeks,
            "edited": task.edited,
            "notes": notes,
        }
        if _valid_as_is(task, roles, notes):
            made = of_valid(values)
            if not copy_alike or timing.stretched or task.wanted is not None:
                before_notes = None
            else:
                before_notes, before_waits, before_deps, before_values = task.notes, timing.waits, task.depends_on, made.__dict__
                before_start, before_duration, before_earliest, before_slack = timing.start, timing.duration, timing.earliest, timing.slack
                before_ends, before_end = ends, end
        else:
            made, before_notes = ScheduledTask(**values), None
        heads.append(len(scheduled))
        scheduled.append(made)
        if not keep:  # its notes are written: its waits (who held it back) are freed as the tasks are made (10,000 workloads: ~8 MB)
            timing.waits = ()
    go_live = dater.day(go_live_day) if go_live_day is not None else None
    phases = [] if dates_only else _phases(scheduled, heads, catalog, go_live, ops, work)
    bridges, bridge_warnings = _bridges(plan, results, scheduled, migration_end, assumptions)
    order_kinds = {tid: template.duration_from for tid, template in catalog.tasks.items() if template.duration_from in ("pilot_lead_time", "production_lead_time")}
    orders: dict[str, list[str]] = {"pilot_lead_time": [], "production_lead_time": []}
    for template_id, kind in order_kinds.items():  # each order template's tasks, as made (`instances`), in the order they were made
        orders[kind] += builder.instances.get(template_id, [])
    deliveries = {kind: [result.timings[t].finish for t in ids] for kind, ids in orders.items()}
    values = {
        "tasks": scheduled + bridges,
        "phases": phases,
        "critical_path": list(result.critical_path),
        "pilot_delivery": dater.day(max(deliveries["pilot_lead_time"])) if deliveries["pilot_lead_time"] else None,
        "production_delivery": dater.day(max(deliveries["production_lead_time"])) if deliveries["production_lead_time"] else None,
        "go_live": go_live,
        "migration_end": migration_end,
        "rented_from": rented_from,
        "bridge_from": {t.workload: t.start for t in bridges if t.workload},
        "capacity": {role: people / 100 for role, people in capacity.items()},
        "warnings": [] if dates_only else warnings + bridge_warnings,
    }
    # A dates-only schedule's tasks are DatedTasks, which validation would refuse; its other values are what validation keeps.
    # So are a full schedule's, all made here (its tasks and phases results, its dates dates, capacities floats, lists and
    # dicts its own), unless a warning is a plain str (a builder's or an edit's), which validation makes a Message.
    valid = dates_only or all([type(warning) is Message for warning in values["warnings"]])
    schedule = Schedule.of_valid(values) if valid else Schedule(**values)
    _SET_DATED(schedule, len(scheduled))  # its first tasks in `result.order`, by start (`tasks_started_before`)
    return Levelled(plan, results, tasks, result, work, schedule, orders) if keep else schedule


BRIDGE_TEMPLATE = "bridge.gpuaas"
"""Template id of the bridge tasks (not in the catalog: they are derived from the pilot's end and go-live)."""


def bridge_lead_days(lead_time_days: int, factor: float | None) -> int:
    """A bridge's rented-GPU lead time: the offer's, times `gpuaas_lead_time_factor` when pinned (or drawn)."""
    return lead_time_days if factor is None else round(lead_time_days * factor)


def _bridges(plan: Plan, results: list[WorkloadResult], scheduled: list[ScheduledTask], migration_end: dict[str, date], assumptions: Assumptions) -> tuple[list[ScheduledTask], list[str]]:
    """`[hardware] bridge = "gpuaas"`: each workload waiting for production GPUs that may use rented GPUs is
    served on them from the day after its pilot ends (or its rented GPUs arrive) until its migration ends."""
    if plan.hardware.bridge != "gpuaas":
        return [], []
    pilots = {t.workload: t for t in scheduled if t.template == PILOT_TEMPLATE and t.workload}
    waiting = [r for r in results if r.onprem_share > 0]
    tasks: list[ScheduledTask] = []
    skipped: list[str] = []
    for result in waiting:
        quote, pilot, end = result.gpuaas, pilots.get(result.id), migration_end.get(result.id)
        if quote is None or not result.gpuaas_offers or pilot is None or end is None:
            skipped.append(result.id)
            continue
        start = max(pilot.end + timedelta(days=1), plan.start + timedelta(days=bridge_lead_days(quote.lead_time_days, assumptions.level("gpuaas_lead_time_factor"))))
        if start > end:
            continue
        tasks.append(
            ScheduledTask(
                id=f"{BRIDGE_TEMPLATE}.{result.id}",
                name=msg("Bridge on rented GPUs ({provider}) until go-live: {workload}", provider=quote.provider, workload=result.name),
                phase=pilot.phase,
                start=start,
                end=end,
                duration_days=(end - start).days + 1,
                depends_on=[pilot.id],
                workload=result.id,
                template=BRIDGE_TEMPLATE,
                notes=[
                    msg(
                        '{gpus} x {gpu} at {provider} ({offer}) serve it from the day after the pilot until its migration to the production GPUs ends; [hardware] bridge = "gpuaas"',
                        gpus=quote.gpus,
                        gpu=quote.gpu,
                        provider=quote.provider,
                        offer=quote.offer,
                    )
                ],
            )
        )
    warnings = []
    if skipped:
        warnings.append(msg(
                "bridge: {workloads} wait for production GPUs without a bridge: the rules allow them no rented GPUs, or no offer can serve them "
                "(their model fits none of the GPU types rented, or none rents their own gpu: each one's gpuaas.hosting step says which)",
                workloads=", ".join(skipped),
            ))
    return tasks, warnings
