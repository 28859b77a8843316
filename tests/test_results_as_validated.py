"""Results built without validation (`_Result.of_valid`, where their values are already valid) are what validating
the same values gives: the same values of the same types, the same JSON."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from planner.domain.evaluate import evaluate
from planner.domain.results import CloudCostBreakdownKrw, CloudPath, GpuaasOption, GpuaasQuote, Ledger, ScheduledTask, ThresholdCheck, TraceStep, UnitCost, UnitCosts, WorkloadResult
from planner.store.loader import read_plan
from tests.conftest import SAMPLE_PLANS


def _types(value):
    if isinstance(value, list):
        return [type(value), *(_types(v) for v in value)]
    if isinstance(value, dict):
        return [type(value), *((k, _types(v)) for k, v in value.items())]
    return type(value)


def _assert_as_validated(result: BaseModel) -> None:
    validated = type(result)(**{name: getattr(result, name) for name in type(result).model_fields})
    assert result == validated
    for name in type(result).model_fields:
        assert _types(getattr(result, name)) == _types(getattr(validated, name)), (type(result).__name__, name)
    assert result.model_fields_set == validated.model_fields_set
    assert result.model_dump_json(by_alias=True) == validated.model_dump_json(by_alias=True)


@pytest.mark.parametrize("path", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_workload_results_tasks_and_unit_costs_equal_their_values_validated(catalog, path):
    evaluation = evaluate(read_plan(path, catalog), catalog)
    checked = {WorkloadResult: 0, CloudCostBreakdownKrw: 0, ScheduledTask: 0, UnitCost: 0}
    for result in evaluation.workloads:
        _assert_as_validated(result)
        _assert_as_validated(result.cloud_cost_breakdown_krw)
        checked[WorkloadResult] += 1
        checked[CloudCostBreakdownKrw] += 1
    for task in evaluation.schedule.tasks:
        _assert_as_validated(task)
        checked[ScheduledTask] += 1
    for unit in [*evaluation.cost_per_mtok.strategies.values(), *(u for units in evaluation.cost_per_mtok.workloads.values() for u in units.values())]:
        _assert_as_validated(unit)
        checked[UnitCost] += 1
    assert all(checked.values())


@pytest.mark.parametrize("path", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_trace_steps_thresholds_and_cloud_paths_equal_their_values_validated(catalog, path):
    """The numbers and hosting steps (`TraceStep.of`), the rented-GPU thresholds and the ledger's cloud paths are made
    without validation for every workload."""
    evaluation = evaluate(read_plan(path, catalog), catalog)
    checked = {TraceStep: 0, ThresholdCheck: 0, CloudPath: 0}
    for result in evaluation.workloads:
        for step in result.trace:
            _assert_as_validated(step)
            checked[TraceStep] += 1
    for check in evaluation.ledger.thresholds:
        _assert_as_validated(check)
        checked[ThresholdCheck] += 1
    for drivers in evaluation.ledger.drivers.values():
        for cloud_path in drivers.cloud_paths:
            _assert_as_validated(cloud_path)
            checked[CloudPath] += 1
    assert checked[TraceStep] and checked[CloudPath]


@pytest.mark.parametrize("path", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_the_ledger_and_the_unit_costs_equal_their_values_validated(catalog, path, monkeypatch):
    """`build_ledger` and `unit_costs` make their Ledger and UnitCosts without validation: each (and each scenario's
    ledger) is what validating its values gives, type for type, and the JSON is the same."""
    import planner.domain.evaluate as evaluate_module

    made: list = []

    def recording(function):
        def record(*args, **kwargs):
            found = function(*args, **kwargs)
            made.append(found)
            return found

        return record

    monkeypatch.setattr(evaluate_module, "build_ledger", recording(evaluate_module.build_ledger))
    monkeypatch.setattr(evaluate_module, "unit_costs", recording(evaluate_module.unit_costs))
    evaluation = evaluate(read_plan(path, catalog), catalog)
    assert {Ledger, UnitCosts} <= {type(m) for m in made}
    for found in [*made, evaluation.ledger, evaluation.cost_per_mtok]:
        _assert_as_validated(found)


def test_the_hosting_and_numbers_steps_and_the_rented_gpu_thresholds_are_among_those_checked(catalog):
    """The sample plans hold every kind of result made without validation that the test above checks."""
    rules, bases = set(), set()
    for path in SAMPLE_PLANS:
        evaluation = evaluate(read_plan(path, catalog), catalog)
        rules |= {step.rule for result in evaluation.workloads for step in result.trace}
        bases |= {check.basis for check in evaluation.ledger.thresholds}
    assert {"gpuaas.hosting", "numbers.tie", "numbers.threshold", "numbers.compliance"} <= rules
    assert "gpuaas" in bases


def _validated_twin(cls: type) -> type:
    """A dataclass with `cls`'s annotated fields (its annotations' text, read in its module, as pydantic reads a class's),
    for pydantic to validate against."""
    import dataclasses

    namespace = {"__annotations__": {name: cls.__annotations__[name] for name in cls.__slots__}, "__module__": cls.__module__}
    return dataclasses.dataclass(kw_only=True)(type(cls.__name__, (), namespace))


def test_resolved_workloads_are_written_out_and_behave_as_the_keyword_only_frozen_dataclass_they_were():
    """ResolvedWorkload is a plain class with slots (a dataclass compiles its methods at every start of a process): made
    by keyword only, with the dataclass's defaults (pinned GPU none, no cached prefix, no batch), its repr, equality,
    hash, frozenness, copy and pickle are those of the keyword-only frozen dataclass with the same fields."""
    from tests.dataclass_twin import dataclass_twin, frozen_as_its_twin

    from planner.domain.resolve import RESOLVED_FIELDS, ResolvedWorkload

    defaults = {"pinned_gpu": None, "cached_prefix_share": 0.0, "batch": False}
    required = {name: f"value {i}" for i, name in enumerate(RESOLVED_FIELDS) if name not in defaults}
    made, ours, theirs = dataclass_twin(ResolvedWorkload, required, defaults, order=list(RESOLVED_FIELDS))
    assert ResolvedWorkload.__match_args__ == made.__match_args__ == ()
    frozen_as_its_twin(ResolvedWorkload, made, ours)


@pytest.mark.parametrize("pins", [None, {"embeddings_price_factor": 0.5, "usage_multiplier": 3}], ids=["plain", "pinned"])
@pytest.mark.parametrize("path", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_resolved_workloads_hold_what_validation_gives_and_share_their_defaults(catalog, path, pins):
    """Resolved workloads are a plain frozen class (no pydantic validation, for speed): each equals, field for
    field and type for type, the workload pydantic validates from its values against the fields' annotations (a float
    field holds a float even where the catalog wrote `0`), is a ResolvedWorkload (made as one whose slots are set one
    by one: every field set), frozen; equal `defaults` sets are one object (memory at 10,000). `pins`: with the
    embeddings prices pinned and the usage multiplied, as a scenario may."""
    import dataclasses

    from pydantic import TypeAdapter

    from planner.domain.resolve import RESOLVED_FIELDS, Assumptions, ResolvedWorkload, resolve_workloads

    plan = read_plan(path, catalog)
    resolved = resolve_workloads(plan, catalog, Assumptions(catalog, plan.assumptions, pins))
    validating = TypeAdapter(_validated_twin(ResolvedWorkload))
    for workload in resolved:
        assert type(workload) is ResolvedWorkload
        validated = validating.validate_python({name: getattr(workload, name) for name in RESOLVED_FIELDS}, strict=False)
        values = tuple(getattr(validated, name) for name in RESOLVED_FIELDS)
        assert workload == ResolvedWorkload(**dict(zip(RESOLVED_FIELDS, values))) and hash(workload) == hash(values)
        for name in RESOLVED_FIELDS:
            assert _types(getattr(workload, name)) == _types(getattr(validated, name)), name
        with pytest.raises(dataclasses.FrozenInstanceError):
            workload.users = 1  # type: ignore[misc]
    alike = {}
    for workload in resolved:
        assert alike.setdefault(workload.defaults, workload.defaults) is workload.defaults  # equal sets are one object


@pytest.mark.parametrize("pins", [None, {"embeddings_price_factor": 0.5, "usage_multiplier": 3, "default_precision": "fp8"}], ids=["plain", "pinned"])
def test_workloads_stating_nothing_their_kind_fills_resolve_as_each_alone(catalog, pins):
    """`resolve_workloads` takes what a workload stating none of the fields its kind fills shares with the first such
    workload of its kind (its volume, id, name and GPU its own): every workload of every kind, stating its volume by
    users, by requests a user or a day, or not at all, its GPU or not, or one of its kind's fields, resolves field for
    field and type for type as it does alone (`resolve_workload` without the run's table)."""
    from planner.domain.plan import Workload
    from planner.domain.resolve import RESOLVED_FIELDS, Assumptions, resolve_workload, resolve_workloads
    from tests.bench.bench_engine import generated_plan

    plan = generated_plan(3)
    ways = [{"users": 40}, {"users": 41}, {"requests_per_day": 900}, {"users": 7, "requests_per_user_per_day": 3.5}, {"requests_per_user_per_day": 2}, {}]
    ways += [{"users": 40, "gpu": "h100-80gb"}, {"users": 40, "input_tokens": 9000}, {"users": 40, "precision": "fp8"}, {"users": 40, "batch": True}]
    workloads = [
        Workload(id=f"w{kind}{number}", name=f"W {number}", kind=kind, **way)
        for kind in sorted(catalog.workload_kinds)
        for number, way in enumerate(ways * 2)
    ]
    plan = plan.model_copy(update={"workloads": workloads})
    assumptions = Assumptions(catalog, plan.assumptions, pins)
    resolved = resolve_workloads(plan, catalog, assumptions)
    for workload, alone in zip(resolved, (resolve_workload(w, catalog, assumptions, plan.hardware.gpu) for w in plan.workloads)):
        assert type(workload) is type(alone) and workload == alone
        for name in RESOLVED_FIELDS:
            assert (getattr(workload, name), _types(getattr(workload, name))) == (getattr(alone, name), _types(getattr(alone, name))), name
    assert len(resolved) == len(catalog.workload_kinds) * len(ways) * 2


def test_rented_gpu_quotes_equal_their_values_validated(catalog):
    """Rented-GPU quotes and their payment options (`gpuaas._Priced.quote`) are made without validation: every quote
    a sample plan serves on rented GPUs, and every workload's cheapest quote over all of the catalog's offers."""
    from planner.domain.gpuaas import best_quote
    from planner.domain.resolve import Assumptions, resolve_workloads

    checked = {GpuaasQuote: 0, GpuaasOption: 0}
    for path in SAMPLE_PLANS:
        plan = read_plan(path, catalog)
        quotes = [r.gpuaas for r in evaluate(plan, catalog).workloads if r.gpuaas is not None]
        a = Assumptions(catalog, plan.assumptions, None)
        quotes += [best_quote(w, list(catalog.gpuaas), catalog, a, plan.horizon_months, 0.5) for w in resolve_workloads(plan, catalog, a)]
        for quote in quotes:
            if quote is None:
                continue
            _assert_as_validated(quote)
            checked[GpuaasQuote] += 1
            for option in quote.options:
                _assert_as_validated(option)
                checked[GpuaasOption] += 1
    assert all(checked.values())


@pytest.mark.parametrize("path", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_placements_equal_their_values_validated(catalog, path, monkeypatch):
    """The placement step's results (`placement._apply_override` makes them without validation where the plan does
    not override the rules) equal, field for field and type for type, a WorkloadPlacement validated from their values."""
    import planner.domain.evaluate as evaluate_module
    from planner.domain.placement import KeptPlacement, WorkloadPlacement, place_workloads

    placed: list = []

    def recording(*args, **kwargs):
        found = place_workloads(*args, **kwargs)
        placed.extend(found)
        return found

    monkeypatch.setattr(evaluate_module, "place_workloads", recording)
    evaluate(read_plan(path, catalog), catalog)
    # (a placement taken from a kept entry, or from its shape's template, is a KeptPlacement where the evaluation keeps
    # its results: `_workload_results` makes it a WorkloadPlacement where it needs one)
    placed = [p.made() if type(p) is KeptPlacement else p for p in placed]
    assert placed and all(type(p) is WorkloadPlacement for p in placed)
    for placement in placed:
        _assert_as_validated(placement)


def test_results_keep_their_values_in_dicts_sharing_their_field_names(catalog):
    """Every result of a class of fewer than 30 fields (validated, made without validation or copied) keeps its
    values in a dict that shares its keys with the others of its class (`_Result.compact`: about half the size of a
    dict of its own), equal to the dict of its fields in their order (a resolved workload is slotted: no dict);
    tasks alike in dependencies share one list of them."""
    import sys

    from planner.domain.resolve import Assumptions, resolve_workloads
    from planner.domain.results import _Result
    from tests.bench.bench_engine import generated_plan

    plan = generated_plan(40)
    evaluation = evaluate(plan, catalog)
    by_class: dict[type, list] = {}

    def walk(value) -> None:
        if isinstance(value, _Result):
            fields = type(value).model_fields
            if len(fields) < 30:
                assert list(value.__dict__) == list(fields)
                by_class.setdefault(type(value), []).append(value)
            for name in fields:
                walk(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(evaluation)
    many = {kind.__name__ for kind, results in by_class.items() if len(results) >= 20}
    assert {"ScheduledTask", "UnitCost", "CloudCostBreakdownKrw"} <= many
    for kind, results in by_class.items():
        if len(results) >= 20:  # a class's first few objects get a larger table, then it fits its fields
            assert sys.getsizeof(results[-1].__dict__) < sys.getsizeof(dict(results[-1].__dict__)), kind.__name__
    resolved = resolve_workloads(plan, catalog, Assumptions(catalog, plan.assumptions))
    assert not hasattr(resolved[-1], "__dict__")  # slotted: its values in the object itself
    given = plan.workloads[-1]  # a plan's workloads too, each with the fields it was given
    assert sys.getsizeof(given.__dict__) < sys.getsizeof(dict(given.__dict__)) and list(given.__dict__) == list(type(given).model_fields)
    assert given.model_dump(exclude_unset=True) == {"id": given.id, "name": given.name, "kind": given.kind, "users": given.users}
    by_dependencies = {}
    for task in evaluation.schedule.tasks:
        assert by_dependencies.setdefault(tuple(task.depends_on), task.depends_on) is task.depends_on
