"""Starting in the app: a blank plan with the guided start, New and Open, and importing an inventory from the palette."""

from __future__ import annotations

import tomllib

from textual.widgets import Input, Select

from planner.tui.dialogs.basic import ConfirmDialog, MessageDialog, PathDialog, TemplateDialog
from planner.tui.dialogs.start import GuidedStartDialog
from tests.tui.conftest import drive, make_app, screen_text, settle, wait_for

INVENTORY = "Name,Kind,Users,Requests per user per day,Data class\n" + "".join(
    f"Team {i} assistant,{'internal_rag' if i % 2 else 'general_qa'},{10 * i},5,{'confidential' if i % 2 else 'public'}\n" for i in range(1, 21)
)


async def _type_path(pilot, app, path) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, PathDialog))
    app.screen.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)


async def _guided_start(pilot, app, plan_name: str, workload: str) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, GuidedStartDialog))
    dialog = app.screen
    assert "your organization" in screen_text(app)
    dialog.query_one("#plan-name", Input).value = plan_name
    dialog.query_one("#industry", Select).value = "finance"
    dialog.query_one("#employees", Input).value = "1,200"
    dialog.query_one("#ml-engineers", Input).value = "3"
    await pilot.press("enter")
    await wait_for(pilot, lambda: "your first workload" in screen_text(app))
    dialog.query_one("#workload-name", Input).value = workload
    dialog.query_one("#kind", Select).value = "customer_chatbot"
    dialog.query_one("#users", Input).value = "ten"
    dialog.query_one("#per-user", Input).value = "4"
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, GuidedStartDialog) and "Users: give a number" in screen_text(app)  # stays open, says what is wrong
    dialog.query_one("#users", Input).value = "5000"
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, GuidedStartDialog))


def test_missing_file_blank_plan_and_guided_start(tmp_path):
    target = tmp_path / "ours.toml"
    app = make_app(target)

    async def scenario(pilot):
        await wait_for(pilot, lambda: isinstance(app.screen, TemplateDialog))
        assert "blank: an empty plan" in screen_text(app)
        await pilot.press("enter")  # blank is first
        await _guided_start(pilot, app, "Bank assistants", "Customer chat")
        plan = app.session.plan
        assert plan.name == "Bank assistants" and plan.organization.industry == "finance" and plan.organization.employees == 1200
        assert [(w.id, w.kind, w.users) for w in plan.workloads] == [("customer-chat", "customer_chatbot", 5000)]
        assert app.session.evaluation.workloads[0].placement == "on_prem"  # finance + personal data
        await pilot.press("ctrl+s")
        await settle(pilot)

    drive(app, scenario)
    saved = tomllib.loads(target.read_text(encoding="utf-8"))
    assert saved["workloads"][0]["name"] == "Customer chat" and saved["summary"]["placement"] == {"customer-chat": "on_prem"}


def test_guided_start_gives_a_korean_named_workload_an_id_from_its_kind(tmp_path):
    """고객 상담 챗봇 has no letter a plan id may use: the id is its kind's (customer-chatbot), not `workload`."""
    app = make_app(tmp_path / "ours.toml")

    async def scenario(pilot):
        await wait_for(pilot, lambda: isinstance(app.screen, TemplateDialog))
        await pilot.press("enter")
        await _guided_start(pilot, app, "은행 상담", "고객 상담 챗봇")
        assert [(w.id, w.name) for w in app.session.plan.workloads] == [("customer-chatbot", "고객 상담 챗봇")]

    drive(app, scenario)


def test_new_and_open_keys(plan_copy, tmp_path):
    original = plan_copy()
    fresh = tmp_path / "fresh.toml"
    app = make_app(original)

    async def scenario(pilot):
        await pilot.press("ctrl+n")
        await _type_path(pilot, app, fresh)
        await wait_for(pilot, lambda: isinstance(app.screen, GuidedStartDialog))
        await pilot.press("escape")  # the guided start is optional
        await settle(pilot)
        assert app.session.path == fresh and app.session.plan.workloads == []
        await pilot.press("ctrl+o")
        await _type_path(pilot, app, original)
        assert app.session.path == original and len(app.session.plan.workloads) == 5

    drive(app, scenario)
    assert fresh.exists()


def test_import_from_the_palette_previews_then_adds_and_undo_takes_it_back(plan_copy, tmp_path):
    source = tmp_path / "inventory.csv"
    source.write_text(INVENTORY, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(INVENTORY.replace("Team 3 assistant,internal_rag,30", "Team 3 assistant,internal_rag,thirty"), encoding="utf-8")
    app = make_app(plan_copy())

    async def scenario(pilot):
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["plan: import inventory…"].callback()
        await _type_path(pilot, app, bad)
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog))
        assert f"{bad}:4:Users: expected a number, got 'thirty'" in app.screen.message.splitlines()
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.session.plan.workloads) == 5
        commands["plan: import inventory…"].callback()
        await _type_path(pilot, app, source)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "20 workloads from inventory.csv" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert len(app.session.plan.workloads) == 25 and app.session.dirty
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert len(app.session.plan.workloads) == 5

    drive(app, scenario)


def test_export_dialog_writes_the_xlsx_workbook(plan_copy):
    import openpyxl
    from textual.widgets import Select

    path = plan_copy()
    app = make_app(path)

    async def scenario(pilot):
        await pilot.press("ctrl+e")
        await settle(pilot)
        app.screen.query_one("#export-format", Select).value = "xlsx"
        await settle(pilot)
        assert app.screen.query_one("#export-path", Input).value == str(path.with_suffix(".xlsx"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.last_export == path.with_suffix(".xlsx")

    drive(app, scenario)
    book = openpyxl.load_workbook(path.with_suffix(".xlsx"))
    assert "Ledger plan" in book.sheetnames and book["Workloads"].max_row == 1 + len(app.session.plan.workloads)
