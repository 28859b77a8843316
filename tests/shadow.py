"""pydantic's own models of coremodel classes' declarations, and core schemas made comparable: the reference the
schema-equality tests (test_results_schema.py, test_coremodel.py) check planner's classes against."""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Literal

import pydantic

from planner.domain import coremodel


def pydantic_annotation(annotation: Any) -> Any:
    """`annotation` with coremodel's markers (Field constraints, PlainSerializer, SkipValidation, Tag, Discriminator)
    replaced by pydantic's, and coremodel classes by their pydantic shadows (`as_pydantic`)."""
    if isinstance(annotation, type) and issubclass(annotation, (coremodel.Model, coremodel._Result)):
        return as_pydantic(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        return Annotated[(pydantic_annotation(args[0]), *[_pydantic_marker(extra) for extra in args[1:]])]
    if origin is list:
        return list[pydantic_annotation(args[0])]
    if origin is dict:
        return dict[pydantic_annotation(args[0]), pydantic_annotation(args[1])]
    if origin is typing.Union or origin is types.UnionType:
        return typing.Union[tuple(pydantic_annotation(arg) for arg in args)]
    if origin is Literal:
        return annotation
    return annotation


def _pydantic_marker(extra: Any) -> Any:
    if isinstance(extra, coremodel.FieldInfo):
        return pydantic.Field(**extra.constraints)
    if isinstance(extra, coremodel.PlainSerializer):
        return pydantic.PlainSerializer(extra.func, when_used=extra.when_used)
    if isinstance(extra, coremodel.SkipValidation):
        return pydantic.SkipValidation()
    if isinstance(extra, coremodel.Tag):
        return pydantic.Tag(extra.tag)
    if isinstance(extra, coremodel.Discriminator):
        return pydantic.Discriminator(extra.discriminator)
    raise TypeError(f"no pydantic marker for {extra!r}")


_SHADOWS: dict[type, type[pydantic.BaseModel]] = {}


def as_pydantic(cls: type) -> type[pydantic.BaseModel]:
    """A pydantic model with `cls`'s fields, config and "after" validators, declared as pydantic declares them."""
    if cls in _SHADOWS:
        return _SHADOWS[cls]
    fields = {}
    for name, field in cls.model_fields.items():
        given: dict[str, Any] = {"serialization_alias": field.serialization_alias, "exclude": field.exclude, **field.constraints}
        if field.default_factory is not None:
            given["default_factory"] = field.default_factory
        elif not field.is_required():
            given["default"] = field.default
        fields[name] = (pydantic_annotation(field.annotation), pydantic.Field(**given))
    validators = {f"_after_{i}": pydantic.model_validator(mode="after")(function) for i, function in enumerate(cls._after_validators)}
    post_init = getattr(cls, "model_post_init", None) if issubclass(cls, coremodel.Model) else _keep_values if cls._post_init else None
    if post_init is not None:
        validators["model_post_init"] = post_init
    config = pydantic.ConfigDict(**{"frozen": True, **cls.model_config})
    base = type(f"{cls.__name__}Base", (pydantic.BaseModel,), {"model_config": config, **validators, "__module__": __name__})
    shadow = pydantic.create_model(cls.__name__, __base__=base, **fields)
    _SHADOWS[cls] = shadow
    return shadow


def _keep_values(self: Any, context: Any, /) -> None:
    """A shadow result's `model_post_init`: a result's own takes pydantic's attributes out of its values (which a
    pydantic model needs); the schema names the method either way."""


def _code(function: Any) -> Any:
    """What a function does (its code's bytes, constants, names and argument count), not where it was compiled nor its
    argument names."""
    code = function.__code__
    return ("code", code.co_code, code.co_consts, code.co_names, code.co_argcount)


def comparable(schema: Any, definitions: dict[str, Any] | None = None) -> Any:
    """A core schema without what tells nothing of validation and serialization (pydantic's JSON-schema metadata and
    refs: a definition-ref replaced by its definition), functions by what they do (a lambda made at each call is the
    same lambda), the `cls` of a model left out where it is a pydantic shadow (compared by name instead)."""
    if definitions is None:
        definitions = {}
    if isinstance(schema, dict):
        if schema.get("type") == "definitions":
            definitions = {**definitions, **{d["ref"]: d for d in schema["definitions"]}}
            return comparable(schema["schema"], definitions)
        if schema.get("type") == "definition-ref":
            return comparable(definitions[schema["schema_ref"]], definitions)
        made = {}
        for key, value in schema.items():
            if key in ("metadata", "ref"):
                continue
            if key in ("cls", "default_factory") and isinstance(value, type):
                made[key] = ("class", value.__name__)
                continue
            made[key] = comparable(value, definitions)
        return made
    if isinstance(schema, list):
        return [comparable(value, definitions) for value in schema]
    if callable(schema) and hasattr(schema, "__code__"):
        return _code(schema)
    return schema
