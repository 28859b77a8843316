"""Export the evaluated plan: pick a format and a file."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from planner.tui.dialogs.basic import FormDialog
from planner.tui.widgets import PlannerInput
from planner.i18n import N_, _

EXTENSIONS = {"markdown": "md", "mermaid": "mmd", "csv": "csv", "html": "html", "ics": "ics", "json": "json"}


def export_path(folder: Path, stem: str, fmt: str) -> Path:
    """Default file for an export: next to the plan, named after it."""
    return folder / f"{stem}.{EXTENSIONS.get(fmt, fmt)}"


class ExportDialog(FormDialog[tuple[str, Path] | None]):
    """Returns (format, path) or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="export-cancel")]
    SUBMIT_BUTTON = "export"

    def __init__(self, formats: list[str], folder: Path, stem: str, fmt: str | None = None):
        super().__init__(classes="dialog-screen")
        self.formats = formats
        self.folder = folder
        self.stem = stem
        self.initial = fmt if fmt in formats else (formats[0] if formats else None)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form-dialog stacked"):
            yield Label(_("Export"), classes="dialog-title")
            yield Label(_("Format"), classes="field-label")
            yield Select([(f, f) for f in self.formats], id="export-format", allow_blank=False, value=self.initial, compact=True)
            yield Label(_("File"), classes="field-label")
            default = str(export_path(self.folder, self.stem, self.initial)) if self.initial else ""
            yield PlannerInput(default, id="export-path", compact=True)
            yield Label("", id="export-error", classes="field-error")
            yield Static(_("enter: export   escape: cancel"), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Export (enter)"), variant="primary", id="export")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        event.stop()
        path = self.query_one("#export-path", Input)
        current = Path(path.value)
        if current.stem == self.stem:
            path.value = str(export_path(current.parent, self.stem, str(event.value)))

    def submit(self) -> None:
        fmt = self.query_one("#export-format", Select).value
        raw = self.query_one("#export-path", Input).value.strip()
        error = self.query_one("#export-error", Label)
        if fmt is Select.NULL:
            error.update(_("choose a format"))
            return
        if not raw:
            error.update(_("give a file name"))
            return
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        if path.is_dir() or not path.parent.is_dir():
            error.update(_("that is a folder") if path.is_dir() else _("folder {folder} does not exist", folder=path.parent))
            return
        self.dismiss((str(fmt), path))
