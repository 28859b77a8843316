"""Small dialogs: confirm, choose one of a few actions, show a message, ask for a path, pick a template."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from planner.tui.widgets import PlannerInput
from planner.i18n import N_, _

ResultType = TypeVar("ResultType")


class FormDialog(ModalScreen[ResultType]):
    """A form: enter in a field or the submit button runs `submit()`; another button or escape cancels (None)."""

    SUBMIT_BUTTON = "save"
    """Id of the button that submits."""

    def submit(self) -> None:
        """Check the fields and dismiss with the result, or show what is wrong and stay open."""
        raise NotImplementedError

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == self.SUBMIT_BUTTON:
            self.submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: `y` or enter says yes, `n` or escape says no."""

    AUTO_FOCUS = None
    BINDINGS = [
        Binding("y,enter", "answer(True)", N_("Yes"), id="confirm-yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm-no"),
    ]

    def __init__(self, title: str, message: str, yes: str | None = None, no: str | None = None):
        super().__init__(classes="dialog-screen")
        self.title_text, self.message, self.yes, self.no = title, message, yes or _("Yes"), no or _("No")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="yes")
                yield Button(f"{self.no} (n)", id="no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ChoiceDialog(ModalScreen[str | None]):
    """A question with a few answers, each on its own key; escape cancels (None)."""

    AUTO_FOCUS = None

    def __init__(self, title: str, message: str, choices: list[tuple[str, str, str]]):
        """`choices`: (key, button label, value)."""
        super().__init__(classes="dialog-screen")
        self.title_text, self.message, self.choices = title, message, choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                for i, (key, label, value) in enumerate(self.choices):
                    yield Button(f"{label} ({key})", variant="primary" if i == 0 else "default", id=f"choice-{value}")
                yield Button(_("Cancel (esc)"), id="choice-cancel")

    def on_key(self, event: Key) -> None:
        if event.key == "escape":
            event.stop()
            self.dismiss(None)
            return
        for key, _label, value in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        value = (event.button.id or "").removeprefix("choice-")
        self.dismiss(None if value == "cancel" else value)


class MessageDialog(ModalScreen[None]):
    """A message (an error, a list of problems) closed with enter or escape."""

    AUTO_FOCUS = None
    BINDINGS = [Binding("enter,escape", "close", N_("Close"), id="message-close")]

    def __init__(self, title: str, message: str, error: bool = True):
        super().__init__(classes="dialog-screen")
        self.title_text, self.message, self.error = title, message, error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog" + (" error" if self.error else "")):
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(self.message, classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("OK (enter)"), variant="primary", id="ok")

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self) -> None:
        self.dismiss(None)


class PathDialog(FormDialog[Path | None]):
    """Ask for a file path; checks that its folder exists. Enter accepts, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="path-cancel")]
    SUBMIT_BUTTON = "ok"

    def __init__(self, title: str, message: str, default: str):
        super().__init__(classes="dialog-screen")
        self.title_text, self.message, self.default = title, message, default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="dialog-body")
            yield PlannerInput(self.default, id="path")
            yield Label("", id="path-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("OK (enter)"), variant="primary", id="ok")
                yield Button(_("Cancel (esc)"), id="cancel")

    def submit(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        error = self.query_one("#path-error", Label)
        if not raw:
            error.update(_("give a file name"))
            return
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        if path.is_dir():
            error.update(_("that is a folder; give a file name"))
            return
        if not path.parent.is_dir():
            error.update(_("folder {folder} does not exist", folder=path.parent))
            return
        self.dismiss(path)


class TemplateDialog(ModalScreen[str | None]):
    """Pick a sample plan to start from; escape cancels (None)."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="template-cancel")]

    def __init__(self, title: str, message: str, templates: list[tuple[str, str]]):
        """`templates`: (name, description)."""
        super().__init__(classes="dialog-screen")
        self.title_text, self.message, self.templates = title, message, templates

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="dialog-body")
            yield OptionList(*[Option(f"{name}: {text}", id=name) for name, text in self.templates], id="templates")
            yield Static(_("enter: create from the highlighted template   escape: cancel"), classes="dialog-hint")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpDialog(ModalScreen[None]):
    """Keys and screens."""

    BINDINGS = [Binding("escape,enter,question_mark,q", "close", N_("Close"), id="help-close")]

    def __init__(self, text: str):
        super().__init__(classes="dialog-screen")
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(_("Help"), classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(self.text, classes="dialog-body", markup=False)
            yield Static(_("escape: close   ctrl+p: every command"), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
