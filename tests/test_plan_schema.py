"""The plan's classes (and placement.WorkloadPlacement) are coremodel Models whose core schema planner makes itself:
each must be the schema pydantic makes of the same declarations, so that a plan file validates, fails with the same
messages at the same keys, dumps and saves as it did when they were pydantic models."""

from __future__ import annotations

import copy
import pickle
from typing import Annotated, Any

import pydantic
import pytest

from planner.domain import plan
from planner.domain.coremodel import field_schema
from planner.domain.placement import WorkloadPlacement
from planner.store.loader import read_plan
from planner.store.plan_io import dump_plan
from tests.conftest import SAMPLE_PLANS
from tests.shadow import as_pydantic, comparable, pydantic_annotation

CLASSES = [plan.AssumptionRange, plan.Organization, plan.Workload, plan.Hardware, plan.TaskEdit, plan.Scenario, plan.Plan, WorkloadPlacement]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_a_plan_class_schema_is_the_one_pydantic_makes_of_its_declarations(cls):
    assert comparable(cls.__pydantic_core_schema__) == comparable(as_pydantic(cls).__pydantic_core_schema__)
    assert list(cls.model_fields) == list(as_pydantic(cls).model_fields)


def test_every_plan_class_is_checked():
    found = {value for value in vars(plan).values() if isinstance(value, type) and issubclass(value, plan._Model) and value is not plan._Model}
    assert found == set(CLASSES) - {WorkloadPlacement}


GOOD = {"name": "p", "start": "2026-03-02", "workloads": [{"id": "w", "name": "W", "kind": "customer_chatbot", "users": 10}]}

BAD = [
    {},
    {"name": "", "start": "2026-03-02"},
    {"name": "p", "start": "1800-01-01"},
    {"name": "p", "start": "soon", "horizon_months": 0},
    {"name": "p", "start": "2026-03-02", "schema_version": 2},
    {"name": "p", "start": "2026-03-02", "unknown": 1},
    {"name": "p", "start": "2026-03-02", "organization": {"employees": 0, "staff": {"ops": -1}, "csap_grade": "x", "industri": "a"}},
    {"name": "p", "start": "2026-03-02", "assumptions": {"a": {"low": 1, "mode": 2}, "b": [1], "c": {"low": 1, "mode": 2, "high": 3, "x": 0}}},
    {"name": "p", "start": "2026-03-02", "hardware": {"bridge": "rent", "pilot_gpus": 0}},
    {"name": "p", "start": "2026-03-02", "workloads": [{"id": "Bad Id", "name": "W", "kind": "k", "users": 10_000_000_000, "busy_hours": float("nan")}]},
    {"name": "p", "start": "2026-03-02", "workloads": [{"id": "w", "name": "W", "kind": "k", "users": 1_000_000, "requests_per_user_per_day": 1e9}]},
    {"name": "p", "start": "2026-03-02", "workloads": [{"id": "w", "name": "W", "kind": "k", "sensitive_share": float("inf"), "data": "secret"}], "tasks": [{"id": "t", "phase": 5, "roles": {"a": -1}, "start": "3000-01-01"}]},
    {"name": "p", "start": "2026-03-02", "scenarios": {"s": {"description": 3, "x": 1}}, "workloads": "none"},
]


def _plain(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Errors with a validator's exception as its text (an exception equals only itself)."""
    return [{**error, "ctx": {k: str(v) for k, v in error["ctx"].items()}} if "ctx" in error else error for error in errors]


@pytest.mark.parametrize("data", BAD, ids=lambda data: repr(data)[:50])
def test_a_bad_plan_fails_with_pydantic_errors(data):
    with pytest.raises(pydantic.ValidationError) as ours:
        plan.Plan.model_validate(data)
    with pytest.raises(pydantic.ValidationError) as theirs:
        as_pydantic(plan.Plan).model_validate(data)
    assert _plain(ours.value.errors(include_url=False)) == _plain(theirs.value.errors(include_url=False))
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("path", SAMPLE_PLANS[:4], ids=lambda p: p.stem)
def test_a_sample_plan_dumps_copies_and_pickles_as_a_pydantic_plan(catalog, path):
    loaded = read_plan(path, catalog)
    shadow = as_pydantic(plan.Plan).model_validate(loaded.model_dump())
    assert loaded.model_dump_json(exclude_none=True) == shadow.model_dump_json(exclude_none=True, warnings=False)
    assert plan.Plan.model_validate(loaded.model_dump() | {"summary": loaded.summary}) == loaded  # (the summary is not dumped)
    for same in (copy.copy(loaded), copy.deepcopy(loaded), pickle.loads(pickle.dumps(loaded))):
        assert same == loaded and dump_plan(same) == dump_plan(loaded) and same.model_fields_set == loaded.model_fields_set
    workload = loaded.workloads[0]
    changed = workload.model_copy(update={"users": 7})
    assert changed.users == 7 and changed != workload and "users" in changed.model_fields_set and hash(workload) == hash(copy.copy(workload))
    with pytest.raises(pydantic.ValidationError):
        workload.users = 3  # frozen


def test_a_workload_keeps_its_values_compact_and_scenarios_their_overrides():
    made = plan.Plan.model_validate({**GOOD, "scenarios": {"s": {"description": "d", "cloud_price_change": 0.1}}})
    workload = made.workloads[0]
    assert list(workload.__dict__) == list(plan.Workload.model_fields) and workload.model_fields_set == {"id", "name", "kind", "users"}
    assert made.scenarios["s"].overrides == {"cloud_price_change": 0.1} and made.scenarios["s"].description == "d"
    assert made.model_dump()["scenarios"] == {"s": {"description": "d", "cloud_price_change": 0.1}}
    assert "summary" not in made.model_dump() and plan.Plan.model_fields["summary"].exclude is True
    assert made.model_copy(update={"summary": {"x": 1}}).summary == {"x": 1}


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"users": 10, "requests_per_user_per_day": 4.0, "note": "n"},
        {"requests_per_day": 500.0, "acknowledge_regulation": True, "placement": "cloud", "placement_note": "ok"},
        {"data": "personal", "deidentifiable": False, "batch": None, "acknowledge_regulation": False, "gpu": "l4-24gb", "busy_hours": 8},
    ],
    ids=["required-only", "volume-and-note", "placement", "defaults-given"],
)
def test_a_workload_holds_the_fields_given_and_every_other_at_its_default_as_pydantic_does(given):
    data = {"id": "w", "name": "W", "kind": "customer_chatbot", **given}
    ours, theirs = plan.Workload.model_validate(data), as_pydantic(plan.Workload).model_validate(data)
    assert ours.__dict__ == theirs.__dict__ and list(ours.__dict__) == list(plan.Workload.model_fields)
    assert ours.model_fields_set == theirs.model_fields_set == set(data)
    assert plan.Workload(**data) == ours and ours.model_copy(update={"users": 3}).users == 3


def _errors(error):
    """A ValidationError's errors, their context's values as text (an error's ValueError is its own object)."""
    return [{**item, "ctx": {k: str(v) for k, v in item.get("ctx", {}).items()}} for item in error.errors(include_url=False)]


def _validated_as_models(data):
    """The plan as the Plan model's own validator makes it (each workload validated as a Workload model)."""
    return plan.Plan.__pydantic_validator__.validate_python(data)


@pytest.mark.parametrize("path", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_a_plan_read_from_a_file_is_the_one_its_model_validator_makes(path, monkeypatch):
    from planner.store.tomltext import parse_toml

    data = {k: v for k, v in parse_toml(path.read_text(encoding="utf-8"), str(path)).items() if k != "summary"}
    data["workloads"] = [*data["workloads"], {"id": "extra-1", "name": "E", "kind": "customer_chatbot", "requests_per_day": 10.0, "acknowledge_regulation": False, "gpu": None, "batch": None}]
    theirs = _validated_as_models(data)

    class Unused:
        def validate_python(self, *args, **kwargs):
            raise AssertionError("a plan that validates is validated once, each workload made of its fields given")

    monkeypatch.setattr(plan.Plan, "__pydantic_validator__", Unused())
    monkeypatch.setattr(plan.Workload, "__pydantic_validator__", Unused())
    ours = plan.Plan.model_validate(data)
    assert ours == theirs and ours.model_fields_set == theirs.model_fields_set and dump_plan(ours) == dump_plan(theirs)
    for mine, model in zip(ours.workloads, theirs.workloads, strict=True):
        assert type(mine) is plan.Workload and list(mine.__dict__.items()) == list(model.__dict__.items())
        assert mine.model_fields_set == model.model_fields_set and mine.model_extra is None and mine.__pydantic_private__ is None


BAD_WORKLOADS = {
    "unknown-key": {"id": "w", "name": "W", "kind": "customer_chatbot", "users": 10, "userz": 3},
    "no-kind": {"id": "w", "name": "W", "users": 10},
    "zero-users": {"id": "w", "name": "W", "kind": "customer_chatbot", "users": 0},
    "bad-id": {"id": "W W", "name": "W", "kind": "customer_chatbot", "users": 10},
    "not-a-table": "w",
    "volume-above-the-limit": {"id": "w", "name": "W", "kind": "customer_chatbot", "users": 1_000_000, "requests_per_user_per_day": 100_000.0},
    "nan-share": {"id": "w", "name": "W", "kind": "customer_chatbot", "users": 10, "sensitive_share": float("nan")},
}


@pytest.mark.parametrize("bad", list(BAD_WORKLOADS), ids=str)
def test_a_plan_with_a_bad_workload_gets_the_model_validators_errors(bad):
    data = {**GOOD, "workloads": [*GOOD["workloads"], {"id": "v", "name": "V", "kind": "customer_chatbot", "users": 5}, BAD_WORKLOADS[bad]]}
    with pytest.raises(pydantic.ValidationError) as ours:
        plan.Plan.model_validate(data)
    with pytest.raises(pydantic.ValidationError) as theirs:
        _validated_as_models(data)
    assert _errors(ours.value) == _errors(theirs.value) and str(ours.value) == str(theirs.value)


def test_a_plan_of_workload_objects_is_the_one_its_model_validator_makes():
    workload = plan.Workload.model_validate(GOOD["workloads"][0])
    data = {**GOOD, "workloads": [workload, {"id": "v", "name": "V", "kind": "customer_chatbot", "users": 5}], "workloads_seen": 1}
    with pytest.raises(pydantic.ValidationError) as ours:
        plan.Plan.model_validate(data)  # (an unknown key in the plan itself)
    with pytest.raises(pydantic.ValidationError) as theirs:
        _validated_as_models(data)
    assert _errors(ours.value) == _errors(theirs.value)
    del data["workloads_seen"]
    made = plan.Plan.model_validate(data)
    assert made == _validated_as_models(data) and made.workloads[0] is workload


@pytest.mark.parametrize("cls", CLASSES[:-1], ids=lambda cls: cls.__name__)
def test_a_field_alone_validates_as_pydantic_type_adapter_of_it(cls):
    """The TUI checks a typed value against its field alone (tui/edits.check_field: a SchemaValidator of
    coremodel.field_schema): each field's schema is what pydantic's TypeAdapter of its annotation and constraints
    built when the form used it."""
    for name, info in cls.model_fields.items():
        annotation = pydantic_annotation(info.annotation)
        adapter = pydantic.TypeAdapter(Annotated[annotation, pydantic.Field(**info.constraints)] if info.metadata else annotation)
        assert comparable(field_schema(cls, name)) == comparable(adapter.core_schema), name
