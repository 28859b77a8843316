"""Messages the domain says, kept translatable without the domain knowing about languages.

A `Message` is a `str` whose value is the English rendering (so JSON, saved files and tests that compare
strings see plain English) and which also carries its gettext message id (`template`) and named
parameters. The display layer (`planner.i18n.translate`) renders it in the user's language. Parameters
that are themselves Messages (a data class, a strategy name) are translated too; numbers, ids and
what users typed are passed as they are.

    msg("Does a regulation forbid the cloud for {data} data in {industry}?", data=..., industry=...)
    msgn("{n} workload", "{n} workloads", n)

A `Part` is a message made only to be a parameter of others (`part(...)`): its template and parameters
without a text of its own; it writes its English where a message around it is formatted, and is translated
as a Message parameter is. A levelling note's text lists the tasks holding it back: its parts (who is busy
with which tasks until when) kept as Messages held that list again at every level (10,000 workloads: ~14 MB).
"""

from __future__ import annotations

from typing import Any


class Message(str):
    """English text with its message id (`template`), parameters and, for plurals, `plural` and `n`."""

    __slots__ = ("template", "params", "plural", "n")  # no __dict__: an evaluation holds ~35 messages per workload

    template: str
    params: dict[str, Any]
    plural: str | None
    n: int | None

    def __new__(cls, template: str, params: dict[str, Any] | None = None, plural: str | None = None, n: int | None = None) -> "Message":
        params = dict(params or {})
        chosen = template if plural is None or n == 1 else plural
        value = chosen.format(**({"n": n} | params if n is not None else params))
        self = super().__new__(cls, value)
        self.template, self.params, self.plural, self.n = template, params, plural, n
        return self

    def __reduce__(self):
        return (Message, (self.template, self.params, self.plural, self.n))

    def __repr__(self) -> str:
        return f"Message({str.__repr__(self)})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        """A pydantic field typed `Message` keeps the Message (a plain str becomes one); JSON gets the English text.
        pydantic-core writes it as the str it is, without calling back into Python for each (a 1,000-workload `show
        --json` writes ~40,000); `model_dump()` keeps the Messages, `model_dump(mode="json")` gives plain strs."""
        return {  # core_schema.no_info_plain_validator_function(..., serialization=core_schema.simple_ser_schema("str"))
            "type": "function-plain",
            "function": {"type": "no-info", "function": lambda value: value if isinstance(value, Message) else Message(_plain(value))},
            "serialization": {"type": "str"},
        }


class Won(float):
    """An amount of won as a Message parameter: `114,350,920` in the English text (and JSON); where the message is
    shown translated, the display layer writes it the reader's way (억/만원 in Korean: planner.i18n.translate)."""

    def __format__(self, spec: str) -> str:
        return f"{round(self):,}" if not spec else float.__format__(self, spec)

    def __str__(self) -> str:
        return format(self, "")


class Part:
    """A message that is only ever a parameter of other messages (`part`, `joined(..., part=True)`): a Message's
    template, parameters, plural and n, no text. Formatted inside a message (`{causes}`), it writes its English
    (`str(part)`); `planner.i18n.translate` translates it as it does a Message parameter. Immutable by convention,
    as Messages are (one part may be shared by many messages)."""

    __slots__ = ("template", "params", "plural", "n")

    template: str
    params: dict[str, Any]
    plural: str | None
    n: int | None

    def __init__(self, template: str, params: dict[str, Any] | None = None, plural: str | None = None, n: int | None = None) -> None:
        self.template, self.params, self.plural, self.n = template, params if params is not None else {}, plural, n

    def __str__(self) -> str:
        chosen = self.template if self.plural is None or self.n == 1 else self.plural
        return chosen.format(**({"n": self.n} | self.params if self.n is not None else self.params))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Part):
            return (self.template, self.params, self.plural, self.n) == (other.template, other.params, other.plural, other.n)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.template, self.plural, self.n))

    def __reduce__(self):
        return (Part, (self.template, self.params, self.plural, self.n))

    def __repr__(self) -> str:
        return f"Part({str(self)!r})"


def N_(template: str) -> str:
    """Mark a template for `make messages` (Babel's N_ keyword) where its Message or Part is made without `msg`/`part`
    (hot paths set the fields directly): unmarked, the extraction would not see it and `make messages` would drop its
    translation from the .po."""
    return template


def part(template: str, /, **params: Any) -> Part:
    """`msg(template, **params)` as a `Part`: for a message made only to be a parameter of another."""
    return Part(template, params)


def _plain(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a message must be text")
    return value.replace("{", "{{").replace("}", "}}")


def msg(template: str, /, **params: Any) -> Message:
    """A translatable message: `template` is the English text with `{named}` parameters."""
    # Message(template, params), without copying `params` (a new dict already): an evaluation makes ~40 per workload
    self = str.__new__(Message, template.format(**params))
    self.template, self.params, self.plural, self.n = template, params, None, None
    return self


def msgn(singular: str, plural: str, n: int, /, **params: Any) -> Message:
    """A translatable message with plural forms chosen by `n` (available to the templates as `{n}`)."""
    return Message(singular, params, plural, n)


def joined(parts: list[Any], separator: Any = ", ", *, part: bool = False) -> Message:
    """`parts` joined by `separator` as one Message: its Message parts (and a separator that is a Message) are
    translated when shown, so a list inside a sentence reads in the user's language. `part`: as a `Part` (a
    parameter of another message only)."""
    names = [f"part{i}" for i in range(len(parts))]
    template, params = "{separator}".join("{" + name + "}" for name in names), {"separator": separator, **dict(zip(names, parts))}
    return Part(template, params) if part else Message(template, params)  # type: ignore[return-value]
