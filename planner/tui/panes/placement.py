"""3 Placement: where each workload runs, why (the trace as numbered steps), and overrides."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from planner.tui.edits import problems_under, with_override
from planner.tui.panes.base import TablePane, delete_key, edit_key
from planner.tui.rented import comparison_text, quote_text
from planner.domain.vocabulary import PLACEMENT_LABEL
from planner.tui.render import columns, data_label
from planner.tui.table import KeyedTable
from planner.tui.widgets import show_text
from planner.i18n import N_, _, translate

COLUMNS = [
    ("ID", "id"),
    (N_("Placement"), "placement"),
    (N_("Recommended"), "recommended"),
    (N_("Override"), "override"),
    (N_("Data"), "data"),
    (N_("Cloud allowed"), "cloud"),
]


def _cells(signature: tuple) -> tuple:
    """Table cells from a row's plain values (only called for rows that changed)."""
    wid, placement, recommended, override, regulatory, data, cloud = signature
    mark = Text(override, style="bold red" if regulatory else "yellow")
    return (wid, Text(placement, style="bold"), recommended, mark, data, cloud)


class PlacementPane(TablePane):
    """Placement per workload: override (e / enter), remove an override (d)."""

    BINDINGS = [edit_key(N_("Override the highlighted workload's placement")), delete_key(N_("Remove the highlighted workload's override (asks first)"))]

    def compose(self) -> ComposeResult:
        yield KeyedTable(columns(COLUMNS), id="placement-table")
        with VerticalScroll(id="placement-detail-scroll", classes="detail"):
            yield Static(id="placement-detail")

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#placement-table", KeyedTable)

    def main_widget(self):
        return self.table

    def show(self) -> None:
        rows = []
        for r in self.planner.session.evaluation.workloads:
            override = (_("REGULATORY override") if r.loosens_regulation else _("override")) if r.overridden else ""
            cloud = _("yes") if r.cloud_allowed and not r.needs_deidentification else (_("de-identified") if r.cloud_allowed else _("no"))
            placement, recommended = translate(PLACEMENT_LABEL[r.placement]), translate(PLACEMENT_LABEL[r.recommended])
            rows.append((r.id, (r.id, placement, recommended, override, r.loosens_regulation, data_label(r.data), cloud)))
        self.table.sync(rows, _cells)
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#placement-detail", Static)
        session = self.planner.session
        key = self.table.current_key
        if key is None:
            show_text(detail, Text(_("No workloads."), style="italic"))
            return
        try:
            r = session.evaluation.workload(key)
            w = session.plan.workload(key)
        except KeyError:
            show_text(detail, "")
            return
        text = Text()
        text.append(f"{r.name}: ", style="bold")
        text.append(translate(PLACEMENT_LABEL[r.placement]), style="bold green3")
        if r.overridden:
            text.append("  " + _("(overridden; recommended {placement})", placement=translate(PLACEMENT_LABEL[r.recommended])), style="yellow")
        if r.regulatory:
            text.append("  " + _("regulation decided"), style="bold red" if r.loosens_regulation else "red")
        text.append("\n")
        if not r.trace:
            text.append(_("No placement steps recorded.") + "\n", style="italic grey50")
        for number, step in enumerate(r.trace, 1):
            text.append(f"{number:>2}. ", style="bold")
            text.append(translate(step.question))
            text.append(" -> ")
            text.append(translate(step.answer), style="bold")
            text.append(f"\n    [{step.rule}] {translate(step.source)}\n", style="grey50")
        if w.placement is not None:
            text.append(_("Override note: "), style="bold")
            text.append(f"{w.placement_note or '-'}")
            if r.loosens_regulation:
                text.append("   " + (_("acknowledged") if w.acknowledge_regulation else _("NOT acknowledged")), style="bold red")
            text.append("\n")
        if r.rate_limit is not None:
            tier = r.rate_limit.tier_needed or _("none (exceeds every tier)")
            limits = _("Rate limits ({provider}): peak {rpm} req/min, {tpm} tok/min -> {tier}", provider=r.rate_limit.provider, rpm=f"{r.rate_limit.peak_rpm:,.0f}", tpm=f"{r.rate_limit.peak_tpm:,.0f}", tier=tier)
            text.append(limits + "\n")
        text.append_text(quote_text(r, session.evaluation, session.catalog, self.planner.money))
        text.append_text(comparison_text(r, session.evaluation))
        for warning in r.warnings:
            text.append("! ", style="bold yellow")
            text.append(translate(warning) + "\n")
        show_text(detail, text)

    def edit(self) -> None:
        from planner.tui.dialogs.override import Override, OverrideDialog

        key = self.table.current_key
        if key is None:
            self.planner.notify(_("No workload selected"), severity="warning")
            return
        session = self.planner.session

        def done(override: Override | None) -> None:
            if override is not None:
                change = lambda plan: with_override(plan, key, override.placement, override.note, override.acknowledge)  # noqa: E731
                self.request_edit(change, failure=_("Override not applied"))

        index = next(i for i, w in enumerate(session.plan.workloads) if w.id == key)

        def check(placement: str) -> str:
            """The plan's problem at this workload's placement with it overridden to `placement` (the note and the
            acknowledgement are the dialog's own checks)."""
            candidate = with_override(session.plan, key, placement, "-", True)
            return problems_under(session.problems(candidate), ("workloads", index)).get("placement", "")

        self.app.push_screen(OverrideDialog(session.plan.workload(key), session.evaluation.workload(key), check), done)

    def delete(self) -> None:
        key = self.table.current_key
        if key is None:
            return
        session = self.planner.session
        workload, result = session.plan.workload(key), session.evaluation.workload(key)
        if workload.placement is None:
            self.planner.notify(_("{workload} follows the recommendation already", workload=key), severity="warning")
            return
        message = _(
            "Remove the override of {workload} ({placement}) and follow the recommendation ({recommended})?",
            workload=key,
            placement=translate(PLACEMENT_LABEL[workload.placement]),
            recommended=translate(PLACEMENT_LABEL[result.recommended]),
        )
        self.confirm(_("Remove override"), message, _("Remove"), _("Keep"), lambda: self.request_edit(lambda plan: with_override(plan, key, None, None, False)))
