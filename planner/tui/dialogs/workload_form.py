"""Add or edit a workload: every field checked as it is typed; blanks take the kind's defaults."""

from __future__ import annotations

from typing import Any, Callable, get_args

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from planner.domain.catalog import DATA_CLASS_ORDER, Catalog, Precision
from planner.domain.plan import Workload
from planner.tui.edits import FieldInvalid, build_workload, parse_number
from planner.tui.dialogs.basic import FormDialog
from planner.tui.widgets import PlannerInput
from planner.i18n import N_, _, catalog_text, ngettext
from planner.tui.render import data_label

# (field, label, kind: text | int | float) for the typed inputs
INPUTS: list[tuple[str, str, str]] = [
    ("id", N_("Id (slug)"), "text"),
    ("name", N_("Name"), "text"),
    ("users", N_("Users"), "int"),
    ("requests_per_user_per_day", N_("Requests per user/day"), "float"),
    ("requests_per_day", N_("Requests per day"), "float"),
    ("days_per_month", N_("Days per month"), "int"),
    ("input_tokens", N_("Input tokens/request"), "int"),
    ("output_tokens", N_("Output tokens/request"), "int"),
    ("busy_hours", N_("Busy hours a day"), "float"),
    ("sensitive_share", N_("Sensitive share (0-1)"), "float"),
    ("cached_prefix_share", N_("Cached prefix (0-1)"), "float"),
    ("note", N_("Note"), "text"),
]
SELECTS = ("data", "deidentifiable", "batch", "cloud_model", "open_model", "precision", "gpu")
KIND_DEFAULTS = ("requests_per_user_per_day", "days_per_month", "input_tokens", "output_tokens", "busy_hours", "sensitive_share", "cached_prefix_share", "data", "deidentifiable", "batch", "cloud_model", "open_model")
PRECISIONS: tuple[str, ...] = get_args(Precision)
"""Every serving precision the plan accepts (mxfp4 and fp4 included)."""
KEPT = ("placement", "placement_note", "acknowledge_regulation", "embeddings_usd_per_month")
"""Fields the form does not show; an edit keeps them as they were."""
SERVING = {"kind", "open_model", "precision", "gpu"}
"""Fields that decide what serves the workload's open model: a change may leave its placement override (rented GPUs)
impossible, which shows under them at once (`error-placement`)."""

Check = Callable[[Workload], dict[str, str]]


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class WorkloadDialog(FormDialog[Workload | None]):
    """The workload form. Dismisses with a valid Workload, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="workload-cancel")]

    def __init__(self, catalog: Catalog, workload: Workload | None, check: Check, default_precision: str, hardware_gpu: str | None):
        super().__init__(classes="dialog-screen")
        self.catalog = catalog
        self.original = workload
        self.check = check
        self.default_precision = default_precision
        self.hardware_gpu = hardware_gpu
        self.touched: set[str] = set()

    # --- layout -------------------------------------------------------------------------------

    def _row(self, field: str, label: str, widget) -> ComposeResult:
        with Horizontal(classes="form-row", id=f"row-{field}"):
            yield Label(_(label), classes="form-label")
            yield widget
        yield Label("", id=f"error-{field}", classes="field-error")

    def compose(self) -> ComposeResult:
        w = self.original
        c = self.catalog
        by_users = w is None or w.requests_per_day is None
        with Vertical(classes="dialog form-dialog tall"):
            yield Label(_("Edit workload") if w else _("Add workload"), classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                labels = {f: label for f, label, _kind in INPUTS}
                for field in ("id", "name"):
                    yield from self._row(field, labels[field], self._input(field))
                kinds = [(f"{catalog_text(k.name)} ({k.id})", k.id) for k in c.workload_kinds.values()]
                yield from self._row("kind", N_("Kind"), Select(kinds, id="field-kind", prompt=_("choose a kind"), value=w.kind if w else Select.NULL, compact=True))
                with RadioSet(id="volume-mode", compact=True):
                    yield RadioButton(_("users x requests/user"), value=by_users, id="mode-users")
                    yield RadioButton(_("requests/day"), value=not by_users, id="mode-day")
                for field in ("users", "requests_per_user_per_day", "requests_per_day", "days_per_month", "input_tokens", "output_tokens", "busy_hours", "sensitive_share", "cached_prefix_share"):
                    yield from self._row(field, labels[field], self._input(field))
                data = [(data_label(d), d) for d in DATA_CLASS_ORDER]
                yes_no = [(_("yes"), True), (_("no"), False)]
                yield from self._row("data", N_("Data class"), self._select("data", data))
                yield from self._row("deidentifiable", N_("De-identifiable"), self._select("deidentifiable", yes_no))
                yield from self._row("batch", N_("Batch job"), self._select("batch", yes_no))
                clouds = [(_cloud_model_label(m), m.id) for m in c.cloud_models.values() if not m.embedding]
                yield from self._row("cloud_model", N_("Cloud model"), self._select("cloud_model", clouds))
                opens = [(f"{m.name} ({m.id})", m.id) for m in c.open_models.values()]
                yield from self._row("open_model", N_("Open model"), self._select("open_model", opens))
                yield from self._row("precision", N_("Precision"), self._select("precision", [(p, p) for p in PRECISIONS]))
                gpus = [(f"{g.name} ({g.id})", g.id) for g in c.gpus.values()]
                yield from self._row("gpu", "GPU", self._select("gpu", gpus))
                yield Label("", id="error-placement", classes="field-error")  # the override's placement, which the form does not show
                yield from self._row("note", labels["note"], self._input("note"))
            yield Static(_("Blank fields take the kind's default (dimmed)."), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save (enter)"), variant="primary", id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    def _input(self, field: str) -> PlannerInput:
        kind = next(k for f, _l, k in INPUTS if f == field)
        value = getattr(self.original, field) if self.original else None
        return PlannerInput(
            "" if value is None else _show(value),
            id=f"field-{field}",
            type={"int": "integer", "float": "number"}.get(kind, "text"),
            compact=True,
        )

    def _select(self, field: str, options: list[tuple[str, Any]]) -> Select:
        value = getattr(self.original, field) if self.original else None
        return Select(options, id=f"field-{field}", value=Select.NULL if value is None else value, compact=True, prompt=_("default"))

    def on_mount(self) -> None:
        self._show_mode()
        self._show_defaults()
        self._validate(final=False)
        if self.original is None:
            self.query_one("#field-id", Input).focus()
        else:
            self.query_one("#field-name", Input).focus()

    # --- kind defaults and volume mode --------------------------------------------------------

    def _kind(self):
        value = self.query_one("#field-kind", Select).value
        return self.catalog.workload_kinds.get(value) if isinstance(value, str) else None

    def _show_defaults(self) -> None:
        kind = self._kind()
        for field in KIND_DEFAULTS:
            default = getattr(kind, field) if kind else None
            shown = data_label(default) if field == "data" and default else _show(default)
            text = "" if default is None else _("{value} (default)", value=shown)
            if field in SELECTS:
                if field in ("cloud_model", "open_model") and kind:
                    catalog = self.catalog.cloud_models if field == "cloud_model" else self.catalog.open_models
                    text = _("{value} (default)", value=catalog[default].name) if default in catalog else text
                self.query_one(f"#field-{field}", Select).prompt = escape(text or _("default"))  # a prompt is markup: "[...]" in a name is text
            else:
                self.query_one(f"#field-{field}", Input).placeholder = text
        self.query_one("#field-precision", Select).prompt = escape(_("{value} (default)", value=self.default_precision))
        self.query_one("#field-gpu", Select).prompt = escape(f"{self.hardware_gpu} ([hardware])" if self.hardware_gpu else _("planner's choice"))

    def _by_users(self) -> bool:
        return self.query_one("#mode-users", RadioButton).value

    def _show_mode(self) -> None:
        by_users = self._by_users()
        for field in ("users", "requests_per_user_per_day"):
            self.query_one(f"#row-{field}").display = by_users
        self.query_one("#row-requests_per_day").display = not by_users
        if not by_users:
            for field in ("users", "requests_per_user_per_day"):
                self.query_one(f"#error-{field}", Label).update("")
        else:
            self.query_one("#error-requests_per_day", Label).update("")

    # --- values and checks --------------------------------------------------------------------

    def _collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for field, _label, kind in INPUTS:
            raw = self.query_one(f"#field-{field}", Input).value
            try:
                values[field] = parse_number(field, raw, integer=kind == "int") if kind != "text" else (raw.strip() or None)
            except FieldInvalid as invalid:
                errors[field] = invalid.message
                values[field] = None
        kind = self.query_one("#field-kind", Select).value
        values["kind"] = kind if isinstance(kind, str) else None
        for field in SELECTS:
            value = self.query_one(f"#field-{field}", Select).value
            values[field] = None if value is Select.NULL else value
        if self._by_users():
            values["requests_per_day"] = None
        else:
            values["users"] = values["requests_per_user_per_day"] = None
        if self.original is not None:
            for field in KEPT:
                values[field] = getattr(self.original, field)
        return {k: v for k, v in values.items() if v is not None}, errors

    def _validate(self, final: bool) -> Workload | None:
        values, errors = self._collect()
        for field in ("id", "name", "kind"):
            if field not in values:
                errors.setdefault(field, _("required"))
        workload, model_errors = build_workload(values)
        for field, message in model_errors.items():
            errors.setdefault(field, message)
        if workload is not None:
            for field, message in self.check(workload).items():
                errors.setdefault(field, message)
        touched = self.touched | ({"placement"} if self.touched & SERVING else set())
        shown = {f: m for f, m in errors.items() if final or f in touched}
        for label in self.query(".field-error"):
            field = (label.id or "").removeprefix("error-")
            message = shown.get(field, "")
            label.update(message)
            label.display = bool(message)
        if final and errors:
            first = next(iter(errors))
            self.notify(ngettext("{n} field to fix: {field}: {problem}", "{n} fields to fix: {field}: {problem}", len(errors), field=first, problem=errors[first]), severity="warning")
        return workload if not errors else None

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.touched.add((event.input.id or "").removeprefix("field-"))
        self._validate(final=False)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        field = (event.select.id or "").removeprefix("field-")
        self.touched.add(field)
        if field == "kind":
            self._show_defaults()
        self._validate(final=False)

    @on(RadioSet.Changed)
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._show_mode()
        self._validate(final=False)

    def submit(self) -> None:
        workload = self._validate(final=True)
        if workload is not None:
            self.dismiss(workload)


def _cloud_model_label(model) -> str:
    """`Claude 3.5 Sonnet (claude-3.5-sonnet), retired 2025-10-22`: a model its provider ended says so in the picker."""
    if model.retired is not None:
        return _("{name} ({id}), retired {date}", name=model.name, id=model.id, date=model.retired.isoformat())
    if model.deprecated is not None:
        return _("{name} ({id}), deprecated {date}", name=model.name, id=model.id, date=model.deprecated.isoformat())
    return f"{model.name} ({model.id})"
