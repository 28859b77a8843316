"""Messages the domain says, kept translatable without the domain knowing about languages.

A `Message` is a `str` whose value is the English rendering (so JSON, saved files and tests that compare
strings see plain English) and which also carries its gettext message id (`template`) and named
parameters. The display layer (`planner.i18n.translate`) renders it in the user's language. Parameters
that are themselves Messages (a data class, a strategy name) are translated too; numbers, ids and
what users typed are passed as they are.

    msg("Does a regulation forbid the cloud for {data} data in {industry}?", data=..., industry=...)
    msgn("{n} workload", "{n} workloads", n)
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
        """A pydantic field typed `Message` keeps the Message (a plain str becomes one); JSON gets the English text."""
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            lambda value: value if isinstance(value, Message) else Message(_plain(value)),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


class Won(float):
    """An amount of won as a Message parameter: `114,350,920` in the English text (and JSON); where the message is
    shown translated, the display layer writes it the reader's way (억/만원 in Korean: planner.i18n.translate)."""

    def __format__(self, spec: str) -> str:
        return f"{round(self):,}" if not spec else float.__format__(self, spec)

    def __str__(self) -> str:
        return format(self, "")


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


def joined(parts: list[Any], separator: Any = ", ") -> Message:
    """`parts` joined by `separator` as one Message: its Message parts (and a separator that is a Message) are
    translated when shown, so a list inside a sentence reads in the user's language."""
    names = [f"part{i}" for i in range(len(parts))]
    return Message("{separator}".join("{" + name + "}" for name in names), {"separator": separator, **dict(zip(names, parts))})
