"""Parse TOML text into data, every failure a PlannerError at file:line (never a RecursionError)."""

from __future__ import annotations

import re
from typing import Any

# tomli 2.2 is the TOML 1.0 parser Python's tomllib was taken from, as a compiled (mypyc) wheel: the same results
# and messages in about half the time (the shipped catalogs at each start: ~38 -> ~20 ms; a plan of 1,000
# workloads: ~25 -> ~13 ms). Where no compiled wheel exists for the platform, pip installs the same parser in Python.
import tomli as tomllib

from planner.store.collector import collector_paused
from planner.domain.limits import MAX_NESTING
from planner.domain.messages import msg
from planner.errors import PlannerError


def parse_toml(text: str, file: str) -> dict[str, Any]:
    """The data of TOML text, or a PlannerError naming file and line (exit 1)."""
    with collector_paused():  # the parsed tree all stays alive: nothing for the collector to find
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            match = re.search(r"at line (\d+)", str(error))  # compiled only for an error
            line = getattr(error, "lineno", None) or (int(match.group(1)) if match else None)
            message = str(error).split(" (at line")[0]
            raise PlannerError(msg("invalid TOML: {message}", message=message), file=file, line=line) from None
        except RecursionError:
            raise PlannerError(
                msg("arrays or tables nested too deep (planner reads at most {levels} levels)", levels=MAX_NESTING), file=file, line=deep_line(text)
            ) from None


def deep_line(text: str) -> int | None:
    """The line where brackets first nest deeper than MAX_NESTING (strings and comments skipped roughly)."""
    depth = 0
    line = 1
    quote = ""
    comment = False
    for char in text:
        if char == "\n":
            line += 1
            comment = False
            if quote in ('"', "'"):
                quote = ""
            continue
        if comment:
            continue
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return line
        elif char in "]}":
            depth = max(0, depth - 1)
    return None
