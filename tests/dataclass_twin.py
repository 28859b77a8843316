"""The frozen (or plain) dataclass a written-out class replaced, made again from its fields, and the behaviour the two
share checked: the reference the tests of written-out value classes (test_sizing.py, test_schedule.py) compare against."""

from __future__ import annotations

import dataclasses
from typing import Any

FRESH = object()
"""A default given as `(FRESH, factory)`: a fresh value of its type for each object (`field(default_factory=factory)`)."""


def _fresh(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and value[0] is FRESH


def dataclass_twin(cls: type, required: dict[str, Any], defaults: dict[str, Any], frozen: bool = True) -> tuple[type, Any, Any]:
    """(the dataclass with `cls`'s fields, `cls` and that dataclass each made with only `required`'s values), having checked
    that `cls` is no dataclass, has the dataclass's fields as its slots in order, holds the dataclass's defaults (a fresh
    one each where `defaults` says `(FRESH, factory)`), and has its repr and equality (never equal to the dataclass's)."""
    assert not dataclasses.is_dataclass(cls)
    fields = [(name, object) for name in required] + [
        (name, object, dataclasses.field(default_factory=value[1]) if _fresh(value) else dataclasses.field(default=value)) for name, value in defaults.items()
    ]
    made = dataclasses.make_dataclass(cls.__name__, fields, frozen=frozen)
    made.__qualname__ = cls.__qualname__
    ours, theirs = cls(*required.values()), made(*required.values())
    assert list(cls.__slots__) == [f.name for f in dataclasses.fields(made)]
    assert repr(ours) == repr(theirs) and cls(**required) == ours and not (ours != cls(*required.values()))
    assert ours.__eq__(theirs) is NotImplemented and ours != theirs
    for name, value in defaults.items():
        assert getattr(ours, name) == getattr(theirs, name)
        if _fresh(value):
            assert getattr(ours, name) is not getattr(cls(*required.values()), name)  # each its own
    return made, ours, theirs
