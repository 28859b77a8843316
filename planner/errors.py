"""The one error type the planner shows to users: file, line, dotted key and message, never a traceback."""

from __future__ import annotations


class PlannerError(Exception):
    """A problem to show the user as ``FILE:LINE: key: message``.

    `exit_code` is 2 for unusable arguments or unreadable files, 1 for problems in their content.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None, key: str | None = None, exit_code: int = 1):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.key = key
        self.exit_code = exit_code

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        key = f"{self.key}: " if self.key else ""
        from planner.i18n import translate  # the message in the display language; file, line and key stay exact

        return f"{where}{key}{translate(self.message)}"


def combined(errors: list[PlannerError]) -> PlannerError:
    """The one error to raise for the problems of one plan: the problem itself when alone, else PlanProblems."""
    return errors[0] if len(errors) == 1 else PlanProblems(errors)


class PlanProblems(PlannerError):
    """Several problems in one plan file; ``str()`` gives one line per problem."""

    def __init__(self, errors: list[PlannerError]):
        super().__init__(f"{len(errors)} problem(s)", file=errors[0].file if errors else None, exit_code=1)
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
