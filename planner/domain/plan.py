"""The plan a user writes: organization, assumptions, workloads, hardware, task edits, scenarios.

Every optional field left out takes the workload kind's or the catalog's default
(see ``planner.domain.resolve``). Models are frozen: edit with ``model_copy(update=...)``.
"""

# No `from __future__ import annotations`: each class reads its fields' annotations when it is created (as objects,
# not text to evaluate).

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic_core import SchemaValidator

from planner.domain import limits
from planner.domain.catalog import CsapGrade, DataClass, N2sfClass, PlacementName, Precision
from planner.domain.coremodel import (
    SET_MODEL_SLOTS, ConfigDict, Discriminator, Field, Model, Tag, ValidationError, blank_values, built_on_first_use, given_fields_schema, new_dict, new_list,
)
from planner.domain.messages import msg

SCHEMA_VERSION = 1
"""The plan format this planner reads and writes."""

_SET = object.__setattr__
"""`object.__setattr__`: a frozen model's `__dict__` replaced (`Workload.model_post_init`)."""


class _Model(Model):
    """A plan model: pydantic's model API and validation (coremodel: the core schema pydantic makes of the same
    declarations, which tests/test_plan_schema.py checks), without importing pydantic."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class AssumptionRange(_Model):
    """An uncertain input's range in `[assumptions]` (`{ low = 0.2, mode = 0.3, high = 0.6 }`): the plan uses
    the mode; `show --ranges` draws from low to high (catalogs/uncertainty.toml gives the distribution's shape)."""

    low: float
    """Low end (P10 of a lognormal input)."""
    mode: float
    """Most likely value: the point the plan uses."""
    high: float
    """High end (P90 of a lognormal input)."""



def _assumption_kind(value: Any) -> str:
    return "range" if isinstance(value, (dict, AssumptionRange)) else "value"


AssumptionValue = Annotated[
    Annotated[AssumptionRange, Tag("range")] | Annotated[float | int | str | bool, Tag("value")], Discriminator(_assumption_kind)
]
"""An assumption in `[assumptions]`: a value, or an uncertain input's range (low <= mode <= high is checked by validate)."""


class Organization(_Model):
    """Facts about the organization that the placement flowchart and staffing read."""

    industry: str = "general"
    """Industry id from the regulations catalog (general, finance, medical, public, defense, eu)."""
    employees: int = Field(default=100, gt=0, le=limits.MAX_PEOPLE)
    """Number of employees."""
    ml_engineers: int = Field(default=0, ge=0, le=limits.MAX_PEOPLE)
    """ML engineers available for LLM work."""
    budget_3y_krw: int = Field(default=0, ge=0, le=limits.MAX_KRW)
    """Three-year budget for LLM infrastructure in KRW."""
    security_requirements: bool = True
    """Whether the organization has security or compliance needs for its data."""
    staff: dict[str, Annotated[int, Field(ge=0, le=limits.MAX_PEOPLE)]] = Field(default_factory=new_dict, max_length=limits.MAX_LIST_ITEMS)
    """Headcount of other roles (by role id) for levelling the schedule."""
    api_tiers: dict[str, int] = Field(default_factory=new_dict)
    """Rate-limit tier the organization has per cloud provider id (1 = the provider's first tier, the default)."""
    csap_grade: CsapGrade | None = None
    """The system's CSAP class (상/중/하) where the industry needs one (public): rented GPUs need an offer at least this grade."""
    n2sf_class: N2sfClass | None = None
    """The system's N2SF class (C/S/O), used when `csap_grade` is not given."""


class Workload(_Model):
    """One LLM workload. Volume is `requests_per_day`, or `users` x `requests_per_user_per_day`."""

    id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """Unique slug."""
    name: str = Field(min_length=1, max_length=200)
    """Display name."""
    kind: str
    """Workload kind id (catalogs/workload_kinds.toml); fills every default."""
    users: int | None = Field(default=None, gt=0, le=limits.MAX_PEOPLE)
    """Number of users (with `requests_per_user_per_day`)."""
    requests_per_user_per_day: float | None = Field(default=None, gt=0, le=limits.MAX_REQUESTS_PER_USER_PER_DAY)
    """Requests per user per working day."""
    requests_per_day: float | None = Field(default=None, gt=0, le=limits.MAX_REQUESTS_PER_DAY)
    """Total requests per day (instead of users)."""
    days_per_month: int | None = Field(default=None, gt=0, le=31)
    """Days a month the workload runs."""
    input_tokens: int | None = Field(default=None, gt=0, le=limits.MAX_TOKENS)
    """Input tokens per request."""
    output_tokens: int | None = Field(default=None, gt=0, le=limits.MAX_TOKENS)
    """Output tokens per request."""
    data: DataClass | None = None
    """Most sensitive data class the workload handles."""
    deidentifiable: bool | None = None
    """Whether the data can be de-identified before it leaves."""
    sensitive_share: float | None = Field(default=None, ge=0, le=1)
    """Share of requests carrying sensitive data (kept on-prem in a hybrid)."""
    busy_hours: float | None = Field(default=None, ge=limits.MIN_BUSY_HOURS, le=24)
    """Hours a day the traffic is spread over."""
    cloud_model: str | None = None
    """Cloud model id used on the cloud."""
    open_model: str | None = None
    """Open model id served on-prem."""
    precision: Precision | None = None
    """Precision for on-prem serving."""
    gpu: str | None = None
    """GPU id for this workload, overriding `[hardware] gpu`."""
    embeddings_usd_per_month: float | None = Field(default=None, ge=0, le=limits.MAX_USD)
    """Embedding spend for retrieval, USD a month."""
    cached_prefix_share: float | None = Field(default=None, ge=0, le=1)
    """Share of input tokens that is a repeated prefix (system prompt, examples, repository or document context)."""
    batch: bool | None = None
    """May run as a batch job (bulk classification, offline summaries): billed at the batch price when priced as billed."""
    csap_grade: CsapGrade | None = None
    """This workload's system CSAP class, overriding `[organization] csap_grade`."""
    n2sf_class: N2sfClass | None = None
    """This workload's system N2SF class, overriding `[organization] n2sf_class`."""
    placement: PlacementName | None = None
    """Manual placement overriding the recommendation (needs `placement_note`)."""
    placement_note: str | None = Field(default=None, max_length=2000)
    """Why the placement was overridden, and who approved it."""
    acknowledge_regulation: bool = False
    """Required to override a placement a regulation decided."""
    note: str | None = Field(default=None, max_length=2000)
    """Free text kept with the workload."""

    def model_post_init(self, context: Any, /) -> None:
        """Check the volume (`users` x `requests_per_user_per_day` within the program's limit: a ValueError here is a
        validation error as an "after" validator's is, without a second call per workload), then keep the values in a
        dict that shares its keys with every other workload's (`results._Result.compact`: ~320 instead of ~830 bytes;
        a plan of 10,000 workloads, held through its evaluation, ~5 MB less)."""
        values = self.__dict__
        _check_volume(values)
        compact = _WORKLOAD_BLANK.copy()  # a split table's copy shares its keys; setting them keeps it one
        for name in self.__pydantic_fields_set__:  # the fields not given hold their defaults, as the blank does
            compact[name] = values[name]
        _SET(self, "__dict__", compact)


def _check_volume(values: dict[str, Any]) -> None:
    """ValueError when `users` x `requests_per_user_per_day` is above the program's limit (`values`: a workload's,
    every field or only the fields given)."""
    users = values.get("users")
    if users is not None:
        per_user = values.get("requests_per_user_per_day")
        if per_user is not None and users * per_user > limits.MAX_REQUESTS_PER_DAY:
            raise ValueError(msg("users x requests_per_user_per_day is above {limit} requests a day (a program limit)", limit=f"{limits.MAX_REQUESTS_PER_DAY:,}"))


_WORKLOAD_BLANK = blank_values("Workload", list(Workload.model_fields))
"""A workload's values as validation gives them when only its required fields are given: every field not given at its
default (None or False: values, no default factory, so validation gives this very object), which a workload's own
values are then set over, the fields given only (`Workload.model_post_init`: ~4 of 28 fields, where setting them all
cost ~5K instructions a workload)."""
_WORKLOAD_BLANK.update({name: field.default for name, field in Workload.model_fields.items() if not field.is_required()})
if any(field.default_factory is not None for field in Workload.model_fields.values()):
    raise TypeError("a Workload field with a default factory: its value is made per workload, the blank cannot hold it")


class Hardware(_Model):
    """GPU choices; unset means the planner picks the cheapest GPU type that fits."""

    gpu: str | None = None
    """Production GPU id."""
    pilot_gpu: str | None = None
    """Phase 2 pilot GPU id."""
    pilot_gpus: int | None = Field(default=None, gt=0, le=limits.MAX_GPUS_PER_SERVER)
    """Number of pilot GPUs."""
    gpuaas: str | None = None
    """GPUaaS offer id (catalogs/gpuaas.toml) for rented GPUs; unset = the cheapest allowed offer."""
    bridge: Literal["gpuaas"] | None = None
    """`gpuaas`: workloads waiting for production GPUs run on rented GPUs from the end of the pilot to go-live."""


class TaskEdit(_Model):
    """An edit to a generated task (by id), or a new task when the id is not generated."""

    id: str = Field(min_length=1, max_length=120)
    """Task id."""
    name: str | None = Field(default=None, max_length=200)
    """Name (required for a new task)."""
    phase: int | None = Field(default=None, ge=1, le=4)
    """Phase (required for a new task)."""
    duration_days: int | None = Field(default=None, ge=0, le=limits.MAX_TASK_DAYS)
    """Duration in calendar days."""
    lead_time_weeks: float | None = Field(default=None, ge=0, le=limits.MAX_LEAD_TIME_WEEKS)
    """Lead time in weeks, for GPU order tasks."""
    depends_on: list[str] = Field(default_factory=new_list, max_length=limits.MAX_LIST_ITEMS)
    """Extra dependencies (task ids)."""
    roles: dict[str, Annotated[float, Field(ge=0, le=limits.MAX_FTE)]] | None = Field(default=None, max_length=limits.MAX_LIST_ITEMS)
    """FTE per role."""
    start: date | None = Field(default=None, ge=limits.EARLIEST_DATE, le=limits.LATEST_DATE)
    """Must not start before this day (a warning says what holds it later)."""
    note: str | None = Field(default=None, max_length=2000)
    """Why the task was edited."""


class Scenario(_Model):
    """A named what-if: assumption overrides on top of the plan."""

    model_config = ConfigDict(extra="allow", frozen=True, allow_inf_nan=False)

    description: str = ""
    """What the scenario tests."""

    @property
    def overrides(self) -> dict[str, Any]:
        """Assumption overrides (every key but `description`)."""
        return dict(self.model_extra or {})


class Plan(_Model):
    """A migration plan (schema_version 1)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    """Plan format version."""
    name: str = Field(min_length=1, max_length=200)
    """Plan name."""
    description: str | None = Field(default=None, max_length=5000)
    """What the plan is about."""
    start: date = Field(ge=limits.EARLIEST_DATE, le=limits.LATEST_DATE)
    """First day of Phase 1."""
    horizon_months: int = Field(default=36, ge=1, le=120)
    """Months the ledger covers."""
    organization: Organization = Field(default_factory=Organization)
    """The organization."""
    assumptions: dict[str, AssumptionValue] = Field(default_factory=new_dict)
    """Overrides of catalog assumptions, by assumption id."""
    hardware: Hardware = Field(default_factory=Hardware)
    """GPU choices."""
    workloads: list[Workload] = Field(default_factory=new_list)
    """The workloads, in file order."""
    tasks: list[TaskEdit] = Field(default_factory=new_list)
    """Edits to the generated schedule."""
    scenarios: dict[str, Scenario] = Field(default_factory=new_dict)
    """Named what-if scenarios."""
    summary: dict[str, Any] = Field(default_factory=new_dict, exclude=True)
    """The computed headline written on save; never read as input."""

    _given_workloads = built_on_first_use(lambda cls: SchemaValidator(_given_workloads_schema(cls)))
    """The plan's validator with each workload a typed dict of its fields given (`model_validate`), made on first use."""

    @classmethod
    def model_validate(cls, obj: Any, *, strict: bool | None = None, from_attributes: bool | None = None, context: Any = None) -> "Plan":
        """The plan validated, as pydantic validates it. A plan read from a file (a dict) is first validated with each
        workload a dict of its fields given, validated by their own schemas (`_given_workloads`), and its workloads
        then made of those (`_made_of_given`): the ~24 of 28 fields a workload leaves out are not looked up, defaulted
        and set one by one, then set again over the blank (~7.6K instructions a workload). Anything wrong (an error,
        a volume above the limit) is validated again by the model's own validator, so a plan's errors are its."""
        if type(obj) is dict and strict is None and from_attributes is None and context is None:
            try:
                made = cls._given_workloads.validate_python(obj)
            except ValidationError:
                pass
            else:
                if _made_of_given(made.__dict__["workloads"]):
                    return made
        return super().model_validate(obj, strict=strict, from_attributes=from_attributes, context=context)

    def workload(self, workload_id: str) -> Workload:
        """The workload with this id."""
        for workload in self.workloads:
            if workload.id == workload_id:
                return workload
        raise KeyError(workload_id)


def _made_of_given(workloads: list[Any]) -> bool:
    """Each workload of `workloads` (a dict of its fields given, validated by their own schemas: every required one,
    no other key) replaced by the Workload validation makes of it: the same values (the blank's defaults, the fields
    given over them, as `Workload.model_post_init` keeps them), fields given and no extra fields. False, some left as
    they were, when one's volume is above the program's limit (its error is the model validator's to tell)."""
    blank, new = _WORKLOAD_BLANK, object.__new__
    set_given, set_extra, set_private, set_values = SET_MODEL_SLOTS
    for index, given in enumerate(workloads):
        if "users" in given:
            try:
                _check_volume(given)
            except ValueError:
                return False
        values = blank.copy()
        values.update(given)
        workloads[index] = workload = new(Workload)
        set_given(workload, set(given))
        set_extra(workload, None)
        set_private(workload, None)
        set_values(workload, values)
    return True


def _given_workloads_schema(cls: type) -> dict[str, Any]:
    """The plan class's core schema with its workloads' items a typed dict of each one's fields given
    (`given_fields_schema`), in place of the Workload model."""
    schema = cls.__pydantic_core_schema__
    fields = dict(schema["schema"]["fields"])
    field = fields["workloads"]
    default = field["schema"]
    fields["workloads"] = {**field, "schema": {**default, "schema": {**default["schema"], "items_schema": given_fields_schema(Workload)}}}
    return {**schema, "schema": {**schema["schema"], "fields": fields}}


def new_workload_id(name: str, kind: str | None, taken: set[str]) -> str:
    """An id for a workload the user named (guided start, inventory import): the name as a slug (a-z, 0-9,
    hyphens), or, when the name has none of those letters (a Korean name such as 고객 상담 챗봇), its kind
    (`customer_chatbot` -> `customer-chatbot`); `workload` when neither gives one. Unique among `taken`
    by a -2, -3 ... suffix."""

    def slug(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")

    stem = slug(name) or slug(kind or "") or "workload"
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate
