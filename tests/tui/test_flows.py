"""Pilot tests: each flow a user goes through, on copies of the real sample plans."""

from __future__ import annotations

import asyncio
import functools
import json

from textual.widgets import Checkbox, Input, Label, Select
from textual.screen import ModalScreen

from planner.domain.evaluate import evaluate
from planner.export.summary import plan_summary
from planner.store import plan_io
from planner.store.loader import read_plan
from planner.store.catalogs import load_catalog
from planner.tui.app import UNSAVED_MARK, PlannerApp, pane_class
from planner.tui.dialogs.basic import ChoiceDialog, ConfirmDialog, PathDialog, TemplateDialog
from planner.tui.dialogs.override import OverrideDialog
from planner.tui.dialogs.task_edit import TaskEditDialog
from planner.tui.dialogs.workload_form import WorkloadDialog
from tests.tui.conftest import drive, make_app, screen_text, settle, wait_for


def _ids(app: PlannerApp) -> list[str]:
    return [w.id for w in app.session.plan.workloads]


def _error(app: PlannerApp, field: str) -> str:
    return str(app.screen.query_one(f"#error-{field}", Label).render())


# --- workloads ----------------------------------------------------------------------------------


def test_add_workload_with_kind_defaults(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("2", "a")
        assert isinstance(app.screen, WorkloadDialog)
        await pilot.press(*"faq-bot", "tab", *"FAQ bot", "tab")
        await pilot.press("enter", *"general", "enter")  # the kind Select: open, type to search, choose
        await pilot.pause()
        # choosing a kind shows its defaults as placeholders
        assert app.screen.query_one("#field-input_tokens", Input).placeholder.endswith("(default)")
        await pilot.press("tab", "tab", *"200", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, WorkloadDialog)
        assert _ids(app)[-1] == "faq-bot"
        added = app.session.plan.workload("faq-bot")
        assert (added.kind, added.users, added.requests_per_user_per_day) == ("general_qa", 200, None)
        kind = app.catalog.workload_kinds["general_qa"]
        result = app.session.evaluation.workload("faq-bot")
        # 200 users x the kind's requests per user per day
        assert result.requests_per_day == 200 * kind.requests_per_user_per_day
        assert app.title.endswith(UNSAVED_MARK)
        assert "faq-bot" in screen_text(app)

    drive(app, scenario)


def test_workload_form_shows_errors_at_fields_and_keeps_the_plan(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        before = app.session.plan
        await pilot.press("2", "a")
        await settle(pilot)
        await pilot.press(*"Bad", "space", *"Id", "tab", "x")
        await pilot.pause()
        assert "use lowercase letters, digits" in _error(app, "id")  # says what an id may hold, not the regex
        await pilot.press("enter")  # try to save anyway
        await pilot.pause()
        assert isinstance(app.screen, WorkloadDialog)
        assert _error(app, "kind") == "required"
        # an id that exists already
        app.screen.query_one("#field-id", Input).value = "marketing"
        app.screen.query_one("#field-kind", Select).value = "general_qa"
        app.screen.query_one("#field-users", Input).value = "10"
        await pilot.pause()
        assert "duplicate workload id" in _error(app, "id")
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.plan is before
        assert not app.session.dirty

    drive(app, scenario)


def test_volume_by_requests_per_day(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("2", "a")
        await settle(pilot)
        await pilot.press(*"batch", "tab", *"Batch", "tab")
        app.screen.query_one("#field-kind", Select).value = "bulk_classification"
        app.screen.query_one("#mode-day").value = True
        await pilot.pause()
        assert not app.screen.query_one("#row-users").display
        app.screen.query_one("#field-requests_per_day", Input).value = "12000"
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        workload = app.session.plan.workload("batch")
        assert (workload.requests_per_day, workload.users) == (12000, None)
        assert app.session.evaluation.workload("batch").requests_per_day == 12000

    drive(app, scenario)


def test_edit_workload_changes_numbers(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("2", "down", "down")  # translation: 200 users x 5 requests
        await pilot.pause()
        assert app.query_one("#pane-workloads").table.current_key == "translation"
        assert app.session.evaluation.workload("translation").requests_per_day == 1000
        await pilot.press("e")
        field = app.screen.query_one("#field-users", Input)
        assert field.value == "200"
        field.value = "400"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.plan.workload("translation").users == 400
        assert app.session.evaluation.workload("translation").requests_per_day == 2000  # 400 x 5
        assert "2,000" in screen_text(app)

    drive(app, scenario)


def test_delete_asks_first_and_undo_redo(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        original = app.session.plan
        await pilot.press("2", "down", "down", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "translation" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert "translation" in _ids(app)
        await pilot.press("d", "escape")
        await pilot.pause()
        assert "translation" in _ids(app)
        await pilot.press("d", "y")
        await pilot.pause()
        assert "translation" not in _ids(app)
        assert "translation" not in app.session.evaluation.model_dump_json()
        assert app.title.endswith(UNSAVED_MARK)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.session.plan == original
        assert not app.session.dirty and not app.title.endswith(UNSAVED_MARK)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "translation" not in _ids(app)
        await pilot.press("d", "enter")  # enter also says yes
        await pilot.pause()
        assert len(_ids(app)) == len(original.workloads) - 2

    drive(app, scenario)


# --- placement ----------------------------------------------------------------------------------


def test_override_needs_a_note(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("3")  # first row: internal-chatbot, recommended on-prem
        await pilot.pause()
        result = app.session.evaluation.workload("internal-chatbot")
        assert result.placement == "on_prem" and not result.overridden
        await pilot.press("e")
        assert isinstance(app.screen, OverrideDialog)
        app.screen.query_one("#override-placement", Select).value = "cloud"
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog)
        assert "needs a note" in str(app.screen.query_one("#override-note-error", Label).render())
        app.screen.query_one("#override-note", Input).focus()
        await pilot.press(*"CISO approved 2026-03", "enter")
        await pilot.pause()
        workload = app.session.plan.workload("internal-chatbot")
        assert (workload.placement, workload.placement_note) == ("cloud", "CISO approved 2026-03")
        result = app.session.evaluation.workload("internal-chatbot")
        assert result.placement == "cloud" and result.overridden and result.recommended == "on_prem"
        # d removes the override after asking
        await pilot.press("d", "y")
        await pilot.pause()
        assert app.session.plan.workload("internal-chatbot").placement is None
        assert app.session.evaluation.workload("internal-chatbot").placement == "on_prem"

    drive(app, scenario)


def test_override_dialog_taller_than_an_80x24_terminal_scrolls_to_the_field_in_focus(plan_copy):
    """The override of a regulated workload shows the regulation's sources: at 80x24 the dialog is taller than the
    terminal. Tabbing to the acknowledgement brings it, its message and the Save button on screen, and the override
    saves from the keyboard alone (they were below the terminal's last line, out of reach of the eye)."""
    app = make_app(plan_copy("bank-customer-service"))

    async def scenario(pilot):
        await pilot.press("3")
        await wait_for(pilot, lambda: app.query_one("#pane-placement").table.current_key == "customer-chatbot")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        assert "I acknowledge" not in screen_text(app) and "Save (enter)" not in screen_text(app)  # below the last line
        app.screen.query_one("#override-placement", Select).value = "cloud"
        await pilot.press("tab", *"FSC sandbox approval 2026-01", "tab")
        await wait_for(pilot, lambda: isinstance(app.focused, Checkbox))
        await wait_for(pilot, lambda: "I acknowledge" in screen_text(app) and "Save (enter)" in screen_text(app))
        await pilot.press("space", "tab", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, OverrideDialog))
        workload = app.session.plan.workload("customer-chatbot")
        assert (workload.placement, workload.placement_note, workload.acknowledge_regulation) == ("cloud", "FSC sandbox approval 2026-01", True)

    drive(app, scenario, size=(80, 24))


def test_regulatory_override_needs_acknowledgement(plan_copy):
    app = make_app(plan_copy("bank-customer-service"))

    async def scenario(pilot):
        result = app.session.evaluation.workload("customer-chatbot")
        assert result.regulatory and result.placement == "gpuaas"  # self-hosted by the finance rule, on domestic rented GPUs
        await pilot.press("3")
        await pilot.pause()
        assert app.query_one("#pane-placement").table.current_key == "customer-chatbot"
        await pilot.press("enter")
        assert isinstance(app.screen, OverrideDialog)
        app.screen.query_one("#override-placement", Select).value = "cloud"
        app.screen.query_one("#override-note", Input).value = "FSC sandbox approval 2026-01"
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog), "saved without acknowledging the regulation"
        assert "acknowledgement" in str(app.screen.query_one("#override-ack-error", Label).render())
        assert "acknowledgement" in screen_text(app)  # the message wraps inside the dialog (it was cut at its border)
        app.screen.query_one("#override-ack", Checkbox).value = True
        app.screen.query_one("#override-note", Input).focus()
        await pilot.pause()
        await pilot.press("enter")
        # the evaluation runs in a worker: wait for it rather than for a fixed number of pauses
        await wait_for(pilot, lambda: app.session.evaluation.workload("customer-chatbot").placement == "cloud" and "REGULATORY override" in screen_text(app))
        workload = app.session.plan.workload("customer-chatbot")
        assert (workload.placement, workload.acknowledge_regulation) == ("cloud", True)
        result = app.session.evaluation.workload("customer-chatbot")
        assert result.overridden and result.placement == "cloud"
        await wait_for(pilot, lambda: "REGULATORY override" in screen_text(app))  # the redraw may take more than two pauses on a loaded machine

    drive(app, scenario)


# --- timeline -----------------------------------------------------------------------------------


def test_task_edit_moves_the_schedule(plan_copy):
    app = make_app(plan_copy())
    task_id = "p2.order-production-gpus"

    async def scenario(pilot):
        schedule = app.session.evaluation.schedule
        before = next(t for t in schedule.tasks if t.id == task_id)
        await pilot.press("5")
        await pilot.pause()
        pane = app.query_one("#pane-timeline")
        pane.table.select_key(task_id)
        await pilot.pause()
        assert task_id in screen_text(app)  # the detail shows the highlighted task
        await pilot.press("e")
        assert isinstance(app.screen, TaskEditDialog)
        lead = (before.lead_time_weeks or 0) + 10
        app.screen.query_one("#task-lead", Input).value = f"{lead:g}"
        app.screen.query_one("#task-note", Input).value = "vendor quote 2026-02"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        edit = next(t for t in app.session.plan.tasks if t.id == task_id)
        assert edit.lead_time_weeks == lead and edit.note == "vendor quote 2026-02"
        after = next(t for t in app.session.evaluation.schedule.tasks if t.id == task_id)
        assert after.lead_time_weeks == lead
        assert after.end > before.end, "a longer lead time must move the delivery"
        assert app.session.evaluation.schedule.production_delivery > schedule.production_delivery
        # d removes the edit again
        await pilot.press("d", "y")
        await pilot.pause()
        assert all(t.id != task_id for t in app.session.plan.tasks)
        assert app.session.evaluation.schedule.production_delivery == schedule.production_delivery

    drive(app, scenario)


def test_task_edit_rejects_bad_values(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("5")
        await pilot.pause()
        app.query_one("#pane-timeline").table.select_key("p2.order-production-gpus")
        await pilot.press("e")
        app.screen.query_one("#task-duration", Input).value = "99999"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TaskEditDialog)
        assert "must be at most 3650" in str(app.screen.query_one("#task-duration-error", Label).render())
        await pilot.press("escape")
        assert app.session.plan.tasks == [] or all(t.duration_days != 99999 for t in app.session.plan.tasks)

    drive(app, scenario)


# --- overview -----------------------------------------------------------------------------------


def test_overview_field_validation_and_live_update(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        employees = app.query_one("#org-employees", Input)
        assert employees.value == "500"
        employees.focus()
        await pilot.press("ctrl+u", "0")
        await pilot.pause()
        assert "greater than 0" in str(app.query_one("#org-employees-error", Label).render())
        assert app.session.plan.organization.employees == 500  # never reaches the plan
        await pilot.press("backspace", *"1200")
        await pilot.pause()
        assert app.session.plan.organization.employees == 1200
        assert app.query_one("#org-employees-error", Label).render().plain == ""
        # typing one number is one undo step
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.session.plan.organization.employees == 500
        assert employees.value == "500"

    drive(app, scenario)


def _burst(app, *keys: str) -> None:
    """Keys arriving together, as from a terminal read: posted to the app with no wait between them (Pilot's `press`
    waits for the app to be idle after each key)."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def test_editing_keys_typed_in_a_burst_act_in_the_order_they_came(plan_copy):
    """ctrl+u then 1, 2, 0, 0 arriving together (a fast typist, a key macro, or keys that came while the app was busy
    drawing an evaluation): the field clears, then reads 1200, and so does the plan. Textual ran a field's bound keys
    only after they had bubbled up to the app, so the digits went in first: 5001200 in the plan, then an empty field
    (Textualize/textual#6605). Then backspace and home in a burst with digits: each acts where it came."""
    app = make_app(plan_copy())
    burst = functools.partial(_burst, app)

    async def scenario(pilot):
        employees = app.query_one("#org-employees", Input)
        employees.focus()
        await pilot.pause()
        burst("end", "ctrl+u", "1", "2", "0", "0")
        await wait_for(pilot, lambda: app.session.plan.organization.employees != 500)
        await settle(pilot)
        assert (employees.value, app.session.plan.organization.employees) == ("1200", 1200)
        burst("backspace", "5", "home", "3")
        await wait_for(pilot, lambda: employees.value != "1200")
        await settle(pilot)
        assert (employees.value, app.session.plan.organization.employees) == ("31205", 31205)

    drive(app, scenario)


def test_editing_keys_typed_in_a_burst_in_the_workload_form_act_in_order(plan_copy):
    """The workload form's fields likewise: translation's 200 users, end and three backspaces then 4 5 0 in one burst
    read 450, and Save puts 450 users in the plan."""
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("2", "down", "down", "e")
        field = app.screen.query_one("#field-users", Input)
        field.focus()
        await pilot.pause()
        _burst(app, "end", "backspace", "backspace", "backspace", "4", "5", "0")
        await wait_for(pilot, lambda: field.value != "200")
        await settle(pilot)
        assert field.value == "450"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.session.plan.workload("translation").users != 200)
        assert app.session.plan.workload("translation").users == 450

    drive(app, scenario)


async def _choose_industry(pilot, app, industry: str) -> None:
    """Open the Overview's industry select with the keyboard and choose `industry`."""
    select = app.query_one("#org-industry", Select)
    select.focus()
    await pilot.press("enter")
    order = [str(value) for _label, value in select._options]
    steps = order.index(industry) - order.index(str(select.value))
    await pilot.press(*["down" if steps > 0 else "up"] * abs(steps), "enter")
    await wait_for(pilot, lambda: select.value == industry and not select.expanded)


ACME_GPUAAS = """schema_version = 1

[[gpuaas]]
id = "acme-gpu-cloud"
provider = "ACME GPU Cloud"
region = "us-west-2 (Oregon, USA)"
domestic = false
currency = "USD"
prices = [{ gpu = "l40s", on_demand = 1.80, reserved_1y = 1.20, reserved_3y = 1.00 }]
certifications = []
min_gpus = 1
lead_time_days = 7
storage_per_tb_month = 80
egress_per_gb = 0.09
source = "ACME negotiated quote 2026-11"
as_of = 2026-11-01
"""
"""A company catalog's offer abroad that rents L40S GPUs (no shipped offer does)."""


def test_an_industry_whose_rules_take_away_the_rented_gpus_an_override_needs_is_refused_at_the_field(plan_copy, tmp_path):
    """midsize-chatbot (general industry) with a company catalog adding ACME's L40S rentals abroad, and its customer
    chatbot on rented GPUs pinned to an L40S. Choosing Finance in the Overview: the finance rules allow only offers
    hosted in Korea, and none of them rents an L40S. The industry field says so, with the override's key; the plan
    keeps its industry, the field keeps the choice, no dialog opens; choosing General again clears it."""
    catalog_dir = tmp_path / "company"
    catalog_dir.mkdir()
    (catalog_dir / "gpuaas.toml").write_text(ACME_GPUAAS, encoding="utf-8")
    path = plan_copy("midsize-chatbot")
    chatbot = 'kind = "customer_chatbot"\n'
    override = 'gpu = "l40s"\nplacement = "gpuaas"\nplacement_note = "Rented L40S at ACME, approved by the CTO 2026-11"\nacknowledge_regulation = true\n'
    path.write_text(path.read_text(encoding="utf-8").replace(chatbot, chatbot + override, 1), encoding="utf-8")
    before = path.read_bytes()
    app = make_app(path, catalog=load_catalog(catalog_dir))

    async def scenario(pilot):
        assert app.session.evaluation.workload("customer-support").gpuaas.offer == "acme-gpu-cloud"
        await _choose_industry(pilot, app, "finance")
        await wait_for(pilot, lambda: isinstance(app.screen, ModalScreen) or "workloads.4.placement" in screen_text(app))
        assert not isinstance(app.screen, ModalScreen)  # it used to be refused only by the "Edit not applied" dialog
        error = app.query_one("#org-industry-error", Label)
        assert error.render().plain.startswith(
            "workloads.4.placement: placement = 'gpuaas', but rented GPUs cannot serve it: no allowed offer rents l40s, the workload's GPU"
        )
        assert error.region.height > 1  # the reason wraps in the form's column
        assert app.session.plan.organization.industry == "general" and not app.session.dirty
        assert not isinstance(app.screen, ModalScreen) and app.query_one("#org-industry", Select).value == "finance"
        await _choose_industry(pilot, app, "general")
        await wait_for(pilot, lambda: not error.display)
        assert app.session.plan.organization.industry == "general" and not app.session.dirty
        assert path.read_bytes() == before

    drive(app, scenario)


def test_an_industry_that_leaves_a_cloud_override_unacknowledged_is_refused_at_the_field(plan_copy):
    """midsize-chatbot's coding assistant is on the cloud by an override (with a note). The public sector's rules
    require on-prem for its data: choosing Public in the Overview would leave that override unacknowledged. The
    industry field says so and the plan is unchanged; choosing Finance (whose rules do not govern it) is taken."""
    app = make_app(plan_copy("midsize-chatbot"))

    async def scenario(pilot):
        await _choose_industry(pilot, app, "public")
        await wait_for(pilot, lambda: isinstance(app.screen, ModalScreen) or "acknowledge_regulati" in screen_text(app))
        assert not isinstance(app.screen, ModalScreen)
        error = app.query_one("#org-industry-error", Label)
        assert error.render().plain.startswith("workloads.1.acknowledge_regulation: placement = 'cloud' overrides regulation.public")
        assert app.session.plan.organization.industry == "general" and not isinstance(app.screen, ModalScreen)
        await _choose_industry(pilot, app, "finance")
        await wait_for(pilot, lambda: app.session.plan.organization.industry == "finance")
        assert not error.display

    drive(app, scenario)


def test_currency_toggle(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("6")
        await pilot.pause()
        assert "억원" in screen_text(app) or "만원" in screen_text(app)
        await pilot.press("dollar_sign")
        await pilot.pause()
        text = screen_text(app)
        assert "$" in text and "억원" not in text and "만원" not in text
        await pilot.press("u")
        await pilot.pause()
        assert "$" not in screen_text(app)

    drive(app, scenario)


# --- saving -------------------------------------------------------------------------------------


def test_save_writes_canonical_file_with_summary(plan_copy):
    path = plan_copy()
    app = make_app(path)
    catalog = load_catalog(None)

    async def scenario(pilot):
        await pilot.press("2", "down", "down", "d", "y", "ctrl+s")
        await pilot.pause()
        assert not app.session.dirty and not app.title.endswith(UNSAVED_MARK)

    drive(app, scenario)
    saved = read_plan(path, catalog)
    assert "translation" not in [w.id for w in saved.workloads]
    text = path.read_text(encoding="utf-8")
    expected = plan_io.dump_plan(saved.model_copy(update={"summary": plan_summary(evaluate(saved, catalog))}))
    assert text == expected  # canonical, and the summary is current
    assert 'id = "translation"' not in text and "translation = " not in text


def test_saving_unchanged_plan_changes_no_byte(plan_copy):
    path = plan_copy("hospital")
    catalog = load_catalog(None)
    plan = read_plan(path, catalog)
    path.write_text(plan_io.dump_plan(plan.model_copy(update={"summary": plan_summary(evaluate(plan, catalog))})), encoding="utf-8")
    before = path.read_bytes()
    app = make_app(path)

    async def scenario(pilot):
        await pilot.press("ctrl+s")
        await pilot.pause()

    drive(app, scenario)
    assert path.read_bytes() == before


def test_save_keeps_comments_with_their_tables(plan_copy):
    path = plan_copy()
    path.write_text(path.read_text(encoding="utf-8").replace("[organization]", "# owner: IT strategy team\n[organization]  # from HR"), encoding="utf-8")
    app = make_app(path)

    async def scenario(pilot):
        await pilot.press("2", "d", "y", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)  # nothing is lost, so nothing to ask
        assert not app.session.dirty

    drive(app, scenario)
    text = path.read_text(encoding="utf-8")
    assert "# owner: IT strategy team\n[organization]  # from HR\n" in text
    assert 'id = "internal-chatbot"' not in text


def test_save_asks_before_replacing_a_read_only_plan(plan_copy):
    import os

    path = plan_copy()
    os.chmod(path, 0o444)
    before = path.read_bytes()
    app = make_app(path)

    async def scenario(pilot):
        await pilot.press("2", "d", "y", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "read-only" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert path.read_bytes() == before and app.session.dirty
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert not app.session.dirty

    drive(app, scenario)
    assert path.read_bytes() != before and 'id = "internal-chatbot"' not in path.read_text(encoding="utf-8")
    assert os.stat(path).st_mode & 0o777 == 0o444


def test_external_change_is_never_overwritten(plan_copy):
    path = plan_copy()
    app = make_app(path)
    catalog = load_catalog(None)

    async def scenario(pilot):
        await pilot.press("2", "d", "y")  # my edit: delete internal-chatbot
        await pilot.pause()
        outside = path.read_text(encoding="utf-8").replace("employees = 500", "employees = 650")
        path.write_text(outside, encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "changed on disk" in screen_text(app)
        assert path.read_text(encoding="utf-8") == outside  # not overwritten
        await pilot.press("escape")
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == outside
        assert "internal-chatbot" not in _ids(app)  # my edit is still here
        # reload takes the file; my version stays reachable with undo
        await pilot.press("ctrl+s", "r")
        await pilot.pause()
        assert app.session.plan.organization.employees == 650
        assert "internal-chatbot" in _ids(app)
        assert not app.session.dirty
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "internal-chatbot" not in _ids(app)

    drive(app, scenario)
    assert read_plan(path, catalog).organization.employees == 650


def test_external_change_save_as(plan_copy, tmp_path):
    path = plan_copy()
    app = make_app(path)
    other = tmp_path / "my-version.toml"

    async def scenario(pilot):
        await pilot.press("2", "d", "y")
        outside = path.read_text(encoding="utf-8") + "\n"
        path.write_text(outside, encoding="utf-8")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        app.screen.query_one("#path", Input).value = str(other)
        await pilot.press("enter")
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == outside
        assert app.session.path == other and not app.session.dirty
        assert app.title.startswith("my-version.toml")

    drive(app, scenario)
    assert "internal-chatbot" not in other.read_text(encoding="utf-8")


def test_untitled_example_asks_for_a_path(tmp_path):
    app = make_app(None)
    target = tmp_path / "new-plan.toml"

    async def scenario(pilot):
        assert app.title.startswith("untitled")
        assert app.session.path is None
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.title.startswith("new-plan.toml")

    drive(app, scenario)
    assert target.exists()
    assert read_plan(target, load_catalog(None)).name == app.session.plan.name


def test_missing_plan_offers_templates(tmp_path):
    target = tmp_path / "ours.toml"
    app = make_app(target)

    async def scenario(pilot):
        await wait_for(pilot, lambda: isinstance(app.screen, TemplateDialog) and "does not exist" in screen_text(app))
        await pilot.press("down", "enter")  # second template in the list
        await pilot.pause()
        assert app.session is not None and app.session.path == target

    drive(app, scenario)
    assert target.exists()


def test_broken_plan_shows_the_problem_not_a_traceback(tmp_path):
    target = tmp_path / "broken.toml"
    target.write_text('schema_version = 1\nname = "x"\nstart = 2026-01-01\n\n[organization]\nemployes = 10\n', encoding="utf-8")
    app = make_app(target)

    async def scenario(pilot):
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog) and "employes" in screen_text(app))
        assert "Cannot open broken.toml" in screen_text(app)
        message = app.screen.message
        assert f"{target}:6: organization.employes: unknown key" in message and 'did you mean "employees"' in message
        await pilot.press("q")
        await pilot.pause()

    drive(app, scenario)
    assert app.return_code == 1


# --- quitting, export, palette ------------------------------------------------------------------


def test_quit_with_unsaved_changes_asks(plan_copy):
    path = plan_copy()
    before = path.read_bytes()
    app = make_app(path)

    async def scenario(pilot):
        await pilot.press("2", "d", "y", "q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "unsaved changes" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ChoiceDialog)
        await pilot.press("q", "d")
        await pilot.pause()

    drive(app, scenario)
    assert app.return_code == 0
    assert path.read_bytes() == before


def test_quit_save_and_quit(plan_copy):
    path = plan_copy()
    app = make_app(path)

    async def scenario(pilot):
        await pilot.press("2", "d", "y", "q", "s")
        await pilot.pause()

    drive(app, scenario)
    assert "internal-chatbot" not in path.read_text(encoding="utf-8")


def test_quit_without_changes_does_not_ask(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("q")
        await pilot.pause()

    drive(app, scenario)
    assert app.return_code == 0


def test_export_writes_the_file_and_reports_the_path(plan_copy):
    path = plan_copy()
    app = make_app(path)

    async def scenario(pilot):
        await pilot.press("ctrl+e")
        await pilot.pause()
        app.screen.query_one("#export-format", Select).value = "json"
        await pilot.pause()
        assert app.screen.query_one("#export-path", Input).value == str(path.with_suffix(".json"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.last_export == path.with_suffix(".json")
        # App.notify posts a message: the notice is there once the app has taken it, not at once
        await wait_for(pilot, lambda: any(str(path.with_suffix(".json")) in n.message for n in app._notifications))

    drive(app, scenario)
    exported = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert [w["id"] for w in exported["workloads"]] == [w.id for w in app.session.plan.workloads]


def test_every_binding_has_an_id_and_description_and_palette_has_categories(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        for binding in app.BINDINGS:
            assert binding.id and binding.description, binding
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("plan: save", "plan: undo", "plan: redo", "workload: add", "export: json", "view: timeline", "app: quit"):
            assert title in titles
        assert all(":" in t for t in titles)
        for binding in (b for pane in ("workloads", "placement", "hardware", "timeline") for b in pane_class(pane).BINDINGS):
            assert binding.id and binding.description and binding.tooltip, binding
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "ctrl+s" in text and "Timeline" in text
        assert "Add a workload" in text and "Delete the highlighted workload" in text  # the open screen's own keys

    drive(app, scenario)


def test_every_screen_renders_at_80x24(plan_copy):
    app = make_app(plan_copy("large-enterprise"))

    async def scenario(pilot):
        for key, word in zip("123456", ("Organization", "Requests/day", "Recommended", "GPU", "Task", "Cumulative")):
            await pilot.press(key)
            await pilot.pause()
            text = screen_text(app)
            assert word in text, (key, text)
            assert "Quit" in text.splitlines()[-1]  # the footer is still there

    drive(app, scenario, size=(80, 24))


def test_choose_gpu_resizes_hardware(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        assert app.session.plan.hardware.gpu is None
        await pilot.press("4", "e")
        await settle(pilot)
        app.screen.query_one("#hardware-gpu", Select).value = "h100-80gb"
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
        assert app.session.plan.hardware.gpu == "h100-80gb"
        groups = app.session.evaluation.sizing.groups
        assert groups and all(g.gpu == "h100-80gb" for g in groups)
        assert "NVIDIA H100" in screen_text(app)

    drive(app, scenario)


def test_palette_commands_run(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["workload: add"].callback()
        await settle(pilot)
        assert isinstance(app.screen, WorkloadDialog)
        await pilot.press("escape")
        await settle(pilot)
        commands["view: costs"].callback()
        await settle(pilot)
        assert "Cumulative cost per strategy" in screen_text(app)

    drive(app, scenario)


def test_hardware_screen_says_when_a_group_shares_servers(plan_copy):
    """The bank's two H100 groups (4 + 2 GPUs) fit one server: the second says `shared`, not `0` servers."""
    app = make_app(plan_copy("bank-customer-service", owned=True))  # the bank keeping owned GPUs

    async def scenario(pilot):
        await pilot.press("4")
        await settle(pilot)
        text = screen_text(app)
        rows = [line for line in text.splitlines() if "NVIDIA H100 80GB SXM" in line and "x 2" in line]
        assert len(rows) == 2
        assert " 1 " in rows[0] and "shared" in rows[1]
        assert "6 GPU(s) on 1 server(s)" in text

    drive(app, scenario)


def test_workload_form_sets_cached_prefix_and_batch(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("2", "down")  # coding-assistant
        await pilot.pause()
        before = app.session.evaluation.workload("coding-assistant").cloud_cost_breakdown
        await pilot.press("e")
        assert app.screen.query_one("#field-cached_prefix_share", Input).placeholder == "0.6 (default)"
        app.screen.query_one("#field-cached_prefix_share", Input).value = "0.8"
        app.screen.query_one("#field-batch", Select).value = True
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        edited = app.session.plan.workload("coding-assistant")
        assert (edited.cached_prefix_share, edited.batch) == (0.8, True)
        after = app.session.evaluation.workload("coding-assistant").cloud_cost_breakdown
        assert after.cache_savings_usd > before.cache_savings_usd and after.batch_savings_usd > 0
        assert "batch API" in screen_text(app) and "prompt caching" in screen_text(app)

    drive(app, scenario)


def test_overview_names_every_strategy_including_rented_gpus(plan_copy):
    app = make_app(plan_copy("public-agency-gpuaas"))

    async def scenario(pilot):
        await settle(pilot)
        text = screen_text(app)
        ledger = app.session.evaluation.ledger
        assert "gpuaas" in ledger.tco
        for label, strategy in (("This plan", "plan"), ("All cloud", "cloud"), ("All on-prem", "on_prem"), ("Rented GPUs", "gpuaas")):
            assert f"{label} " in text and app.money(ledger.tco[strategy].total_krw) in text, label

    drive(app, scenario)


def test_workload_detail_says_why_provisioned_throughput_is_not_used(plan_copy):
    """As billed, the bank's 24/7 chatbot on gpt-4o: the Workloads screen says what provisioned throughput would
    cost for its peak (125 PTU at $221, half idle at peak factor 2) and that paying per token stays cheaper."""
    path = plan_copy("bank-customer-service")
    path.write_text(path.read_text(encoding="utf-8").replace("[assumptions]\n", '[assumptions]\npricing = "as_billed"\n', 1), encoding="utf-8")
    app = make_app(path)

    async def scenario(pilot):
        await pilot.press("2")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert app.session.evaluation.workloads[0].id == "customer-chatbot"
        assert "Azure OpenAI Global Provisioned, 1-year reservation: not used, 125 PTU = $27,625.00/month for the peak, 49% used" in text
        assert "needs 82% of the units used" in text

    drive(app, scenario, size=(160, 60))


# --- a large plan opened at start -----------------------------------------------------------------


def _large_plan(path, workloads: int = 250, broken: bool = False):
    from planner.store.plan_io import dump_plan
    from tests.bench.bench_engine import generated_plan

    text = dump_plan(generated_plan(workloads))
    if broken:  # a typo in the last workload
        head, _sep, tail = text.rpartition("[[workloads]]\n")
        text = head + "[[workloads]]\nuserz = 5\n" + tail
    path.write_text(text, encoding="utf-8")
    return path


def _hold_opening(monkeypatch):
    """The worker that opens the plan waits until the returned event is set (the test looks and presses keys
    meanwhile)."""
    import threading

    from planner.tui.session import PlanSession

    release = threading.Event()
    real_open = PlanSession.open

    def held_open(*args, **kwargs):
        release.wait(60)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(PlanSession, "open", held_open)
    return release


def _run_while_opening(app, scenario, release) -> None:
    """Run `scenario` at 120x40 (not `drive`: that waits for the plan to be open), the opening released at the end
    whatever happens."""

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await scenario(pilot)

    try:
        asyncio.run(main())
    finally:
        release.set()


def _loading(app) -> bool:
    """The loading indicator stands where the screens go."""
    return app.query_one("#tabs ContentSwitcher").loading


def test_a_plan_opens_behind_a_loading_screen_and_its_figures_follow(tmp_path, monkeypatch):
    """The frame is up before the plan is read (any plan: the catalogs and the plan are read after the first
    frame), says what it is opening, and the plan's screens arrive when the worker has evaluated it; no key acts
    on a plan that is not there."""
    path = _large_plan(tmp_path / "fleet.toml")
    release = _hold_opening(monkeypatch)
    app = make_app(path)

    async def scenario(pilot):
        await wait_for(pilot, lambda: "fleet.toml — opening 250 workloads…" in screen_text(app).splitlines()[0])
        assert app.session is None and _loading(app) and not app.panes
        await pilot.press("2", "a", "ctrl+s", "ctrl+o", "ctrl+n")  # another screen (loading too); adding, saving need a plan; opening waits for it
        await pilot.pause()
        assert _loading(app) and app.session is None and not isinstance(app.screen, ModalScreen) and app.active_tab == "workloads"
        release.set()
        await wait_for(pilot, lambda: app.session is not None and "Generated 250" in screen_text(app).splitlines()[0])
        assert not _loading(app) and "opening" not in screen_text(app) and list(app.panes) == ["workloads"]
        assert app.session.plan.workloads[0].id == "w00000" and "w00000" in screen_text(app)  # the Workloads screen drew
        assert path.read_text(encoding="utf-8").count("[[workloads]]") == 250  # nothing was saved meanwhile

    _run_while_opening(app, scenario, release)


def test_opening_or_creating_a_plan_while_one_is_opening_says_to_wait(tmp_path, monkeypatch):
    """ctrl+o, ctrl+n and the palette's "plan: open…" while the plan the app starts on is still being read: nothing
    opens (it would replace the plan chosen meanwhile), and a notice says the plan is still opening and when to ask
    again; once it is on screen, ctrl+o opens the dialog. (They used to do nothing visible.)"""
    path = _large_plan(tmp_path / "fleet.toml")
    release = _hold_opening(monkeypatch)
    app = make_app(path)
    notice = "Still opening fleet.toml: open or create another plan once it is on screen"

    async def scenario(pilot):
        await wait_for(pilot, lambda: "fleet.toml — opening 250 workloads…" in screen_text(app).splitlines()[0])
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: any(n.message == notice for n in app._notifications))
        await pilot.press("ctrl+n")
        next(c for c in app.get_system_commands(app.screen) if c.title == "plan: open…").callback()
        await wait_for(pilot, lambda: len(app._notifications) >= 3)  # App.notify posts a message: taken a moment later
        assert [n.message for n in app._notifications] == [notice] * 3
        assert app.session is None and not isinstance(app.screen, ModalScreen)
        release.set()
        await wait_for(pilot, lambda: app.session is not None and "Generated 250" in screen_text(app).splitlines()[0])
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, PathDialog))

    _run_while_opening(app, scenario, release)


def test_a_broken_large_plan_says_its_problem_after_loading(tmp_path):
    path = _large_plan(tmp_path / "fleet.toml", broken=True)
    app = make_app(path)

    async def scenario(pilot):
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog) and "userz" in screen_text(app))
        assert "Cannot open fleet.toml" in screen_text(app) and "unknown key" in app.screen.message
        assert not _loading(app)
        await pilot.press("q")
        await pilot.pause()

    drive(app, scenario)
    assert app.return_code == 1


def test_quitting_does_not_wait_for_a_worker_still_computing():
    """The app loop's executor (where thread workers run) lets go at shutdown instead of joining a worker whose
    result nobody will see (at 10,000 workloads, seconds after the screen is gone)."""
    import threading

    from planner.tui.app import WorkerThreads

    executor, release = WorkerThreads(), threading.Event()
    future = executor.submit(release.wait, 60)
    executor.shutdown()  # a joining executor would return only after the worker (60 s, or the release below)
    still_running = not future.done()
    release.set()
    assert still_running


def test_costs_screen_lists_what_the_costs_count(plan_copy):
    """The Costs tab says what its figures count, as `planner show` and the decision page do: the rented-GPU bridge
    before go-live and the GPUs bought for a later year's peak (public-agency-gpuaas); a plan whose ledger has no
    such note (startup-coding) shows no empty heading."""
    app = make_app(plan_copy("public-agency-gpuaas"))

    async def scenario(pilot):
        await pilot.press("6")
        await settle(pilot)
        notes = app.screen.query_one("#costs-notes")
        app.screen.query_one("#costs-scroll").scroll_to_widget(notes, animate=False, top=True)
        await settle(pilot)
        text = screen_text(app)
        assert "What these costs count" in text
        assert "• bridge: report-drafting on rented GPUs (KT Cloud, on_demand) from 2027-05-14 to 2027-08-12, before its go-live" in text
        lines = text.splitlines()
        bought = next(i for i, line in enumerate(lines) if "on a100-80gb, sized for 1: +2 GPU(s)" in line and "All on-prem: year 3 peak" in line)
        assert lines[bought + 1].strip() == "bought 2029-01-04" and lines[bought + 1].startswith("   ")  # wrapped under its text, not under the bullet

    drive(app, scenario)

    app = make_app(plan_copy("startup-coding"))

    async def scenario_without(pilot):
        await pilot.press("6")
        await settle(pilot)
        assert not app.screen.query_one("#costs-notes-title").display
        assert "What these costs count" not in screen_text(app)

    drive(app, scenario_without)
