"""Small value classes written out instead of made by `@dataclass` (which compiles each class's methods when its
module is imported: 2-5 M instructions a class, at every start of a process). One place for what they share."""

from __future__ import annotations

from dataclasses import FrozenInstanceError


class Record:
    """What `@dataclass` gives planner's small value classes (`__eq__` over the fields, a `__repr__`
    naming them), written once: a dataclass compiles its methods when its module is imported (2-4 M instructions a
    class, at every start of a process). A subclass lists its fields in `__slots__` and sets them in `__init__`;
    `__hash__` is None, as a dataclass's that is not frozen (`Frozen`: hashed over its fields, not changed once made)."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]

    def _values(self) -> tuple:
        return tuple([getattr(self, name) for name in self.__slots__])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()  # type: ignore[attr-defined]
        return NotImplemented

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in self.__slots__)})"


class Frozen(Record):
    """A `Record` that nothing changes once made (`@dataclass(frozen=True)`'s: setting a field raises, hashed over
    its fields): `__init__` sets them with `object.__setattr__`."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._values())

    def __reduce__(self) -> tuple:
        """Copied and pickled through `__init__` (its parameters are the fields, in order)."""
        return (type(self), self._values())
