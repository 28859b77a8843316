"""4 Hardware: GPU groups, servers, load against capacity, the pilot, and every GPU compared."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from planner.tui.edits import with_hardware
from planner.tui.panes.base import Pane, edit_key
from planner.tui.render import meter
from planner.tui.widgets import Drawing, KeyedTable, show_text

GROUP_COLUMNS = [
    ("GPU", "gpu"),
    ("Open model", "model"),
    ("Prec.", "precision"),
    ("Replicas x TP", "replicas"),
    ("GPUs", "gpus"),
    ("Servers", "servers"),
    ("Capex", "capex"),
    ("Power", "power"),
    ("Serves", "workloads"),
]
ALT_COLUMNS = [
    ("", "chosen"),
    ("GPU", "gpu"),
    ("Open model", "model"),
    ("Prec.", "precision"),
    ("Fits", "fits"),
    ("GPUs", "gpus"),
    ("Servers", "servers"),
    ("Capex", "capex"),
    ("Opex/month", "opex"),
    ("3-year cost", "cost3y"),
    ("Note", "note"),
]


def _right(value: str) -> Text:
    return Text(value, justify="right")


class HardwarePane(Pane):
    """On-prem hardware; `e` chooses the GPU types."""

    BINDINGS = [edit_key("Choose the production and pilot GPU types")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="hardware-scroll"):
            yield Static(id="hardware-summary")
            yield Label("GPU groups", classes="section-title")
            yield KeyedTable(GROUP_COLUMNS, id="hardware-groups", classes="auto-table")
            yield Label("Load against capacity (peak output tokens/s)", classes="section-title")
            yield Drawing(id="hardware-load")
            yield Static(id="hardware-pilot")
            yield Label("Alternatives (every GPU type, per open model)", classes="section-title")
            yield KeyedTable(ALT_COLUMNS, id="hardware-alternatives", classes="auto-table")
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
            summary.append("Production: ", style="bold")
            summary.append(f"{sizing.gpus} GPU(s) on {sizing.servers} server(s), {money(sizing.capex_krw)}")
        else:
            summary.append("No on-prem production hardware: every workload runs on the cloud.", style="italic")
        chosen = session.plan.hardware
        summary.append(f"\nGPU choice: {chosen.gpu or 'planner picks the lowest 3-year cost'}; pilot: {chosen.pilot_gpu or 'default'}  (e to change)", style="grey62")
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
                        _right(str(g.servers) if g.servers else "shared"),
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
            label_width = max(len(f"{g.open_model}@{g.gpu}") for g in groups)
            for i, g in enumerate(groups):
                if i:
                    text.append("\n")
                text.append(f"{g.open_model}@{g.gpu}".ljust(label_width) + " ")
                tail = f" {g.peak_tokens_per_s:,.0f} / {g.capacity_tokens_per_s:,.0f} tok/s, {g.headroom:.0%} spare"
                text.append_text(meter(g.peak_tokens_per_s, g.capacity_tokens_per_s, max(8, width - label_width - len(tail) - 2)))
                text.append(tail)
            return text

        self.query_one("#hardware-load", Drawing).draw_with(draw_load)
        pilot = Text()
        if sizing.pilot is not None:
            p = sizing.pilot
            pilot.append("Pilot (Phase 2): ", style="bold")
            pilot.append(f"{p.gpus} x {gpu_name.get(p.gpu, p.gpu)} serving {p.open_model} ({p.precision}), {money(p.capex_krw)}")
        show_text(self.query_one("#hardware-pilot", Static), pilot)
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
                        Text("yes", style="green3") if a.fits else Text("no", style="red"),
                        _right(str(a.gpus) if a.fits else "-"),
                        _right(str(a.servers) if a.fits else "-"),
                        _right(money(a.capex_krw) if a.fits else "-"),
                        _right(money(a.opex_krw_per_month) if a.fits else "-"),
                        _right(money(a.cost_3y_krw) if a.fits else "-"),
                        a.note,
                    ),
                )
            )
        self.query_one("#hardware-alternatives", KeyedTable).sync(alt_rows)
        warnings = Text()
        for w in sizing.warnings:
            warnings.append("! ", style="bold yellow")
            warnings.append(w + "\n")
        show_text(self.query_one("#hardware-warnings", Static), warnings)

    def edit(self) -> None:
        from planner.tui.dialogs.hardware import HardwareDialog

        session = self.planner.session

        def done(values: dict | None) -> None:
            if values is not None:
                self.request_edit(lambda plan: with_hardware(plan, values), failure="GPU choice not applied")

        self.app.push_screen(HardwareDialog(session.catalog, session.plan.hardware), done)
