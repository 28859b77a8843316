"""`export --format xlsx`: the workbook recomputed by a formula engine gives the planner's totals to the won,
and a changed exchange rate gives what the planner says for that rate."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from planner import i18n
from planner.cli import main, sample_plan_dir
from planner.domain.evaluate import evaluate
from planner.store.loader import read_plan as load_plan

formulas = pytest.importorskip("formulas")  # a test dependency (pyproject [test]); CI installs it


def _recompute(model, path, inputs: dict[str, float] | None = None) -> dict[str, float]:
    """Every cell value after the engine recalculated the workbook, by `SHEET!A1` (upper case)."""
    solution = model.calculate(inputs={f"'[{path.name}]{k.split('!')[0].upper()}'!{k.split('!')[1]}": v for k, v in (inputs or {}).items()})
    values = {}
    for key, ranges in solution.items():
        if "]" not in key:
            continue
        sheet_cell = key.split("]", 1)[1].replace("'", "")
        try:
            values[sheet_cell] = ranges.value[0][0]
        except (AttributeError, IndexError, TypeError):
            continue
    return values


@dataclass(frozen=True)
class Workbook:
    plan: Path
    """The plan (read only: a test that edits it edits a copy)."""
    out: Path
    model: object
    """The formula engine's model of `out` (recalculated per call: inputs given to one calculation do not stay)."""


@pytest.fixture(scope="module")
def chatbot_workbook(tmp_path_factory) -> Workbook:
    """midsize-chatbot over 15 months (year 2 growth, a small workbook) as `planner fmt` writes it, exported with
    `planner export --format xlsx`, and loaded into the formula engine once for the tests that recompute it."""
    plan_path = tmp_path_factory.mktemp("xlsx") / "midsize-chatbot.toml"
    shutil.copy(sample_plan_dir() / "midsize-chatbot.toml", plan_path)
    plan_path.write_text(plan_path.read_text(encoding="utf-8").replace("horizon_months = 36", "horizon_months = 15"), encoding="utf-8")
    out = plan_path.with_suffix(".xlsx")
    language = i18n.get_language()
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PLANNER_CATALOGS", raising=False)
        try:
            assert main(["fmt", str(plan_path)]) == 0
            assert main(["export", str(plan_path), "--format", "xlsx", "-o", str(out)]) == 0
        finally:
            i18n.set_language(language)
    return Workbook(plan_path, out, formulas.ExcelModel().loads(str(out)).finish())


def _row_of(sheet, label: str) -> int:
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return row[0].row
    raise AssertionError(f"{label!r} not in {sheet.title}")


@pytest.mark.xdist_group("chatbot-workbook")  # one worker builds the shared workbook once
def test_workbook_recomputes_to_the_planners_totals_and_follows_the_exchange_rate(chatbot_workbook, tmp_path, catalog):
    plan_path, out, model = chatbot_workbook.plan, chatbot_workbook.out, chatbot_workbook.model
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:5] == ["Decision", "Assumptions", "Workloads", "Hardware", "Cloud use"]
    assert {"Ledger plan", "Ledger cloud", "Ledger on_prem", "Phases", "Tasks"} <= set(book.sheetnames)
    ledger = book["Ledger plan"]
    header = [c.value for c in ledger[2]]
    for category in ("cloud_api", "hardware", "power", "maintenance", "staff"):
        cells = [ledger.cell(row=r, column=header.index(category) + 1).value for r in range(3, 3 + 15)]
        assert all(isinstance(v, str) and v.startswith("=") for v in cells), (category, cells[:3])
    rate_row = _row_of(book["Assumptions"], "krw_per_usd")
    rows = {ws.cell(row=r, column=1).value: r for ws in [book["Decision"]] for r in range(7, 7 + 4)}  # plan, cloud, on_prem, gpuaas

    ev = evaluate(load_plan(plan_path, catalog), catalog)
    values = _recompute(model, out)
    for strategy, tco in ev.ledger.tco.items():
        row = next(r for label, r in rows.items() if label.endswith(f"({strategy})"))
        assert round(values[f"DECISION!B{row}"]) == tco.total_krw, strategy  # to the won

    # finance changes the exchange rate in Excel: the cloud TCO is what the planner says at that rate
    changed = _recompute(model, out, {f"Assumptions!B{rate_row}": 1450})
    text = plan_path.read_text(encoding="utf-8").replace('[assumptions]\n', '[assumptions]\nkrw_per_usd = 1450\n', 1)
    at_1450_path = tmp_path / plan_path.name
    at_1450_path.write_text(text, encoding="utf-8")
    at_1450 = evaluate(load_plan(at_1450_path, catalog), catalog)
    cloud_row = next(r for label, r in rows.items() if label.endswith("(cloud)"))
    assert round(changed[f"DECISION!B{cloud_row}"]) == at_1450.ledger.tco["cloud"].total_krw != ev.ledger.tco["cloud"].total_krw
    if [w.placement for w in at_1450.workloads] == [w.placement for w in ev.workloads] and at_1450.sizing == ev.sizing:
        plan_row = next(r for label, r in rows.items() if label.endswith("(plan)"))
        assert round(changed[f"DECISION!B{plan_row}"]) == at_1450.ledger.tco["plan"].total_krw


def test_xlsx_to_a_terminal_is_refused(plan_copy, run_cli, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    result = run_cli("export", str(plan_copy()), "--format", "xlsx")
    assert result.code == 2 and "-o FILE" in result.err


@pytest.mark.xdist_group("chatbot-workbook")  # one worker builds the shared workbook once
def test_cloud_use_is_one_row_per_share_path_and_a_workload_moved_to_another_row_moves_its_cost(chatbot_workbook, catalog):
    """Workloads on the same monthly path share one Cloud use row (the Workloads sheet names it); the sums stay live."""
    plan_path, out, model = chatbot_workbook.plan, chatbot_workbook.out, chatbot_workbook.model
    ev = evaluate(load_plan(plan_path, catalog), catalog)
    book = openpyxl.load_workbook(out)
    workloads, use = book["Workloads"], book["Cloud use"]
    column = [c.value for c in workloads[1]].index("Cloud use profile (plan)") + 1
    title = _row_of(use, "This plan (plan)")
    profiles, row = {}, title + 2
    while use.cell(row=row, column=1).value is not None:
        profiles[use.cell(row=row, column=1).value] = ([use.cell(row=row, column=5 + m).value or 0 for m in range(15)], row)
        row += 1
    paths = [p for p in ev.ledger.drivers["plan"].cloud_paths if any(p.share)]
    assert len(profiles) == len({tuple(p.share) for p in paths})
    for i, w in enumerate(ev.workloads, start=2):
        path = next((p for p in paths if w.id in p.workloads), None)
        number = workloads.cell(row=i, column=column).value
        assert (profiles[number][0] if number else None) == (path.share if path else None), w.id

    # finance moves a workload to another profile: the plan's cloud cost moves by that workload's bill times the
    # difference of the two paths' shares, month by month (each month rounded to the won)
    before = _recompute(model, out)
    i, number = next((i, workloads.cell(row=i, column=column).value) for i in range(2, 2 + len(ev.workloads)) if workloads.cell(row=i, column=column).value)
    other = next(n for n in profiles if n != number)
    after = _recompute(model, out, {f"Workloads!{openpyxl.utils.get_column_letter(column)}{i}": other})
    ledger = book["Ledger plan"]
    cloud_api = openpyxl.utils.get_column_letter([c.value for c in ledger[2]].index("cloud_api") + 1)
    rate, growth = (book["Assumptions"].cell(row=_row_of(book["Assumptions"], key), column=2).value for key in ("krw_per_usd", "usage_growth_per_year"))
    usd = before[f"WORKLOADS!N{i}"]
    moved = sum(rate * (1 + growth) ** (m // 12) * usd * (profiles[other][0][m] - profiles[number][0][m]) for m in range(15))
    change = after[f"LEDGER PLAN!{cloud_api}18"] - before[f"LEDGER PLAN!{cloud_api}18"]
    assert abs(moved) > 1000 and abs(change - moved) <= 15, (change, moved)


def test_a_list_longer_than_a_cell_holds_ends_with_how_many_more_instead_of_mid_id(catalog, tmp_path):
    """Excel holds 32,767 characters in a cell and XlsxWriter cut longer text silently: at 1,500 workloads the
    Phase 1 milestone's "Depends on" ended in the middle of a task id. Now it lists whole ids and says how many more."""
    import io

    from planner.export.formats import render_bytes
    from tests.bench.bench_engine import generated_plan

    ev = evaluate(generated_plan(1_500), catalog)
    milestone = next(t for t in ev.schedule.tasks if t.id == "p1.done")
    assert len(", ".join(milestone.depends_on)) > 32_767
    book = openpyxl.load_workbook(io.BytesIO(render_bytes(ev, "xlsx", catalog)), read_only=True)
    rows = {row[0]: row for row in book["Tasks"].iter_rows(values_only=True)}
    cell = rows["p1.done"][6]
    assert len(cell) <= 32_767
    listed, _, note = cell.rpartition(", … and ")
    ids = listed.split(", ")
    assert ids == milestone.depends_on[: len(ids)]  # whole ids, in order
    assert note == f"{len(milestone.depends_on) - len(ids):,} more (a cell holds 32,767 characters; the JSON export lists every one)"
    short = next(t for t in ev.schedule.tasks if len(t.depends_on) > 1 and len(", ".join(t.depends_on)) < 1000)
    assert rows[short.id][6] == ", ".join(short.depends_on)


def test_a_half_won_month_rounds_as_the_spreadsheet_does_so_the_workbook_recomputes_to_the_won(plan_copy, run_cli, catalog):
    """large-enterprise bills 25,702.95 USD x 1,350 = 34,698,982.5 won a month on the cloud: the ledger rounded it
    half to even (the float product is a hair below .5), a spreadsheet's ROUND half away from zero, and the
    workbook's cloud and plan totals recomputed 12 won above the planner's (one won a month for a year)."""
    from planner.domain.costs import won

    assert won(25_702.95 * 1_350) == 34_698_983 and won(-2.5) == -3 and won(1_234.4999) == 1_234
    plan_path = plan_copy("large-enterprise")
    text = plan_path.read_text(encoding="utf-8")
    plan_path.write_text(text.replace("horizon_months = 36", "horizon_months = 18"), encoding="utf-8")  # a smaller workbook
    assert run_cli("fmt", str(plan_path)).code == 0
    out = plan_path.with_suffix(".xlsx")
    assert run_cli("export", str(plan_path), "--format", "xlsx", "-o", str(out)).code == 0
    ev = evaluate(load_plan(plan_path, catalog), catalog)
    book = openpyxl.load_workbook(out)
    rows = {book["Decision"].cell(row=r, column=1).value: r for r in range(7, 7 + 4)}
    values = _recompute(formulas.ExcelModel().loads(str(out)).finish(), out)
    for strategy in ("cloud", "plan"):
        row = next(r for label, r in rows.items() if label.endswith(f"({strategy})"))
        assert values[f"DECISION!B{row}"] == ev.ledger.tco[strategy].total_krw, strategy
