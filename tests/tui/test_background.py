"""Large plans are evaluated off the UI thread: the edit shows at once, results follow, and nothing
(save, undo, keys pressed meanwhile, an evaluation error) ever pairs a plan with another plan's results."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from planner.domain.evaluate import evaluate
from planner.export.summary import plan_summary
from planner.store import plan_io
from planner.store.loader import read_plan
from planner.tui.app import RECOMPUTING_MARK
from planner.tui.background import BACKGROUND_WORKLOADS
from planner.tui.dialogs.basic import ConfirmDialog, MessageDialog
from planner.tui.dialogs.workload_form import WorkloadDialog
from planner.tui.session import EvaluationFailed, PlanSession
from planner.tui.widgets import TitleHeader
from planner.tui.edits import without_workload
from tests.bench.bench_engine import generated_plan
from tests.tui.conftest import drive, make_app, screen_text, settle, wait_for

COUNT = BACKGROUND_WORKLOADS + 50
"""Just large enough to be evaluated in the background."""


@pytest.fixture
def big_plan(tmp_path: Path) -> Path:
    path = tmp_path / "big.toml"
    path.write_text(plan_io.dump_plan(generated_plan(COUNT)), encoding="utf-8")
    return path


def with_users(plan, workload_id: str, users: int):
    workloads = [w.model_copy(update={"users": users}) if w.id == workload_id else w for w in plan.workloads]
    return plan.model_copy(update={"workloads": workloads})


def test_edit_shows_at_once_and_results_follow(big_plan, monkeypatch):
    app = make_app(big_plan)
    redraws = []  # (pending, users of w00001, its requests/day in the results, header) at each redraw
    refresh_view = app.refresh_view

    def recorded():
        refresh_view()
        session = app.session
        header = app.query_one(TitleHeader).format_title().plain
        redraws.append((session.pending, session.plan.workload("w00001").users, session.evaluation.workload("w00001").requests_per_day, header))

    monkeypatch.setattr(app, "refresh_view", recorded)

    async def scenario(pilot):
        await pilot.press("2", "down")  # w00001: a coding assistant, 21 users x 50 requests/user/day
        assert app.query_one("#pane-workloads").table.current_key == "w00001"
        assert app.session.evaluation.workload("w00001").requests_per_day == 1_050
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkloadDialog))
        app.screen.query_one("#field-users", Input).value = "40"
        redraws.clear()
        await pilot.press("enter", "3")  # a screen opened meanwhile is drawn when the results arrive
        await wait_for(pilot, lambda: not app.session.pending)
        # the plan changed at once (old results, "recomputing" in the title), then the results followed
        header = f"big.toml [+] — {app.session.plan.name}"
        assert redraws == [(True, 40, 1_050, header + RECOMPUTING_MARK), (False, 40, 2_000, header)]  # 40 x 50
        assert app.title.endswith("[+]")
        assert app.query_one("#pane-placement").table.row_count == COUNT
        await pilot.press("2")
        await settle(pilot)
        assert "2,000" in screen_text(app)

    drive(app, scenario)


def test_fast_edits_settle_on_the_last_plan_and_undo_in_one_step(big_plan):
    app = make_app(big_plan)

    async def scenario(pilot):
        await pilot.press("2")
        original = app.session.plan
        for users in (4, 45, 450):  # typing 450 in a field: one undo step
            assert app.edit_plan(with_users(app.session.plan, "w00001", users), coalesce="users")
        await wait_for(pilot, lambda: not app.session.pending)
        assert app.session.evaluation.workload("w00001").requests_per_day == 22_500  # 450 x 50
        await pilot.press("ctrl+z")
        assert app.session.plan is original
        await wait_for(pilot, lambda: not app.session.pending)
        assert app.session.evaluation.workload("w00001").requests_per_day == 1_050
        assert not app.session.dirty and "[+]" not in app.title

    drive(app, scenario)


def test_keys_pressed_while_recomputing_act_on_the_new_results(big_plan):
    app = make_app(big_plan)

    async def scenario(pilot):
        await pilot.press("2")
        assert app.query_one("#pane-workloads").table.current_key == "w00000"
        assert app.edit_plan(without_workload(app.session.plan, "w00000"))  # the highlighted row goes
        app.query_one("#pane-workloads").action_delete()  # d, pressed before the results are back
        assert not isinstance(app.screen, ConfirmDialog)  # it waits for them ...
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        # ... and then asks about the row highlighted now, which exists in the plan
        assert "Delete workload w00001 (Workload 1)?" in screen_text(app)

    drive(app, scenario)


def test_save_while_recomputing_writes_the_matching_summary(big_plan, catalog):
    app = make_app(big_plan)

    async def scenario(pilot):
        before = read_plan(big_plan, catalog)
        assert app.edit_plan(with_users(app.session.plan, "w00001", 5_000))
        assert app.session.pending
        await pilot.press("ctrl+s")  # waits for the results, then saves
        await wait_for(pilot, lambda: not app.session.dirty)
        saved = read_plan(big_plan, catalog)
        assert saved.workload("w00001").users == 5_000
        assert saved.summary == plan_summary(evaluate(saved, catalog))
        assert saved.summary != before.summary  # 250,000 more requests a day changed the totals

    drive(app, scenario)


def test_evaluation_error_in_the_background_goes_back_to_the_last_good_plan(big_plan, monkeypatch):
    app = make_app(big_plan)
    real = PlanSession.evaluate

    def failing(self, plan):
        if plan.workload("w00001").users == 13:
            raise EvaluationFailed("evaluation failed: ZeroDivisionError: division by zero")
        return real(self, plan)

    monkeypatch.setattr(PlanSession, "evaluate", failing)

    async def scenario(pilot):
        good = app.edit_plan(with_users(app.session.plan, "w00001", 30))
        await wait_for(pilot, lambda: not app.session.pending)
        assert good
        last_good = app.session.plan
        assert app.edit_plan(with_users(last_good, "w00001", 13))
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog))
        assert "Edit not applied" in screen_text(app) and "ZeroDivisionError" in screen_text(app)
        assert app.session.plan is last_good and not app.session.pending
        assert len(app.session.undo_stack) == 1
        await pilot.press("escape")
        # the plan stays editable
        assert app.edit_plan(with_users(app.session.plan, "w00001", 60))
        await wait_for(pilot, lambda: not app.session.pending)
        assert app.session.evaluation.workload("w00001").requests_per_day == 3_000

    drive(app, scenario)


def test_session_refuses_results_of_another_plan(big_plan, catalog):
    session = PlanSession.open(big_plan, catalog)
    original, first_results = session.plan, session.evaluation
    a = with_users(original, "w00001", 40)
    b = with_users(original, "w00001", 80)
    assert session.stage(a) and session.stage(b) and session.pending
    assert session.evaluation is first_results  # still the old plan's, until settled
    assert not session.settle(a, session.evaluate(a))  # stale: b is current
    assert session.pending
    assert session.settle(b, session.evaluate(b))
    assert session.evaluation.workload("w00001").requests_per_day == 4_000  # 80 x 50
    session.stage(with_users(b, "w00001", 13))
    session.unstage()
    assert session.plan is b and [plan for plan, _ in session.undo_stack] == [original, a] and not session.pending
    assert session.undo_stack[0][1] is first_results and session.undo_stack[1][1] is None  # a was never evaluated here


def test_session_save_while_pending_evaluates_first(big_plan, catalog):
    session = PlanSession.open(big_plan, catalog)
    session.stage(with_users(session.plan, "w00001", 5_000))
    session.save()
    assert not session.pending
    saved = read_plan(big_plan, catalog)
    assert saved.summary == plan_summary(evaluate(saved, catalog))
    assert session.evaluation.workload("w00001").requests_per_day == 250_000


def test_the_hardware_screen_lists_the_first_rented_gpu_quotes_and_says_how_many_more(big_plan):
    """A text block on a screen stops at TEXT_LINES_SHOWN lines (Textual lays out every line of it: 10,000
    workloads' quotes kept the screen from drawing for ~8 s): the first quotes, then how many more and where."""
    from planner.tui.panes.hardware import RENTED_SHOWN
    from planner.tui.rented import rented_rows
    from planner.tui.widgets import capped

    app = make_app(big_plan)

    async def scenario(pilot):
        await wait_for(pilot, lambda: app.session is not None and not app.session.pending)
        quoted = rented_rows(app.session.evaluation)
        assert len(quoted) > RENTED_SHOWN  # the generated plan's workloads may all rent GPUs
        await pilot.press("4")
        more = f"… {len(quoted) - RENTED_SHOWN} more workloads quoted rented GPUs"
        await wait_for(pilot, lambda: more in app.query_one("#hardware-rented")._planner_shown.plain)
        text = app.query_one("#hardware-rented")._planner_shown
        shown = text.plain
        assert quoted[0].id in shown and quoted[RENTED_SHOWN - 1].id in shown and quoted[-1].id not in shown
        assert capped(text) is text and "rental: GPU-hours x price" in shown  # quotes, note and footnotes fit the screen's limit

    drive(app, scenario)


def test_a_keyed_table_measures_its_columns_as_datatable_does():
    """KeyedTable reads a plain cell's width from its text instead of rich's measure (3 s of a 10,000-row
    table's first draw): the same widths as a stock DataTable, wide Korean characters, markup and all."""
    from rich.cells import cell_len
    from rich.text import Text
    from textual.app import App
    from textual.widgets import DataTable

    from planner.tui.table import KeyedTable

    columns = [("ID", "id"), ("Name", "name"), ("Cost", "cost"), ("Note", "note")]
    def table(widest: dict[int, object]) -> list:
        """Rows of short cells and one row whose cell in column i is widest[i]."""
        short = ("w1", "문서", Text("1억원", justify="right"), "")
        return [("short", short), ("widest", tuple(widest.get(i, short[i]) for i in range(4)))]

    cases = [
        table({0: "w00004-a-much-longer-id", 1: "사내 문서 검색 챗봇", 2: Text("12,345,678,901 KRW", justify="right"), 3: Text("two\nlines, the longer")}),
        table({1: "[b]bold[/b] name", 3: "one line\nthen a longer line"}),  # markup; a str's first line only
        table({1: "emoji :smile: code", 3: "12:30"}),
    ]

    class Both(App):
        def __init__(self, rows):
            super().__init__()
            self.rows = rows

        def compose(self):
            yield KeyedTable(columns, id="keyed")
            yield DataTable(id="stock")

        def on_mount(self):
            stock = self.query_one("#stock", DataTable)
            for label, key in columns:
                stock.add_column(label, key=key)
            for key, cells in self.rows:
                stock.add_row(*cells, key=key)

    async def widths(rows):
        app = Both(rows)
        async with app.run_test(size=(120, 20)) as pilot:
            await pilot.pause()
            app.query_one("#keyed", KeyedTable).sync(rows)
            await pilot.pause()
            await pilot.pause()
            return [[c.content_width for c in app.query_one(f"#{t}", DataTable).ordered_columns] for t in ("keyed", "stock")]

    import asyncio

    measured = [asyncio.run(widths(rows)) for rows in cases]
    assert all(keyed == stock for keyed, stock in measured), measured
    assert measured[0][0] == [23, 19, 18, 17] and measured[1][0][1:4:2] == [9, 8] and measured[2][0][1] == cell_len("emoji 😄 code")


def test_a_keyed_table_appends_rows_as_datatable_add_row_does():
    """KeyedTable appends its rows in one pass (add_row re-checked the cursor for every row): the same rows, keys,
    order, size, cursor and first highlight as a stock DataTable given the same rows one add_row at a time, and
    rows appended later land after them."""
    from rich.text import Text
    from textual.app import App
    from textual.widgets import DataTable

    from planner.tui.table import KeyedTable

    columns = [("ID", "id"), ("Name", "name"), ("Cost", "cost")]
    rows = [(f"w{i:03d}", (f"w{i:03d}", f"워크로드 {i}", Text(f"{i * 1234:,}만원", justify="right"))) for i in range(120)]
    more = [("extra", ("extra", "added later", Text("1만원", justify="right")))]

    class Both(App):
        def __init__(self):
            super().__init__()
            self.highlighted: dict[str, list[int]] = {"keyed": [], "stock": []}

        def compose(self):
            yield KeyedTable(columns, id="keyed")
            yield DataTable(id="stock", cursor_type="row", zebra_stripes=True)

        def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
            self.highlighted[event.data_table.id].append(event.cursor_row)

    def state(table: DataTable) -> tuple:
        return ([table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)],
                [tuple(map(str, table.get_row_at(i))) for i in range(table.row_count)], table.cursor_coordinate, table.virtual_size)

    async def both():
        app = Both()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            keyed, stock = app.query_one("#keyed", KeyedTable), app.query_one("#stock", DataTable)
            for label, key in columns:
                stock.add_column(label, key=key)
            keyed.sync(rows)
            for key, cells in rows:
                stock.add_row(*cells, key=key)
            await pilot.pause()
            first = state(keyed), state(stock)
            keyed.sync(rows + more)
            for key, cells in more:
                stock.add_row(*cells, key=key)
            await pilot.pause()
            return first, (state(keyed), state(stock)), app.highlighted

    import asyncio

    first, later, highlighted = asyncio.run(both())
    assert first[0] == first[1] and later[0] == later[1]
    assert later[0][0][-1] == "extra" and len(later[0][1]) == 121 and later[0][1][5] == ("w005", "워크로드 5", "6,170만원")
    assert highlighted["keyed"] == highlighted["stock"] == [0]


def test_a_keyed_table_shows_changed_cells_as_datatable_does_drawing_only_their_rows():
    """An edit that changes a few cells without changing a column's width redraws only their rows (DataTable would
    draw every visible row again): the screen shows exactly what the same table updated DataTable's way
    (update_cell, every row drawn again) shows, for a row on screen, the highlighted row, a row scrolled into view
    later, and a change that widens a column."""
    import asyncio

    from rich.text import Text
    from textual.app import App

    from planner.tui.table import KeyedTable

    columns = [("ID", "id"), ("Name", "name"), ("Cost", "cost")]

    def row(i: int, cost: int, name: str = "") -> tuple[str, tuple]:
        return f"w{i:03d}", (f"w{i:03d}", name or f"워크로드 {i}", Text(f"{cost:,}만원", justify="right"))

    rows = [row(i, i * 1234) for i in range(200)]
    edits = [
        {3: row(3, 3 * 1234 + 1)},  # on screen, same width
        {0: row(0, 7), 5: row(5, 5 * 1234 - 1)},  # the highlighted row and another one
        {150: row(150, 150 * 1234 + 2)},  # below the window: drawn when scrolled to
        {7: row(7, 7, "a much longer workload name")},  # widens the Name column: everything moves
    ]

    class Both(App):
        CSS = "KeyedTable { height: 1fr; }"

        def compose(self):
            yield KeyedTable(columns, id="rows")
            yield KeyedTable(columns, id="whole")

    def lines(app: App, table: KeyedTable) -> list[list[tuple[str, object]]]:
        strips = app.screen._compositor.render_strips()
        region = table.region
        return [[(segment.text, segment.style) for segment in strip.crop(region.x, region.right)] for strip in strips[region.y : region.bottom]]

    async def both():
        app = Both()
        shown, redrawn = [], []
        async with app.run_test(size=(60, 24)) as pilot:
            by_rows, whole = app.query_one("#rows", KeyedTable), app.query_one("#whole", KeyedTable)
            whole.rows_redrawn_alone = 0  # DataTable's way for every update
            app.set_focus(None)
            await pilot.pause()
            current = list(rows)
            by_rows.sync(current)
            whole.sync(current)
            await pilot.pause()
            for edit in edits:
                before = by_rows._update_count
                for index, new in edit.items():
                    current[index] = new
                by_rows.sync(current)
                whole.sync(current)
                redrawn.append(by_rows._update_count == before)  # its cached rows were kept
                await pilot.pause()
                shown.append((lines(app, by_rows), lines(app, whole)))
            for table in (by_rows, whole):
                table.scroll_to(y=140, animate=False)
            await pilot.pause()
            shown.append((lines(app, by_rows), lines(app, whole)))
        return shown, redrawn

    shown, redrawn = asyncio.run(both())
    assert [i for i, (by_rows, whole) in enumerate(shown) if by_rows != whole] == []
    text = ["\n".join("".join(t for t, _style in line) for line in by_rows) for by_rows, _whole in shown]
    assert "3,703만원" in text[0] and "7만원" in text[1] and "a much longer workload name" in text[3] and "185,102만원" in text[4]
    assert redrawn == [True, True, True, False]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_keyed_table_walked_at_random_shows_what_a_full_redraw_shows(seed):
    """Seeded random walks over a KeyedTable: cells that change in place, widen, narrow or empty, rows removed and
    appended, the cursor moved, the table scrolled, and updates made while a dialog covers the table (an override
    saved from its dialog redraws the Placement table before the dialog has gone). After every step the screen
    shows, cell for cell and style for style, what the table shows once every cached drawing is dropped: a row
    whose cached drawing outlived its cells would show the old text."""
    import asyncio
    import random

    from rich.text import Text
    from textual.app import App
    from textual.screen import ModalScreen
    from textual.widgets import Static

    from planner.tui.table import KeyedTable

    columns = [("ID", "id"), ("Placement", "placement"), ("Override", "override"), ("Cost", "cost")]
    words = ["", "override", "REGULATORY override", "on-prem", "rented GPUs", "cloud", "온프레미스", "x"]
    rng = random.Random(seed)

    def cells(key: str, placement: str, override: str, digits: int) -> tuple:
        return (key, placement, override, Text(f"{rng.randrange(10 ** (digits - 1), 10**digits):,}", justify="right"))

    class Dialog(ModalScreen):
        def compose(self):
            yield Static("a dialog over the table")

    class One(App):
        CSS = "KeyedTable { height: 1fr; }"

        def compose(self):
            yield KeyedTable(columns, id="rows")

    def lines(app: App, table: KeyedTable) -> list[list[tuple[str, object]]]:
        strips = app.screen._compositor.render_strips()
        region = table.region
        return [[(segment.text, segment.style) for segment in strip.crop(region.x, region.right)] for strip in strips[region.y : region.bottom]]

    async def walk() -> tuple[list[int], int]:
        app = One()
        differ, alone = [], 0
        async with app.run_test(size=(70, 24)) as pilot:
            table = app.query_one("#rows", KeyedTable)
            current = [(f"w{i:03d}", cells(f"w{i:03d}", rng.choice(words), rng.choice(words), 5)) for i in range(40)]
            table.sync(current)
            await pilot.pause()
            for step in range(25):
                move = rng.random()
                covered = move < 0.2
                if covered:
                    await app.push_screen(Dialog())
                    await pilot.pause()
                if move < 0.8:  # a few rows change: mostly a figure of the same width, sometimes a word
                    for _ in range(rng.randrange(1, 4)):
                        index = rng.randrange(len(current))
                        key, (_id, placement, override, _cost) = current[index]
                        if rng.random() < 0.25:
                            placement, override = rng.choice(words), rng.choice(words)
                        current[index] = (key, cells(key, placement, override, 5 if rng.random() < 0.9 else rng.randrange(1, 9)))
                elif move < 0.9 and len(current) > 5:  # a row goes
                    del current[rng.randrange(len(current))]
                else:  # a row comes at the bottom
                    key = f"w{1000 + step}"
                    current.append((key, cells(key, rng.choice(words), rng.choice(words), 5)))
                before = table._update_count
                table.sync(current)
                alone += table._update_count == before
                if covered:
                    app.pop_screen()
                    await pilot.pause()
                if rng.random() < 0.3:
                    table.move_cursor(row=rng.randrange(len(current)), animate=False)
                if rng.random() < 0.2:
                    table.scroll_to(y=rng.randrange(len(current)), animate=False)
                await pilot.pause()
                shown = lines(app, table)
                table._clear_caches()
                table.refresh()
                await pilot.pause()
                if shown != lines(app, table):
                    differ.append(step)
        return differ, alone

    differ, alone = asyncio.run(walk())
    assert differ == []
    assert alone >= 3  # the walk did take the row-alone path, not only DataTable's


def test_a_cell_that_widens_its_column_shows_in_full_when_a_frame_came_before_the_tables_idle():
    """DataTable widens a column on its next idle moment and does not draw its cached rows again after: a frame drawn
    in between (the screen's own timer on a loaded machine; CI once) left an override cut to "REGULATO" under
    "Override" for good. KeyedTable works the widths out as it updates: the first frame after already shows it all,
    and so does every later one. (Stock DataTable 8.2.8 keeps "REGULATO" here.)"""
    import asyncio

    from rich.text import Text
    from textual.app import App

    from planner.tui.table import KeyedTable

    columns = [("ID", "id"), ("Override", "override"), ("Data", "data")]

    class One(App):
        def compose(self):
            yield KeyedTable(columns, id="placement")

    def shown(app: App) -> str:
        return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

    async def override() -> tuple[str, str]:
        app = One()
        async with app.run_test(size=(60, 8)) as pilot:
            table = app.query_one(KeyedTable)
            rows = [("chatbot", ("chatbot", Text(""), "regulated")), ("search", ("search", Text(""), "public"))]
            table.sync(rows)
            await pilot.pause()
            rows[0] = ("chatbot", ("chatbot", Text("REGULATORY override", style="bold red"), "regulated"))
            table.sync(rows)
            first = shown(app)  # drawn before the table has had its idle moment
            await pilot.pause()
            await pilot.pause()
            return first, shown(app)

    first, later = asyncio.run(override())
    assert "chatbot  REGULATORY override  regulated" in first
    assert "chatbot  REGULATORY override  regulated" in later
