"""`planner import FILE.csv|xlsx`: a team's workload inventory (a spreadsheet) as plan workloads.

Columns are recognized by their header, in English or Korean (`HEADERS`; case, spaces, `-`, `_`, `/`
and brackets do not matter). Whatever a row leaves out comes from its workload kind, as in a plan
file. Every row is checked like a plan's `[[workloads]]`; problems are reported as
`FILE:ROW:COLUMN: message` (ROW as the spreadsheet numbers it, COLUMN the header as written) and
nothing is written while any remains.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.domain.catalog import Catalog
from planner.domain.plan import Plan, new_workload_id
from planner.domain.validate import parse_plan
from planner.domain.messages import Message, msg
from planner.errors import PlannerError

HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "workload id", "slug", "아이디", "식별자", "id(영문)"),
    "name": ("name", "workload", "workload name", "service", "이름", "워크로드", "워크로드명", "업무명", "서비스명", "서비스"),
    "kind": ("kind", "type", "workload kind", "유형", "종류", "업무 유형", "워크로드 유형"),
    "users": ("users", "user count", "number of users", "사용자", "사용자 수", "사용자수", "이용자 수"),
    "requests_per_user_per_day": ("requests per user per day", "requests/user/day", "requests per user", "인당 요청", "1인당 일일 요청", "인당 일 요청 수"),
    "requests_per_day": ("requests per day", "requests/day", "daily requests", "일일 요청", "일 요청 수", "하루 요청", "일일 요청 수"),
    "days_per_month": ("days per month", "days/month", "월 사용일", "월 이용일"),
    "input_tokens": ("input tokens", "tokens in", "입력 토큰", "입력 토큰 수"),
    "output_tokens": ("output tokens", "tokens out", "출력 토큰", "출력 토큰 수"),
    "data": ("data", "data class", "data classification", "데이터", "데이터 등급", "데이터 분류", "데이터 유형"),
    "deidentifiable": ("deidentifiable", "de-identifiable", "can be de-identified", "비식별 가능", "비식별화 가능"),
    "cloud_model": ("cloud model", "api model", "클라우드 모델", "api 모델"),
    "open_model": ("open model", "self-hosted model", "오픈 모델", "자체 호스팅 모델"),
    "note": ("note", "notes", "comment", "비고", "메모"),
}
"""Plan field -> recognized headers (English, Korean). The README lists them."""

DATA_CLASSES_KO = {"공개": "public", "내부": "internal", "대외비": "confidential", "기밀": "confidential", "개인정보": "personal", "규제": "regulated", "비밀": "classified"}
"""Korean data-class words -> the plan's data classes."""
TRUE_WORDS = {"true", "yes", "y", "1", "o", "예", "네", "가능"}
FALSE_WORDS = {"false", "no", "n", "0", "x", "아니오", "아니요", "불가", "불가능"}
INTEGER_FIELDS = ("users", "days_per_month", "input_tokens", "output_tokens")
NUMBER_FIELDS = ("requests_per_user_per_day", "requests_per_day")
MAX_ROWS = 10_000
"""Most rows one import reads (the plan's own workload limit)."""


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-/()\[\]]+", "", str(header).strip().lower())


_LOOKUP = {_normal(alias): name for name, aliases in HEADERS.items() for alias in (name, *aliases)}


class RowProblem(PlannerError):
    """A bad cell or row: `FILE:ROW:COLUMN: message` (`FILE:ROW: message` when no column is to blame)."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:" if self.line else f"{self.file}:"
        from planner.i18n import translate  # the message in the display language; file, row and column stay exact

        return f"{where}{translate(self.key)}: {translate(self.message)}" if self.key else f"{where} {translate(self.message)}"


@dataclass
class Inventory:
    """Rows read from a spreadsheet, mapped to workload fields."""

    file: str
    columns: dict[int, str] = field(default_factory=dict)
    """Column index -> plan field."""
    headers: list[str] = field(default_factory=list)
    """Headers as written."""
    ignored: list[str] = field(default_factory=list)
    """Headers no field matched."""
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    """(spreadsheet row number, field -> raw value) for each non-empty row."""


def read_table(path: str) -> list[list[Any]]:
    """The cells of a .csv (UTF-8, with or without BOM; `,` `;` or tab) or of the first sheet of a .xlsx."""
    suffix = Path(path).suffix.lower()
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise PlannerError(msg("no such file"), file=path, exit_code=2) from None
    except IsADirectoryError:
        raise PlannerError(msg("is a directory, not a spreadsheet"), file=path, exit_code=2) from None
    except OSError as error:
        raise PlannerError(msg("cannot read: {reason}", reason=str(error.strerror or error)), file=path, exit_code=2) from None
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many types for a damaged file
            raise PlannerError(msg("not a readable .xlsx workbook ({error})", error=type(error).__name__), file=path, exit_code=2) from None
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1)]
    if suffix != ".csv":
        raise PlannerError(msg("import reads .csv or .xlsx files"), file=path, exit_code=2)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlannerError(msg("not UTF-8 text; save the CSV as UTF-8 (Excel: CSV UTF-8)"), file=path, exit_code=2) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)][: MAX_ROWS + 1]


def map_columns(table: list[list[Any]], file: str) -> Inventory:
    """Recognize the header row and collect the rows' values by field."""
    inventory = Inventory(file=file)
    if not table:
        raise PlannerError(msg("the file is empty"), file=file, exit_code=1)
    inventory.headers = ["" if h is None else str(h).strip() for h in table[0]]
    for index, header in enumerate(inventory.headers):
        name = _LOOKUP.get(_normal(header))
        if name is None:
            if header:
                inventory.ignored.append(header)
        elif name in inventory.columns.values():
            raise PlannerError(msg("two columns mean {name}: {header} and another; keep one", name=name, header=repr(header)), file=file, line=1, exit_code=1)
        else:
            inventory.columns[index] = name
    if "name" not in inventory.columns.values() and "id" not in inventory.columns.values():
        known = ", ".join(HEADERS)
        raise PlannerError(msg("no name column in the header row (recognized: {known})", known=known), file=file, line=1, exit_code=1)
    for number, row in enumerate(table[1:], start=2):
        values = {}
        for index, name in inventory.columns.items():
            value = row[index] if index < len(row) else None
            if isinstance(value, str):
                value = value.strip()
            if value not in (None, ""):
                values[name] = value
        if values:
            inventory.rows.append((number, values))
    return inventory


class _CellError(ValueError):
    """A cell the plan field cannot take: `message` says why (a Message)."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


def _convert(name: str, value: Any) -> Any:
    """A cell as the plan field wants it; raises ValueError with a message for the user."""
    if name in INTEGER_FIELDS or name in NUMBER_FIELDS:
        if isinstance(value, bool):
            raise _CellError(msg("expected a number"))
        if isinstance(value, str):
            cleaned = value.replace(",", "").replace("_", "").strip()
            try:
                value = float(cleaned)
            except ValueError:
                raise _CellError(msg("expected a number, got {value}", value=repr(value))) from None
        number = float(value)
        if name in INTEGER_FIELDS:
            if not number.is_integer():
                raise _CellError(msg("expected a whole number, got {value}", value=repr(value)))
            return int(number)
        return int(number) if number.is_integer() else number
    if name == "deidentifiable":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise _CellError(msg("expected yes or no, got {value}", value=repr(value)))
    text = str(value).strip()
    if name == "data":
        return DATA_CLASSES_KO.get(text, text.lower())
    if name in ("kind", "cloud_model", "open_model"):
        return text.lower().replace(" ", "_") if name == "kind" else text.lower()
    return text


@dataclass
class ImportResult:
    """The workloads an import produces, or why it cannot."""

    workloads: list[dict[str, Any]]
    """Workload tables as a plan file holds them (only the fields the spreadsheet set, plus id)."""
    plan: Plan | None
    """The plan with the workloads added (None when there were problems)."""
    errors: list[PlannerError]
    """`FILE:ROW:COLUMN: message` per problem."""
    inventory: Inventory


def import_workloads(path: str, base: Plan | None, catalog: Catalog) -> ImportResult:
    """Read FILE and check its rows as workloads of `base` (or of a blank plan)."""
    from datetime import date

    from planner.store.plan_io import plan_document

    inventory = map_columns(read_table(path), path)
    header_of = {name: inventory.headers[index] for index, name in inventory.columns.items()}
    errors: list[PlannerError] = []
    if base is None:
        base = Plan(name="Imported workloads", start=date(date.today().year, 1, 1))
    taken = {w.id for w in base.workloads}
    workloads: list[dict[str, Any]] = []
    rows: list[int] = []
    for number, values in inventory.rows:
        workload: dict[str, Any] = {}
        for name, value in values.items():
            try:
                workload[name] = _convert(name, value)
            except _CellError as error:
                errors.append(RowProblem(error.message, file=path, line=number, key=header_of[name]))
        if "id" not in workload:
            kind = workload.get("kind")
            workload = {"id": new_workload_id(str(workload.get("name", "")), kind if isinstance(kind, str) else None, taken), **workload}
        elif workload["id"] in taken:
            errors.append(RowProblem(msg("id {id} is already used", id=repr(workload["id"])), file=path, line=number, key=header_of["id"]))
        if "name" not in workload:
            workload["name"] = str(workload["id"])
        taken.add(workload["id"])
        workloads.append(workload)
        rows.append(number)
    if not workloads:
        errors.append(RowProblem(msg("no rows below the header"), file=path, line=2))
    document = plan_document(base)
    first = len(base.workloads)
    document["workloads"] = [*document.get("workloads", []), *workloads]
    plan, problems = parse_plan(document, catalog)
    for problem in problems:
        path_ = problem.path
        if len(path_) >= 2 and path_[0] == "workloads" and isinstance(path_[1], int) and path_[1] >= first:
            index = path_[1] - first
            name = str(path_[2]) if len(path_) > 2 else ""
            column = header_of.get(name, name or None)
            if name and name not in header_of:
                column = msg("{name} (from the workload kind)", name=name)
            errors.append(RowProblem(problem.message, file=path, line=rows[index], key=column))
        else:
            errors.append(PlannerError(msg("{key}: {message}", key=problem.key, message=problem.message), file=path))
    if errors:
        return ImportResult(workloads, None, errors, inventory)
    canonical = plan_document(plan)["workloads"][first:]
    return ImportResult(canonical, plan, [], inventory)


def workloads_toml(workloads: list[dict[str, Any]]) -> str:
    """`[[workloads]]` tables as a plan file writes them, to paste into a plan."""
    from planner.store.plan_io import _emit

    out: list[str] = []
    _emit([], {"workloads": workloads}, out)
    return "\n".join(out).lstrip("\n") + "\n"
