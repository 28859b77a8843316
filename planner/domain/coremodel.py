"""Model classes on pydantic-core alone: the part of pydantic's model API planner uses, without importing pydantic.

A class declares its fields as a pydantic model does (annotations, `Field(...)` with defaults and constraints,
`model_config`, `model_validator(mode="after")`); its core schema is made here from those declarations (`_schema_of`,
`_class_schema`: the schema pydantic makes of the same declarations, which tests/test_results_schema.py and
tests/test_coremodel.py check class by class), and pydantic-core's validator and serializer are built from it on the
class's first use. So validating gives pydantic's values and pydantic's errors (the same `ValidationError`, the same
types, locations, messages and context), and dumping pydantic's dicts and JSON. `import pydantic` alone costs ~150 M
instructions (~20 ms) at every start, and its model building a few M per class.

Two bases:
- `Model`: an object as a pydantic model keeps it (its values in `__dict__`, the fields given, extra fields, private
  attributes): the plan's classes, the catalog's, placement.WorkloadPlacement.
- `_Result`: a frozen result that keeps only its values (the fields given are every field, no extra fields, no private
  attributes: the class's), ~190,000 of them at 10,000 workloads: results.py's classes.
"""

# No `from __future__ import annotations` here: coremodel's own annotations are objects. A model class whose module has
# it (placement.py) gets its fields' annotations evaluated from their text, in its module, when it is created.

import copy
import copyreg
import operator
import sys
import types
import typing
from datetime import date
from typing import Annotated, Any, ClassVar, Literal, Mapping, Self

from pydantic_core import SchemaSerializer, SchemaValidator, ValidationError

__all__ = [
    "ConfigDict", "Discriminator", "Field", "FieldInfo", "Model", "PlainSerializer", "SkipValidation", "Tag", "ValidationError",
    "blank_values", "built_on_first_use", "field_schema", "given_fields_schema", "model_validator", "new_dict", "new_list",
]


_SHARED_KEYS = 29
"""Most fields whose results keep their values compact (`_Result.compact`): CPython 3.11 shares at most 30 attribute names
among a class's objects, and gives 30 values a bigger table than a dict of its own."""


def new_list() -> list:
    """A new empty list: the `default_factory` of list fields, as `list` (pydantic reads a factory's signature when it builds
    a class, and a builtin's only by parsing its text signature: ~70 us each, ~35 list fields at every start)."""
    return []


def new_dict() -> dict:
    """A new empty dict: the `default_factory` of the pydantic models' dict fields, as `new_list` for lists (the
    first builtin factory pydantic reads compiles `tokenize`'s patterns: ~10 M instructions at every start)."""
    return {}


def blank_values(name: str, fields: list[str]) -> dict[str, Any] | None:
    """A dict of `fields` (all None, in their order) whose copies share its keys (`_Result.compact`): the `__dict__`
    of an object of a plain class whose fields were set in order, which CPython keeps as a split table. None past
    `_SHARED_KEYS` fields.

    The class's first object sets the fields (they become the class's shared keys), then `_FIRST_OBJECTS` objects are
    made and left empty (each makes the room the next one's table is given smaller), and the blank is the last one's
    values: made empty rather than each setting every field through a Python `__init__` (~11 M instructions at every
    start for results.py's and plan.py's classes), the same table."""
    if len(fields) > _SHARED_KEYS:
        return None
    values = type(f"_{name}Values", (), {})
    first = values()
    for field in fields:  # setattr keeps the keys shared as `self.field = None` does, without compiling a function per class
        setattr(first, field, None)
    for _ in range(_FIRST_OBJECTS):
        values()
    blank = values()
    for field in fields:
        setattr(blank, field, None)
    return blank.__dict__


_FIRST_OBJECTS = 40
"""Objects made of a `blank_values` class before its blank (a program setting): CPython 3.11 gives a class's first
objects tables with room to spare (~300 bytes at 5 fields), then tables that fit its fields (~110), and a copy of
a split table has its table's size."""


_REQUIRED: Any = object()
"""The default of a field without one."""


ConfigDict = dict
"""A class's `model_config` (pydantic's keys: `extra` "forbid" / "allow" / "ignore", `frozen`, `allow_inf_nan`)."""


_CONSTRAINTS = ("gt", "ge", "lt", "le", "min_length", "max_length", "pattern")
"""The constraints a `Field` takes (pydantic's names), in the order pydantic's FieldInfo keeps them."""


class Constraint:
    """One constraint of a field (`FieldInfo.metadata`): its name (`ge`, `max_length`, `pattern`...) and value."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: Any) -> None:
        self.name, self.value = name, value

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, Constraint) and (self.name, self.value) == (other.name, other.value)

    def __hash__(self) -> int:
        return hash((self.name, self.value))

    def __repr__(self) -> str:
        return f"{self.name}={self.value!r}"


class FieldInfo:
    """One field of a model class (`model_fields[name]`), or the constraints of an `Annotated` type: what pydantic's
    FieldInfo tells of it that planner reads."""

    __slots__ = ("annotation", "default", "default_factory", "serialization_alias", "exclude", "metadata")

    def __init__(
        self, default: Any = _REQUIRED, *, default_factory: Any = None, serialization_alias: str | None = None, exclude: bool | None = None,
        metadata: list[Constraint] | None = None,
    ):
        self.annotation: Any = None
        self.default, self.default_factory, self.serialization_alias, self.exclude = default, default_factory, serialization_alias, exclude
        self.metadata: list[Constraint] = metadata or []
        """The field's constraints (`ge`, `max_length`, `pattern`...), in pydantic's order."""

    def is_required(self) -> bool:
        return self.default is _REQUIRED and self.default_factory is None

    @property
    def constraints(self) -> dict[str, Any]:
        """The constraints by name (the keys of the core schema they go to)."""
        return {c.name: c.value for c in self.metadata}

    def __repr__(self) -> str:
        return f"FieldInfo(annotation={self.annotation!r}, default={self.default!r}, default_factory={self.default_factory!r}, metadata={self.metadata!r})"


ResultField = FieldInfo
"""results.py's name for a field."""


def Field(  # noqa: N802 (pydantic's name)
    default: Any = _REQUIRED, *, default_factory: Any = None, serialization_alias: str | None = None, exclude: bool | None = None,
    gt: Any = None, ge: Any = None, lt: Any = None, le: Any = None, min_length: int | None = None, max_length: int | None = None, pattern: str | None = None,
) -> Any:
    """A field's default (or `default_factory`), JSON name (`serialization_alias`), whether it is left out of dumps and
    JSON (`exclude`), and its constraints (bounds, lengths, pattern): pydantic's `Field`. Also the constraints of an
    `Annotated` type (`Annotated[int, Field(ge=0)]`)."""
    given = {"gt": gt, "ge": ge, "lt": lt, "le": le, "min_length": min_length, "max_length": max_length, "pattern": pattern}
    metadata = [Constraint(name, given[name]) for name in _CONSTRAINTS if given[name] is not None]
    return FieldInfo(default, default_factory=default_factory, serialization_alias=serialization_alias, exclude=exclude, metadata=metadata)


class PlainSerializer:
    """`Annotated[T, PlainSerializer(func, when_used=...)]`: the value as `func` gives it when dumped (pydantic's marker)."""

    __slots__ = ("func", "when_used")

    def __init__(self, func: Any, *, when_used: str = "always") -> None:
        self.func, self.when_used = func, when_used


class SkipValidation:
    """`SkipValidation[T]`: a value taken as it is (not validated), dumped as a T (pydantic's marker)."""

    __slots__ = ()

    def __class_getitem__(cls, item: Any) -> Any:
        return Annotated[item, cls()]


def _as_is(value: Any, handler: Any) -> Any:
    return handler(value)


class Tag:
    """`Annotated[T, Tag("name")]`: the choice a `Discriminator` names `name` (pydantic's marker)."""

    __slots__ = ("tag",)

    def __init__(self, tag: str) -> None:
        self.tag = tag


class Discriminator:
    """`Annotated[A | B, Discriminator(function)]`: a union whose choice is the `Tag` `function` returns for the value
    (pydantic's callable discriminator)."""

    __slots__ = ("discriminator",)

    def __init__(self, discriminator: Any) -> None:
        self.discriminator = discriminator


def model_validator(*, mode: str) -> Any:
    """`@model_validator(mode="after")`: a method called with the validated object, which returns it or raises
    ValueError (its message becomes the error's, at the object's location), as pydantic's."""
    if mode != "after":
        raise TypeError(f"only 'after' model validators: {mode!r}")

    def mark(function: Any) -> Any:
        function.__model_validator__ = mode
        return function

    return mark


class _Built:
    """A class attribute made on its first read, for the class it is read on: a model class's core schema, validator
    and serializer (most processes use a few classes' serializers and validators, never all)."""

    def __init__(self, make: Any, name: str = "") -> None:
        self.make, self.name = make, name

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type) -> Any:
        value = self.make(owner)
        setattr(owner, self.name, value)  # a plain class attribute from now on
        return value


def _schema(kind: str, constraints: Mapping[str, Any] | None = None, allowed: tuple[str, ...] = (), **keys: Any) -> dict[str, Any]:
    """A core schema of type `kind` with the `keys` given (not None), then `constraints`: the dict pydantic-core's
    `core_schema.<kind>_schema(...)` makes, written here (that module and what it imports are ~100 M instructions at
    every start: planner.lazy_core). A constraint outside `allowed` raises TypeError, as that function's keywords do."""
    schema = {"type": kind}
    for key, value in keys.items():
        if value is not None:
            schema[key] = value
    for key, value in (constraints or {}).items():
        if key not in allowed:
            raise TypeError(f"no constraint {key!r} on a {kind} schema")
        if value is not None:
            schema[key] = value
    return schema


_BOUNDS = ("le", "ge", "lt", "gt")
_LENGTHS = ("min_length", "max_length")
_SIMPLE = {str: ("str", ("pattern", *_LENGTHS)), int: ("int", _BOUNDS), float: ("float", _BOUNDS), bool: ("bool", ()), date: ("date", _BOUNDS)}
"""The core schema type of each simple annotation, and the constraints it takes."""


def _schema_of(annotation: Any, constraints: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The core schema pydantic makes of a field's annotation, with `constraints` (a `Field`'s bounds, lengths,
    pattern) where pydantic puts them: on the type itself, or on the type of an optional one."""
    simple = _SIMPLE.get(annotation)
    if simple is not None:
        return _schema(simple[0], constraints, simple[1])
    if annotation is Any and not constraints:
        return {"type": "any"}
    if isinstance(annotation, type):
        if constraints:
            raise TypeError(f"no constraints on {annotation!r}")
        if issubclass(annotation, (Model, _Result)):
            return annotation.__pydantic_core_schema__
        return annotation.__get_pydantic_core_schema__(annotation, None)  # Message
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        return _schema("list", constraints, _LENGTHS, items_schema=_schema_of(args[0]))
    if origin is dict:
        return _schema("dict", constraints, _LENGTHS, keys_schema=_schema_of(args[0]), values_schema=_schema_of(args[1]))
    if origin is typing.Union or origin is types.UnionType:
        if type(None) in args:
            rest = tuple(arg for arg in args if arg is not type(None))
            return {"type": "nullable", "schema": _schema_of(rest[0] if len(rest) == 1 else typing.Union[rest], constraints)}
        if constraints:
            raise TypeError(f"no constraints on {annotation!r}")
        return {"type": "union", "choices": [_schema_of(arg) for arg in args]}
    if origin is Literal:
        if constraints:
            raise TypeError(f"no constraints on {annotation!r}")
        return {"type": "literal", "expected": list(args)}
    if origin is Annotated:
        return _annotated_schema(args[0], args[1:], constraints)
    raise TypeError(f"no core schema for {annotation!r}")


def _annotated_schema(inner: Any, extras: tuple[Any, ...], constraints: Mapping[str, Any] | None) -> dict[str, Any]:
    """The schema of `Annotated[inner, *extras]` (with a field's `constraints`)."""
    given = {}
    for extra in extras:
        if isinstance(extra, FieldInfo):
            given.update(extra.constraints)
    if constraints:
        given.update(constraints)
    discriminator = next((extra for extra in extras if isinstance(extra, Discriminator)), None)
    if discriminator is not None:
        if given:
            raise TypeError(f"no constraints on a tagged union: {inner!r}")
        schema = _tagged_union_schema(inner, discriminator)
    else:
        schema = _schema_of(inner, given)
    if any(isinstance(extra, FieldInfo) for extra in extras):
        schema = {**schema, "metadata": {}}  # as pydantic marks a type it constrained (no JSON-schema extras)
    for extra in extras:
        if isinstance(extra, PlainSerializer):
            when_used = None if extra.when_used == "always" else extra.when_used  # pydantic-core's default, left out as core_schema does
            schema = {**schema, "serialization": _schema("function-plain", function=extra.func, info_arg=False, when_used=when_used)}
        elif isinstance(extra, SkipValidation):
            schema = {"type": "any", "serialization": {"type": "function-wrap", "function": _as_is, "schema": schema}}
        elif not isinstance(extra, (FieldInfo, Discriminator, Tag)):
            raise TypeError(f"no core schema for {extra!r}")
    return schema


def _tagged_union_schema(union: Any, discriminator: Discriminator) -> dict[str, Any]:
    """`Annotated[A | B, Discriminator(f)]`, each choice `Annotated[T, Tag(name)]`: pydantic's tagged union."""
    choices = {}
    for choice in typing.get_args(union):
        if typing.get_origin(choice) is not Annotated:
            raise TypeError(f"a choice without a Tag: {choice!r}")
        inner, *extras = typing.get_args(choice)
        tags = [extra.tag for extra in extras if isinstance(extra, Tag)]
        if len(tags) != 1:
            raise TypeError(f"a choice without one Tag: {choice!r}")
        rest = [extra for extra in extras if not isinstance(extra, Tag)]
        choices[tags[0]] = _schema_of(Annotated[inner, *rest] if rest else inner)
    return {"type": "tagged-union", "choices": choices, "discriminator": discriminator.discriminator}


def field_schema(cls: type, name: str) -> dict[str, Any]:
    """The core schema of one field of a model class, its constraints included (without its default and without the
    class's config: what pydantic's `TypeAdapter` of the field's annotation and metadata validates)."""
    field = cls.model_fields[name]
    return _schema_of(field.annotation, field.constraints)


def given_fields_schema(cls: type) -> dict[str, Any]:
    """A core schema of a model class's fields as a typed dict of the fields given only: each validated by its own
    schema (the class's, without its default), the required ones required, none defaulted, no other key (the
    class's config). What it keeps of a field is what the class's validation keeps of it; its errors are not the
    class's (another title, type and messages for a value that is no dict). A class with "after" validators has
    none (they are the class's, on the whole object)."""
    model = cls.__pydantic_core_schema__
    if model["type"] != "model":
        raise TypeError(f"{cls.__name__} validates more than its fields")
    fields = {}
    for name, field in model["schema"]["fields"].items():
        schema = field["schema"]
        defaulted = schema["type"] == "default"
        fields[name] = {"type": "typed-dict-field", "schema": schema["schema"] if defaulted else schema, "required": not defaulted}
    return {"type": "typed-dict", "fields": fields, "config": model["config"]}


def built_on_first_use(make: Any) -> Any:
    """A class attribute made by `make(cls)` on its first read, for the class it is read on (as each model class's
    core schema, validator and serializer are)."""
    return _Built(make)


def _core_config(cls: type) -> dict[str, Any]:
    """The pydantic-core config (`core_schema.CoreConfig`) pydantic makes of a class's `model_config` (the keys planner sets)."""
    settings = cls.model_config
    config = {"title": cls.__name__}
    if "extra" in settings:
        config["extra_fields_behavior"] = settings["extra"]
    if "allow_inf_nan" in settings:
        config["allow_inf_nan"] = settings["allow_inf_nan"]
    return config


def _class_schema(cls: type) -> dict[str, Any]:
    """A model class's core schema, as pydantic makes it of the same declarations."""
    fields = {}
    for name, field in cls.model_fields.items():
        schema = _schema_of(field.annotation, field.constraints)
        if field.default_factory is not None:
            schema = {"type": "default", "schema": schema, "default_factory": field.default_factory, "default_factory_takes_data": False}
        elif field.default is not _REQUIRED:
            schema = {"type": "default", "schema": schema, "default": field.default}
        fields[name] = _schema("model-field", schema=schema, serialization_alias=field.serialization_alias, serialization_exclude=field.exclude)
    config = _core_config(cls)
    post_init = "model_post_init" if cls._post_init else None
    schema = _schema(
        "model", cls=cls, schema={"type": "model-fields", "fields": fields, "model_name": cls.__name__, "computed_fields": []},
        custom_init=False, root_model=False, post_init=post_init, config=config,
    )
    for validator in cls._after_validators:
        schema = {"type": "function-after", "function": {"type": "no-info", "function": validator}, "schema": schema}
    return schema


_BUILT: dict[str, Any] = {
    "__pydantic_core_schema__": _class_schema,
    "__pydantic_validator__": lambda cls: SchemaValidator(cls.__pydantic_core_schema__, _core_config(cls)),  # the config: the errors' title
    "__pydantic_serializer__": lambda cls: SchemaSerializer(cls.__pydantic_core_schema__, _core_config(cls)),
}
"""What each model class makes of itself on first use (`_Built`), by attribute name."""


def _declare(cls: type) -> dict[str, FieldInfo]:
    """A new model class's fields (its parents', then its own annotations, in order), its config (its parents' with its
    own `model_config` over them) and its "after" validators (its parents' first); each class gets its own schema,
    validator and serializer, made on first use (not a parent's, built for the parent's fields)."""
    fields = dict(cls.model_fields)
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if isinstance(annotation, str):  # a module with `from __future__ import annotations`: the text, evaluated where the class is
            annotation = eval(annotation, sys.modules[cls.__module__].__dict__, {**cls.__dict__, cls.__name__: cls})  # noqa: S307
        if annotation is ClassVar or typing.get_origin(annotation) is ClassVar:
            continue
        value = cls.__dict__.get(name, _REQUIRED)
        field = value if isinstance(value, FieldInfo) else FieldInfo(value)
        field.annotation = annotation
        fields[name] = field
        if value is not _REQUIRED:
            delattr(cls, name)
    cls.model_fields = cls.__pydantic_fields__ = fields
    parents = [base.__dict__.get("model_config", {}) for base in reversed(cls.__mro__[1:])]
    config: dict[str, Any] = {}
    for settings in parents:
        config.update(settings)
    config.update(cls.__dict__.get("model_config", {}))
    cls.model_config = config
    after: list[Any] = []
    for base in reversed(cls.__mro__):
        after += [value for value in base.__dict__.values() if getattr(value, "__model_validator__", None) == "after" and value not in after]
    cls._after_validators = tuple(after)
    cls._hashed = operator.itemgetter(*fields) if fields else (lambda values: 0)
    for name in _BUILT:
        setattr(cls, name, _Built(_BUILT[name], name))
    return fields


def _refuse_change(self: Any, name: str, value: Any) -> None:
    """Refused, as pydantic refuses it on a frozen model (a changed copy: `model_copy(update=...)`)."""
    raise ValidationError.from_exception_data(type(self).__name__, [{"type": "frozen_instance", "loc": (name,), "input": value}])


def _refuse_delete(self: Any, name: str) -> None:
    raise ValidationError.from_exception_data(type(self).__name__, [{"type": "frozen_instance", "loc": (name,), "input": None}])


class Model:
    """A frozen model as pydantic keeps one: its fields' values in `__dict__`, the names of the fields given
    (`model_fields_set`), its extra fields (`model_extra`, with `extra="allow"`), no private attributes. Validated
    from keyword arguments (`Model(**data)`) or `model_validate`; changed copies with `model_copy(update=...)`."""

    __slots__ = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")

    model_config: ClassVar[dict[str, Any]] = {}
    model_fields: ClassVar[dict[str, FieldInfo]] = {}
    """Every field, in its order."""
    _after_validators: ClassVar[tuple[Any, ...]] = ()
    _post_init: ClassVar[bool] = False
    """Whether the class has a `model_post_init` (pydantic-core calls it after validation)."""

    __pydantic_core_schema__ = _Built(_BUILT["__pydantic_core_schema__"])
    __pydantic_validator__ = _Built(_BUILT["__pydantic_validator__"])
    __pydantic_serializer__ = _Built(_BUILT["__pydantic_serializer__"])

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _declare(cls)
        cls._post_init = hasattr(cls, "model_post_init")
        if cls.model_config.get("extra") == "allow" and "__getattr__" not in cls.__dict__:
            cls.__getattr__ = Model._extra_field  # only here: a class with `__getattr__` is one CPython does not specialise attribute reads of

    def _extra_field(self, name: str) -> Any:
        """An extra field read as an attribute (`extra="allow"`), as pydantic reads it."""
        try:
            return self.__pydantic_extra__[name]
        except (KeyError, TypeError):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> dict[str, Any]:
        """A pydantic model's (or TypeAdapter's) field of this class validates as it does here."""
        return cls.__pydantic_core_schema__

    def __init__(self, /, **data: Any) -> None:
        """The model of `data` validated (pydantic's checks and conversions, the defaults of the fields not given)."""
        self.__pydantic_validator__.validate_python(data, self_instance=self)

    @classmethod
    def model_validate(cls, obj: Any, *, strict: bool | None = None, from_attributes: bool | None = None, context: Any = None) -> Self:
        return cls.__pydantic_validator__.validate_python(obj, strict=strict, from_attributes=from_attributes, context=context)

    @property
    def model_fields_set(self) -> set[str]:
        return self.__pydantic_fields_set__

    @property
    def model_extra(self) -> dict[str, Any] | None:
        return self.__pydantic_extra__

    def __copy__(self) -> Self:
        kind = type(self)
        made = kind.__new__(kind)
        object.__setattr__(made, "__dict__", copy.copy(self.__dict__))
        object.__setattr__(made, "__pydantic_extra__", copy.copy(self.__pydantic_extra__))
        object.__setattr__(made, "__pydantic_fields_set__", copy.copy(self.__pydantic_fields_set__))
        object.__setattr__(made, "__pydantic_private__", None)
        return made

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        kind = type(self)
        made = kind.__new__(kind)
        object.__setattr__(made, "__dict__", copy.deepcopy(self.__dict__, memo=memo))
        object.__setattr__(made, "__pydantic_extra__", copy.deepcopy(self.__pydantic_extra__, memo=memo))
        object.__setattr__(made, "__pydantic_fields_set__", copy.copy(self.__pydantic_fields_set__))
        object.__setattr__(made, "__pydantic_private__", None)
        return made

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (`deep`: of every value too) with `update`'s fields replaced (with `extra="allow"`, a name that is
        no field an extra field), and those fields counted as given; not validated (as pydantic's)."""
        copied = self.__deepcopy__() if deep else self.__copy__()
        if update:
            if self.model_config.get("extra") == "allow":
                fields = type(self).model_fields
                for name, value in update.items():
                    if name in fields:
                        copied.__dict__[name] = value
                    else:
                        if copied.__pydantic_extra__ is None:
                            object.__setattr__(copied, "__pydantic_extra__", {})
                        copied.__pydantic_extra__[name] = value
            else:
                copied.__dict__.update(update)
            copied.__pydantic_fields_set__.update(update.keys())
        return copied

    def model_dump(
        self, *, mode: str = "python", include: Any = None, exclude: Any = None, context: Any = None, by_alias: bool | None = None,
        exclude_unset: bool = False, exclude_defaults: bool = False, exclude_none: bool = False, round_trip: bool = False, warnings: bool | str = True,
    ) -> dict[str, Any]:
        """The model as a dict, as pydantic's `model_dump` gives it (`mode="json"`: JSON values)."""
        return self.__pydantic_serializer__.to_python(
            self, mode=mode, include=include, exclude=exclude, context=context, by_alias=by_alias, exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults, exclude_none=exclude_none, round_trip=round_trip, warnings=warnings,
        )

    def model_dump_json(
        self, *, indent: int | None = None, include: Any = None, exclude: Any = None, context: Any = None, by_alias: bool | None = None,
        exclude_unset: bool = False, exclude_defaults: bool = False, exclude_none: bool = False, round_trip: bool = False, warnings: bool | str = True,
    ) -> str:
        """The model as JSON text, as pydantic's `model_dump_json` gives it."""
        return self.__pydantic_serializer__.to_json(
            self, indent=indent, include=include, exclude=exclude, context=context, by_alias=by_alias, exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults, exclude_none=exclude_none, round_trip=round_trip, warnings=warnings,
        ).decode()

    def __getstate__(self) -> dict[str, Any]:
        """What pickle and `copy` keep (pydantic's state)."""
        return {
            "__dict__": self.__dict__, "__pydantic_extra__": self.__pydantic_extra__,
            "__pydantic_fields_set__": self.__pydantic_fields_set__, "__pydantic_private__": None,
        }

    def __reduce__(self) -> tuple[Any, ...]:
        """What pickle keeps: the class (made by `__new__`: pickle's NEWOBJ), then the values, the fields given and the
        extra fields as a tuple (`__setstate__`). The kept catalog's ~430 entries are unpickled at every start: a tuple
        is smaller than pydantic's state and unpacked without looking each part up by name."""
        return _NEW_OBJECT, (type(self),), (self.__dict__, self.__pydantic_fields_set__, self.__pydantic_extra__)

    def __setstate__(self, state: tuple[dict[str, Any], set[str], dict[str, Any] | None] | dict[str, Any]) -> None:
        """Through the slots' own setters (`SET_MODEL_SLOTS`): `__reduce__`'s tuple, or pydantic's state (`__getstate__`)."""
        if type(state) is tuple:
            values, given, extra = state
            SET_MODEL_SLOTS[0](self, given)
            SET_MODEL_SLOTS[1](self, extra)
            SET_MODEL_SLOTS[2](self, None)
            SET_MODEL_SLOTS[3](self, values)
            return
        SET_MODEL_SLOTS[0](self, state["__pydantic_fields_set__"] if "__pydantic_fields_set__" in state else set())
        SET_MODEL_SLOTS[1](self, state.get("__pydantic_extra__"))
        SET_MODEL_SLOTS[2](self, state.get("__pydantic_private__"))
        SET_MODEL_SLOTS[3](self, state.get("__dict__", {}))

    __setattr__ = _refuse_change
    __delattr__ = _refuse_delete

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        return type(self) is type(other) and self.__pydantic_extra__ == other.__pydantic_extra__ and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(self._hashed(self.__dict__))

    def __iter__(self) -> Any:
        """So `dict(model)` works (fields, then extra fields)."""
        yield from [(name, value) for name, value in self.__dict__.items() if not name.startswith("_")]
        extra = self.__pydantic_extra__
        if extra:
            yield from extra.items()

    def __repr__(self) -> str:
        shown = [*self.__dict__.items(), *(self.__pydantic_extra__ or {}).items()]
        return f"{type(self).__name__}({', '.join(f'{name}={value!r}' for name, value in shown)})"


_NEW_OBJECT = copyreg.__newobj__
"""What `Model.__reduce__` names for making an object of the class (pickle writes it as NEWOBJ: `cls.__new__(cls)`)."""

SET_MODEL_SLOTS = tuple(Model.__dict__[name].__set__ for name in ("__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__", "__dict__"))
"""The setters of a Model's slots, in this order (`Model.__setstate__`, plan.Plan.model_validate's workloads), called directly:
`object.__setattr__` looks each up on the class first."""


class _Result:
    """A frozen result: its fields' values in `__dict__`, which pydantic-core's validator fills and its serializer
    reads. pydantic's three other attributes of a model are the class's (the same for all its results): the fields
    given (every field), no extra fields, no private attributes; a pydantic model keeps them in each object (24
    bytes, and three attribute writes per result made: ~190,000 results at 10,000 workloads)."""

    __slots__ = ("__dict__",)

    __pydantic_extra__: ClassVar[None] = None
    __pydantic_private__: ClassVar[None] = None

    model_config: ClassVar[dict[str, Any]] = {}
    model_fields: ClassVar[dict[str, FieldInfo]] = {}
    """Every field, in its order (JSON order)."""
    _after_validators: ClassVar[tuple[Any, ...]] = ()
    _post_init: ClassVar[bool] = True

    fields_given: ClassVar[set[str]]
    """Every field of the class, set at class creation: the `__pydantic_fields_set__` of all its results (the class's)."""

    _blank: ClassVar[dict[str, Any] | None] = None
    """The class's fields, all None, in a dict whose copies share its keys (`blank_values`, `compact`); None past `_SHARED_KEYS`."""

    __pydantic_core_schema__ = _Built(_BUILT["__pydantic_core_schema__"])
    __pydantic_validator__ = _Built(_BUILT["__pydantic_validator__"])
    __pydantic_serializer__ = _Built(_BUILT["__pydantic_serializer__"])

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = _declare(cls)
        cls.fields_given = cls.__pydantic_fields_set__ = set(fields)
        cls._blank = blank_values(cls.__name__, list(fields))

    # As a Model: a pydantic field of this class validates as it does here, keyword arguments are validated, model_validate
    __get_pydantic_core_schema__ = Model.__dict__["__get_pydantic_core_schema__"]
    __init__ = Model.__init__
    model_validate = Model.__dict__["model_validate"]

    @classmethod
    def compact(cls, values: dict[str, Any]) -> dict[str, Any]:
        """`values` (every field, by name) as a dict in field order that shares its keys with every other dict made so
        for the class: a copy of its `_blank`, a split table (the class's one table of keys, the values apart: ~230
        instead of ~470 bytes at 16 fields, ~130 instead of ~190 at 5), which stays one as a result's `__dict__` (a
        result is never changed). Every result of a class of at most `_SHARED_KEYS` fields keeps its values so
        (validated, `of_valid` or copied): 10,000 workloads, ~140,000 results (scheduled tasks, costs per Mtok,
        quotes and their options, cost breakdowns...), ~8 MB less at the peak."""
        if cls._blank is None:
            return values
        compact = cls._blank.copy()  # a split table's copy shares its keys; setting them keeps it one
        compact.update(values)
        return compact

    def model_post_init(self, context: Any, /) -> None:
        """After validation: take out of the values what pydantic-core set as attributes of a model (its fields given,
        extra fields and private attributes: the class's here, see `_Result`), and keep the values in a compact dict
        (`compact`). The fields given are the class's every field: pydantic keeps a set per instance (~0.7-4 KB each),
        and results do not tell which fields were given (`exclude_unset` sees every field)."""
        values = self.__dict__
        del values["__pydantic_fields_set__"], values["__pydantic_extra__"], values["__pydantic_private__"]
        blank = type(self)._blank
        if blank is not None:  # `compact`, inline
            compact = blank.copy()
            compact.update(values)
            object.__setattr__(self, "__dict__", compact)

    @classmethod
    def of_valid(cls, values: dict[str, Any], compact: bool = False) -> Self:
        """A result over `values` as they are, without validating them: every field in `values`, each value already
        what validation would keep (its field's exact type, lists and dicts the result's own). What validation makes of
        such values, in a third of the time; the caller vouches for them (ScheduledTask: ~60,000 per evaluation at
        10,000 workloads). `compact`: `values` is already a compact dict (a copy of another result's), taken as it is."""
        made = object.__new__(cls)
        blank = cls._blank
        if blank is not None and not compact:  # `compact`, inline
            blank = blank.copy()
            blank.update(values)
            values = blank
        SET_VALUES(made, values)
        return made

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (`deep`: of every value too) with `update`'s fields replaced, not validated (as pydantic's)."""
        kind = type(self)
        copied = object.__new__(kind)
        if deep:
            values = copy.deepcopy(self.__dict__)
            if update:
                values.update(update)
        elif kind._blank is not None:
            values = self.__dict__.copy()  # compact as this one's
            if update:
                values.update(update)
        else:
            values = {**self.__dict__, **update} if update else dict(self.__dict__)
        SET_VALUES(copied, values)
        return copied

    @property
    def model_fields_set(self) -> set[str]:
        return self.__pydantic_fields_set__

    model_dump = Model.model_dump
    model_dump_json = Model.model_dump_json

    def __getstate__(self) -> dict[str, Any]:
        """What pickle and `copy` keep (pydantic's state)."""
        return {"__dict__": self.__dict__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    __setattr__ = _refuse_change
    __delattr__ = _refuse_delete

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, _Result):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(self._hashed(self.__dict__))

    def __iter__(self) -> Any:
        """So `dict(result)` works."""
        yield from list(self.__dict__.items())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{name}={value!r}' for name, value in self.__dict__.items())})"


SET_VALUES = _Result.__dict__["__dict__"].__set__
"""Sets a result's values (its `__dict__`): the slot's own setter, called directly (`of_valid`, `model_copy`: ~15,000 results
per cold evaluation of 1,000 workloads), where `object.__setattr__` looks it up on the class first."""
