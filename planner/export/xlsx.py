"""`planner export --format xlsx`: a workbook for finance whose ledger recomputes when an assumption changes.

Sheets: Decision (the headline, linked to the ledger totals), Assumptions (the plan's assumptions, the
cloud prices, GPU prices and salaries the ledger uses: the live inputs), Workloads (placement, the
cloud cost formula per workload and its cloud use profile per strategy), Hardware, Cloud use (per strategy,
each profile's share of volume on the cloud per month: workloads on the same path share a row), one `Ledger <strategy>` sheet per strategy of the evaluation, Phases, Tasks.

Each ledger cell is the planner's own arithmetic as a formula over the Assumptions sheet and the
quantities the planner decided (GPUs and servers in service, FTE, cloud shares: `Ledger.drivers`), so
a changed exchange rate, growth, price or salary recomputes the TCO. Quantities stay as the planner
sized them (a changed growth rate does not buy more GPUs). A cell whose formula would not give the
planner's figure (a cost category or strategy this export does not know how to rebuild) is written
as the figure, and the sheet says how many such cells it holds.

Written with XlsxWriter, which turns each value straight into XML (no cell objects): sheets appear in the
order they are added, so the Decision sheet is added first and filled last, once the ledgers' totals exist.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from planner.domain.results import Evaluation, LedgerDrivers
from planner.domain.vocabulary import strategy_label
from planner.export.report import group_keys, servers_text, strategies
from planner.i18n import N_, _, translate

from xlsxwriter.worksheet import Worksheet as _WorksheetBase

LIVE_ASSUMPTIONS = (
    "krw_per_usd", "usage_growth_per_year", "token_overhead", "retry_rate", "hours_per_month",
    "electricity_krw_per_kwh", "pue", "network_krw_per_server_month", "storage_krw_per_server_month",
    "backup_krw_per_server_month", "maintenance_rate_per_year", "facility_one_time_krw",
)  # fmt: skip
"""Assumptions the ledger formulas read (the rest are listed as values for reference)."""
PER_SERVER = {"network": "network_krw_per_server_month", "storage": "storage_krw_per_server_month", "backup": "backup_krw_per_server_month"}
KRW_FORMAT = "#,##0"
USD_FORMAT = "#,##0.00"


def get_column_letter(column: int) -> str:
    """A 1-based column number as its letters (1 -> A, 27 -> AA)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_ref(sheet: str, column: int, row: int, absolute: bool = True) -> str:
    letter = get_column_letter(column)
    cell = f"${letter}${row}" if absolute else f"{letter}{row}"
    return f"'{sheet}'!{cell}"


def _cell_text(value: Any) -> Any:
    """User text made inert: a leading =, +, -, @ would otherwise be read as a formula by Excel."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


EXCEL_CELL_CHARS = 32_767
"""The characters (UTF-16 code units) a cell can hold: Microsoft, "Excel specifications and limits" (total number of
characters that a cell can contain: 32,767; read 2026-12-06). XlsxWriter cuts a longer string silently: at 10,000
workloads a GPU group's "Serves" list and the Phase 1 milestone's "Depends on" ended mid-id."""


def _listed(items: list[str]) -> str:
    """`items` joined by ", " in one cell: when they do not fit, as many as fit and how many more there are."""
    text = ", ".join(items)
    if _utf16(text) < EXCEL_CELL_CHARS:
        return text
    def rest(count: int) -> str:
        return _("… and {count} more (a cell holds {limit} characters; the JSON export lists every one)", count=f"{count:,}", limit=f"{EXCEL_CELL_CHARS:,}")

    room = EXCEL_CELL_CHARS - _utf16(rest(len(items))) - 2  # the note is never longer than with every item left out
    kept, size = 0, 0
    while kept < len(items) and size + _utf16(items[kept]) + 2 < room:
        size += _utf16(items[kept]) + 2
        kept += 1
    return ", ".join([*items[:kept], rest(len(items) - kept)])


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _round_half_up(value: float, digits: int = 0) -> float:
    """Excel's ROUND: half away from zero (Python's round is half to even)."""
    factor = 10**digits
    return math.floor(abs(value) * factor + 0.5) / factor * (1 if value >= 0 else -1)

LABELS = (
    N_('Assumption'),
    N_('Value'),
    N_('Source'),
    N_('Cloud model'),
    N_('Input USD / 1M tokens'),
    N_('Output USD / 1M tokens'),
    N_('GPU'),
    N_('Unit price KRW (range midpoint)'),
    N_('Server chassis KRW (range midpoint)'),
    N_('Role'),
    N_('Salary KRW / year (range midpoint)'),
    N_('GPU group'),
    N_('Open model'),
    N_('Precision'),
    N_('GPUs per replica'),
    N_('Replicas'),
    N_('GPUs'),
    N_('Servers'),
    N_('Capex KRW'),
    N_('Power W'),
    N_('Serves'),
    N_('Strategy'),
    N_('Phase'),
    N_('Name'),
    N_('Start'),
    N_('End'),
    N_('Cost KRW (planner)'),
    N_('Staff FTE'),
    N_('Id'),
    N_('Days'),
    N_('Depends on'),
    N_('Critical'),
    N_('Workload'),
    N_('Watts in service'),
    N_('Servers in service'),
    N_('Month'),
    N_('Starts'),
    N_('Plan year'),
    N_('Total'),
    N_('Cumulative'),
    N_('Kind'),
    N_('Data'),
    N_('Placement'),
    N_('Recommended'),
    N_('Requests / month'),
    N_('Input tokens'),
    N_('Output tokens'),
    N_('Input USD / 1M'),
    N_('Output USD / 1M'),
    N_('Embeddings USD / month'),
    N_('Tokens USD / month'),
    N_('Cloud USD / month'),
    N_('On-prem share'),
    N_('Profile'),
    N_('Workloads'),
)
"""Column and row labels, translated where written (sheet titles and formulas stay as they are in every language)."""



class _Worksheet(_WorksheetBase):
    """XlsxWriter's worksheet without its formula rewriting: `write_formula` looks each formula over for some
    100 newer Excel functions to prefix (`_xlfn.`), ~80 us a formula (a 10,000-workload workbook has 40,000);
    this workbook's formulas use none of them, so the text is written as it is, without its leading `=`."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula[1:] if formula[:1] == "=" else formula


class _Sheet:
    """One worksheet, addressed as a reader sees it (row 1, column 1 = A1). `put` writes a value by its type:
    text that starts with `=` is a formula (user text is made inert with `_cell_text` before it gets here),
    a date a date, None nothing."""

    __slots__ = ("wb", "ws", "title")

    def __init__(self, wb: "_Workbook", title: str) -> None:
        self.wb, self.title = wb, title
        self.ws = wb.book.add_worksheet(title, worksheet_class=_Worksheet)

    def put(self, row: int, column: int, value: Any, number_format: str | None = None, bold: bool = False) -> None:
        if value is None:
            return
        ws, fmt = self.ws, self.wb.format(number_format, bold) if number_format or bold else None
        if isinstance(value, str):
            if value[:1] == "=":
                ws.write_formula(row - 1, column - 1, value, fmt, "")  # no cached result: the reader computes it
            else:
                ws.write_string(row - 1, column - 1, value, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row - 1, column - 1, value, fmt)
        elif isinstance(value, date):
            ws.write_datetime(row - 1, column - 1, value, fmt or self.wb.format("yyyy-mm-dd"))
        else:
            ws.write_number(row - 1, column - 1, value, fmt)

    def row(self, row: int, values: list[Any], first_column: int = 1) -> None:
        """`put` for a row of values from `first_column` on, without number formats: the inner loop of the long
        sheets, with the common text and numbers written directly."""
        r = row - 1
        write_string, write_number = self.ws.write_string, self.ws.write_number
        for column, value in enumerate(values, start=first_column - 1):
            kind = type(value)
            if kind is str and value[:1] != "=":
                if value:
                    write_string(r, column, value)
            elif kind is int or kind is float:
                write_number(r, column, value)
            elif value is not None:
                self.put(row, column + 1, value)

    def append_rows(self, first: int, rows: list[list[Any]]) -> None:
        """Rows of values from row `first` on, column A onwards."""
        for row, values in enumerate(rows, start=first):
            for column, value in enumerate(values, start=1):
                self.put(row, column, value)

    def width(self, letter: str, width: float) -> None:
        """Column `letter`'s width in characters."""
        index = _column_index(letter)
        self.ws.set_column(index, index, width)

    def freeze(self, rows: int, columns: int) -> None:
        """Keep the first `rows` rows and `columns` columns in view."""
        self.ws.freeze_panes(rows, columns)


def _column_index(letter: str) -> int:
    """A column's letters as a 0-based index (A -> 0)."""
    index = 0
    for char in letter:
        index = index * 26 + ord(char) - 64
    return index - 1


class _Workbook:
    """XlsxWriter workbook with the cell addresses of the live inputs."""

    def __init__(self) -> None:
        import xlsxwriter

        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        self.refs: dict[str, str] = {}
        self.values: dict[str, float] = {}
        self._formats: dict[tuple[str | None, bool], Any] = {}

    def format(self, number_format: str | None, bold: bool = False):
        """The cell format with this number format (and weight), made once."""
        key = (number_format, bold)
        found = self._formats.get(key)
        if found is None:
            properties: dict[str, Any] = {"bold": True} if bold else {}
            if number_format:
                properties["num_format"] = number_format
            found = self._formats[key] = self.book.add_format(properties)
        return found

    def sheet(self, title: str) -> _Sheet:
        """A new sheet after the others (the order readers see)."""
        return _Sheet(self, title)

    def header(self, ws: _Sheet, row: int, labels: list[str], translated: bool = False) -> None:
        for column, label in enumerate(labels, start=1):
            ws.put(row, column, _(label) if label and not translated else label, bold=True)  # the label in the display language

    def input(self, ws: _Sheet, row: int, column: int, key: str, value: float, number_format: str | None = None) -> None:
        """A live input: its address is remembered under `key`."""
        ws.put(row, column, value, number_format)
        self.refs[key] = _sheet_ref(ws.title, column, row)
        self.values[key] = float(value)

    def save(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def _assumptions_sheet(wb: _Workbook, ev: Evaluation, catalog_prices: dict[str, Any]) -> None:
    ws = wb.sheet("Assumptions")
    ws.put(1, 1, _("Change a value in column B: the ledger sheets and the Decision sheet recompute."))
    wb.header(ws, 2, ["Assumption", "Value", "Source"])
    row = 3
    for key in [k for k in LIVE_ASSUMPTIONS if k in ev.assumptions] + sorted(k for k in ev.assumptions if k not in LIVE_ASSUMPTIONS):
        value = ev.assumptions[key]
        ws.put(row, 1, key)
        if key in LIVE_ASSUMPTIONS and isinstance(value, (int, float)) and not isinstance(value, bool):
            wb.input(ws, row, 2, f"a:{key}", float(value))
        else:
            ws.put(row, 2, _cell_text(value) if not isinstance(value, bool) else str(value).lower())
        ws.put(row, 3, _cell_text(ev.assumption_sources.get(key, "")))
        row += 1
    row += 1
    wb.header(ws, row, ["Cloud model", "Input USD / 1M tokens", "Output USD / 1M tokens"])
    row += 1
    for model, (price_in, price_out) in sorted(catalog_prices["cloud"].items()):
        ws.put(row, 1, model)
        wb.input(ws, row, 2, f"in:{model}", price_in, USD_FORMAT)
        wb.input(ws, row, 3, f"out:{model}", price_out, USD_FORMAT)
        row += 1
    row += 1
    wb.header(ws, row, ["GPU", "Unit price KRW (range midpoint)", "Server chassis KRW (range midpoint)"])
    row += 1
    for gpu, (unit, chassis) in sorted(catalog_prices["gpus"].items()):
        ws.put(row, 1, gpu)
        wb.input(ws, row, 2, f"unit:{gpu}", unit, KRW_FORMAT)
        wb.input(ws, row, 3, f"chassis:{gpu}", chassis, KRW_FORMAT)
        row += 1
    row += 1
    wb.header(ws, row, ["Role", "Salary KRW / year (range midpoint)"])
    row += 1
    for role, salary in sorted(catalog_prices["roles"].items()):
        ws.put(row, 1, role)
        wb.input(ws, row, 2, f"salary:{role}", salary, KRW_FORMAT)
        row += 1
    ws.width("A", 32)
    ws.width("B", 20)
    ws.width("C", 60)


def _tokens_usd(wb: _Workbook, requests: float, tokens_in: int, tokens_out: int, model: str, embeddings: float) -> float:
    """What the Workloads sheet's token-cost formula gives (USD/month), in Python."""
    v = wb.values
    raw = requests * (tokens_in * v[f"in:{model}"] + tokens_out * v[f"out:{model}"]) / 1e6
    raw *= (1 + v.get("a:token_overhead", 0.0)) * (1 + v.get("a:retry_rate", 0.0))
    return max(0.0, _round_half_up(raw + embeddings, 2) - embeddings)


def _workloads_sheet(wb: _Workbook, ev: Evaluation, profiles: dict[str, _Profiles]) -> tuple[int, int]:
    """Returns (first row, last row) of the workload rows; column N holds tokens USD/month, M embeddings USD, and
    from column S on, one column per strategy with cloud use: the workload's profile on the Cloud use sheet."""
    ws = wb.sheet("Workloads")
    labels = [
        "Id", "Name", "Kind", "Data", "Placement", "Recommended", "Requests / month", "Input tokens", "Output tokens",
        "Cloud model", "Input USD / 1M", "Output USD / 1M", "Embeddings USD / month", "Tokens USD / month", "Cloud USD / month",
        "Open model", "Precision", "On-prem share",
    ]  # fmt: skip
    wb.header(ws, 1, labels)
    for column, (strategy, found) in enumerate(profiles.items(), start=len(labels) + 1):
        found.column = column
        ws.put(1, column, _("Cloud use profile ({strategy})", strategy=strategy), bold=True)
    numbers = list(zip(*(found.of_workload for found in profiles.values()))) or [()] * len(ev.workloads)
    wb.live_tokens = 0
    put, usd = ws.put, USD_FORMAT
    overhead = f"(1+{wb.refs['a:token_overhead']})*(1+{wb.refs['a:retry_rate']})" if "a:token_overhead" in wb.refs and "a:retry_rate" in wb.refs else "1"
    for row, w in enumerate(ev.workloads, start=2):
        ws.row(row, [_cell_text(w.id), _cell_text(w.name), _cell_text(w.kind), _cell_text(w.data), w.placement, w.recommended, w.requests_per_month, w.input_tokens, w.output_tokens, _cell_text(w.cloud_model)])
        put(row, 13, w.embeddings_usd_per_month, usd)
        planner_tokens = max(0.0, w.cloud_cost_usd_per_month - w.embeddings_usd_per_month)
        if f"in:{w.cloud_model}" in wb.refs and abs(_tokens_usd(wb, w.requests_per_month, w.input_tokens, w.output_tokens, w.cloud_model, w.embeddings_usd_per_month) - planner_tokens) < 0.005:
            put(row, 11, f"={wb.refs[f'in:{w.cloud_model}']}")
            put(row, 12, f"={wb.refs[f'out:{w.cloud_model}']}")
            put(row, 14, f"=MAX(0,ROUND(G{row}*(H{row}*K{row}+I{row}*L{row})/1000000*{overhead}+M{row},2)-M{row})", usd)
            wb.live_tokens += 1
        else:  # billed in a way this formula does not model: the planner's figure
            put(row, 14, planner_tokens, usd)
        put(row, 15, f"=N{row}+M{row}", usd)
        ws.row(row, [_cell_text(w.open_model), w.precision, w.onprem_share, *numbers[row - 2]], 16)
    ws.width("B", 32)
    return 2, len(ev.workloads) + 1


def _hardware_sheet(wb: _Workbook, ev: Evaluation) -> None:
    ws = wb.sheet("Hardware")
    wb.header(ws, 1, ["GPU group", "GPU", "Open model", "Precision", "GPUs per replica", "Replicas", "GPUs", "Servers", "Capex KRW", "Power W", "Serves"])
    groups = list(ev.sizing.groups)
    keys = group_keys(groups)
    if ev.sizing.pilot:
        groups.append(ev.sizing.pilot)
        keys.append("Phase 2 pilot")
    for row, (key, g) in enumerate(zip(keys, groups), start=2):
        values = [key, g.gpu, g.open_model, g.precision, g.gpus_per_replica, g.replicas, g.gpus, servers_text(g.servers)]
        for column, value in enumerate(values, start=1):
            ws.put(row, column, _cell_text(value))
        unit, chassis = wb.refs.get(f"unit:{g.gpu}"), wb.refs.get(f"chassis:{g.gpu}")
        capex = f"=ROUND({g.gpus}*{unit}+{g.servers}*{chassis},0)" if unit and chassis else g.capex_krw
        ws.put(row, 9, capex, KRW_FORMAT)
        ws.put(row, 10, round(g.power_w, 1))
        ws.put(row, 11, _cell_text(_listed(g.workloads)))
    ws.width("A", 40)


@dataclass
class _Profiles:
    """One strategy's cloud use as profiles: the distinct monthly share paths (10,000 workloads share a handful),
    each workload's profile number (1-based; None: never on the cloud) and the Workloads column holding it."""

    shares: list[list[float]]
    of_workload: list[int | None]
    column: int = 0
    rows: tuple[int, int] = (0, 0)
    """The profiles' rows on the Cloud use sheet (first, last)."""


def _cloud_profiles(ev: Evaluation) -> dict[str, _Profiles]:
    """Per strategy with cloud use (ledger drivers), its profiles, numbered in the order the ledger lists its paths."""
    index = {w.id: i for i, w in enumerate(ev.workloads)}
    profiles: dict[str, _Profiles] = {}
    for strategy, drivers in ev.ledger.drivers.items():
        numbers: dict[tuple[float, ...], int] = {}
        of_workload: list[int | None] = [None] * len(ev.workloads)
        for path in drivers.cloud_paths:
            if not any(path.share):
                continue
            number = numbers.setdefault(tuple(path.share), len(numbers) + 1)
            for workload in path.workloads:
                if workload in index:
                    of_workload[index[workload]] = number
        if numbers:
            profiles[strategy] = _Profiles([list(share) for share in numbers], of_workload)
    return profiles


def _cloud_use_sheet(wb: _Workbook, ev: Evaluation, profiles: dict[str, _Profiles], first: int, last: int) -> None:
    """Per strategy a block of its profiles: how many workloads follow each (the Workloads sheet's profile column),
    their token and embeddings USD per month (SUMIF over that column) and the share on the cloud per month."""
    ws = wb.sheet("Cloud use")
    ws.put(1, 1, _("Share of each workload's volume on its cloud model, per month (1 = all of it), per strategy: one row per profile; the Workloads sheet gives each workload's profile."))
    ledger = ev.ledger
    row = 3
    months = [_("M{month}", month=month) for month in range(1, ledger.horizon_months + 1)]
    for strategy in ledger.drivers:
        ws.put(row, 1, f"{translate(strategy_label(strategy))} ({strategy})", bold=True)
        found = profiles.get(strategy)
        if found is None:
            ws.put(row + 1, 1, _("No workload uses the cloud in this strategy."))
            row += 3
            continue
        wb.header(ws, row + 1, ["Profile", "Workloads", "Tokens USD / month", "Embeddings USD / month", *months])
        top = row + 2
        letter = get_column_letter(found.column)
        key = f"Workloads!${letter}${first}:${letter}${last}"
        write_number = ws.ws.write_number
        for number, shares in enumerate(found.shares, start=1):
            r = top + number - 1
            ws.put(r, 1, number)
            ws.put(r, 2, f"=COUNTIF({key},$A{r})")
            ws.put(r, 3, f"=SUMIF({key},$A{r},Workloads!$N${first}:$N${last})", USD_FORMAT)
            ws.put(r, 4, f"=SUMIF({key},$A{r},Workloads!$M${first}:$M${last})", USD_FORMAT)
            for month, share in enumerate(shares, start=4):
                if share:
                    write_number(r - 1, month, share)
        found.rows = (top, top + len(found.shares) - 1)
        row = top + len(found.shares) + 1
    ws.width("A", 24)


class _LedgerSheet:
    """One strategy's months: formulas where the drivers rebuild the planner's figure, the figure otherwise."""

    def __init__(self, wb: _Workbook, ev: Evaluation, strategy: str, profiles: _Profiles | None):
        self.wb, self.ev, self.strategy = wb, ev, strategy
        self.ledger = ev.ledger
        self.drivers: LedgerDrivers | None = ev.ledger.drivers.get(strategy)
        self.profiles = profiles
        self.static = 0
        self.formulas = 0
        self._amounts: dict[int, list[float]] = {}

    def write(self) -> tuple[str, int]:
        """Writes the sheet; returns the address of its horizon total and the number of cells written as values."""
        wb, ledger = self.wb, self.ledger
        ws = wb.sheet(f"Ledger {self.strategy}")
        categories = list(ledger.categories)
        months = ledger.months[self.strategy]
        extra = sorted({c for m in months for c in m if c not in categories})
        categories += extra
        gpus = sorted({h.gpu for h in self.drivers.hardware}) if self.drivers else []
        roles = sorted({r for m in (self.drivers.staff_fte if self.drivers else []) for r in m})
        driver_labels = ["Watts in service", "Servers in service"] + [f"{g} GPUs in service" for g in gpus] + [f"{g} servers in service" for g in gpus] + [f"{r} FTE" for r in roles]
        labels = ["Month", "Starts", "Plan year", *categories, "Total", "Cumulative", "", *driver_labels]
        ws.put(1, 1, _(
            "{strategy}: monthly cost in KRW. Cost cells are formulas over the Assumptions sheet and the quantities on the right.", strategy=translate(strategy_label(self.strategy))
        ))
        shown = [_(label) if label else label for label in labels[: len(labels) - len(driver_labels)]] + [_("Watts in service"), _("Servers in service")]
        shown += [_("{gpu} GPUs in service", gpu=g) for g in gpus] + [_("{gpu} servers in service", gpu=g) for g in gpus] + [_("{role} FTE", role=r) for r in roles]
        wb.header(ws, 2, shown, translated=True)
        col = {name: i for i, name in enumerate(labels, start=1)}
        driver_col = col[""] + 1
        first_row = 3
        starts = _month_starts(self.ev.start, ledger.horizon_months)
        for m in range(1, ledger.horizon_months + 1):
            row = first_row + m - 1
            ws.put(row, 1, m)
            ws.put(row, 2, starts[m - 1], "yyyy-mm-dd")
            ws.put(row, 3, (m - 1) // 12 + 1)
            drivers = self._driver_values(m, gpus, roles)
            for offset, value in enumerate(drivers):
                if value:
                    ws.put(row, driver_col + offset, value)
            refs = {name: f"{get_column_letter(driver_col + i)}{row}" for i, name in enumerate(driver_labels)}
            for category in categories:
                figure = months[m - 1].get(category, 0)
                formula, computed = self._formula(category, m, row, refs, gpus, roles, drivers)
                if formula is not None and computed == figure:
                    ws.put(row, col[category], formula, KRW_FORMAT)
                    self.formulas += 1
                else:
                    ws.put(row, col[category], figure, KRW_FORMAT)
                    self.static += 1 if figure or formula is not None else 0
            first_cat, last_cat = get_column_letter(col[categories[0]]), get_column_letter(col[categories[-1]])
            ws.put(row, col["Total"], f"=SUM({first_cat}{row}:{last_cat}{row})", KRW_FORMAT)
            total_letter = get_column_letter(col["Total"])
            cumulative = f"={total_letter}{row}" if m == 1 else f"={get_column_letter(col['Cumulative'])}{row - 1}+{total_letter}{row}"
            ws.put(row, col["Cumulative"], cumulative, KRW_FORMAT)
        last_row = first_row + ledger.horizon_months - 1
        total_row = last_row + 1
        ws.put(total_row, 1, _("Total"))
        for name in [*categories, "Total"]:
            letter = get_column_letter(col[name])
            ws.put(total_row, col[name], f"=SUM({letter}{first_row}:{letter}{last_row})", KRW_FORMAT)
        note = _("{count} cost cell(s) hold the planner's figure instead of a formula.", count=self.static) if self.static else _("Every cost cell is a formula.")
        ws.put(total_row + 2, 1, note)
        ws.width("B", 12)
        for name in categories + ["Total", "Cumulative"]:
            ws.width(get_column_letter(col[name]), 14)
        ws.freeze(2, 3)  # rows 1-2 and columns A-C stay in view (D3)
        return _sheet_ref(ws.title, col["Total"], total_row), self.static

    def _driver_values(self, m: int, gpus: list[str], roles: list[str]) -> list[float]:
        d = self.drivers
        if d is None:
            return [0.0] * (2 + 2 * len(gpus) + len(roles))
        in_service = [(h, h.share[m - 1]) for h in d.hardware if h.share[m - 1]]
        watts = sum(h.power_w * share for h, share in in_service)
        servers = sum(h.servers * share for h, share in in_service)
        gpu_share = [sum(h.gpus * share for h, share in in_service if h.gpu == g) for g in gpus]
        server_share = [sum(h.servers * share for h, share in in_service if h.gpu == g) for g in gpus]
        fte = d.staff_fte[m - 1] if m <= len(d.staff_fte) else {}
        return [watts, servers, *gpu_share, *server_share, *(fte.get(r, 0.0) for r in roles)]

    def _formula(self, category: str, m: int, row: int, refs: dict[str, str], gpus: list[str], roles: list[str], drivers: list[float]) -> tuple[str | None, int | None]:
        """(formula, what it computes to with the current assumptions) or (None, None) when it cannot be rebuilt."""
        builder: Callable | None = getattr(self, f"_cell_{category}", None)
        if self.drivers is None or builder is None:
            return None, None
        try:
            return builder(m, row, refs, gpus, roles, drivers)
        except KeyError:  # an input the Assumptions sheet lacks
            return None, None

    # --- one method per ledger category: (formula, value) ----------------------------------------

    def _cloud_sum(self, m: int, workload_column: int) -> tuple[str, float]:
        """SUMPRODUCT of the profiles' USD per month (tokens: column C of the Cloud use sheet, from the Workloads
        sheet's column N; embeddings: D, from M) and their shares in month m."""
        if self.profiles is None:
            return "0", 0.0
        top, bottom = self.profiles.rows
        letter = "D" if workload_column == 13 else "C"
        month_letter = get_column_letter(m + 4)
        formula = f"SUMPRODUCT('Cloud use'!${letter}${top}:${letter}${bottom},'Cloud use'!${month_letter}${top}:${month_letter}${bottom})"
        return formula, self._cloud_value(m, workload_column)

    def _cloud_value(self, m: int, workload_column: int) -> float:
        """What that SUMPRODUCT gives, in the same order (profiles in row order, each summed in workload row order)."""
        total = 0.0
        for shares, usd in zip(self.profiles.shares, self._cloud_amounts(workload_column)):
            total += usd * shares[m - 1]
        return total

    def _cloud_amounts(self, workload_column: int) -> list[float]:
        """Per profile, its workloads' USD per month (embeddings in column 13, the rest of the cloud bill otherwise),
        summed once per sheet rather than once per month."""
        found = self._amounts.get(workload_column)
        if found is None:
            found = self._amounts[workload_column] = [0.0] * len(self.profiles.shares)
            for w, number in zip(self.ev.workloads, self.profiles.of_workload):
                if number is not None:
                    found[number - 1] += w.embeddings_usd_per_month if workload_column == 13 else max(0.0, w.cloud_cost_usd_per_month - w.embeddings_usd_per_month)
        return found

    def _rate(self) -> tuple[str, float]:
        r, v = self.wb.refs, self.wb.values
        return f"{r['a:krw_per_usd']}", v["a:krw_per_usd"]

    def _cell_cloud_api(self, m, row, refs, gpus, roles, drivers):
        rate, rate_value = self._rate()
        growth = self.wb.refs["a:usage_growth_per_year"]
        year = (m - 1) // 12 + 1
        usd, usd_value = self._cloud_sum(m, 14)
        value = round(rate_value * (1 + self.wb.values["a:usage_growth_per_year"]) ** (year - 1) * usd_value)
        return f"=ROUND({rate}*(1+{growth})^(C{row}-1)*{usd},0)", value

    def _cell_embeddings(self, m, row, refs, gpus, roles, drivers):
        rate, rate_value = self._rate()
        usd, usd_value = self._cloud_sum(m, 13)
        return f"=ROUND({rate}*{usd},0)", round(rate_value * usd_value)

    def _capex(self, gpu: str, gpus: str | float, servers: str | float) -> tuple[str, float]:
        r, v = self.wb.refs, self.wb.values
        unit, chassis = f"unit:{gpu}", f"chassis:{gpu}"
        formula = f"{gpus}*{r[unit]}+{servers}*{r[chassis]}"
        return formula, (float(gpus) if not isinstance(gpus, str) else 0) * v[unit] + (float(servers) if not isinstance(servers, str) else 0) * v[chassis]

    def _cell_hardware(self, m, row, refs, gpus, roles, drivers):
        bought = [h for h in self.drivers.hardware if h.month == m]
        if not bought:
            return "=0", 0
        parts, value = [], 0
        for h in bought:
            formula, capex = self._capex(h.gpu, h.gpus, h.servers)
            if abs(capex - h.capex_krw) >= 0.5:  # priced some other way: keep the planner's figure
                raise KeyError(h.gpu)
            parts.append(f"ROUND({formula},0)")
            value += round(capex)
        return "=" + "+".join(parts), value

    def _cell_facility(self, m, row, refs, gpus, roles, drivers):
        if self.drivers.facility_month != m:
            return "=0", 0
        return f"=ROUND({self.wb.refs['a:facility_one_time_krw']},0)", round(self.wb.values["a:facility_one_time_krw"])

    def _cell_power(self, m, row, refs, gpus, roles, drivers):
        r, v = self.wb.refs, self.wb.values
        kwh = f"{r['a:hours_per_month']}*{r['a:electricity_krw_per_kwh']}*{r['a:pue']}/1000"
        value = round(drivers[0] * v["a:hours_per_month"] * v["a:electricity_krw_per_kwh"] * v["a:pue"] / 1000)
        return f"=ROUND({refs['Watts in service']}*{kwh},0)", value

    def _per_server(self, category, m, row, refs, drivers):
        key = f"a:{PER_SERVER[category]}"
        return f"=ROUND({refs['Servers in service']}*{self.wb.refs[key]},0)", round(drivers[1] * self.wb.values[key])

    def _cell_network(self, m, row, refs, gpus, roles, drivers):
        return self._per_server("network", m, row, refs, drivers)

    def _cell_storage(self, m, row, refs, gpus, roles, drivers):
        return self._per_server("storage", m, row, refs, drivers)

    def _cell_backup(self, m, row, refs, gpus, roles, drivers):
        return self._per_server("backup", m, row, refs, drivers)

    def _cell_maintenance(self, m, row, refs, gpus, roles, drivers):
        if not gpus:
            return "=0", 0
        parts, capex = [], 0.0
        for i, gpu in enumerate(gpus):
            formula, value = self._capex(gpu, refs[f"{gpu} GPUs in service"], refs[f"{gpu} servers in service"])
            parts.append(formula)
            capex += drivers[2 + i] * self.wb.values[f"unit:{gpu}"] + drivers[2 + len(gpus) + i] * self.wb.values[f"chassis:{gpu}"]
        rate = self.wb.refs["a:maintenance_rate_per_year"]
        return f"=ROUND({rate}/12*({'+'.join(parts)}),0)", round(self.wb.values["a:maintenance_rate_per_year"] / 12 * capex)

    def _cell_staff(self, m, row, refs, gpus, roles, drivers):
        if not roles:
            return "=0", 0
        offset = 2 + 2 * len(gpus)
        parts, value = [], 0.0
        for i, role in enumerate(roles):
            key = f"salary:{role}"
            parts.append(f"{refs[f'{role} FTE']}*{self.wb.refs[key]}/12")
            value += drivers[offset + i] * self.wb.values[key] / 12
        return f"=ROUND({'+'.join(parts)},0)", round(value)


def _month_starts(start: date, months: int) -> list[date]:
    from planner.domain.ledger import add_months

    return [add_months(start, i) for i in range(months)]


def _decision_sheet(wb: _Workbook, ws: _Sheet, ev: Evaluation, totals: dict[str, str]) -> None:
    """The first sheet (`ws`, added first so it comes first), written last: it links to the ledgers' totals."""
    from planner.export.report import break_even_sentence, prose_date

    ws.put(1, 1, _cell_text(ev.name))
    ws.put(2, 1, _("Strategy: {strategy}", strategy=_(ev.strategy.replace("_", "-"))))
    ws.put(3, 1, break_even_sentence(ev))
    if ev.schedule.go_live:
        ws.put(4, 1, _("On-prem go-live: {date}", date=prose_date(ev.schedule.go_live)))
    wb.header(ws, 6, ["Strategy", _("TCO over {months} months, KRW (live)", months=ev.horizon_months), _("Planner's figure, KRW")])
    for row, strategy in enumerate(strategies(ev.ledger), start=7):
        ws.put(row, 1, f"{translate(strategy_label(strategy))} ({strategy})")
        ws.put(row, 2, f"={totals[strategy]}", KRW_FORMAT)
        ws.put(row, 3, ev.ledger.tco[strategy].total_krw, KRW_FORMAT)
    ws.width("A", 40)
    ws.width("B", 30)
    ws.width("C", 24)


def _schedule_sheets(wb: _Workbook, ev: Evaluation) -> None:
    ws = wb.sheet("Phases")
    wb.header(ws, 1, ["Phase", "Name", "Start", "End", "Cost KRW (planner)", "Staff FTE"])
    for row, p in enumerate(ev.phases, start=2):
        for column, value in enumerate([p.phase, translate(p.name), p.start, p.end, p.cost_krw, round(sum(p.staff_fte.values()), 2)], start=1):
            ws.put(row, column, _cell_text(value), KRW_FORMAT if column == 5 else None)
    ws = wb.sheet("Tasks")
    wb.header(ws, 1, ["Id", "Name", "Phase", "Start", "End", "Days", "Depends on", "Critical", "Workload"])
    yes, dates = _("yes"), wb.format("yyyy-mm-dd")
    write_datetime = ws.ws.write_datetime
    for row, t in enumerate(ev.schedule.tasks, start=2):
        ws.row(row, [_cell_text(t.id), _cell_text(translate(t.name)), t.phase])
        write_datetime(row - 1, 3, t.start, dates)
        write_datetime(row - 1, 4, t.end, dates)
        ws.row(row, [t.duration_days, _cell_text(_listed(t.depends_on)), yes if t.critical else "", _cell_text(t.workload or "")], 6)
    ws.width("A", 36)
    ws.width("B", 40)


def _prices(ev: Evaluation, catalog) -> dict[str, Any]:
    cloud = {}
    for w in ev.workloads:
        model = catalog.cloud_models.get(w.cloud_model) if catalog else None
        if model is not None:
            cloud[w.cloud_model] = (model.input_usd_per_mtok, model.output_usd_per_mtok)
    gpus, roles = {}, {}
    drivers = ev.ledger.drivers.values() if ev.ledger else []
    wanted = {h.gpu for d in drivers for h in d.hardware} | {g.gpu for g in ev.sizing.groups} | ({ev.sizing.pilot.gpu} if ev.sizing.pilot else set())
    for gpu_id in wanted:
        gpu = catalog.gpus.get(gpu_id) if catalog else None
        if gpu is not None:
            gpus[gpu_id] = (gpu.unit_price_krw.mid, gpu.chassis_price_krw.mid)
    for d in drivers:
        for month in d.staff_fte:
            for role in month:
                entry = catalog.roles.get(role) if catalog else None
                if entry is not None:
                    roles[role] = entry.salary_krw_per_year.mid
    return {"cloud": cloud, "gpus": gpus, "roles": roles}


def xlsx_workbook(ev: Evaluation, catalog, ranges=None) -> bytes:
    """The workbook as .xlsx bytes. `catalog`: the one the evaluation used (prices and salaries); `ranges`
    (planner.domain.ranges.Ranges, `--ranges`): with a Ranges sheet."""
    from planner.store.collector import collector_paused

    with collector_paused():  # (the app's export too) a cell per value, all kept to the end: nothing for the collector
        return _workbook(ev, catalog, ranges)


def _workbook(ev: Evaluation, catalog, ranges) -> bytes:
    wb = _Workbook()
    decision = wb.sheet("Decision")
    _assumptions_sheet(wb, ev, _prices(ev, catalog))
    live = ev.ledger is not None and bool(ev.ledger.months)
    profiles = _cloud_profiles(ev) if live else {}
    workload_rows = _workloads_sheet(wb, ev, profiles)
    _hardware_sheet(wb, ev)
    totals: dict[str, str] = {}
    if live:
        _cloud_use_sheet(wb, ev, profiles, *workload_rows)
        for strategy in strategies(ev.ledger):
            if strategy in ev.ledger.months:
                totals[strategy], _static = _LedgerSheet(wb, ev, strategy, profiles.get(strategy)).write()
    _schedule_sheets(wb, ev)
    _decision_sheet(wb, decision, ev, totals)
    if ranges is not None:
        from planner.export.ranges_export import add_ranges_sheet

        add_ranges_sheet(wb, ranges)
    return wb.save()
