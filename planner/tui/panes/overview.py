"""1 Overview: the organization form, strategy, TCO by strategy, break-even, scenarios, warnings."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, Static

from planner.tui.edits import FieldInvalid, parse_number, problems_under, with_organization_field, with_plan_field
from planner.tui.panes.base import Pane
from planner.domain.vocabulary import PLACEMENT_LABEL, STRATEGY_LABEL, ordered_strategies, strategy_label
from planner.tui.render import STRATEGY_STYLE, bar_chart
from planner.tui.widgets import Drawing, PlannerInput, ProgressLine, show_text
from planner.i18n import N_, _, catalog_text, ngettext, translate

if TYPE_CHECKING:
    from planner.domain.validate import Problem

# (input id, label, where: plan | organization, field, kind)
FIELDS: list[tuple[str, str, str, str, str]] = [
    ("plan-name", N_("Plan name"), "plan", "name", "text"),
    ("plan-start", N_("Start (YYYY-MM-DD)"), "plan", "start", "date"),
    ("plan-horizon", N_("Horizon (months)"), "plan", "horizon_months", "int"),
    ("org-employees", N_("Employees"), "organization", "employees", "int"),
    ("org-ml-engineers", N_("ML engineers"), "organization", "ml_engineers", "int"),
    ("org-budget", N_("3-year budget (KRW)"), "organization", "budget_3y_krw", "int"),
]
BY_ID = {f[0]: f for f in FIELDS}


def first_problem(problems: list[Problem], path: tuple[str, ...]) -> str:
    """What refuses an Overview edit, said at its field: the problem at the field's own key, else the first one the
    edit causes elsewhere, with its key (an industry whose rules leave an override unacknowledged, or no rented GPU
    for an override to them); "" when the plan takes the edit."""
    own = problems_under(problems, path[:-1]).get(path[-1])
    if own:
        return own
    return f"{problems[0].key}: {translate(problems[0].message)}" if problems else ""


MAX_WARNINGS = 40
"""Warnings listed on the overview; the rest are counted (a display limit)."""


class OverviewPane(Pane):
    """The organization and the plan's headline."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: dict[str, list[object]] = {}
        """Per field, the plan value it last showed and those it asked for since (edits are applied later,
        evaluations finish later): while the plan holds one of them, the field keeps the user's text."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="overview-columns"):
            with VerticalScroll(id="org-form", classes="form"):
                yield Label(_("Organization"), classes="section-title")
                yield Label(_("Industry"), classes="field-label")
                industries = [(f"{catalog_text(i.name)} ({i.id})", i.id) for i in self.planner.catalog.industries.values()]
                yield Select(industries, id="org-industry", allow_blank=False, compact=True, type_to_search=False)
                industry_error = Label("", id="org-industry-error", classes="field-error")
                industry_error.display = False  # shown only with a refusal (`_industry_error`)
                yield industry_error
                for input_id, label, _where, _field, kind in FIELDS[3:]:
                    yield from self._field(input_id, label, kind)
                yield Checkbox(_("Security needs"), id="org-security", compact=True)
                yield Label(_("Plan"), classes="section-title")
                for input_id, label, _where, _field, kind in FIELDS[:3]:
                    yield from self._field(input_id, label, kind)
            with VerticalScroll(id="overview-results"):
                yield Static(id="overview-strategy")
                yield Label(_("TCO by strategy"), classes="section-title", id="overview-tco-title")
                yield Drawing(id="overview-tco")
                yield Static(id="overview-break-even")
                yield Static(id="overview-ranges")
                yield ProgressLine(id="overview-ranges-progress")
                yield Static(id="overview-scenarios")
                yield Label(_("Warnings"), classes="section-title")
                yield Static(id="overview-warnings")

    def _field(self, input_id: str, label: str, kind: str) -> ComposeResult:
        yield Label(_(label), classes="field-label")
        yield PlannerInput(id=input_id, type="integer" if kind == "int" else "text", compact=True)
        yield Label("", id=f"{input_id}-error", classes="field-error")

    def main_widget(self):
        return None

    async def relabel(self) -> None:
        self._shown = {}  # the new fields show the plan's values
        await super().relabel()

    # --- drawing ------------------------------------------------------------------------------

    def show(self) -> None:
        session = self.planner.session
        plan, ev = session.plan, session.evaluation
        self._sync_form()
        self._hint()
        industry = session.catalog.industries.get(ev.industry)
        strategy = Text()
        strategy.append(_("Strategy: "), style="bold")
        strategy.append(translate(STRATEGY_LABEL.get(ev.strategy, ev.strategy or "-")), style="bold green3")
        placements: dict[str, int] = {}
        for w in ev.workloads:
            placements[w.placement] = placements.get(w.placement, 0) + 1
        if placements:
            strategy.append("   (" + ", ".join(f"{n} {translate(PLACEMENT_LABEL.get(p, p))}" for p, n in placements.items()) + ")")
        industry_name = catalog_text(industry.name) if industry else ev.industry
        strategy.append("\n" + _("Framework cross-check ({industry}): {situation}", industry=industry_name, situation=translate(ev.situation) or "-"))
        strategy.append("\n" + ngettext("{n} workload, start {start}, {months} months", "{n} workloads, start {start}, {months} months", len(plan.workloads), start=plan.start.isoformat(), months=plan.horizon_months))
        show_text(self.query_one("#overview-strategy", Static), strategy)
        money = self.planner.money
        ledger = ev.ledger
        tco_rows = []
        if ledger is not None:
            for name in ordered_strategies(ledger.tco):
                tco_rows.append((translate(strategy_label(name)), float(ledger.tco[name].total_krw), money(ledger.tco[name].total_krw), STRATEGY_STYLE.get(name, "")))
        show_text(self.query_one("#overview-tco-title", Label), _("TCO by strategy over {months} months", months=ev.horizon_months))
        drawing = self.query_one("#overview-tco", Drawing)
        if tco_rows:
            drawing.draw_with(lambda width: bar_chart(tco_rows, width))
        else:
            drawing.draw_with(lambda width: Text(_("no cost ledger yet"), style="italic grey50"))
        lines = Text()
        budget = plan.organization.budget_3y_krw
        if ledger is not None and ledger.tco:
            be = ledger.break_even_month
            lines.append(_("Break-even against all-cloud (like for like): "), style="bold")
            lines.append(_("month {month}", month=be) if be else _("none within {months} months", months=ledger.horizon_months))
            if ledger.on_prem_break_even_month is not None:
                lines.append("\n" + _("All-on-prem breaks even in month {month}", month=ledger.on_prem_break_even_month))
        else:
            lines.append(_("Break-even: not computed yet"), style="italic grey50")
        compliance = sum(w.cost_of_compliance_krw for w in ev.workloads)
        if compliance:
            lines.append("\n" + _("Cost of compliance: "), style="bold")
            lines.append(_("{amount} over {months} months (what regulation and data protection cost against the cheapest placement)", amount=money(compliance), months=ev.horizon_months))
        lines.append("\n" + _("3-year budget: {amount}", amount=money(budget) if budget else _("not given")))
        show_text(self.query_one("#overview-break-even", Static), lines)
        self.show_ranges()
        scenarios = Text()
        if session.scenarios_pending:
            scenarios.append(_("Scenarios"), style="bold")
            scenarios.append("\n  " + _("evaluating {count} scenario(s)…", count=len(plan.scenarios)), style="italic grey50")
        elif ev.scenarios:
            scenarios.append(_("Scenarios"), style="bold")
            for s in ev.scenarios:
                plan_tco = s.tco.get("plan")
                be = _("break-even month {month}", month=s.break_even_month) if s.break_even_month else _("no break-even")
                scenarios.append(f"\n  {s.name}: {money(plan_tco.total_krw) if plan_tco else '-'}, {be}")
                if s.description:
                    scenarios.append(f"  ({s.description})", style="grey50")
        show_text(self.query_one("#overview-scenarios", Static), scenarios)
        warnings = Text()
        for i, warning in enumerate(ev.warnings[:MAX_WARNINGS]):
            if i:
                warnings.append("\n")
            warnings.append("! ", style="bold yellow")
            warnings.append(translate(warning))
        if len(ev.warnings) > MAX_WARNINGS:
            warnings.append("\n" + _("... and {count} more (all of them: planner show PLAN)", count=len(ev.warnings) - MAX_WARNINGS), style="grey62")
        if not ev.warnings:
            warnings.append(_("none"), style="grey50")
        show_text(self.query_one("#overview-warnings", Static), warnings)

    def show_ranges(self) -> None:
        """The plan's ranges (P10-P90 over draws) under the break-even, or the progress of their computation."""
        app = self.planner
        progress = self.query_one("#overview-ranges-progress", ProgressLine)
        computing = app.ranges.enabled and app.ranges.done is not None
        progress.display = computing
        text = Text()
        ranges = app.ranges.current()
        if computing:
            progress.update(round(100 * (app.ranges.done or 0)))
            text.append(_("Ranges: drawing the uncertain inputs..."), style="italic grey62")
        elif app.ranges.enabled and ranges is None and app.session is not None and not app.ranges.drawn_here():
            from planner.domain.limits import RANGES_IN_APP_UP_TO

            text.append(_("Ranges: not drawn while editing a plan of more than {count} workloads; `planner show --ranges` draws them", count=f"{RANGES_IN_APP_UP_TO:,}"), style="italic grey62")
        elif ranges is not None:
            money = app.money
            text.append(_("This plan beats all-cloud with probability {probability}", probability=f"{ranges.probability_plan_beats_cloud:.0%}"), style="bold")
            text.append(" " + _("(all-on-prem: {probability}; {draws} draws)", probability=f"{ranges.probability_plan_beats_on_prem:.0%}", draws=f"{ranges.draws:,}"))
            plan = ranges.tco_krw.get("plan")
            if plan is not None:
                text.append("\n" + _("Plan TCO P10-P90: {low} - {high} (P50 {middle})", low=money(plan.p10), high=money(plan.p90), middle=money(plan.p50)))
            be = ranges.break_even_month
            if be.p50 is not None or be.p10 is not None:
                month = lambda m: _("month {month}", month=m) if m is not None else _("none")  # noqa: E731
                text.append("\n" + _("Break-even P10-P90: {low} - {high}", low=month(be.p10), high=month(be.p90)))
            if ranges.tornado:
                text.append("\n" + _("Moves it most: {inputs}", inputs=", ".join(catalog_text(bar.name) for bar in ranges.tornado[:3])), style="grey62")
        shown = self.query_one("#overview-ranges", Static)
        shown.display = bool(text.plain)  # nothing to say (ranges off): no blank line either
        show_text(shown, text)

    def _sync_form(self) -> None:
        """Put the plan's values in the fields where the plan changed by other means than typing in them.

        A field keeps what the user typed (even half-typed or invalid text, or text ahead of the plan an
        evaluation just finished for) as long as the plan still holds the value the field last gave or
        showed; undo, redo, reload or another plan replace it.
        """
        session = self.planner.session
        plan = session.plan
        shown = self._shown
        select = self.query_one("#org-industry", Select)
        with self.prevent(Select.Changed, Input.Changed, Checkbox.Changed):
            industry, known = plan.organization.industry, shown.get("org-industry")
            if known and industry in known:  # a choice the field refused stays, with its reason, as typed text does
                if industry == known[-1]:
                    shown["org-industry"] = [industry]
            else:
                shown["org-industry"] = [industry]
                if select.value != industry:
                    select.value = industry
                self._industry_error("")
            checkbox = self.query_one("#org-security", Checkbox)
            if checkbox.value != plan.organization.security_requirements:
                checkbox.value = plan.organization.security_requirements
            for input_id, _label, where, field, kind in FIELDS:
                source = plan if where == "plan" else plan.organization
                value = getattr(source, field)
                widget = self.query_one(f"#{input_id}", Input)
                known = shown.get(input_id)
                if known and value in known:
                    if value == known[-1]:
                        shown[input_id] = [value]  # the plan caught up with the last value typed
                    continue
                shown[input_id] = [value]
                try:
                    typed = self._parse(widget.value, kind, field)
                except FieldInvalid:
                    typed = object()
                if typed != value:
                    widget.value = value.isoformat() if isinstance(value, date) else str(value)
                    show_text(self.query_one(f"#{input_id}-error", Label), "")
                    widget.remove_class("-invalid")

    # --- editing ------------------------------------------------------------------------------

    @staticmethod
    def _parse(raw: str, kind: str, field: str):
        if kind == "int":
            return parse_number(field, raw, integer=True)
        if kind == "date":
            try:
                return date.fromisoformat(raw.strip())
            except ValueError:
                raise FieldInvalid(field, _("a date like 2026-03-02")) from None
        return raw

    @on(Input.Changed)
    def _field_changed(self, event: Input.Changed) -> None:
        spec = BY_ID.get(event.input.id or "")
        if spec is None:
            return
        event.stop()
        input_id, _label, where, field, kind = spec
        error = self.query_one(f"#{input_id}-error", Label)
        session = self.planner.session
        if session is None:
            return
        try:
            value = self._parse(event.value, kind, field)
            if value is None:
                raise FieldInvalid(field, _("required"))
            source = session.plan if where == "plan" else session.plan.organization
            if getattr(source, field) == value:
                show_text(error, "")
                event.input.remove_class("-invalid")
                return
            build = with_plan_field if where == "plan" else with_organization_field
            candidate = build(session.plan, field, value)
            path = (field,) if where == "plan" else ("organization", field)
            problem = first_problem(session.problems(candidate), path)
            if problem:
                raise FieldInvalid(field, problem)
        except FieldInvalid as invalid:
            show_text(error, invalid.message)
            event.input.add_class("-invalid")
            return
        show_text(error, "")
        event.input.remove_class("-invalid")
        self._shown.setdefault(input_id, []).append(value)  # the plan will hold what the field shows
        base = session.plan  # unless another edit comes first, the edit is the plan just checked (not built and checked again)
        self.request_edit(lambda plan: candidate if plan is base else build(plan, field, value), coalesce=f"overview.{field}")

    def _hint(self) -> None:
        """The budget in 만원 / 억원 under its field, so long numbers are easy to check."""
        session = self.planner.session
        label = self.query_one("#org-budget-error", Label)
        if session is not None and not self.query_one("#org-budget", Input).has_class("-invalid"):
            show_text(label, Text(f"= {self.planner.money(session.plan.organization.budget_3y_krw)}", style="grey62"))

    @on(Select.Changed, "#org-industry")
    def _industry_changed(self, event: Select.Changed) -> None:
        """Another industry, checked with the whole plan first: its rules may leave an override unacknowledged or
        take away the rented GPUs an override to them needs. Refused here, with the key and the reason; the plan
        keeps its industry and the field its choice."""
        event.stop()
        session = self.planner.session
        if event.value is Select.NULL or session is None:
            return
        industry = str(event.value)
        if industry == session.plan.organization.industry:
            self._industry_error("")
            return
        base = session.plan
        try:
            candidate = with_organization_field(base, "industry", industry)
            problem = first_problem(session.problems(candidate), ("organization", "industry"))
        except FieldInvalid as invalid:
            problem = invalid.message
        self._industry_error(problem)
        if problem:
            return
        self._shown.setdefault("org-industry", []).append(industry)  # the plan will hold what the field shows
        self.request_edit(lambda plan: candidate if plan is base else with_organization_field(plan, "industry", industry))

    def _industry_error(self, message: str) -> None:
        label = self.query_one("#org-industry-error", Label)
        if not message and not label.display:
            return  # nothing shown, nothing to take away (no update: the plan's first frame is not delayed by it)
        show_text(label, message)
        label.display = bool(message)  # no blank line under the select while there is nothing to say

    @on(Checkbox.Changed, "#org-security")
    def _security_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        session = self.planner.session
        if session is not None:
            security = event.value
            self.request_edit(lambda plan: with_organization_field(plan, "security_requirements", security))
