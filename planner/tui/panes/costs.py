"""6 Costs: cost per phase by category, staff per phase, TCO by year, cumulative cost per strategy."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from planner.export.billing import bill_rows, unit_name, unit_rows, unit_where
from planner.export.report import ledger_notes
from planner.tui.panes.base import Pane
from planner.domain.vocabulary import cumulative, ordered_strategies, strategy_label
from planner.tui.render import STRATEGY_MARK, STRATEGY_STYLE, category_label, cumulative_chart
from planner.tui.table import KeyedTable
from planner.tui.widgets import Drawing, show_text
from planner.i18n import N_, _, translate

CHART_HEIGHT = 10
BILL_COLUMNS = [N_("Workload"), N_("Model"), N_("List price"), N_("Overhead"), N_("Caching"), N_("Long ctx"), N_("Batch"), N_("Provisioned"), N_("As billed")]
UNIT_COLUMNS = [N_("Strategy/workload"), N_("Where"), N_("$/M tokens"), N_("$/request"), N_("$/M usage-only"), N_("Util.")]
"""Hardware $/M tokens are reservation-based; usage-only (as if only busy GPU time were paid) beside it."""


def _right(value: str) -> Text:
    return Text(value, justify="right")


class CostsPane(Pane):
    """Read-only: everything here follows from the other screens."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="costs-scroll"):
            yield Label(_("Cumulative cost per strategy"), classes="section-title")
            yield Static(id="costs-legend")
            yield Drawing(id="costs-chart")
            yield Label(_("Cost per phase by category (this plan)"), classes="section-title")
            yield KeyedTable([(_("Category"), "category")], id="costs-phases", classes="auto-table")
            yield Label(_("Staff per phase (FTE)"), classes="section-title")
            yield KeyedTable([(_("Role"), "role")], id="costs-staff", classes="auto-table")
            yield Label(_("TCO by year"), classes="section-title")
            yield KeyedTable([(_("Strategy"), "strategy")], id="costs-tco", classes="auto-table")
            yield Label(_("What these costs count"), classes="section-title", id="costs-notes-title")
            yield Static(id="costs-notes")
            yield Label(_("Cloud tokens per workload, month 1: list price and as billed"), classes="section-title", id="costs-bill-title")
            yield KeyedTable([(_(h), f"bill{i}") for i, h in enumerate(BILL_COLUMNS)], id="costs-bill", classes="auto-table")
            yield Label(_("Cost per million tokens: strategies over the horizon, workloads at month 1"), classes="section-title")
            yield KeyedTable([(_(h), f"unit{i}") for i, h in enumerate(UNIT_COLUMNS)], id="costs-per-mtok", classes="auto-table")

    def main_widget(self):
        return self.query_one("#costs-scroll")

    def show(self) -> None:
        session = self.planner.session
        ev = session.evaluation
        money = self.planner.money
        ledger = ev.ledger
        phases = ev.phases
        phase_columns = [(_("Category"), "category")] + [(_("Phase {number}", number=p.phase), f"phase{p.phase}") for p in phases]
        table = self.query_one("#costs-phases", KeyedTable)
        table.set_columns(phase_columns)
        categories: list[str] = list(ledger.categories) if ledger else []
        for p in phases:
            for category in p.cost_by_category_krw:
                if category not in categories:
                    categories.append(category)
        rows = []
        for category in categories:
            rows.append((category, (category_label(category), *(_right(money(p.cost_by_category_krw.get(category, 0))) for p in phases))))
        if phases:
            rows.append(("__total__", (Text(_("total"), style="bold"), *(_right(money(p.cost_krw)) for p in phases))))
            rows.append(("__dates__", (Text(_("dates"), style="grey62"), *(Text(f"{p.start:%y-%m}..{p.end:%y-%m}", style="grey62", justify="right") for p in phases))))
        table.sync(rows)
        staff = self.query_one("#costs-staff", KeyedTable)
        staff.set_columns([(_("Role"), "role")] + [(_("Phase {number}", number=p.phase), f"phase{p.phase}") for p in phases])
        roles: list[str] = []
        for p in phases:
            for role in p.staff_fte:
                if role not in roles:
                    roles.append(role)
        names = session.evaluation.role_names
        staff.sync([(role, (translate(names.get(role, role)), *(_right(f"{p.staff_fte.get(role, 0):g}") for p in phases))) for role in roles])
        tco_table = self.query_one("#costs-tco", KeyedTable)
        years = max((len(t.by_year_krw) for t in ledger.tco.values()), default=0) if ledger else 0
        tco_table.set_columns([(_("Strategy"), "strategy")] + [(_("Year {number}", number=y + 1), f"y{y + 1}") for y in range(years)] + [(_("Total"), "total")])
        tco_rows = []
        if ledger is not None:
            for name in ordered_strategies(ledger.tco):
                tco = ledger.tco[name]
                by_year = [_right(money(v)) for v in tco.by_year_krw] + [_right("")] * (years - len(tco.by_year_krw))
                tco_rows.append((name, (translate(strategy_label(name)), *by_year, _right(money(tco.total_krw)))))
        tco_table.sync(tco_rows)
        self._show_notes(ledger_notes(ev))
        self._show_unit_costs(ev, money)
        legend = Text()
        series: dict[str, list[int]] = {}
        if ledger is not None:
            for name in ordered_strategies(ledger.months):
                if ledger.months.get(name):
                    series[name] = cumulative(ledger.months[name])
            for name in series:
                legend.append(f"{STRATEGY_MARK.get(name, name[:1])} ", style=f"bold {STRATEGY_STYLE.get(name, '')}")
                legend.append(f"{translate(strategy_label(name))} {money(series[name][-1])}   ")
            if ledger.break_even_month:
                legend.append("┆ " + _("break-even month {month}", month=ledger.break_even_month), style="grey62")
        ranges = self.planner.ranges.current()
        bands = {}
        if ranges is not None:  # each strategy's P10-P90 of the cumulative cost, shaded behind its line
            bands = {name: ([b.p10 for b in ranges.cumulative_krw[name]], [b.p90 for b in ranges.cumulative_krw[name]]) for name in series if name in ranges.cumulative_krw}
            legend.append("\n░ " + _("P10-P90 over {draws} draws", draws=f"{ranges.draws:,}"), style="grey62")
        show_text(self.query_one("#costs-legend", Static), legend)
        marker = ledger.break_even_month if ledger else None
        drawn = dict(reversed(list(series.items())))  # where lines cross, the first strategy (this plan) is drawn on top
        self.query_one("#costs-chart", Drawing).draw_with(
            lambda width: cumulative_chart(drawn, width, CHART_HEIGHT, money, marker, bands) if series else Text(_("no monthly ledger yet"), style="italic grey50")
        )

    def _show_notes(self, notes: list[str]) -> None:
        """The ledger's notes as bullets whose wrapped lines hang under their text; hidden, heading too, when none."""
        widget = self.query_one("#costs-notes", Static)
        self.query_one("#costs-notes-title", Label).display = widget.display = bool(notes)
        if getattr(widget, "_planner_notes", None) == notes:
            return
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")  # a word wider than what is left of a line goes on to the next, not cut with …
        for note in notes:
            grid.add_row("•", note)
        widget.update(grid)
        widget._planner_notes = notes

    def _show_unit_costs(self, ev, money) -> None:
        """The cloud bill lines per workload and the cost per million tokens of every strategy and workload."""
        used = _("as billed") if ev.assumptions.get("pricing") == "as_billed" else _("list price")
        self.query_one("#costs-bill-title", Label).update(_("Cloud tokens per workload, month 1 (the plan uses: {pricing})", pricing=used))
        rate = money.krw_per_usd
        bills = bill_rows(ev.workloads, rate, lambda k, u: money.from_usd(u, k))
        self.query_one("#costs-bill", KeyedTable).sync([(row[0], (row[0], row[1], *(_right(c) for c in row[2:]))) for row in bills])
        units = unit_rows(ev.cost_per_mtok)
        self.query_one("#costs-per-mtok", KeyedTable).sync([(f"{row[0]}|{row[1]}", (unit_name(row[0]) if row[1] == "strategy" else row[0], unit_where(row[1]), *(_right(c) for c in row[2:]))) for row in units])
