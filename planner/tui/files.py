"""What happens to the plan's file from the app: open (or create from a template), save, save as,
a file changed on disk, reload, export, and quitting with unsaved changes.

Every flow asks through dialogs and never loses the session: errors end in one MessageDialog.
Flows that write wait for a pending background evaluation first (they save what the user sees).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from planner.errors import PlannerError
from planner.tui.background import as_problem
from planner.tui.widgets import TitleHeader
from planner.i18n import _, ngettext

if TYPE_CHECKING:
    from planner.tui.app import PlannerApp
    from planner.tui.session import PlanSession

Then = Callable[[], None] | None


def _workloads_in(path: Path) -> int:
    """About how many workloads the plan file holds (its `[[workloads]]` tables), without parsing it; 0 when unreadable
    (opening it then says why)."""
    try:
        return path.read_bytes().count(b"[[workloads]]")
    except OSError:
        return 0


class FileFlows:
    """The app's file dialogs; `app.files` holds one."""

    def __init__(self, app: PlannerApp):
        self.app = app
        self.opening: Path | None = None
        """The plan being opened in the background (the plan the app starts on, or the example), until it is on screen."""
        self._untitled = False
        """What is being opened is the example, as an untitled copy."""

    # --- opening ------------------------------------------------------------------------------

    def templates(self) -> list[tuple[str, str]]:
        """(stem, plan name) of the sample plans next to the example."""
        import tomllib  # only for this dialog: the app reads plans through planner.store (tomli)

        templates = []
        for path in sorted(self.app.example.parent.glob("*.toml")):
            try:
                name = str(tomllib.loads(path.read_text(encoding="utf-8")).get("name", ""))
            except (OSError, tomllib.TOMLDecodeError):
                continue
            templates.append((path.stem, name))
        return templates

    def open_example(self) -> None:
        """The example plan as an untitled copy (read, validated and evaluated in a worker, as at start)."""
        self.open_at_start(None)

    def open_file(self, path: Path, at_start: bool = False) -> None:
        if at_start:
            self.open_at_start(path)
            return
        from planner.tui.session import PlanSession

        try:
            session = PlanSession.open(path, self.app.catalog, scenarios=False)
        except PlannerError as error:
            self._failed(path, error, at_start)
        else:
            self.app.set_session(session)
            self.guide_if_empty()

    def open_at_start(self, path: Path | None) -> None:
        """Open the plan the app starts on (None: the example, as an untitled copy) in a worker: the app's frame
        shows at once with the file name and "opening N workloads…" in the title and a loading indicator where the
        screens go, before the catalogs and the plan are read (and the domain imported: pydantic and the model
        classes are most of a start); quitting works meanwhile, the plan's keys and screens come with the plan. The
        worker starts once that first frame is drawn (`start_opening`), so that it does not share the interpreter
        with drawing it."""
        app = self.app
        source = path if path is not None else app.example
        self.opening, self._untitled = source, path is None
        app.title = path.name if path is not None else _("untitled (from {template})", template=app.example.stem)
        app.query_one(TitleHeader).set_mark(_("opening {count} workloads…", count=f"{_workloads_in(source):,}"))
        app.query_one("#tabs ContentSwitcher").loading = True
        if app.first_frame_drawn:
            self.start_opening()

    def start_opening(self) -> None:
        """Read, validate and evaluate the plan `open_at_start` announced, in a worker (the catalogs first, the
        first time: the domain is imported there too)."""
        app, path, example = self.app, self.opening, self._untitled
        if path is None:
            return

        def work() -> None:
            from planner.tui.heap import collector_off

            with collector_off():  # imports, catalogs and the plan: long-lived objects (frozen with the evaluation), no garbage to look for
                try:
                    catalog = app.catalog
                except PlannerError as error:  # the catalogs: nothing can be opened (the command line says why)
                    self._call(app.cannot_start, error)
                    return
                from planner.tui.session import PlanSession

                try:
                    if example:
                        result: PlanSession | PlannerError = PlanSession.untitled(path.read_text(encoding="utf-8"), catalog, path.stem, scenarios=False)
                    else:
                        result = PlanSession.open(path, catalog, scenarios=False)
                except OSError as error:
                    result = PlannerError(str(error))
                except Exception as error:  # a problem with the file, or an engine bug: said in the same dialog
                    result = as_problem(error)
            self._call(self._opened, path, result, example)

        app.run_worker(work, group="open", description="open the plan", exit_on_error=False, thread=True)

    def _call(self, callback: Callable[..., object], *args: object) -> None:
        """Run `callback` on the UI thread (from a worker); nothing when the app quit meanwhile."""
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:
            pass

    async def _opened(self, path: Path, result: PlanSession | PlannerError, example: bool) -> None:
        app = self.app
        if self.opening != path:
            return
        self.opening = None
        # One frame from the loading indicator to the plan's screen (a batch: nothing is drawn while the screen is
        # built and given the plan). The indicator goes first, while the screens are still empty: taken away after
        # the screen was built under it, it laid the new screen out once more.
        with app.batch_update():
            app.query_one("#tabs ContentSwitcher").loading = False
            await app.pane(app.active_tab)
            if isinstance(result, PlannerError):
                app.query_one(TitleHeader).set_mark("")
                app.update_title()
                self._failed(path, result, at_start=True, example=example)
                app.call_after_refresh(app.collector_back)  # once the dialog saying why is drawn
                return
            app.set_session(result)
            app.call_after_refresh(app.collector_back)  # once the plan's first frame is drawn
        self.guide_if_empty()

    def _failed(self, path: Path, error: PlannerError, at_start: bool, example: bool = False) -> None:
        app = self.app
        if example:
            from planner.tui.dialogs.basic import MessageDialog

            app.push_screen(MessageDialog(_("Cannot open the example plan"), str(error)), lambda _answer: app.exit(1, return_code=1))
            return
        if not at_start:
            app.show_error(_("Cannot open {file}", file=path.name), error)
            return
        from planner.tui.dialogs.basic import ChoiceDialog

        choices = [("e", _("Open the example instead"), "example"), ("q", _("Quit"), "quit")]

        def chosen(choice: str | None) -> None:
            if choice == "example":
                self.open_example()
            else:
                app.exit(1, return_code=1)

        message = _("{error}\n\nFix the file in an editor (`planner validate {path}` lists every problem) and open it again.", error=error, path=path)
        app.push_screen(ChoiceDialog(_("Cannot open {file}", file=path.name), message, choices), chosen)

    def offer_templates(self, path: Path) -> None:
        from planner.tui.dialogs.basic import MessageDialog, TemplateDialog

        app = self.app

        def chosen(name: str | None) -> None:
            if name is None:
                app.exit(0, return_code=0)
                return
            if not path.parent.is_dir():
                app.push_screen(MessageDialog(_("Cannot create the plan"), _("folder {folder} does not exist", folder=path.parent)), lambda _answer: app.exit(2, return_code=2))
                return
            from planner.store import plan_io

            try:
                plan_io.write_text_atomic(path, self._new_text(path, name))
            except (OSError, PlannerError) as error:
                reason = getattr(error, "strerror", None) or error
                app.push_screen(MessageDialog(_("Cannot create the plan"), f"{path}: {reason}"), lambda _answer: app.exit(2, return_code=2))
                return
            self.open_file(path, at_start=True)
            app.notify(_("Created {path} (blank plan)", path=path) if name == "blank" else _("Created {path} from template {template}", path=path, template=name))

        blank = ("blank", _("an empty plan; a short guided start asks for your organization and first workload"))
        app.push_screen(TemplateDialog(_("{file} does not exist", file=path.name), _("Create {path}:", path=path), [blank, *self.templates()]), chosen)

    def _new_text(self, path: Path, template: str) -> str:
        """The text of a new plan file: blank, or a copy of a sample plan."""
        if template == "blank":
            from planner.store.blank import blank_plan_text, plan_name_from_path

            return blank_plan_text(plan_name_from_path(path.stem), self.app.catalog)
        from planner.store.templates import new_plan_text

        source = self.app.example.parent / f"{template}.toml"
        return new_plan_text(source.read_text(encoding="utf-8"), str(source), self.app.catalog)

    def guide_if_empty(self) -> None:
        """On a plan without workloads, the guided start: organization, then the first workload."""
        app, session = self.app, self.app.session
        if session is None or session.plan.workloads:
            return
        from planner.tui.dialogs.start import GuidedStart, GuidedStartDialog

        def done(result: GuidedStart | None) -> None:
            if result is not None and app.session is session:
                if app.edit_plan(result.apply(session.plan)):
                    app.notify(_("Plan started: save with ctrl+s; add workloads on screen 2 (a) or import an inventory from the palette"))

        app.push_screen(GuidedStartDialog(session.plan, app.catalog), done)

    def _unsaved_then(self, what: str, then: Callable[[], None]) -> None:
        """Run `then` now, or after the user agreed to leave unsaved changes behind (`what`: "new" or "open")."""
        from planner.tui.dialogs.basic import ChoiceDialog

        app, session = self.app, self.app.session
        if session is None or not session.dirty:
            then()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                self.save(then=then)
            elif choice == "discard":
                then()

        if what == "new":
            message = _("You have unsaved changes in {plan}.\nSave them before you start a new plan?", plan=session.display_name)
            choices = [("s", _("Save and start a new plan"), "save"), ("d", _("Start a new plan without saving"), "discard")]
        else:
            message = _("You have unsaved changes in {plan}.\nSave them before you open another plan?", plan=session.display_name)
            choices = [("s", _("Save and open another plan"), "save"), ("d", _("Open another plan without saving"), "discard")]
        app.push_screen(ChoiceDialog(_("Unsaved changes"), message, choices), chosen)

    def new(self) -> None:
        """ctrl+n: a new blank plan file (then the guided start)."""
        from planner.tui.dialogs.basic import PathDialog

        app = self.app
        folder = app.session.path.parent if app.session and app.session.path else Path.cwd()

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if path.exists():
                app.show_error(_("Not created"), PlannerError(_("already exists; open it with ctrl+o"), file=str(path)))
                return
            from planner.store import plan_io

            try:
                plan_io.write_text_atomic(path, self._new_text(path, "blank"))
            except OSError as error:
                app.show_error(_("Not created"), PlannerError(_("cannot write: {reason}", reason=error.strerror or error), file=str(path)))
                return
            self.open_file(path)
            app.notify(_("Created {path}", path=path))

        self._unsaved_then("new", lambda: app.push_screen(PathDialog(_("New plan"), _("File for the new plan (.toml):"), str(folder / "plan.toml")), chosen))

    def open(self) -> None:
        """ctrl+o: open another plan file."""
        from planner.tui.dialogs.basic import PathDialog

        app = self.app
        folder = app.session.path.parent if app.session and app.session.path else Path.cwd()

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if not path.exists():
                app.show_error(_("Not opened"), PlannerError(_("no such file (ctrl+n creates a new plan)"), file=str(path)))
                return
            self.open_file(path)

        self._unsaved_then("open", lambda: app.push_screen(PathDialog(_("Open plan"), _("Plan file to open:"), str(folder) + "/"), chosen))

    def import_inventory(self) -> None:
        """Palette: add the workloads of a .csv or .xlsx inventory, after a preview."""
        from planner.store.inventory import import_workloads
        from planner.tui.dialogs.basic import ConfirmDialog, MessageDialog, PathDialog

        app, session = self.app, self.app.session
        if session is None:
            return
        if session.pending:
            app.evaluations.when_done(self.import_inventory)
            return
        folder = session.path.parent if session.path else Path.cwd()

        def chosen(path: Path | None) -> None:
            if path is None or app.session is not session:
                return
            try:
                result = import_workloads(str(path), session.plan, app.catalog)
            except PlannerError as error:
                app.show_error(_("Nothing imported"), error)
                return
            if result.errors:
                lines = "\n".join(str(e) for e in result.errors[:40])
                more = "\n" + _("… and {count} more", count=len(result.errors) - 40) if len(result.errors) > 40 else ""
                title = ngettext("Nothing imported: {n} problem", "Nothing imported: {n} problems", len(result.errors))
                app.push_screen(MessageDialog(title, lines + more + "\n\n" + _("Fix the spreadsheet and import again.")))
                return
            rows = "\n".join(f"{w['id']}: {w.get('kind', '')}" for w in result.workloads[:30])
            more = "\n" + _("… and {count} more", count=len(result.workloads) - 30) if len(result.workloads) > 30 else ""
            ignored = "\n" + _("Ignored columns: {columns}", columns=", ".join(result.inventory.ignored)) if result.inventory.ignored else ""
            plan = result.plan

            def confirmed(yes: bool | None) -> None:
                if yes and app.session is session and plan is not None:
                    if app.edit_plan(plan):
                        app.notify(ngettext("Imported {n} workload from {file}", "Imported {n} workloads from {file}", len(result.workloads), file=path.name))

            message = ngettext("{n} workload from {file}:", "{n} workloads from {file}:", len(result.workloads), file=path.name) + f"\n{rows}{more}{ignored}"
            app.push_screen(ConfirmDialog(_("Import workloads"), message, _("Import"), _("Cancel")), confirmed)

        app.push_screen(PathDialog(_("Import inventory"), _("Spreadsheet with one workload per row (.csv or .xlsx):"), str(folder) + "/"), chosen)

    # --- saving -------------------------------------------------------------------------------

    def save(self, then: Then = None) -> None:
        """Save to the plan's file (its comments kept with their keys): asks for a path when untitled, stops
        when the file changed on disk, asks once before replacing a read-only file (after a pending evaluation has arrived)."""
        from planner.tui.dialogs.basic import ConfirmDialog

        app, session = self.app, self.app.session
        if session is None:
            return
        if app.evaluations.pending(scenarios=True):
            app.evaluations.when_done(lambda: self.save(then), scenarios=True)
            return
        if session.path is None:
            self.save_as(then)
            return
        if session.changed_on_disk():
            self.external_change(then)
            return
        if session.read_only() and not session.read_only_acknowledged:

            def replace(yes: bool | None) -> None:
                if yes:
                    session.read_only_acknowledged = True
                    self.save(then)

            message = _("{path} is read-only.\nReplace it anyway (it stays read-only), or cancel and use Save as…?", path=session.path)
            app.push_screen(ConfirmDialog(_("Read-only file"), message, _("Replace it"), _("Cancel")), replace)
            return
        self._write(None, then)

    def save_as(self, then: Then = None) -> None:
        from planner.tui.dialogs.basic import ConfirmDialog, PathDialog

        app, session = self.app, self.app.session
        if session is None:
            return
        if app.evaluations.pending(scenarios=True):
            app.evaluations.when_done(lambda: self.save_as(then), scenarios=True)
            return
        default = session.path if session.path else Path.cwd() / f"{session.origin or 'plan'}.toml"

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if path.exists() and path != session.path:
                app.push_screen(ConfirmDialog(_("File exists"), _("{path} exists. Overwrite it?", path=path), _("Overwrite"), _("Cancel")), lambda yes: self._write(path, then) if yes else None)
                return
            if path == session.path and session.changed_on_disk():
                self.external_change(then)
                return
            self._write(path, then)

        app.push_screen(PathDialog(_("Save plan as"), _("File to save the plan to:"), str(default)), chosen)

    def external_change(self, then: Then = None) -> None:
        from planner.tui.dialogs.basic import ChoiceDialog

        session = self.app.session
        assert session is not None and session.path is not None
        message = _(
            "{path} was changed on disk since it was opened or saved.\n"
            "Your changes were NOT written. Reload the file (your edits stay reachable with ctrl+z), "
            "or save your version as another file.",
            path=session.path,
        )

        def chosen(choice: str | None) -> None:
            if choice == "reload":
                self.reload()
            elif choice == "save_as":
                self.save_as(then)

        choices = [("r", _("Reload from disk"), "reload"), ("a", _("Save as…"), "save_as")]
        self.app.push_screen(ChoiceDialog(_("File changed on disk"), message, choices), chosen)

    def reload(self) -> None:
        app, session = self.app, self.app.session
        assert session is not None
        try:
            session.reload()
        except PlannerError as error:
            app.show_error(_("Cannot reload: the plan stays as it is"), error)
            return
        app.evaluations.forget_waiting()  # meant for the edits the file replaced
        app.refresh_view()
        app.notify(_("Reloaded {plan}", plan=session.display_name))

    def _write(self, path: Path | None, then: Then) -> None:
        app, session = self.app, self.app.session
        assert session is not None
        try:
            written = session.save(path)
        except PlannerError as error:
            app.show_error(_("Not saved"), error)
            return
        app.update_title()
        app.refresh_bindings()
        app.notify(_("Saved {path}", path=written))
        if then is not None:
            then()

    # --- export -------------------------------------------------------------------------------

    def export(self, fmt: str | None = None) -> None:
        from planner.export.formats import BINARY_FORMATS, FORMATS
        from planner.tui.dialogs.basic import ConfirmDialog
        from planner.tui.dialogs.export import ExportDialog

        app, session = self.app, self.app.session
        if session is None:
            return
        if app.evaluations.pending(scenarios=True):
            app.evaluations.when_done(lambda: self.export(fmt), scenarios=True)
            return
        folder = session.path.parent if session.path else Path.cwd()
        stem = session.path.stem if session.path else (session.origin or "plan")

        def chosen(result: tuple[str, Path] | None) -> None:
            if result is None:
                return
            fmt_chosen, path = result
            from planner.store import plan_io

            refusal = plan_io.export_refusal(str(path), str(session.path or ""), force=True)
            if refusal:
                app.show_error(_("Not exported"), PlannerError(refusal, file=str(path)))
                return
            if path.exists():
                app.push_screen(ConfirmDialog(_("File exists"), _("{path} exists. Overwrite it?", path=path), _("Overwrite"), _("Cancel")), lambda yes: self._export(fmt_chosen, path) if yes else None)
                return
            self._export(fmt_chosen, path)

        app.push_screen(ExportDialog([*FORMATS, *BINARY_FORMATS], folder, stem, fmt), chosen)

    def _export(self, fmt: str, path: Path) -> None:
        from planner.export.formats import BINARY_FORMATS, render, render_bytes
        from planner.store import plan_io

        app = self.app
        assert app.session is not None
        try:
            app.session.complete()  # the scenarios, if their evaluation failed in the background
            evaluation = app.session.evaluation
            text = render_bytes(evaluation, fmt, app.catalog) if fmt in BINARY_FORMATS else render(evaluation, fmt)
            plan_io.write_text_atomic(path, text)
        except OSError as error:
            app.show_error(_("Export failed"), PlannerError(_("cannot write: {reason}", reason=error.strerror or error), file=str(path)))
            return
        except PlannerError as error:
            app.show_error(_("Export failed"), error)
            return
        except Exception as error:  # an exporter bug must not lose the session
            app.show_error(_("Export failed"), PlannerError(_("{format} export failed: {error}", format=fmt, error=f"{type(error).__name__}: {error}")))
            return
        app.last_export = path
        app.notify(_("Exported {format} to {path}", format=fmt, path=path))

    # --- quitting -----------------------------------------------------------------------------

    def quit(self) -> None:
        from planner.tui.dialogs.basic import ChoiceDialog

        app, session = self.app, self.app.session
        if session is None or not session.dirty:
            app.exit(0, return_code=0)
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                self.save(then=lambda: app.exit(0))
            elif choice == "discard":
                app.exit(0, return_code=0)

        message = _("You have unsaved changes in {plan}.\nSave them before quitting?", plan=session.display_name)
        choices = [("s", _("Save and quit"), "save"), ("d", _("Quit without saving"), "discard")]
        app.push_screen(ChoiceDialog(_("Unsaved changes"), message, choices), chosen)
