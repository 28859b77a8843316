"""Parse TOML text into data, every failure a PlannerError at file:line (never a RecursionError)."""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any

# rtoml 0.14 (Rust's toml crate) reads a plan of 1,000 workloads in ~22 M instructions where tomli takes ~111 M. It
# reads TOML 1.1, which tomli 2.2 refuses, and gives offset datetimes its own tzinfo class, so it is only asked about
# text that `plain` finds free of both; whatever it refuses, tomli reads again, for tomli's message and line.
try:
    import rtoml
except ImportError:  # no wheel for this platform: tomli reads everything
    rtoml = None

from planner.store.collector import collector_paused
from planner.domain.limits import MAX_NESTING
from planner.domain.messages import msg
from planner.errors import PlannerError

TIME_OF_DAY = r":[0-9]"
"""Where a time of day may be written (`07:32`, `1979-05-27T07:32:00+09:00`), or such text in a string or comment."""
PAIR = r"""[A-Za-z0-9_-]+[ \t]*=[ \t]*(?:"[^"\\\n{}]*"|'[^'\n{}]*'|[A-Za-z0-9_.+-]+)"""
ONE_LINE_TABLE = rf"\{{[ \t]*(?:{PAIR}[ \t]*(?:,[ \t]*{PAIR}[ \t]*)*)?\}}"
"""An inline table as TOML 1.0 writes it: on one line, no comma after its last pair, bare keys, each value a string
without escapes or a word (number, bool, date); what `planner fmt` writes (`roles = { ml_engineer = 1 }`)."""
HEADER = r"\n\[(\[?[^\]\n]*)"
"""A table header on a line of its own: its name with any spaces around it, after "[" if it is an array's (a line of
a multi-line array or string may look like one); one group: `findall` gives strings, not a tuple per header."""


ONE_PART_ARRAY = r"\n\[\[[A-Za-z0-9_-]+\]\]\n"
"""A line that is an array's header of one bare name and nothing else (`[[workloads]]`): it makes no table that a later
header could name (a later `[workloads]` both readers refuse), so `headers_in_order` has nothing to check in it. The
first such header's lines are taken out of the text before its headers are listed (~2 M instructions fewer at 1,000
workloads)."""


def parse_toml(text: str, file: str) -> dict[str, Any]:
    """The data of TOML text, or a PlannerError naming file and line (exit 1)."""
    with collector_paused():  # the parsed tree all stays alive: nothing for the collector to find
        data = rtoml_data(text)
        if data is not None:
            return data
        # tomli 2.2 is the TOML 1.0 parser Python's tomllib was taken from, as a compiled (mypyc) wheel: the same
        # results and messages in about half the time. Where no compiled wheel exists for the platform, pip installs
        # the same parser in Python. Imported here, where rtoml did not read the text (~3.8 M instructions at every
        # start otherwise: a plan rtoml reads, with the kept catalogs, needs none of it).
        import tomli as tomllib

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


def rtoml_data(text: str) -> dict[str, Any] | None:
    """What rtoml reads of `text` where that is what tomli reads, value for value and type for type; None where rtoml
    is not installed, refuses the text, or the text may hold what the two read differently (`plain`)."""
    if rtoml is None or not plain(text):
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # as tomli does first (rtoml would keep "\r\n" in a multi-line string)
        if "\r" in text:  # a carriage return alone, which rtoml may read as part of a line end that tomli refuses
            return None
    try:
        return rtoml.loads(text)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # TomlParsingError, or anything else (a Rust panic is a BaseException): tomli says what is wrong
        return None


def plain(text: str) -> bool:
    """Whether `text` holds none of what rtoml 0.14 reads and tomli 2.2 refuses or reads otherwise: TOML 1.1's `\\e`
    and `\\xHH` escapes, times without seconds, inline tables over several lines or with a trailing comma; a byte
    order mark (rtoml skips one); offset datetimes (rtoml's tzinfo is not `datetime.timezone`); a table made by a
    header of a table in it and defined after (`headers_in_order`). A colon before a digit, `\\e` or `\\x` (even
    `\\\\x`), or `{` not opening a ONE_LINE_TABLE, wherever it is, is enough to say no: tomli reads the text."""
    if "\\" in text and ("\\e" in text or "\\x" in text):
        return False
    if "\ufeff" in text or ":" in text and re.search(TIME_OF_DAY, text):
        return False
    if "{" in text and text.count("{") != len(re.findall(ONE_LINE_TABLE, text)):
        return False
    return headers_in_order(text)


def headers_in_order(text: str) -> bool:
    """Whether no table header names a table that an earlier header made as a table it is in (`[a]` after `[a.b]`
    or `[[a.b]]`): rtoml puts such a table where its header is, tomli where it was made (an array's header there,
    `[[a]]`, both refuse). Headers with quotes or spaces in their names, or after spaces on their line, say no
    (`["a"]` is `[a]`), and so may lines of a multi-line array or string that look like headers. A header like the
    one before it adds nothing (`[[workloads]]` again)."""
    text = "\n" + text
    if ("\n " in text or "\n\t" in text) and re.search(r"\n[ \t]+\[", text):
        return False
    first = re.search(ONE_PART_ARRAY, text)
    if first is not None:  # its lines (a plan's 1,000 `[[workloads]]`) go: such a header makes no table in another
        text = text.replace(first.group(), "\n")
    made: set[str] = set()
    for name, _ in groupby(re.findall(HEADER, text)):
        array = name[:1] == "["
        if array:
            name = name[1:]
        if not array and name in made or '"' in name or "'" in name or " " in name or "\t" in name:
            return False
        parts = name.split(".")
        for end in range(1, len(parts)):
            made.add(".".join(parts[:end]))
    return True


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
