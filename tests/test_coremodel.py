"""coremodel's classes validate, fail and dump as pydantic's models of the same declarations do: the same core schema
(so the same checks, conversions and error messages), and pydantic's model API (copies, equality, hashing, pickling,
extra fields, frozen objects)."""

# No `from __future__ import annotations`: the classes below read their annotations as objects.

import copy
import pickle
from datetime import date
from typing import Annotated, Any, Literal, Self

import pydantic
import pytest

from planner.domain import coremodel
from planner.domain.coremodel import ConfigDict, Discriminator, Field, Model, Tag, ValidationError, model_validator, new_dict, new_list
from tests.shadow import as_pydantic, comparable


class _Strict(Model):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Span(_Strict):
    low: float
    high: float


def _kind(value: Any) -> str:
    return "span" if isinstance(value, (dict, Span)) else "value"


class Bounded(_Strict):
    count: int = Field(default=1, gt=0, le=100)
    share: float | None = Field(default=None, ge=0, lt=1)
    slug: str = Field(min_length=1, max_length=8, pattern=r"^[a-z]+$")
    day: date | None = Field(default=None, ge=date(2000, 1, 1), le=date(2099, 12, 31))
    tags: list[str] = Field(default_factory=new_list, max_length=3)
    heads: dict[str, Annotated[int, Field(ge=0, le=9)]] = Field(default_factory=new_dict, max_length=2)
    kind: Literal["a", "b"] | None = None
    span: Span = Field(default_factory=lambda: Span(low=0, high=1))
    values: dict[str, Annotated[Annotated[Span, Tag("span")] | Annotated[float | int | str | bool, Tag("value")], Discriminator(_kind)]] = Field(default_factory=new_dict)
    hidden: dict[str, Any] = Field(default_factory=new_dict, exclude=True)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.span.low > self.span.high:
            raise ValueError("span low is above high")
        return self


class Open(Model):
    model_config = ConfigDict(extra="allow", frozen=True, allow_inf_nan=False)

    description: str = ""


GOOD = {"slug": "abc", "count": 3, "share": 0.5, "day": "2026-01-02", "tags": ["x"], "heads": {"a": 1}, "kind": "a",
        "span": {"low": 1, "high": 2}, "values": {"r": {"low": 1, "high": 3}, "v": 2.5, "t": "text", "b": True}, "hidden": {"h": 1}}

BAD = [
    {},
    {"slug": ""},
    {"slug": "ABC"},
    {"slug": "abcdefghijk"},
    {"slug": "a", "count": 0},
    {"slug": "a", "count": 101},
    {"slug": "a", "count": 1.5},
    {"slug": "a", "count": "x"},
    {"slug": "a", "share": 1},
    {"slug": "a", "share": float("nan")},
    {"slug": "a", "share": float("inf")},
    {"slug": "a", "day": "1999-12-31"},
    {"slug": "a", "day": "soon"},
    {"slug": "a", "tags": ["1", "2", "3", "4"]},
    {"slug": "a", "tags": "x"},
    {"slug": "a", "heads": {"a": 10}},
    {"slug": "a", "heads": {"a": 1, "b": 2, "c": 3}},
    {"slug": "a", "kind": "c"},
    {"slug": "a", "span": {"low": 2}},
    {"slug": "a", "span": {"low": 3, "high": 2}},
    {"slug": "a", "span": {"low": 1, "high": 2, "mode": 1}},
    {"slug": "a", "values": {"r": {"low": 1}}},
    {"slug": "a", "values": {"v": [1]}},
    {"slug": "a", "unknown": 1},
    "not a table",
]


@pytest.mark.parametrize("cls", [Span, Bounded, Open], ids=lambda cls: cls.__name__)
def test_a_model_schema_is_the_one_pydantic_makes_of_its_declarations(cls):
    ours = cls.__pydantic_core_schema__
    assert comparable(ours) == comparable(as_pydantic(cls).__pydantic_core_schema__)
    assert list(cls.model_fields) == list(as_pydantic(cls).model_fields)


def test_the_schema_check_sees_a_missing_constraint():
    class Loose(_Strict):
        count: int = Field(default=1, gt=0)

    shadow = as_pydantic(Loose)
    Loose.model_fields["count"].metadata.append(coremodel.Constraint("le", 5))
    del Loose.__pydantic_core_schema__
    assert comparable(Loose.__pydantic_core_schema__) != comparable(shadow.__pydantic_core_schema__)


def _plain(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Errors with a validator's exception as its text (an exception equals only itself)."""
    return [{**error, "ctx": {k: str(v) for k, v in error["ctx"].items()}} if "ctx" in error else error for error in errors]


@pytest.mark.parametrize("data", BAD, ids=lambda data: repr(data)[:40])
def test_bad_input_fails_with_pydantic_errors(data):
    with pytest.raises(ValidationError) as ours:
        Bounded.model_validate(data)
    with pytest.raises(pydantic.ValidationError) as theirs:
        as_pydantic(Bounded).model_validate(data)
    assert _plain(ours.value.errors(include_url=False)) == _plain(theirs.value.errors(include_url=False))
    assert str(ours.value) == str(theirs.value)


def test_good_input_validates_and_dumps_as_pydantic_does():
    ours, theirs = Bounded.model_validate(GOOD), as_pydantic(Bounded).model_validate(GOOD)
    # (the shadow's discriminator knows coremodel's Span only: it warns of its own Span, and dumps it as a model all the same)
    assert ours.model_dump() == theirs.model_dump(warnings=False)
    assert ours.model_dump_json() == theirs.model_dump_json(warnings=False)
    assert ours.model_dump(mode="json", exclude_none=True, exclude_defaults=True) == theirs.model_dump(mode="json", exclude_none=True, exclude_defaults=True, warnings=False)
    assert type(ours.values["r"]) is Span and ours.values["v"] == 2.5 and ours.values["b"] is True
    assert ours.model_fields_set == theirs.model_fields_set and "hidden" not in ours.model_dump()
    assert Bounded(**GOOD) == ours and hash(Span(low=1, high=2)) == hash(Span(low=1.0, high=2.0))
    assert Bounded(slug="z").count == 1 and Bounded(slug="z").model_fields_set == {"slug"}


def test_a_model_is_frozen_and_copies_as_pydantic_models_do():
    made = Bounded.model_validate(GOOD)
    with pytest.raises(pydantic.ValidationError) as refused:
        made.count = 4
    assert refused.value.errors()[0]["type"] == "frozen_instance"
    changed = made.model_copy(update={"count": 7})
    assert changed.count == 7 and made.count == 3 and changed.model_fields_set == made.model_fields_set | {"count"}
    assert changed.span is made.span and made.model_copy(deep=True).span is not made.span
    for same in (copy.copy(made), copy.deepcopy(made), pickle.loads(pickle.dumps(made))):
        assert same == made and same.model_dump_json() == made.model_dump_json() and same.model_fields_set == made.model_fields_set
    assert made != changed and dict(Span(low=1, high=2)) == {"low": 1.0, "high": 2.0}
    assert repr(Span(low=1, high=2)) == repr(as_pydantic(Span)(low=1, high=2))


def test_extra_fields_are_kept_where_allowed():
    ours, theirs = Open.model_validate({"description": "d", "x": 1.5}), as_pydantic(Open).model_validate({"description": "d", "x": 1.5})
    assert ours.model_extra == theirs.model_extra == {"x": 1.5} and ours.x == 1.5
    assert ours.model_dump() == theirs.model_dump() and ours.model_dump_json() == theirs.model_dump_json()
    assert ours.model_copy(update={"y": 2}).model_extra == {"x": 1.5, "y": 2} and ours.model_extra == {"x": 1.5}
    assert ours != Open.model_validate({"description": "d", "x": 2})
    again = pickle.loads(pickle.dumps(ours))  # a Model pickles its values, fields given and extra fields (`__reduce__`)
    assert again == ours and again.model_extra == {"x": 1.5} and again.model_fields_set == ours.model_fields_set == {"description", "x"}
    with pytest.raises(AttributeError):
        ours.y  # noqa: B018
    assert Open(x=float("inf")).model_extra == as_pydantic(Open)(x=float("inf")).model_extra  # extra values are not checked


def test_a_field_schema_validates_as_pydantic_type_adapter_does():
    info = Bounded.model_fields["count"]
    adapter = pydantic.TypeAdapter(Annotated[info.annotation, pydantic.Field(**info.constraints)])
    assert comparable(coremodel.field_schema(Bounded, "count")) == comparable(adapter.core_schema)
    assert [c.name for c in Bounded.model_fields["slug"].metadata] == ["min_length", "max_length", "pattern"]
    assert Bounded.model_fields["tags"].is_required() is False and Bounded.model_fields["slug"].is_required() is True
    assert Bounded.model_fields["hidden"].exclude is True


@pytest.mark.parametrize("count", [1, 5, 12, 29])
def test_a_blank_has_the_table_a_class_gives_its_objects_once_it_has_made_many(count):
    """A result's values are a copy of its class's blank (coremodel.blank_values): the keys shared, the values in a table
    the size a class gives each object once it has made many (its first get room to spare), not that of a dict."""
    import sys

    fields = [f"field_{i}" for i in range(count)]
    reference = type("Reference", (), {})
    for _ in range(60):
        made = reference()
        for name in fields:
            setattr(made, name, None)
    blank = coremodel.blank_values("Counted", fields)
    copied = blank.copy()
    copied.update(dict.fromkeys(fields, 1))
    assert list(blank) == fields and set(blank.values()) == {None}
    assert sys.getsizeof(copied) == sys.getsizeof(blank) == sys.getsizeof(made.__dict__) < sys.getsizeof(dict(copied))
    assert coremodel.blank_values("Many", [f"field_{i}" for i in range(30)]) is None
