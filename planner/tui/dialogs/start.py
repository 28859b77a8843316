"""The guided start on an empty plan: the organization, then the first workload, in plain questions.

Two steps in one dialog, for a person who has never seen the file format: each field says what it is
for, enter moves on, escape leaves the plan as it is. The dialog returns a `GuidedStart` the app
applies as one edit (undo takes it back whole).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic_core import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from planner.domain.catalog import Catalog
from planner.domain.plan import Organization, Plan, Workload, new_workload_id
from planner.tui.dialogs.basic import FormDialog
from planner.tui.widgets import PlannerInput
from planner.i18n import N_, _, catalog_text
from planner.tui.edits import form_message

DATA_CLASSES = (
    (N_("public: nothing confidential"), "public"),
    (N_("internal: internal but not sensitive"), "internal"),
    (N_("confidential: trade secrets, source code, internal documents"), "confidential"),
    (N_("personal: customers' personal data"), "personal"),
    (N_("regulated: credit or health records a sector law governs"), "regulated"),
    (N_("classified: state or military secrets"), "classified"),
)


@dataclass(frozen=True)
class GuidedStart:
    """What the guided start collected."""

    name: str
    """Plan name."""
    organization: Organization
    """The organization."""
    workload: Workload | None
    """The first workload (None when the user stopped after the organization)."""

    def apply(self, plan: Plan) -> Plan:
        """The plan with the organization set and the workload added."""
        workloads = [*plan.workloads, self.workload] if self.workload else list(plan.workloads)
        return plan.model_copy(update={"name": self.name, "organization": self.organization, "workloads": workloads})


def _number(raw: str, what: str, whole: bool = True) -> float | int | None:
    text = raw.replace(",", "").replace("_", "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(_("{field}: give a number", field=_(what))) from None
    if whole:
        if not value.is_integer():
            raise ValueError(_("{field}: give a whole number", field=_(what)))
        return int(value)
    return value


class GuidedStartDialog(FormDialog[GuidedStart | None]):
    """Step 1: organization. Step 2: first workload. Enter on the last field of a step goes on."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="start-cancel")]
    SUBMIT_BUTTON = "next"

    def __init__(self, plan: Plan, catalog: Catalog):
        super().__init__(classes="dialog-screen")
        self.plan, self.catalog = plan, catalog
        self.step = 1
        self.organization: Organization | None = None
        self.plan_name = plan.name

    def compose(self) -> ComposeResult:
        industries = [(f"{i}: {catalog_text(entry.name)}", i) for i, entry in sorted(self.catalog.industries.items())]
        kinds = [(f"{k}: {catalog_text(entry.name)}"[:70], k) for k, entry in sorted(self.catalog.workload_kinds.items())]
        org = self.plan.organization
        with Vertical(classes="dialog wide tall", id="guided-start"):
            yield Label(_("Start your plan (1 of 2): your organization"), classes="dialog-title", id="start-title")
            with VerticalScroll(classes="dialog-scroll"):
                with Vertical(id="step-organization"):
                    yield Static(_("The planner decides where each LLM workload runs from these facts. You can change them later on the Overview screen (1)."), classes="dialog-body")
                    yield Label(_("Plan name"))
                    yield PlannerInput(self.plan.name, id="plan-name")
                    yield Label(_("Industry (sets the regulations that apply)"))
                    yield Select(industries, value=org.industry if org.industry in self.catalog.industries else Select.NULL, allow_blank=False, id="industry")
                    yield Label(_("Employees"))
                    yield PlannerInput(str(org.employees), id="employees")
                    yield Label(_("ML engineers (people who could run models on your own GPUs)"))
                    yield PlannerInput(str(org.ml_engineers), id="ml-engineers")
                    yield Label(_("Three-year budget in KRW (0 if none yet)"))
                    yield PlannerInput(str(org.budget_3y_krw), id="budget")
                with Vertical(id="step-workload"):
                    yield Static(_("Your first workload: one LLM use, such as a support chatbot or a coding assistant. Leave a field empty to take the kind's typical value."), classes="dialog-body")
                    yield Label(_("Workload name"))
                    yield PlannerInput("", placeholder=_("e.g. Internal document search"), id="workload-name")
                    yield Label(_("Kind (fills tokens, data class and the framework's placement)"))
                    yield Select(kinds, value=kinds[0][1] if kinds else Select.NULL, allow_blank=False, id="kind")
                    yield Label(_("Users (people who use it)"))
                    yield PlannerInput("", placeholder=_("e.g. {example}", example=200), id="users")
                    yield Label(_("Requests per user per day"))
                    yield PlannerInput("", placeholder=_("e.g. {example}", example=10), id="per-user")
                    yield Label(_("Most sensitive data it handles"))
                    yield Select([(_(label), value) for label, value in DATA_CLASSES], prompt=_("typical for the kind (leave as is if unsure)"), allow_blank=True, id="data")
            yield Label("", id="start-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Next (enter)"), variant="primary", id="next")
                yield Button(_("Skip the workload"), id="skip")
                yield Button(_("Cancel (esc)"), id="cancel")

    NEXT_FIELD = {"workload-name": "users", "users": "per-user"}
    """In the workload step, enter moves on to the next field to fill; on the last one it creates the plan."""

    def on_mount(self) -> None:
        self.query_one("#step-workload").display = False
        self.query_one("#skip").display = False
        self.query_one("#plan-name", Input).focus()

    @on(Button.Pressed, "#skip")
    def _skip(self, event: Button.Pressed) -> None:
        event.stop()
        if self.organization is not None:
            self.dismiss(GuidedStart(self.plan_name, self.organization, None))

    def _error(self, message: str) -> None:
        self.query_one("#start-error", Label).update(message)

    def submit(self) -> None:
        focused = self.focused
        following = self.NEXT_FIELD.get(focused.id or "") if self.step == 2 and isinstance(focused, Input) else None
        if following and not self.query_one(f"#{following}", Input).value.strip():
            self.query_one(f"#{following}", Input).focus()
            return
        try:
            if self.step == 1:
                self._organization_step()
            else:
                self._workload_step()
        except ValueError as error:
            self._error(str(error))

    def _organization_step(self) -> None:
        name = self.query_one("#plan-name", Input).value.strip()
        if not name:
            raise ValueError(_("Plan name: give a name"))
        values: dict[str, Any] = {"industry": self.query_one("#industry", Select).value}
        for field, widget, what in (("employees", "#employees", N_("Employees")), ("ml_engineers", "#ml-engineers", N_("ML engineers")), ("budget_3y_krw", "#budget", N_("Budget"))):
            number = _number(self.query_one(widget, Input).value, what)
            if number is not None:
                values[field] = number
        try:
            self.organization = Organization.model_validate({**self.plan.organization.model_dump(), **values})
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            raise ValueError(f"{first['loc'][0]}: {form_message(first)}") from None
        self.plan_name = name
        self.step = 2
        self._error("")
        self.query_one("#step-organization").display = False
        self.query_one("#step-workload").display = True
        self.query_one("#skip").display = True
        self.query_one("#start-title", Label).update(_("Start your plan (2 of 2): your first workload"))
        self.query_one("#next", Button).label = _("Create (enter)")
        self.query_one("#workload-name", Input).focus()

    def _workload_step(self) -> None:
        name = self.query_one("#workload-name", Input).value.strip()
        if not name:
            raise ValueError(_("Workload name: give a name (or Skip the workload)"))
        kind = self.query_one("#kind", Select).value
        values: dict[str, Any] = {
            "id": new_workload_id(name, kind if isinstance(kind, str) else None, {w.id for w in self.plan.workloads}),
            "name": name,
            "kind": kind,
        }
        data = self.query_one("#data", Select).value
        if data is not Select.NULL:
            values["data"] = data
        users = _number(self.query_one("#users", Input).value, N_("Users"))
        per_user = _number(self.query_one("#per-user", Input).value, N_("Requests per user per day"), whole=False)
        if users is None or per_user is None:
            raise ValueError(_("Users and requests per user per day: give both (they size the load)"))
        values.update(users=users, requests_per_user_per_day=per_user)
        try:
            workload = Workload.model_validate(values)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            raise ValueError(f"{first['loc'][0] if first['loc'] else 'workload'}: {form_message(first)}") from None
        assert self.organization is not None
        self.dismiss(GuidedStart(self.plan_name, self.organization, workload))
