"""The user's comments in a plan file, each tied to the key or table it annotates, so a canonical save keeps them.

A comment line belongs to the key or table header that follows it; a comment at the end of a key's or
header's line is that line's; comments inside a multi-line array go above its key (the canonical file
writes arrays on one line); comments right after a header, set off by a blank line, stay under the
header; comments before the first key stay at the top, comments after the last item stay at the end.
Entries of `[[workloads]]` and `[[tasks]]` are known by id, so their comments follow them when entries
are added, removed or moved.

tomlkit reads the file because it is the TOML parser that keeps comments with their position in the
document (tomllib drops them); the canonical text itself is still written by plan_io.
"""

from __future__ import annotations

from typing import Any, Iterator

Path_ = tuple[str, ...]

PLANNER_HEADERS = (
    "# LLM migration plan, written by planner.",
    "# LLM migration plan, written by planner. Comments are not kept: use description and note fields.",
)
"""The first line planner writes (and the one it wrote before comments were kept): not a user comment."""


class Notes:
    """Comments of one key or table. (A plain class: each dataclass is compiled at every start, ~2 M instructions.)"""

    def __init__(self, before: list[str] | None = None, trailing: str = "", after: list[str] | None = None) -> None:
        self.before: list[str] = [] if before is None else before
        """Comment lines above it."""
        self.trailing = trailing
        """The comment at the end of its line."""
        self.after: list[str] = [] if after is None else after
        """For a table: comment lines under its header, before its keys."""

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.before, self.trailing, self.after) == (other.before, other.trailing, other.after)  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable: unhashable, as a dataclass with eq is

    def __repr__(self) -> str:
        return f"Notes(before={self.before!r}, trailing={self.trailing!r}, after={self.after!r})"


class Comments:
    """Every comment of a plan file by the key path it belongs to (array entries as `#id`)."""

    def __init__(self, by_path: dict[Path_, Notes] | None = None, top: list[str] | None = None, end: list[str] | None = None) -> None:
        self.by_path: dict[Path_, Notes] = {} if by_path is None else by_path
        self.top: list[str] = [] if top is None else top
        """Comments before the first key, kept at the top of the file."""
        self.end: list[str] = [] if end is None else end
        """Comments after the last item, kept at the end of the file."""

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.by_path, self.top, self.end) == (other.by_path, other.top, other.end)  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Comments(by_path={self.by_path!r}, top={self.top!r}, end={self.end!r})"

    def __bool__(self) -> bool:
        return bool(self.by_path or self.top or self.end)

    def notes(self, path: Path_) -> Notes:
        return self.by_path.setdefault(path, Notes())

    def orphans(self, written: set[Path_], entries: set[Path_]) -> list[str]:
        """Comments of keys the new text no longer writes (a default dropped), kept at the end; the comments
        of a deleted `[[workloads]]` or `[[tasks]]` entry (not in `entries`) go with it."""
        lost: list[str] = []
        for path, notes in self.by_path.items():
            if path in written:
                continue
            entry = next((path[: i + 1] for i, part in enumerate(path) if part.startswith("#")), None)
            if entry is not None and entry not in entries:
                continue
            lost += notes.before + ([notes.trailing] if notes.trailing else []) + notes.after
        return lost


def entry_name(entry: Any, index: int) -> str:
    """How an array-of-tables entry is known: `#` and its id, or its position when it has none."""
    ident = entry.get("id") if hasattr(entry, "get") else None
    return f"#{ident}" if isinstance(ident, str) else f"#{index}"


def read_comments(text: str) -> Comments:
    """The comments of plan text (empty when it has none or does not parse)."""
    comments = Comments()
    if "#" not in text:
        return comments
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
    except (TOMLKitError, RecursionError, ValueError):
        return comments
    pending: list[str] = []
    last_header: Path_ | None = None
    seen_item = False
    for event in _events(document, ()):
        kind = event[0]
        if kind == "comment":
            if event[1] not in PLANNER_HEADERS:
                pending.append(event[1])
        elif kind == "blank":
            if pending and last_header is not None:
                comments.notes(last_header).after += pending
                pending = []
            elif pending and not seen_item:
                comments.top += pending
                pending = []
        else:
            _, path, trailing, inner = event
            if pending or inner or trailing:
                notes = comments.notes(path)
                notes.before += pending + inner
                notes.trailing = trailing or notes.trailing
            pending = []
            seen_item = True
            last_header = path if kind == "header" else None
    comments.end += pending
    return comments


def _events(container: Any, path: Path_) -> Iterator[tuple]:
    """("comment", text) / ("blank",) / ("key" | "header", path, trailing comment, comments inside the value) in file order."""
    from tomlkit import items

    for key, item in container.body:
        if isinstance(item, items.Comment):
            yield ("comment", item.trivia.comment.strip())
        elif isinstance(item, items.Whitespace):
            if "\n" in item.as_string().strip(" \t"):
                yield ("blank",)
        elif isinstance(item, items.AoT):
            for index, entry in enumerate(item.body):
                entry_path = (*path, key.key, entry_name(entry, index))
                yield ("header", entry_path, entry.trivia.comment.strip(), [])
                yield from _events(entry.value, entry_path)
        elif isinstance(item, items.Table):
            table_path = (*path, key.key)
            if not item.is_super_table():
                yield ("header", table_path, item.trivia.comment.strip(), [])
            yield from _events(item.value, table_path)
        elif key is not None:
            inner = list(_array_comments(item)) if isinstance(item, items.Array) else []
            yield ("key", (*path, key.key), item.trivia.comment.strip(), inner)


def _array_comments(array: Any) -> Iterator[str]:
    from tomlkit import items

    for group in getattr(array, "_value", []):
        for part in group:  # an item group: indent, value, comma, comment
            if isinstance(part, items.Comment):
                yield part.trivia.comment.strip()
            elif isinstance(part, items.Array):
                yield from _array_comments(part)
