"""Fill what a plan leaves out from the workload kind and the catalogs, remembering which is which."""

from __future__ import annotations

from operator import attrgetter, itemgetter
from typing import Any

from planner.domain.catalog import Catalog, DataClass, Precision
from planner.domain.memo import Remembered, changed_places
from planner.domain.plan import AssumptionRange, AssumptionValue, Plan, Workload
from planner.domain.records import Frozen, Record

_SET = object.__setattr__

SENSITIVE_CLASSES = frozenset({"confidential", "personal", "regulated", "classified"})
"""Data classes that count as sensitive (confidential or above)."""


class Assumptions:
    """The plan's assumptions resolved against the catalog defaults (and a scenario's overrides)."""

    def __init__(self, catalog: Catalog, plan_values: dict[str, AssumptionValue], scenario: dict[str, Any] | None = None):
        self._values: dict[str, AssumptionValue] = {k: a.value for k, a in catalog.assumptions.items()}
        self._origin: dict[str, str] = {k: f"catalog: {a.source}" for k, a in catalog.assumptions.items()}
        self.ranges: dict[str, AssumptionRange] = {}
        """The plan's ranges of uncertain inputs (their mode is the value used)."""
        for key, value in plan_values.items():
            if isinstance(value, AssumptionRange):
                self.ranges[key] = value
                value = value.mode
            self._values[key] = value
            self._origin[key] = "plan [assumptions]"
        for key, value in (scenario or {}).items():
            self._values[key] = value
            self._origin[key] = "scenario"

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def num(self, key: str) -> float:
        """A numeric assumption as float."""
        return float(self._values[key])

    def level(self, key: str) -> float | None:
        """An input only ranges define unless the plan sets it (`salary_level`, `hardware_price_level`: where prices
        sit within their catalog ranges, 0 low, 1 high; `lead_time_factor`); None when the plan leaves it out."""
        value = self._values.get(key)
        return None if value is None else float(value)

    def ratio(self, key: str) -> float:
        """A drawn value over the value the evaluation used (1.0 outside `show --ranges`)."""
        return 1.0

    def tokens_ratio(self, workload: str) -> float:
        """A workload's token bill at the drawn token overhead and retry rate over the evaluation's (1.0 outside `show --ranges`)."""
        return 1.0

    def text(self, key: str) -> str:
        """A text assumption."""
        return str(self._values[key])

    def origin_of(self, key: str) -> str | None:
        """Where the value comes from, None when nothing sets it (an input only ranges read)."""
        return self._origin.get(key)

    def origin(self, key: str) -> str:
        """Where the value comes from (catalog source, the plan, or a scenario)."""
        return self._origin[key]

    def items(self) -> list[tuple[str, AssumptionValue]]:
        """All assumptions, sorted by id."""
        return sorted(self._values.items())


class ResolvedWorkload:
    """A workload with every field filled; `defaults` names the fields that came from defaults.

    Internal (made by `resolve_workload` from a validated workload and catalog, never from user input, never
    serialized) and read in every hot loop of an evaluation, so a frozen slotted class rather than a pydantic
    model: an attribute read on a pydantic model goes through `BaseModel.__getattr__`'s hook (CPython cannot
    specialize it: ~4x a slot's cost). `resolve_workload` gives each field the type its annotation names (what
    pydantic's validation kept: floats as float), which tests/test_results_as_validated.py checks.

    Written out as the frozen, slotted, keyword-only dataclass it was, with `records.Frozen`'s methods (repr, equality
    and hash over the fields, no field set or deleted once made): a dataclass compiles its methods when its module is
    imported (~12 M instructions at every start of a process). Not a subclass of `Frozen`: `_Resolving` (slots on
    `object`) becomes one by setting its class, which needs the same layout.
    """

    __slots__ = (
        "id", "name", "kind", "users", "requests_per_user_per_day", "requests_per_day", "days_per_month", "input_tokens", "output_tokens", "data",
        "sensitive", "deidentifiable", "sensitive_share", "busy_hours", "customer_facing", "cloud_model", "open_model", "precision", "gpu",
        "pinned_gpu", "embeddings_usd_per_month", "cached_prefix_share", "batch", "defaults",
    )  # fmt: skip
    __match_args__ = ()  # a keyword-only dataclass's

    id: str
    """Workload id."""
    name: str
    """Display name."""
    kind: str
    """Workload kind id."""
    users: int | None
    """Users, when volume is given by users."""
    requests_per_user_per_day: float | None
    """Requests per user per day, when volume is given by users."""
    requests_per_day: float
    """Requests per day (given or users x requests per user)."""
    days_per_month: int
    """Days a month the workload runs."""
    input_tokens: int
    """Input tokens per request."""
    output_tokens: int
    """Output tokens per request."""
    data: DataClass
    """Data class."""
    sensitive: bool
    """Data is confidential or above."""
    deidentifiable: bool
    """Data can be de-identified."""
    sensitive_share: float
    """Share of requests carrying sensitive data."""
    busy_hours: float
    """Hours a day the traffic is spread over."""
    customer_facing: bool
    """Serves customers (from the kind)."""
    cloud_model: str
    """Cloud model id."""
    open_model: str
    """Open model id."""
    precision: Precision
    """Serving precision on-prem."""
    gpu: str | None
    """GPU chosen for this workload, if any: its own `gpu`, else `[hardware] gpu` (the owned fleet's)."""
    pinned_gpu: str | None
    """The workload's own `gpu` (None where it follows `[hardware] gpu` or the planner's choice): its rented-GPU
    quotes keep to it too, where `[hardware] gpu`, the GPUs the plan buys, leaves them free (gpuaas.py)."""
    embeddings_usd_per_month: float
    """Embedding spend in USD a month."""
    cached_prefix_share: float
    """Share of input tokens that is a repeated prefix."""
    batch: bool
    """May run as a batch job."""
    defaults: frozenset[str]
    """Fields whose value came from the kind or the catalog, not the plan."""

    def __init__(
        self,
        *,
        id: str,
        name: str,
        kind: str,
        users: int | None,
        requests_per_user_per_day: float | None,
        requests_per_day: float,
        days_per_month: int,
        input_tokens: int,
        output_tokens: int,
        data: DataClass,
        sensitive: bool,
        deidentifiable: bool,
        sensitive_share: float,
        busy_hours: float,
        customer_facing: bool,
        cloud_model: str,
        open_model: str,
        precision: Precision,
        gpu: str | None,
        pinned_gpu: str | None = None,
        embeddings_usd_per_month: float,
        cached_prefix_share: float = 0.0,
        batch: bool = False,
        defaults: frozenset[str],
    ) -> None:
        values = (id, name, kind, users, requests_per_user_per_day, requests_per_day, days_per_month, input_tokens, output_tokens, data, sensitive)
        values += (deidentifiable, sensitive_share, busy_hours, customer_facing, cloud_model, open_model, precision, gpu, pinned_gpu)
        values += (embeddings_usd_per_month, cached_prefix_share, batch, defaults)
        for field, value in zip(ResolvedWorkload.__slots__, values):
            _SET(self, field, value)

    _values = Record._values
    __eq__ = Record.__eq__
    __repr__ = Record.__repr__
    __hash__ = Frozen.__hash__
    __setattr__ = Frozen.__setattr__
    __delattr__ = Frozen.__delattr__

    def __reduce__(self) -> tuple:
        """Copied and pickled through `__init__`, by keyword."""
        return (_made, (self._values(),))

    @property
    def requests_per_month(self) -> float:
        """Requests per month."""
        return self.requests_per_day * self.days_per_month


RESOLVED_FIELDS: tuple[str, ...] = ResolvedWorkload.__slots__
"""The fields of a resolved workload, in order."""


def _made(values: tuple) -> ResolvedWorkload:
    """A ResolvedWorkload of its fields' values in order (`ResolvedWorkload.__reduce__`)."""
    return ResolvedWorkload(**dict(zip(RESOLVED_FIELDS, values)))

FIGURES = attrgetter(*(name for name in RESOLVED_FIELDS if name not in ("id", "name")))
"""Every field of a resolved workload but its id and name, in order, as a tuple (`gpuaas.workload_figures`; a constant: an attrgetter keeps nothing)."""

_FLOAT_FIELDS = ("sensitive_share", "busy_hours", "embeddings_usd_per_month", "cached_prefix_share")
"""Float fields whose value may come from a catalog default written as an int (`= 0`), made float as validation did
(`resolve_workload` calls float() on each)."""


_KIND_FIELDS = (
    "days_per_month",
    "input_tokens",
    "output_tokens",
    "data",
    "deidentifiable",
    "sensitive_share",
    "busy_hours",
    "cloud_model",
    "open_model",
    "embeddings_usd_per_month",
    "cached_prefix_share",
    "batch",
)


_GIVEN = itemgetter(*_KIND_FIELDS, "precision")
"""What a plan workload may state of the fields its kind (or the catalog) otherwise fills, from its `__dict__`."""
_NOTHING_GIVEN = (None,) * (len(_KIND_FIELDS) + 1)
"""`_GIVEN` of a workload that states none of them (the kind fills them all)."""
_SHARED = attrgetter(
    "days_per_month",
    "input_tokens",
    "output_tokens",
    "data",
    "sensitive",
    "deidentifiable",
    "sensitive_share",
    "busy_hours",
    "customer_facing",
    "cloud_model",
    "open_model",
    "precision",
    "embeddings_usd_per_month",
    "cached_prefix_share",
    "batch",
    "defaults",
)
"""The fields of a resolved workload that stating none of `_GIVEN` leaves to its kind, the catalog and the assumptions."""


class _Resolving:
    """A ResolvedWorkload being made: the same slots, not frozen (`resolve_workload` sets each, then makes the object a
    ResolvedWorkload by setting its class). A frozen dataclass's `__init__` sets each of its 24 fields through
    `object.__setattr__`, ~4 us a workload; a slot's plain store is ~10x cheaper (cold evaluation at 10,000 workloads:
    ~40 ms)."""

    __slots__ = RESOLVED_FIELDS


def resolve_workload(workload: Workload, catalog: Catalog, assumptions: Assumptions, hardware_gpu: str | None = None, alike: dict | None = None) -> ResolvedWorkload:
    """Fill a workload's unset fields from its kind (and the catalog's defaults).

    The plan must have passed validation (known kind and ids). `alike`: a dict kept over one resolving run (one
    catalog, one set of assumptions), in which the resolved workloads share their equal `defaults` sets (~0.7 KB each at
    10,000 workloads) and, per kind, what its workloads stating none of the fields it fills share.
    """
    # Both models' fields read from their __dict__ (where a model keeps them): one attribute read each, not one per
    # field (cold evaluation at 10,000 workloads: ~350,000 attribute reads fewer).
    given = workload.__dict__
    if alike is not None and _GIVEN(given) == _NOTHING_GIVEN:
        # A workload stating none of the fields its kind fills: every field but its id, name, kind, volume and GPU is
        # that of the first such workload of its kind resolved in this run (the same catalog and assumptions), as
        # resolving it gave them (the same objects); its own fields worked out as below.
        per_day, per_user = given["requests_per_day"], given["requests_per_user_per_day"]
        key = ("kind", given["kind"], per_day is None, per_user is None)  # (a tuple: `alike`'s other keys are frozensets)
        shared = alike.get(key)
        if shared is None:
            made = _resolved(given, catalog, assumptions, hardware_gpu, alike)
            alike[key] = (_SHARED(made), catalog.workload_kinds[given["kind"]].__dict__["requests_per_user_per_day"], assumptions.num("usage_multiplier"))
            return made
        figures, kind_per_user, multiplier = shared
        if per_day is not None:
            requests_per_day = float(per_day)
        else:
            if per_user is None:
                per_user = kind_per_user
            requests_per_day = float(given["users"] or 0) * per_user
        requests_per_day *= multiplier
        made = object.__new__(_Resolving)  # each field set once, as below
        made.id = given["id"]
        made.name = given["name"]
        made.kind = given["kind"]
        made.users = given["users"]
        made.requests_per_user_per_day = float(per_user) if per_day is None else None
        made.requests_per_day = requests_per_day
        (
            made.days_per_month,
            made.input_tokens,
            made.output_tokens,
            made.data,
            made.sensitive,
            made.deidentifiable,
            made.sensitive_share,
            made.busy_hours,
            made.customer_facing,
            made.cloud_model,
            made.open_model,
            made.precision,
            made.embeddings_usd_per_month,
            made.cached_prefix_share,
            made.batch,
            made.defaults,
        ) = figures
        made.gpu = given["gpu"] or hardware_gpu
        made.pinned_gpu = given["gpu"]
        made.__class__ = ResolvedWorkload  # type: ignore[assignment]  # the same slots: frozen from here on
        return made  # type: ignore[return-value]
    return _resolved(given, catalog, assumptions, hardware_gpu, alike)


def _resolved(given: dict, catalog: Catalog, assumptions: Assumptions, hardware_gpu: str | None, alike: dict | None) -> ResolvedWorkload:
    """`resolve_workload` of a plan workload's fields (its `__dict__`), every field worked out."""
    kind = catalog.workload_kinds[given["kind"]].__dict__
    values: dict[str, Any] = {}
    defaults: set[str] = set()
    for field in _KIND_FIELDS:
        value = given[field]
        if value is None:
            values[field] = kind[field]
            defaults.add(field)
        else:
            values[field] = value
    if given["precision"] is None:
        # The open model's native precision (gpt-oss: MXFP4, DeepSeek-V3: FP8) wins over the default.
        model = catalog.open_models.get(values["open_model"])
        precision = model.native_precision if model is not None and model.native_precision else assumptions.text("default_precision")
        defaults.add("precision")
    else:
        precision = given["precision"]
    per_user = given["requests_per_user_per_day"]
    per_day = given["requests_per_day"]
    if per_day is not None:
        requests_per_day = float(per_day)
    else:
        if per_user is None:
            per_user = kind["requests_per_user_per_day"]
            defaults.add("requests_per_user_per_day")
        requests_per_day = float(given["users"] or 0) * per_user
    requests_per_day *= assumptions.num("usage_multiplier")
    embeddings = float(values["embeddings_usd_per_month"])
    factor = assumptions.level("embeddings_price_factor")
    if factor is not None:  # a plan's pin of the embeddings prices (ranges draw it in the ledger)
        embeddings = float(values["embeddings_usd_per_month"] * factor)
    if per_day is None:
        per_user = float(per_user)
    else:
        per_user = None
    chosen = frozenset(defaults)
    if alike is not None:
        chosen = alike.setdefault(chosen, chosen)
    data = values["data"]
    made = object.__new__(_Resolving)  # each field set once (a test checks every field is, as ResolvedWorkload(...) sets it)
    made.id = given["id"]
    made.name = given["name"]
    made.kind = given["kind"]
    made.users = given["users"]
    made.requests_per_user_per_day = per_user
    made.requests_per_day = requests_per_day
    made.days_per_month = values["days_per_month"]
    made.input_tokens = values["input_tokens"]
    made.output_tokens = values["output_tokens"]
    made.data = data
    made.sensitive = data in SENSITIVE_CLASSES
    made.deidentifiable = values["deidentifiable"]
    made.sensitive_share = float(values["sensitive_share"])  # float(): _FLOAT_FIELDS
    made.busy_hours = float(values["busy_hours"])
    made.customer_facing = kind["customer_facing"]
    made.cloud_model = values["cloud_model"]
    made.open_model = values["open_model"]
    made.precision = precision
    made.gpu = given["gpu"] or hardware_gpu
    made.pinned_gpu = given["gpu"]
    made.embeddings_usd_per_month = embeddings
    made.cached_prefix_share = float(values["cached_prefix_share"])
    made.batch = values["batch"]
    made.defaults = chosen
    made.__class__ = ResolvedWorkload  # type: ignore[assignment]  # the same slots: frozen from here on
    return made  # type: ignore[return-value]


RESOLUTIONS_REMEMBERED = 4
"""Sets of resolved workloads an Evaluator keeps (a program limit), one per set of the assumptions resolving reads."""


def _resolving_context(plan: Plan, catalog: Catalog, assumptions: Assumptions) -> tuple | None:
    """Everything resolve_workload reads besides the workload itself (as it reads it), or None."""
    try:
        return id(catalog), assumptions.num("usage_multiplier"), assumptions.text("default_precision"), plan.hardware.gpu, assumptions.level("embeddings_price_factor")
    except (KeyError, TypeError, ValueError):
        return None


def resolve_workloads(plan: Plan, catalog: Catalog, assumptions: Assumptions, remembered: Remembered | None = None) -> list[ResolvedWorkload]:
    """Resolve every workload of a validated plan, in file order.

    With `remembered` (an Evaluator's table), workload objects resolved by the previous call with the
    same context (an edit keeps the other workloads' objects) are not resolved again: found by position (one C loop
    comparing the objects) where the plan has as many workloads as then, else by the object.
    """
    context = _resolving_context(plan, catalog, assumptions) if remembered is not None else None
    alike: dict = {}
    if context is None or remembered is None:
        return [resolve_workload(w, catalog, assumptions, plan.hardware.gpu, alike) for w in plan.workloads]
    workloads = tuple(plan.workloads)
    known = remembered.get(context)  # (catalog, the workloads, each one resolved) of the previous call
    last = known[1:] if known is not None and known[0] is catalog else None
    changed = changed_places(workloads, last[0]) if last is not None else None
    if changed is not None:
        resolved = list(last[1])  # type: ignore[index]
    else:  # by the workload object (the entry holds it: no other takes its id)
        before = dict(zip(map(id, last[0]), zip(last[0], last[1]))) if last is not None else {}
        resolved, changed = [], []
        for index, workload in enumerate(workloads):
            entry = before.get(id(workload))
            if entry is None or entry[0] is not workload:
                changed.append(index)
                resolved.append(None)
            else:
                resolved.append(entry[1])
    for index in changed:
        resolved[index] = resolve_workload(workloads[index], catalog, assumptions, plan.hardware.gpu, alike)
    remembered.put(context, (catalog, workloads, tuple(resolved)))
    return resolved
