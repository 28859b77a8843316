"""The catalog models' pydantic-core schema is the one pydantic makes of the same declarations (fields, annotations,
bounds, defaults, config, the models' own checks across fields): what validates a catalog entry, what a bad one is
told (tests/test_catalog_messages.py) and what `planner catalog ID` dumps stay what they were with pydantic's models."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pydantic
import pytest

from planner.domain import catalog as catalog_module
from planner.domain import coremodel
from tests.shadow import as_pydantic, comparable

CLASSES = [
    value for name, value in vars(catalog_module).items()
    if isinstance(value, type) and value.__module__ == catalog_module.__name__ and issubclass(value, coremodel.Model) and not name.startswith("_")
]


def _typed(schema: Any) -> Any:
    """A comparable schema (`tests.shadow.comparable`) with every number as (its type, its value): a bound of 0 and one
    of 0.0 are equal numbers, but a message reads them differently ("greater than 0" / "greater than 0.0")."""
    if isinstance(schema, dict):
        return {key: _typed(value) for key, value in schema.items()}
    if isinstance(schema, (list, tuple)):
        return type(schema)(_typed(value) for value in schema)
    if isinstance(schema, (int, float)) and not isinstance(schema, bool):
        return (type(schema).__name__, schema)
    return schema


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_a_catalog_class_schema_is_the_one_pydantic_makes_of_its_declarations(cls):
    reference = as_pydantic(cls)
    ours = cls.__pydantic_core_schema__
    assert ours["type"] in ("model", "function-after") and (ours.get("schema") if ours["type"] == "function-after" else ours)["cls"] is cls
    assert _typed(comparable(ours)) == _typed(comparable(reference.__pydantic_core_schema__))  # nested entries compared with pydantic's models of them too
    assert list(cls.model_fields) == list(reference.model_fields)


def test_every_catalog_class_is_checked():
    names = {cls.__name__ for cls in CLASSES}
    assert len(CLASSES) == 23 and {"Entry", "Range", "Catalog", "GpuaasPrice", "CommittedOffer", "Uncertain"} <= names


def test_the_reference_holds_the_checks_across_fields_and_the_bounds():
    """Each model's own checks (a low above its high, an offer's output units, a cloud model's billing and lifecycle
    sources, an assumption's bounds, a distribution's shape) and its fields' bounds are in both schemas compared."""
    counts = {cls.__name__: len(cls._after_validators) for cls in CLASSES if cls._after_validators}
    assert counts == {"Range": 1, "CommittedOffer": 1, "CloudModel": 1, "Assumption": 1, "Uncertain": 1}
    assert as_pydantic(catalog_module.Range).__pydantic_core_schema__["type"] == "function-after"
    bounded = {name for name, field in catalog_module.Gpu.model_fields.items() if field.metadata}
    assert {"vram_gb", "tdp_w", "id", "source", "gpus_per_server"} <= bounded
    assert _typed(as_pydantic(catalog_module.Gpu).model_fields["tdp_w"].metadata[0].gt) == ("int", 0)


def test_catalog_entries_dump_copy_compare_and_pickle_as_pydantic_models_do(catalog):
    gpu = catalog.gpus["h100-80gb"]
    shadow = as_pydantic(catalog_module.Gpu)
    assert gpu.model_dump(mode="json") == shadow.model_validate(gpu.model_dump()).model_dump(mode="json")
    assert gpu.model_dump() == shadow.model_validate(gpu.model_dump()).model_dump()
    assert list(gpu.model_dump()) == list(catalog_module.Gpu.model_fields)
    cheaper = gpu.model_copy(update={"vram_gb": 40.0})
    assert cheaper.vram_gb == 40.0 and gpu.vram_gb == 80 and cheaper.unit_price_krw is gpu.unit_price_krw and cheaper != gpu
    assert cheaper.model_copy(update={"vram_gb": gpu.vram_gb}) == gpu
    for same in (copy.copy(gpu), copy.deepcopy(gpu), pickle.loads(pickle.dumps(gpu)), type(gpu).model_validate(gpu.model_dump())):
        assert same == gpu and same.model_dump() == gpu.model_dump()
    assert hash(gpu.unit_price_krw) == hash(catalog_module.Range(low=gpu.unit_price_krw.low, high=gpu.unit_price_krw.high))
    with pytest.raises(pydantic.ValidationError):
        gpu.vram_gb = 1  # frozen
    with pytest.raises(pydantic.ValidationError) as error:
        catalog_module.Range(low=2, high=1)
    assert error.value.errors()[0]["type"] == "value_error" and error.value.errors()[0]["loc"] == ()


def test_a_catalog_keeps_its_throughput_index_out_of_its_fields(catalog):
    """The index `measured_throughputs` keeps is no field: a catalog that made it equals one that did not, and a
    copy or a pickle of it makes its own (for the copy's throughputs)."""
    points = catalog.measured_throughputs("llama-3.1-8b", "h100-80gb", "fp8")
    assert points and all(p.gpu == "h100-80gb" for p in points)
    again = pickle.loads(pickle.dumps(catalog))
    assert again == catalog and "_throughput_index_of" not in again.__dict__
    assert again.measured_throughputs("llama-3.1-8b", "h100-80gb", "fp8") == points
    fewer = catalog.model_copy(update={"throughputs": {k: v for k, v in catalog.throughputs.items() if (v.open_model, v.gpu) != ("llama-3.1-8b", "h100-80gb")}})
    assert fewer.measured_throughputs("llama-3.1-8b", "h100-80gb", "fp8") == () and catalog.measured_throughputs("llama-3.1-8b", "h100-80gb", "fp8") == points
