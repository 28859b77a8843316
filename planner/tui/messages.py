"""Messages the screens post to the app (named for what the user asked; the app handles them with `@on`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual.message import Message

if TYPE_CHECKING:
    from planner.domain.plan import Plan


class PlanEdit(Message):
    """The user asked for an edit: the app applies `change` to the plan that is current when it handles
    this (never a copy taken earlier), validates and evaluates the result, and redraws.

    `change` may raise FieldInvalid or PlannerError: the app shows it in a dialog titled `failure`.
    `notice` is shown once the edit is applied; edits with the same `coalesce` key in a row are one
    undo step (typing in a field).
    """

    def __init__(self, change: Callable[[Plan], Plan], *, failure: str = "Edit not applied", notice: str | None = None, coalesce: str | None = None):
        super().__init__()
        self.change = change
        self.failure = failure
        self.notice = notice
        self.coalesce = coalesce
