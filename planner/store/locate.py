"""Find the line of a dotted key path in TOML text, so errors can say FILE:LINE."""

from __future__ import annotations

import re
from functools import cache


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A table header, a key line and a dotted key's part; compiled the first time a line is looked up (only to
    report an error, mostly), not at every start (~3 M instructions)."""
    return (
        re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$"),
        re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""),
        re.compile(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'"""),
    )


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _patterns()[2].findall(dotted))


class KeyLines:
    """Line numbers (1-based) of the tables and keys in a TOML document, indexed when a line is first asked for
    (a catalog file's are only needed to report an error in it: indexing all of them cost ~10 ms at each start)."""

    def __init__(self, text: str):
        self._text = text
        self._indexed: dict[tuple[str | int, ...], int] | None = None

    @property
    def _lines(self) -> dict[tuple[str | int, ...], int]:
        if self._indexed is None:
            self._indexed = self._index(self._text)
        return self._indexed

    @classmethod
    def _index(cls, text: str) -> dict[tuple[str | int, ...], int]:
        lines: dict[tuple[str | int, ...], int] = {}
        array_counts: dict[tuple[str, ...], int] = {}
        table: tuple[str | int, ...] = ()
        in_multiline: str | None = None
        header_line, key_line, _ = _patterns()
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if in_multiline in line:
                    in_multiline = None
                continue
            header = header_line.match(line)
            if header and not line.lstrip().startswith("#"):
                names = _parts(header.group(2))
                if header.group(1) == "[[":
                    index = array_counts.get(names, 0)
                    array_counts[names] = index + 1
                    table = (*names, index)
                    lines.setdefault(names, number)
                else:
                    table = cls._with_indexes(names, array_counts)
                lines.setdefault(table, number)
                continue
            key = key_line.match(line)
            if key:
                path = (*table, *_parts(key.group(1)))
                lines.setdefault(path, number)
                rest = line[key.end():].strip()
                for quote in ('"""', "'''"):
                    if rest.startswith(quote) and rest.count(quote) == 1:
                        in_multiline = quote
        return lines

    @staticmethod
    def _with_indexes(names: tuple[str, ...], array_counts: dict[tuple[str, ...], int]) -> tuple[str | int, ...]:
        """`[a.b]` under the last `[[a]]` means a.<last index>.b."""
        path: list[str | int] = []
        for i, name in enumerate(names):
            path.append(name)
            count = array_counts.get(tuple(names[: i + 1]))
            if count and i < len(names) - 1:
                path.append(count - 1)
        return tuple(path)

    def line_of(self, path: tuple[str | int, ...]) -> int:
        """Line of the key, or of the closest enclosing table or key; 1 when nothing matches."""
        for end in range(len(path), 0, -1):
            line = self._lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1
