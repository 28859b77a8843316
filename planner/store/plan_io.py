"""Read and write plan files: every problem located by file, line and key; saves atomic and canonical."""

from __future__ import annotations

import os
import re
import stat
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any


from planner.domain.catalog import Catalog
from planner.store.collector import collector_paused
from planner.domain.coremodel import Model
from planner.domain.plan import Plan
from planner.domain.validate import MAX_TASK_EDITS, MAX_WORKLOADS, Problem, parse_plan
from planner.domain.messages import Message, msg
from planner.errors import PlannerError
from planner.store.comments import PLANNER_HEADERS, Comments, entry_name, read_comments
from planner.store.locate import KeyLines
from planner.store.tomltext import parse_toml

if TYPE_CHECKING:
    from planner.domain.evaluate import Evaluator

MAX_PLAN_BYTES = 16 * 1024 * 1024
"""Largest plan file read (a program limit, not a domain figure): bigger files are refused at once."""

HEADER = PLANNER_HEADERS[0] + "\n"

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def read_plan_bytes(path: str | os.PathLike[str]) -> bytes:
    """The raw bytes of a plan file, or a PlannerError (exit 2) for a missing, unreadable or odd path."""
    file = str(path)
    target = Path(path)
    if not target.exists():
        raise PlannerError(msg("no such file"), file=file, exit_code=2)
    if target.is_dir():
        raise PlannerError(msg("is a directory, not a plan file"), file=file, exit_code=2)
    try:
        size = target.stat().st_size
        if size > MAX_PLAN_BYTES:
            raise PlannerError(
                msg("file is {size} MB; plan files are limited to {limit} MiB", size=f"{size / 1e6:.1f}", limit=MAX_PLAN_BYTES // (1024 * 1024)),
                file=file,
            )
        with open(target, "rb") as handle:
            return handle.read(MAX_PLAN_BYTES + 1)
    except PlannerError:
        raise
    except OSError as error:
        raise PlannerError(msg("cannot read: {reason}", reason=str(error.strerror or error)), file=file, exit_code=2) from None


def decode_plan_text(data: bytes, file: str) -> str:
    """Plan bytes as text; refuses empty, binary and non-UTF-8 files."""
    if len(data) > MAX_PLAN_BYTES:
        raise PlannerError(msg("file is larger than {limit} MiB", limit=MAX_PLAN_BYTES // (1024 * 1024)), file=file)
    if not data.strip():
        raise PlannerError(msg("empty file: a plan needs at least schema_version, name and start"), file=file, line=1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise PlannerError(msg("binary data (NUL byte): this is not a TOML plan"), file=file, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PlannerError(msg("not UTF-8 text (byte {byte})", byte=error.start), file=file, line=line) from None
    return text.removeprefix("\ufeff")


_ENTRY_HEADERS = {key: re.compile(rf"^[ \t]*\[\[[ \t]*{key}[ \t]*\]\]", re.MULTILINE) for key in ("workloads", "tasks")}


def oversize_problem(text: str, file: str) -> PlannerError | None:
    """A plan with more `[[workloads]]` or `[[tasks]]` entries than a plan may hold, found before parsing it.

    Counting the table headers takes milliseconds where parsing 100,000 entries takes seconds;
    validation still counts entries written as inline arrays after parsing. Each header holds its key's word, so
    where the word is in the text no more times than the limit (`str.count`, ~0.2 M instructions at 1,000 workloads),
    the headers are not counted (their pattern, tried at every line, ~8 M).
    """
    for key, limit in (("workloads", MAX_WORKLOADS), ("tasks", MAX_TASK_EDITS)):
        if text.count(key) <= limit:
            continue
        headers = _ENTRY_HEADERS[key]
        count = sum(1 for _ in headers.finditer(text))
        if count > limit:
            first = headers.search(text)
            line = text.count("\n", 0, first.start()) + 1 if first else None
            return PlannerError(msg("{count} entries; a plan holds at most {limit} (split it into several plans)", count=f"{count:,}", limit=f"{limit:,}"), file=file, line=line, key=key)
    return None


def parse_plan_text(text: str, file: str, catalog: Catalog, kept: Evaluator | None = None) -> tuple[Plan | None, list[PlannerError]]:
    """Parse and validate plan text; returns the plan (None if unusable) and every located problem.
    `kept`: the Evaluator that evaluates the plan next (planner.domain.validate.plan_problems)."""
    oversize = oversize_problem(text, file)
    if oversize is not None:
        return None, [oversize]
    with collector_paused():  # the parsed tree and the plan all stay alive: nothing for the collector to find
        try:
            data = parse_toml(text, file)
        except PlannerError as error:
            return None, [error]
        plan, problems = parse_plan(data, catalog, kept)
    return plan, locate_problems(problems, text, file)


def locate_problems(problems: list[Problem], text: str, file: str) -> list[PlannerError]:
    """Domain problems as PlannerErrors with the line of their key in `text`."""
    if not problems:
        return []
    lines = KeyLines(text)
    return [PlannerError(p.message, file=file, line=lines.line_of(p.path), key=p.key) for p in problems]


# --- canonical writing ---------------------------------------------------------------------------


def _key(name: str) -> str:
    if _BARE_KEY.match(name):
        return name
    import tomli_w  # here, not at import: only writing needs it (~1.3 M instructions at every start)

    return tomli_w.dumps({"k": name})[4:-1]


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:_}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return _value(int(value))
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    import tomli_w

    return tomli_w.dumps({"k": value})[4:-1]


class InlineTable(dict):
    """A table written inline on its key's line (`key = { low = 0.2, mode = 0.3, high = 0.6 }`)."""


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _emit(names: list[str], table: dict[str, Any], out: list[str], comments: Comments | None = None, written: set[tuple[str, ...]] | None = None, at: tuple[str, ...] = ()) -> None:
    """Append the TOML lines of `table` (at table path `names`) to `out`, with the `comments` of key path `at`."""
    written = set() if written is None else written
    scalars = {k: v for k, v in table.items() if isinstance(v, InlineTable) or (not isinstance(v, dict) and not _is_table_array(v))}
    tables = {k: v for k, v in table.items() if k not in scalars}
    if names and (scalars or not tables):
        _header(out, f"[{'.'.join(_key(p) for p in names)}]", at, comments, written)
    for key, value in scalars.items():
        _line(out, f"{_key(key)} = {_value(value)}", (*at, key), comments, written)
    for key, value in tables.items():
        if isinstance(value, dict):
            _emit([*names, key], value, out, comments, written, (*at, key))
        else:
            for index, item in enumerate(value):
                item_at = (*at, key, entry_name(item, index))
                _header(out, f"[[{'.'.join(_key(p) for p in [*names, key])}]]", item_at, comments, written)
                for item_key, item_value in item.items():
                    _line(out, f"{_key(item_key)} = {_value(item_value)}", (*item_at, item_key), comments, written)


def _line(out: list[str], line: str, at: tuple[str, ...], comments: Comments | None, written: set[tuple[str, ...]]) -> None:
    notes = comments.by_path.get(at) if comments else None
    if notes is None:
        out.append(line)
        return
    written.add(at)
    out.extend(notes.before)
    out.append(f"{line}  {notes.trailing}" if notes.trailing else line)


def _header(out: list[str], header: str, at: tuple[str, ...], comments: Comments | None, written: set[tuple[str, ...]]) -> None:
    written.add(at)  # every header: an entry written keeps the comments of keys it lost
    notes = comments.by_path.get(at) if comments else None
    if notes is None:
        out.append("\n" + header)
        return
    written.add(at)
    out.append("")
    out.extend(notes.before)
    out.append(f"{header}  {notes.trailing}" if notes.trailing else header)
    if notes.after:
        out.extend([*notes.after, ""])


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan as an ordered dict in canonical order: defaults of workloads and tasks left out."""
    top = plan.model_dump(mode="python", exclude_none=True, exclude={"organization", "hardware", "workloads", "tasks", "scenarios", "assumptions", "summary"})
    document: dict[str, Any] = dict(top)
    document["organization"] = plan.organization.model_dump(mode="python", exclude_none=True)
    if not plan.organization.staff:
        del document["organization"]["staff"]
    if not plan.organization.api_tiers:
        del document["organization"]["api_tiers"]
    if plan.assumptions:
        document["assumptions"] = {k: InlineTable(v.model_dump()) if isinstance(v, Model) else v for k, v in sorted(plan.assumptions.items())}
    hardware = plan.hardware.model_dump(mode="python", exclude_none=True)
    if hardware:
        document["hardware"] = hardware
    if plan.workloads:
        document["workloads"] = [w.model_dump(mode="python", exclude_none=True, exclude_defaults=True) | {"id": w.id, "name": w.name, "kind": w.kind} for w in plan.workloads]
        document["workloads"] = [_order_like(w, d) for w, d in zip(plan.workloads, document["workloads"])]
    if plan.tasks:
        document["tasks"] = [t.model_dump(mode="python", exclude_none=True, exclude_defaults=True) | {"id": t.id} for t in plan.tasks]
        document["tasks"] = [_order_like(t, d) for t, d in zip(plan.tasks, document["tasks"])]
    if plan.scenarios:
        document["scenarios"] = {
            name: ({"description": s.description} if s.description else {}) | dict(sorted(s.overrides.items()))
            for name, s in sorted(plan.scenarios.items())
        }
    if plan.summary:
        document["summary"] = plan.summary
    return document


def _order_like(model: Any, dumped: dict[str, Any]) -> dict[str, Any]:
    return {name: dumped[name] for name in type(model).model_fields if name in dumped}


def dump_plan(plan: Plan, comments: Comments | None = None) -> str:
    """The canonical TOML text of a plan (with its summary, if set), with the user's `comments` (read_comments) kept
    beside the keys and tables they annotate; comments whose key is gone are kept at the end."""
    document = plan_document(plan)
    out: list[str] = [HEADER.rstrip("\n")]
    written: set[tuple[str, ...]] = set()
    if comments:
        out += comments.top
        if comments.top:
            out.append("")
    _emit([], document, out, comments or None, written)
    if comments:
        tail = comments.orphans(written, written) + comments.end
        if tail:
            out += ["", *tail]
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"


TEMP_MARK = ".planner-"
"""Temp files are `.NAME.planner-PID.RANDOM.tmp` beside the file: the pid tells whether their writer still runs."""


def _umask() -> int:
    """The process umask (read from /proc where possible: setting it to read it is not thread-safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to `path` replaces: symlinks are followed, so the link stays and its target changes."""
    return Path(os.path.realpath(path))


def is_read_only(path: str | os.PathLike[str]) -> bool:
    """True when the file exists and its owner may not write it (mode bits, checked even for root) or we may not."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not mode & stat.S_IWUSR or not os.access(path, os.W_OK)


def write_text_atomic(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write a file (text as UTF-8, or bytes) so that a crash leaves either the old or the new content: temp file, fsync, replace.

    Writes through symlinks to their target; an existing file keeps its mode and owner, a new one gets
    0666 less the umask. Refuses (PlannerError, exit 2) to replace anything but a regular file.
    """
    target = write_target(path)
    directory = target.parent
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise PlannerError(msg("not a regular file; planner writes only regular files"), file=str(path), exit_code=2)
    import tempfile  # only to write: not at every start

    fd, temp = tempfile.mkstemp(prefix=f".{target.name}{TEMP_MARK}{os.getpid()}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        if existing is None:
            os.chmod(temp, 0o666 & ~_umask())
        else:
            os.chmod(temp, stat.S_IMODE(existing.st_mode))
            if (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.chown(temp, existing.st_uid, existing.st_gid)
                except PermissionError:  # only root may give a file away; the content still goes in
                    pass
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def looks_like_plan(path: str | os.PathLike[str]) -> bool:
    """True for a TOML file that declares a schema_version (a plan or a catalog): exports never replace one."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return False
    return re.search(rb"^\s*schema_version\s*=", head, re.M) is not None


def export_refusal(output: str, plan: str, force: bool) -> Message | None:
    """Why an export may not write `output` (None when it may): never over the plan, another plan or a
    catalog, or anything but a regular file; an existing file only with `force`."""
    target = write_target(output)
    if not target.exists():
        return None if target.parent.is_dir() else msg("folder does not exist")
    try:
        same = os.path.samefile(target, plan)
    except OSError:
        same = False
    if same:
        return msg("is the plan itself; choose another output file")
    if not target.is_file():
        return msg("not a regular file; exports write only regular files")
    if looks_like_plan(target):
        return msg("is a plan or catalog file (it has a schema_version); exports never replace one")
    if not force:
        return msg("already exists; pass --force to replace it")
    return None


def remove_stale_temp_files(path: str | os.PathLike[str]) -> list[Path]:
    """Delete the temp files a killed save left beside `path` (their writer is gone); returns them."""
    target = write_target(path)
    removed = []
    import glob  # only after a save: not at every start

    try:
        candidates = list(target.parent.glob(f".{glob.escape(target.name)}{TEMP_MARK}*.tmp"))
    except OSError:
        return removed
    for temp in candidates:
        pid = temp.name[len(target.name) + 1 + len(TEMP_MARK):].split(".", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        try:
            temp.unlink()
            removed.append(temp)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def plan_text(plan: Plan, previous_text: str | None = None) -> str:
    """The plan's file text, canonical, with the comments of `previous_text` (the file as read) where they belong."""
    return dump_plan(plan, read_comments(previous_text) if previous_text else None)


def save_plan(plan: Plan, path: str | os.PathLike[str], previous_text: str | None = None) -> str:
    """Write the plan canonically and atomically, keeping the comments of `previous_text` (the file as read); returns the text written."""
    text = plan_text(plan, previous_text)
    try:
        write_text_atomic(path, text)
    except OSError as error:
        raise PlannerError(f"cannot write: {error.strerror or error}", file=str(path), exit_code=2) from None
    return text
