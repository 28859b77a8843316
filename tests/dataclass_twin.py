"""The frozen (or plain) dataclass a written-out class replaced, made again from its fields, and the behaviour the two
share checked: the reference the tests of written-out value classes (test_sizing.py, test_schedule.py) compare against."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

FRESH = object()
"""A default given as `(FRESH, factory)`: a fresh value of its type for each object (`field(default_factory=factory)`)."""


def _fresh(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and value[0] is FRESH


def dataclass_twin(cls: type, required: dict[str, Any], defaults: dict[str, Any], frozen: bool = True, order: list[str] | None = None) -> tuple[type, Any, Any]:
    """(the dataclass with `cls`'s fields, `cls` and that dataclass each made with only `required`'s values), having checked
    that `cls` is no dataclass, has the dataclass's fields as its slots in order, holds the dataclass's defaults (a fresh
    one each where `defaults` says `(FRESH, factory)`), and has its repr and equality (never equal to the dataclass's).
    `order`: the fields in their order for a keyword-only dataclass (`kw_only=True`, made by keyword only), whose fields
    with a default may come before those without; else the required fields, then those with a default."""
    assert not dataclasses.is_dataclass(cls)

    def field(name: str) -> tuple:
        if name in required:
            return (name, object)
        value = defaults[name]
        return (name, object, dataclasses.field(default_factory=value[1]) if _fresh(value) else dataclasses.field(default=value))

    fields = [field(name) for name in (order if order is not None else [*required, *defaults])]
    made = dataclasses.make_dataclass(cls.__name__, fields, frozen=frozen, kw_only=order is not None)
    made.__qualname__ = cls.__qualname__

    def new(kind: type) -> Any:
        return kind(**required) if order is not None else kind(*required.values())

    ours, theirs = new(cls), new(made)
    assert list(cls.__slots__) == [f.name for f in dataclasses.fields(made)]
    assert repr(ours) == repr(theirs) and cls(**required) == ours and not (ours != new(cls))
    assert ours.__eq__(theirs) is NotImplemented and ours != theirs
    if order is not None:
        with pytest.raises(TypeError):
            cls(*required.values())  # keyword-only, as the dataclass
    for name, value in defaults.items():
        assert getattr(ours, name) == getattr(theirs, name)
        if _fresh(value):
            assert getattr(ours, name) is not getattr(new(cls), name)  # each its own
    return made, ours, theirs


def frozen_as_its_twin(cls: type, made: type, ours: Any) -> None:
    """`cls` (a written-out frozen class) behaves as `made`, its frozen dataclass twin (`dataclass_twin`), `ours` one of
    `cls`: made with a text in every field, its repr is the twin's; changing any field makes it unequal and hashed as the
    twin's; no field is set or deleted once made; it is a dict key, and copied and pickled equal."""
    import copy
    import pickle

    every = {f.name: f"value {i}" for i, f in enumerate(dataclasses.fields(made))}
    assert repr(cls(**every)) == repr(made(**every))
    for name in every:
        changed = {**every, name: "changed"}
        assert cls(**changed) != cls(**every) and hash(cls(**changed)) == hash(made(**changed))
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(ours, name, "x")
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(ours, name)
    assert {cls(**every): 1}[cls(**every)] == 1
    assert copy.copy(ours) == ours == pickle.loads(pickle.dumps(ours)) and copy.deepcopy(ours) == ours
