"""Result classes are plain classes whose pydantic-core schema planner makes itself (`coremodel._schema_of`): each must be
the schema pydantic makes of the same declarations, so that validating, `model_dump`, `to_json` and `show --json` give
what they gave when the results were pydantic models (the same rounding, aliases, exclusions, defaults, int vs float)."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pydantic
import pytest

from planner.domain import results
from planner.domain.evaluate import evaluate
from planner.store.loader import read_plan
from tests.conftest import SAMPLE_PLANS
from tests.shadow import as_pydantic, comparable

CLASSES = [value for value in vars(results).values() if isinstance(value, type) and issubclass(value, results._Result) and value is not results._Result]


_comparable = comparable


def _as_pydantic(cls: type) -> type[pydantic.BaseModel]:
    """A pydantic model with `cls`'s fields, declared as pydantic declares them (coremodel's markers as pydantic's)."""
    return as_pydantic(cls)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_a_result_class_schema_is_the_one_pydantic_makes_of_its_fields(cls):
    ours = cls.__pydantic_core_schema__
    theirs = _as_pydantic(cls).__pydantic_core_schema__
    assert ours["type"] == "model" and ours["cls"] is cls
    assert _comparable(ours) == _comparable(theirs)  # nested results compared with pydantic's models of them too
    assert list(cls.model_fields) == list(_as_pydantic(cls).model_fields)


def test_every_result_class_is_checked():
    assert len(CLASSES) == 28 and results.Evaluation in CLASSES and results.TraceStep in CLASSES


@pytest.mark.parametrize("path", SAMPLE_PLANS[:3], ids=lambda p: p.stem)
def test_results_dump_validate_copy_and_pickle_as_pydantic_models_do(catalog, path):
    evaluation = evaluate(read_plan(path, catalog), catalog)
    workload = evaluation.workloads[0]
    shadow = _as_pydantic(results.CloudCostBreakdown)
    breakdown = workload.cloud_cost_breakdown
    assert breakdown.model_dump_json(by_alias=True) == shadow.model_validate(breakdown.model_dump()).model_dump_json(by_alias=True)
    assert results.to_json(breakdown) == shadow.model_validate(breakdown.model_dump()).model_dump(mode="json", by_alias=True)
    assert results.WorkloadResult.model_validate(workload.model_dump()).model_dump_json() == workload.model_dump_json()  # a step's `note` is not dumped
    assert results.WorkloadResult(**dict(workload)) == workload
    for same in (copy.copy(workload), copy.deepcopy(workload), pickle.loads(pickle.dumps(workload))):
        assert same == workload and same.model_dump_json() == workload.model_dump_json() and same.model_fields_set == workload.model_fields_set
    assert results.Evaluation.model_validate(evaluation.model_dump()).model_dump_json() == evaluation.model_dump_json()
    with pytest.raises(pydantic.ValidationError):
        results.GpuGroup(gpu="a100-80gb")  # required fields missing
    with pytest.raises(pydantic.ValidationError):
        workload.name = "changed"  # frozen


def test_validation_converts_as_pydantic_does():
    """Keyword arguments are validated: ints become floats in float fields, text becomes a Message, defaults fill in."""
    group = results.GpuGroup(gpu="g", open_model="m", precision="fp16", gpus_per_replica=1, replicas=2, gpus=2, servers=1, workloads=["w"], capex_krw=3, power_w=700)
    assert type(group.power_w) is float and type(group.throughput_source) is results.Message and group.headroom == 0
    assert results.UnitCost(usd_per_mtok=1, usd_per_request=2).model_dump() == {
        "usd_per_mtok": 1.0, "usd_per_request": 2.0, "usage_only_usd_per_mtok": None, "usage_only_usd_per_request": None, "utilization": None, "basis": "",
    }
    assert results.TraceStep(rule="r", question="q?", answer="a", source="s", note=True).model_dump() == {"rule": "r", "question": "q?", "answer": "a", "source": "s"}


def test_a_result_keeps_only_its_values(catalog):
    """A result holds its fields' values and nothing else: pydantic's fields-given set, extra fields and private
    attributes are its class's, not kept in each of the ~190,000 results of a 10,000-workload evaluation (validated,
    made with `of_valid` or copied alike)."""
    evaluation = evaluate(read_plan(SAMPLE_PLANS[0], catalog), catalog)
    validated = results.GpuGroup(gpu="g", open_model="m", precision="fp16", gpus_per_replica=1, replicas=2, gpus=2, servers=1, workloads=["w"], capex_krw=3, power_w=700)
    made = [validated, validated.model_copy(update={"gpus": 4}), evaluation, evaluation.workloads[0], evaluation.schedule.tasks[0], evaluation.workloads[0].trace[0]]
    for result in made:
        assert list(result.__dict__) == list(type(result).model_fields)
        assert result.model_fields_set == set(type(result).model_fields) and result.__pydantic_extra__ is None
        assert type(result).__basicsize__ == _as_pydantic(results.TraceStep).__basicsize__ - 3 * 8  # no pydantic slots


def test_a_class_made_from_a_result_class_dumps_and_validates_its_own_fields():
    """A subclass of a result class whose serializer and validator were already built (a run dumped it) gets its own,
    made of its fields: not its parent's, which would drop the field it adds and check none of it."""
    from datetime import date

    parent = results.OneTimeCost(day=date(2026, 3, 2), category="hardware", krw=10, what="2 x a100-80gb")
    assert parent.model_dump()["krw"] == 10  # the parent's serializer and validator are built now

    class Labelled(results.OneTimeCost):
        __annotations__ = {"label": str}  # an annotation object (this module's annotations are text)
        label = "spare"

    made = Labelled(day=date(2026, 3, 2), category="hardware", krw=10, what="2 x a100-80gb", label="kept")
    assert made.model_dump()["label"] == "kept"
    assert list(made.model_dump()) == [*results.OneTimeCost.model_fields, "label"]
    with pytest.raises(pydantic.ValidationError):
        Labelled(day=date(2026, 3, 2), category="hardware", krw=10, what="2 x a100-80gb", label=["not", "text"])
