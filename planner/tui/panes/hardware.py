"""4 Hardware: GPU groups, servers, load against capacity, the pilot, and every GPU compared."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from planner.tui.edits import FieldInvalid, with_hardware
from planner.tui.panes.base import Pane, edit_key
from planner.tui.render import columns, ljust, meter
from planner.tui.rented import certification, pricing_short, rental_use, rented_rows
from planner.tui.table import KeyedTable
from planner.tui.widgets import TEXT_LINES_SHOWN, Drawing, show_text
from rich.cells import cell_len
from planner.i18n import N_, _, translate

GROUP_COLUMNS = [
    ("GPU", "gpu"),
    (N_("Open model"), "model"),
    (N_("Prec."), "precision"),
    (N_("Replicas x TP"), "replicas"),
    (N_("GPUs"), "gpus"),
    (N_("Servers"), "servers"),
    (N_("Capex"), "capex"),
    (N_("Power"), "power"),
    (N_("Serves"), "workloads"),
]
ALT_COLUMNS = [
    ("", "chosen"),
    ("GPU", "gpu"),
    (N_("Open model"), "model"),
    (N_("Prec."), "precision"),
    (N_("Fits"), "fits"),
    (N_("GPUs"), "gpus"),
    (N_("Servers"), "servers"),
    (N_("Capex"), "capex"),
    (N_("Opex/month"), "opex"),
    (N_("3-year cost"), "cost3y"),
    (N_("Note"), "note"),
]


RENTED_SHOWN = TEXT_LINES_SHOWN // 2 - 5
"""Rented-GPU quotes the screen lists (two lines each; five lines left for the note on the rest and the footnotes)."""


def _right(value: str) -> Text:
    return Text(value, justify="right")


class HardwarePane(Pane):
    """On-prem hardware; `e` chooses the GPU types."""

    BINDINGS = [edit_key(N_("Choose the production and pilot GPU types"))]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="hardware-scroll"):
            yield Static(id="hardware-summary")
            yield Label(_("GPU groups"), classes="section-title")
            yield KeyedTable(columns(GROUP_COLUMNS), id="hardware-groups", classes="auto-table")
            yield Label(_("Load against capacity (peak output tokens/s)"), classes="section-title")
            yield Drawing(id="hardware-load")
            yield Static(id="hardware-pilot")
            yield Label(_("Rented GPUs (GPUaaS)"), classes="section-title", id="hardware-rented-title")
            yield Static(id="hardware-rented")
            yield Label(_("Alternatives (every GPU type, per open model)"), classes="section-title")
            yield KeyedTable(columns(ALT_COLUMNS), id="hardware-alternatives", classes="auto-table")
            yield Static(id="hardware-warnings")

    def main_widget(self):
        return self.query_one("#hardware-scroll")

    def show(self) -> None:
        session = self.planner.session
        sizing = session.evaluation.sizing
        money = self.planner.money
        gpu_name = {g.id: g.name for g in session.catalog.gpus.values()}
        summary = Text()
        if sizing.groups:
            summary.append(_("Production: "), style="bold")
            summary.append(_("{gpus} GPU(s) on {servers} server(s), {capex}", gpus=sizing.gpus, servers=sizing.servers, capex=money(sizing.capex_krw)))
        else:
            rented = any(r.placement == "gpuaas" for r in session.evaluation.workloads)
            if rented:
                summary.append(_("No on-prem production hardware: every workload runs on the cloud or rented GPUs (below)."), style="italic")
            else:
                summary.append(_("No on-prem production hardware: every workload runs on the cloud."), style="italic")
        chosen = session.plan.hardware
        choice = chosen.gpu or _("planner picks the lowest 3-year cost")
        summary.append("\n" + _("GPU choice: {gpu}; pilot: {pilot}", gpu=choice, pilot=chosen.pilot_gpu or _("default")), style="grey62")
        bridge = _("on rented GPUs") if chosen.bridge else _("off")
        summary.append(_("; rented GPUs: {offer}; bridge: {bridge}  (e to change)", offer=chosen.gpuaas or _("cheapest allowed offer"), bridge=bridge), style="grey62")
        show_text(self.query_one("#hardware-summary", Static), summary)
        rows = []
        for g in sizing.groups:
            key = f"{g.open_model}@{g.gpu}/{g.precision}"
            rows.append(
                (
                    key,
                    (
                        gpu_name.get(g.gpu, g.gpu),
                        g.open_model,
                        g.precision,
                        f"{g.replicas} x {g.gpus_per_replica}",
                        _right(str(g.gpus)),
                        _right(str(g.servers) if g.servers else _("shared")),
                        _right(money(g.capex_krw)),
                        _right(f"{g.power_w / 1000:,.1f} kW"),
                        ", ".join(g.workloads),
                    ),
                )
            )
        self.query_one("#hardware-groups", KeyedTable).sync(rows)
        groups = list(sizing.groups)

        def draw_load(width: int) -> Text:
            text = Text()
            if not groups:
                return Text("-", style="grey50")
            label_width = max(cell_len(f"{g.open_model}@{g.gpu}") for g in groups)
            for i, g in enumerate(groups):
                if i:
                    text.append("\n")
                text.append(ljust(f"{g.open_model}@{g.gpu}", label_width) + " ")
                tail = " " + _("{peak} / {capacity} tok/s, {spare} spare", peak=f"{g.peak_tokens_per_s:,.0f}", capacity=f"{g.capacity_tokens_per_s:,.0f}", spare=f"{g.headroom:.0%}")
                text.append_text(meter(g.peak_tokens_per_s, g.capacity_tokens_per_s, max(8, width - label_width - cell_len(tail) - 2)))
                text.append(tail)
            return text

        self.query_one("#hardware-load", Drawing).draw_with(draw_load)
        pilot = Text()
        if sizing.pilot is not None:
            p = sizing.pilot
            pilot.append(_("Pilot (Phase 2): "), style="bold")
            pilot.append(_("{gpus} x {gpu} serving {model} ({precision}), {capex}", gpus=p.gpus, gpu=gpu_name.get(p.gpu, p.gpu), model=p.open_model, precision=p.precision, capex=money(p.capex_krw)))
        show_text(self.query_one("#hardware-pilot", Static), pilot)
        self._show_rented()
        alt_rows = []
        for a in sizing.alternatives:
            alt_rows.append(
                (
                    f"{a.open_model}@{a.gpu}/{getattr(a, 'precision', '')}",
                    (
                        Text("✓", style="bold green3") if a.chosen else "",
                        gpu_name.get(a.gpu, a.gpu),
                        a.open_model,
                        getattr(a, "precision", ""),
                        Text(_("yes"), style="green3") if a.fits else Text(_("no"), style="red"),
                        _right(str(a.gpus) if a.fits else "-"),
                        _right(str(a.servers) if a.fits else "-"),
                        _right(money(a.capex_krw) if a.fits else "-"),
                        _right(money(a.opex_krw_per_month) if a.fits else "-"),
                        _right(money(a.cost_3y_krw) if a.fits else "-"),
                        translate(a.note),
                    ),
                )
            )
        self.query_one("#hardware-alternatives", KeyedTable).sync(alt_rows)
        warnings = Text()
        for w in sizing.warnings:
            warnings.append("! ", style="bold yellow")
            warnings.append(translate(w) + "\n")
        show_text(self.query_one("#hardware-warnings", Static), warnings)

    def _show_rented(self) -> None:
        """Two lines per workload the evaluation quoted rented GPUs for (where, what, how paid, what it costs), and what the plan does with it."""
        session = self.planner.session
        ev, catalog, money = session.evaluation, session.catalog, self.planner.money
        quoted = rented_rows(ev)
        text = Text()
        if not quoted:
            text.append(_("No workload may use rented GPUs under its industry's rules (or no offer can serve its model on its GPU)."), style="italic grey50")
        width = max((cell_len(r.id) for r in quoted), default=0)
        horizon = ev.ledger.horizon_months if ev.ledger else "?"
        shown = quoted[:RENTED_SHOWN]
        for r in shown:
            q = r.gpuaas
            text.append(ljust(r.id, width) + "  ", style="bold")
            text.append(f"{q.provider}, {q.region}", style="orchid")
            text.append(" · " + _("{certification} · lead time {days} days", certification=certification(catalog.gpuaas.get(q.offer)), days=q.lead_time_days) + "\n")
            text.append(" " * (width + 2))
            use = rental_use(r, ev)
            text.append(f"{q.gpus} x {q.gpu}, " if not q.gpu_pinned else _("{gpus} x {gpu} (the workload's GPU), ", gpus=q.gpus, gpu=q.gpu))
            bridge = next((n for n in (ev.ledger.notes if ev.ledger else []) if n.startswith(f"bridge: {r.id} ")), None)
            if bridge is not None:
                text.append(use, style="green3")
                provider, _comma, pricing = bridge.split("(", 1)[1].split(")", 1)[0].rpartition(", ")
                text.append(" " + _("({provider}, {pricing} for the bridge; Costs: gpu rental)", provider=provider, pricing=pricing_short(pricing)) + "\n")
                continue
            text.append(_("{pricing}: {rental}/month rental, ", pricing=pricing_short(q.pricing), rental=money(q.rental_krw_per_month)))
            text.append(_("{total} in {months} months", total=money(q.total_krw), months=horizon), style="bold")
            text.append(" · ")
            text.append(use + "\n", style="green3" if use != _("compared only") else "grey62")
        if len(shown) < len(quoted):
            text.append(_("… {count} more workloads quoted rented GPUs (the Placement screen shows each one's quote; `planner show` lists them all)", count=f"{len(quoted) - len(shown):,}") + "\n", style="italic grey62")
        if quoted:
            text.append(_("rental: GPU-hours x price in month 1; over the horizon: rental, storage, egress and ML engineering."), style="grey62")
            if any(r.gpuaas.assumption for r in quoted):
                text.append(" " + _("Prices are assumptions where the provider publishes none (Placement screen: details)."), style="grey62")
            bridge = _("on") if session.plan.hardware.bridge else _("off")
            text.append("\n" + _("Bridge while production GPUs are on order: {bridge} (e, or the palette: hardware: bridge)", bridge=bridge), style="grey62")
        show_text(self.query_one("#hardware-rented", Static), text)

    def action_bridge(self) -> None:
        """Palette `hardware: bridge`: turn the GPUaaS bridge on or off (once current results are in)."""
        if self.planner.session is not None:
            self.planner.evaluations.when_done(self.toggle_bridge)

    def toggle_bridge(self) -> None:
        """`[hardware] bridge = "gpuaas"` on or off; once evaluated, say which workloads it bridges and what it does to the plan's TCO."""
        session = self.planner.session
        before = session.evaluation.ledger.tco["plan"].total_krw if session.evaluation.ledger else None
        on = session.plan.hardware.bridge != "gpuaas"
        plan = session.plan.model_copy(update={"hardware": session.plan.hardware.model_copy(update={"bridge": "gpuaas" if on else None})})
        if self.planner.edit_plan(plan):
            self.planner.evaluations.when_done(lambda: self._bridge_notice(on, before))

    def _bridge_notice(self, on: bool, before: int | None) -> None:
        session = self.planner.session
        ev, money = session.evaluation, self.planner.money
        after = ev.ledger.tco["plan"].total_krw if ev.ledger else None
        tco = _("; this plan's TCO {before} -> {after}", before=money(before), after=money(after)) if before is not None and after is not None else ""
        if not on:
            self.planner.notify(_("Bridge off: workloads wait for production GPUs on their current placement") + tco, title=_("Bridge"))
            return
        bridged = ev.schedule.bridge_from
        if not bridged:
            why = next((translate(w) for w in ev.schedule.warnings if w.startswith("bridge:")), _("no workload waits for production GPUs"))
            self.planner.notify(_("Bridge on, but it bridges nothing: {reason}", reason=why), title=_("Bridge"), severity="warning")
            return
        spans = ", ".join(
            _("{workload} {start} to {end}", workload=w, start=first.isoformat(), end=ev.schedule.migration_end[w].isoformat()) if w in ev.schedule.migration_end else _("{workload} from {start}", workload=w, start=first.isoformat())
            for w, first in bridged.items()
        )
        self.planner.notify(_("Bridge on rented GPUs: {spans} (Timeline: bridge tasks; Costs: gpu rental)", spans=spans) + tco, title=_("Bridge"))

    def edit(self) -> None:
        from planner.tui.dialogs.hardware import HardwareDialog

        session = self.planner.session

        def done(values: dict | None) -> None:
            if values is not None:
                self.request_edit(lambda plan: with_hardware(plan, values), failure=_("GPU choice not applied"))

        def check(values: dict) -> str:
            """The first problem the plan would have with these GPU choices ("" when none; a value the dialog cannot
            hold is left to the edit's own message)."""
            try:
                candidate = with_hardware(session.plan, values)
            except FieldInvalid:
                return ""
            problems = session.problems(candidate)
            return f"{problems[0].key}: {translate(problems[0].message)}" if problems else ""

        self.app.push_screen(HardwareDialog(session.catalog, session.plan.hardware, check), done)
