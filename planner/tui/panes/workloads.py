"""2 Workloads: the table (keyed by workload id) and the highlighted workload's inputs and defaults."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from planner.export.billing import bill_lines, commitment_note
from planner.domain.plan import Workload
from planner.tui.edits import problems_under, task_edits_of, with_workload, without_workload
from planner.tui.panes.base import TablePane, add_key, delete_key, edit_key
from planner.domain.vocabulary import PLACEMENT_LABEL
from planner.tui.render import Money, columns, data_label, field_label, truncate
from planner.tui.table import KeyedTable
from planner.tui.widgets import show_text
from planner.i18n import N_, _, get_language, ngettext, translate

COLUMNS = [
    ("ID", "id"),
    (N_("Name"), "name"),
    (N_("Requests/day"), "volume"),
    (N_("Placement"), "placement"),
    (N_("Cloud/month"), "cost"),
    (N_("Data"), "data"),
    (N_("Kind"), "kind"),
]
NAME_WIDTH = 22
"""Terminal cells for a workload's name in the table (longer names end in …)."""


def _cells(money: Money, signature: tuple) -> tuple:
    """Table cells from a row's plain values, formatted (only called for rows that changed, or for every row
    once the currency or the language changed)."""
    wid, name, kind, data, result = signature
    if result is None:  # not evaluated (yet)
        return (wid, truncate(name, NAME_WIDTH), Text("-", justify="right"), "-", Text("-", justify="right"), data_label(data) if data else "-", kind)
    requests, placement, overridden, regulatory_override, usd, krw = result
    label = translate(PLACEMENT_LABEL[placement]) + ("*" if overridden else "")
    shown = Text(label, style="bold red") if regulatory_override else label
    cost = Text(money.from_usd(usd, krw), justify="right")
    return (wid, truncate(name, NAME_WIDTH), Text(f"{requests:,.0f}", justify="right"), shown, cost, data_label(data), kind)


class WorkloadsPane(TablePane):
    """Workloads: add (a), edit (e / enter), delete (d)."""

    BINDINGS = [add_key(N_("Add a workload")), edit_key(N_("Edit the highlighted workload")), delete_key(N_("Delete the highlighted workload (asks first)"))]

    select_next: str | None = None
    """The workload to highlight once it is in the table (after an add or edit is applied)."""

    def compose(self) -> ComposeResult:
        yield KeyedTable(columns(COLUMNS), id="workloads-table")
        yield Static(id="workload-detail", classes="detail")

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#workloads-table", KeyedTable)

    def main_widget(self):
        return self.table

    def show(self) -> None:
        session = self.planner.session
        money = self.planner.money
        # plain values only: a row is formatted when they changed (1,000 rows: once each); each model's fields are read
        # from its __dict__ (one attribute read per model, not one per field)
        results = {}
        overrides = {}
        for result in session.evaluation.workloads:
            values = result.__dict__
            results[values["id"]] = values
            if values["overridden"]:
                overrides[values["id"]] = result.loosens_regulation
        rows = []
        for workload in session.plan.workloads:
            w = workload.__dict__
            wid = w["id"]
            r = results.get(wid)
            if r is None:
                rows.append((wid, (wid, w["name"], w["kind"], w["data"], None)))
            else:
                overridden = r["overridden"]
                figures = (r["requests_per_day"], r["placement"], overridden, overridden and overrides[wid], r["cloud_cost_usd_per_month"], r["cloud_cost_krw_per_month"])
                rows.append((wid, (wid, w["name"], w["kind"], r["data"], figures)))
        self.table.sync(rows, partial(_cells, money), context=(money.currency, get_language()))
        if self.select_next is not None and self.select_next in results:
            self.table.select_key(self.select_next)
            self.select_next = None
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#workload-detail", Static)
        session = self.planner.session
        key = self.table.current_key
        if key is None:
            show_text(detail, Text(_("No workloads yet: press a to add one."), style="italic"))
            return
        try:
            w = session.plan.workload(key)
            r = session.evaluation.workload(key)
        except KeyError:
            show_text(detail, "")
            return
        text = Text()
        text.append(f"{w.name}", style="bold")
        text.append(f"  ({w.kind})\n")
        if w.requests_per_day is not None:
            text.append(_("Volume: {requests} requests/day given", requests=f"{w.requests_per_day:,g}"))
        else:
            kind = session.catalog.workload_kinds.get(w.kind)
            if w.requests_per_user_per_day is not None:
                per_user = f"{w.requests_per_user_per_day:,g}"
            else:
                per_user = _("{value} (default)", value=f"{kind.requests_per_user_per_day:,g}") if kind else "?"
            text.append(_("Volume: {users} users x {per_user} requests/user/day", users=f"{w.users or 0:,}", per_user=per_user))
        text.append(" = " + _("{day}/day, {month}/month", day=f"{r.requests_per_day:,.0f}", month=f"{r.requests_per_month:,.0f}") + "\n")
        text.append(_("Tokens: {input} in / {output} out", input=f"{r.input_tokens:,}", output=f"{r.output_tokens:,}") + "   " + _("Data: {data}", data=data_label(r.data)) + "   ")
        text.append(_("Models: {cloud} (cloud) / {open} {precision} (on-prem)", cloud=r.cloud_model, open=r.open_model, precision=r.precision) + "\n")
        money = self.planner.money
        used = "as_billed" if r.cloud_cost_breakdown.pricing == "as_billed" else "list"
        text.append(_("Cloud tokens/month: "))
        for index, line in enumerate(bill_lines(r.cloud_cost_breakdown)):
            sign = "+" if line.usd > 0 and line.key not in ("list", "as_billed") else ""
            text.append(("" if index == 0 else ", ") + f"{translate(line.label)} {sign}{money.from_usd(line.usd, line.usd * money.krw_per_usd)}", style="bold" if line.key == used else "")
        text.append("  " + (_("(the plan uses the as-billed figure)") if used == "as_billed" else _("(the plan uses the list-price figure)")) + "\n")
        note = commitment_note(r.cloud_cost_breakdown) if used == "as_billed" else None
        if note:
            text.append(translate(note) + "\n", style="grey62")
        if r.defaults:
            text.append(_("From the kind's defaults: {fields}", fields=", ".join(field_label(f) for f in r.defaults)) + "\n", style="grey62")
        for warning in r.warnings:
            text.append("! ", style="bold yellow")
            text.append(translate(warning) + "\n")
        show_text(detail, text, layout=False)  # its height is a fraction of the pane's (planner.tcss), whatever it says

    def add(self) -> None:
        self.open_form(None)

    def edit(self) -> None:
        key = self.table.current_key
        if key is None:
            self.planner.notify(_("No workload selected"), severity="warning")
            return
        self.open_form(key)

    def open_form(self, workload_id: str | None) -> None:
        """The workload form, for a new workload (None) or the one with `workload_id`."""
        from planner.tui.dialogs.workload_form import WorkloadDialog

        session = self.planner.session
        original = session.plan.workload(workload_id) if workload_id else None
        index = next((i for i, w in enumerate(session.plan.workloads) if w.id == workload_id), len(session.plan.workloads))

        def check(workload: Workload) -> dict[str, str]:
            candidate = with_workload(session.plan, workload, replaces=workload_id)
            return problems_under(session.problems(candidate), ("workloads", index))

        def done(workload: Workload | None) -> None:
            if workload is None:
                return
            self.select_next = workload.id
            notice = _("Changed workload {workload}", workload=workload.id) if original else _("Added workload {workload}", workload=workload.id)
            self.request_edit(lambda plan: with_workload(plan, workload, replaces=workload_id), notice=notice)

        precision = str(session.evaluation.assumptions.get("default_precision", "fp16"))
        self.app.push_screen(WorkloadDialog(session.catalog, original, check, precision, session.plan.hardware.gpu), done)

    def delete(self) -> None:
        key = self.table.current_key
        if key is None:
            self.planner.notify(_("No workload selected"), severity="warning")
            return
        plan = self.planner.session.plan
        edits = task_edits_of(plan, key)
        message = _("Delete workload {workload} ({name})?", workload=key, name=plan.workload(key).name)
        if edits:
            message += "\n" + ngettext("Its {n} task edit is removed too.", "Its {n} task edits are removed too.", len(edits))
        message += "\n" + _("ctrl+z brings it back.")
        notice = _("Deleted workload {workload}", workload=key)
        self.confirm(_("Delete workload"), message, _("Delete"), _("Keep"), lambda: self.request_edit(lambda plan: without_workload(plan, key), notice=notice))
