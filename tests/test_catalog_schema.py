"""The catalog models' pydantic-core schema is the one pydantic makes of the same declarations (fields, annotations,
bounds, defaults, config, the models' own checks across fields): what validates a catalog entry, what a bad one is
told (tests/test_catalog_messages.py) and what `planner catalog ID` dumps stay what they were with pydantic's models."""

from __future__ import annotations

import copy
import pickle
import typing
from typing import Annotated, Any

import pydantic
import pytest

from planner.domain import catalog as catalog_module

CLASSES = [
    value for name, value in vars(catalog_module).items()
    if isinstance(value, type) and value.__module__ == catalog_module.__name__ and hasattr(value, "model_fields") and not name.startswith("_")
]


def _model_validators(cls: type) -> list[Any]:
    """The functions of a class's "after" model validators, in the order they run."""
    decorators = getattr(cls, "__pydantic_decorators__", None)
    if decorators is not None and isinstance(cls, pydantic.BaseModel.__class__):
        return [d.func for d in decorators.model_validators.values()]
    return list(cls.model_validators)


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    """Field bounds as pydantic.Field's keyword arguments, from annotated_types objects or pydantic's own metadata."""
    found: dict[str, Any] = {}
    for item in metadata:
        for key in ("ge", "le", "gt", "lt", "min_length", "max_length", "pattern"):
            value = getattr(item, key, None)
            if value is not None:
                found[key] = value
        found.update(getattr(item, "constraints", None) or {})
    return found


def _pydantic_annotation(annotation: Any) -> Any:
    """`annotation` with its inner field bounds (`list[Annotated[int, Field(ge=1)]]`) as pydantic's."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        inner = _pydantic_annotation(args[0])
        bounds = {k: v for extra in args[1:] for k, v in _constraints([extra, *getattr(extra, "metadata", [])]).items()}
        return Annotated[inner, pydantic.Field(**bounds)]
    if origin is list:
        return list[_pydantic_annotation(args[0])]
    if origin is dict:
        return dict[_pydantic_annotation(args[0]), _pydantic_annotation(args[1])]
    return annotation


def _as_pydantic(cls: type) -> type[pydantic.BaseModel]:
    """A pydantic model with `cls`'s fields and checks, declared as pydantic declares them."""
    fields = {}
    for name, field in cls.model_fields.items():
        given: dict[str, Any] = _constraints(field.metadata)
        if field.default_factory is not None:
            given["default_factory"] = field.default_factory
        elif not field.is_required():
            given["default"] = field.default
        fields[name] = (_pydantic_annotation(field.annotation), pydantic.Field(**given))
    validators = {f"check_{i}": pydantic.model_validator(mode="after")(function) for i, function in enumerate(_model_validators(cls))}
    config = pydantic.ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    return pydantic.create_model(cls.__name__, __config__=config, __validators__=validators, **fields)


def _comparable(schema: Any, definitions: dict[str, Any] | None = None) -> Any:
    """A core schema with every definition reference replaced by its definition, without what tells nothing of
    validation and serialization (JSON-schema metadata, refs), model classes by name, functions by their code, and
    numbers with their type (a bound of 0 and of 0.0 read differently in a message)."""
    if isinstance(schema, dict):
        if schema.get("type") == "definitions":
            definitions = {**(definitions or {}), **{d["ref"]: d for d in schema["definitions"]}}
            return _comparable(schema["schema"], definitions)
        if schema.get("type") == "definition-ref":
            return _comparable(definitions[schema["schema_ref"]], definitions)  # type: ignore[index]
        return {
            key: (value.__name__ if key == "cls" else _comparable(value, definitions))
            for key, value in schema.items() if key not in ("metadata", "ref")
        }
    if isinstance(schema, (list, tuple)):
        return [_comparable(value, definitions) for value in schema]
    if callable(schema) and hasattr(schema, "__code__"):
        return schema.__code__
    if isinstance(schema, (int, float)) and not isinstance(schema, bool):
        return (type(schema).__name__, schema)
    return schema


def _schema(cls: type) -> dict[str, Any]:
    if isinstance(cls, pydantic.BaseModel.__class__):
        cls.model_rebuild()  # defer_build: built at first use
    return cls.__pydantic_core_schema__


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_a_catalog_class_schema_is_the_one_pydantic_makes_of_its_declarations(cls):
    reference = _as_pydantic(cls)
    ours, theirs = _comparable(_schema(cls)), _comparable(reference.__pydantic_core_schema__)
    assert ours == theirs
    assert list(cls.model_fields) == list(reference.model_fields)


def test_every_catalog_class_is_checked():
    names = {cls.__name__ for cls in CLASSES}
    assert len(CLASSES) == 23 and {"Entry", "Range", "Catalog", "GpuaasPrice", "CommittedOffer", "Uncertain"} <= names


def test_the_checks_across_fields_are_the_models():
    """Each model's own checks (a low above its high, an offer's output units, a cloud model's billing and lifecycle
    sources, an assumption's bounds, a distribution's shape) are in its schema: the reference is not vacuous."""
    counts = {cls.__name__: len(_model_validators(cls)) for cls in CLASSES if _model_validators(cls)}
    assert counts == {"Range": 1, "CommittedOffer": 1, "CloudModel": 1, "Assumption": 1, "Uncertain": 1}
    bounded = {name for name, field in catalog_module.Gpu.model_fields.items() if _constraints(field.metadata)}
    assert {"vram_gb", "tdp_w", "id", "source", "gpus_per_server"} <= bounded


def test_catalog_entries_dump_copy_compare_and_pickle_as_pydantic_models_do(catalog):
    gpu = catalog.gpus["h100-80gb"]
    shadow = _as_pydantic(catalog_module.Gpu)
    assert gpu.model_dump(mode="json") == shadow.model_validate(gpu.model_dump()).model_dump(mode="json")
    assert gpu.model_dump() == shadow.model_validate(gpu.model_dump()).model_dump()
    assert list(gpu.model_dump()) == list(catalog_module.Gpu.model_fields)
    cheaper = gpu.model_copy(update={"vram_gb": 40.0})
    assert cheaper.vram_gb == 40.0 and gpu.vram_gb == 80 and cheaper.unit_price_krw is gpu.unit_price_krw and cheaper != gpu
    assert cheaper.model_copy(update={"vram_gb": gpu.vram_gb}) == gpu
    for same in (copy.copy(gpu), copy.deepcopy(gpu), pickle.loads(pickle.dumps(gpu)), type(gpu).model_validate(gpu.model_dump())):
        assert same == gpu and same.model_dump() == gpu.model_dump()
    again = pickle.loads(pickle.dumps(catalog))
    assert again == catalog and again.measured_throughputs("llama-3.1-8b", "h100-80gb", "fp8") == catalog.measured_throughputs("llama-3.1-8b", "h100-80gb", "fp8")
    assert hash(gpu.unit_price_krw) == hash(catalog_module.Range(low=gpu.unit_price_krw.low, high=gpu.unit_price_krw.high))
    with pytest.raises(pydantic.ValidationError):
        gpu.vram_gb = 1  # frozen
    with pytest.raises(pydantic.ValidationError) as error:
        catalog_module.Range(low=2, high=1)
    assert error.value.errors()[0]["type"] == "value_error" and error.value.errors()[0]["loc"] == ()
