"""The app in another language: every screen and dialog in the pseudo-locale shows no English that
skipped gettext, and the palette switches the language at once (the plan's bytes never change).

The pseudo-locale (PLANNER_LANG=qps) accents every letter of a translated string, so English left
on screen never went through gettext. Text that is data stays as it is and is allowed: what the plan
holds (names, ids, notes), catalog entries, and the domain's plain `str` results. Domain results that
are `Message`s are not allowed in English: the allowance shrinks as the domain returns Messages.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table as RichTable
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, OptionList, Select, Static, Tab
from textual.widgets._footer import FooterKey
from textual.widgets._toggle_button import ToggleButton

from planner import i18n
from planner.export.formats import BINARY_FORMATS, FORMATS
from planner.store.shipped import sample_plan_dir, shipped_catalog_dir
from planner.tui.dialogs.basic import ChoiceDialog, ConfirmDialog, HelpDialog, PathDialog, TemplateDialog
from planner.tui.dialogs.export import ExportDialog
from planner.tui.dialogs.hardware import HardwareDialog
from planner.tui.dialogs.override import OverrideDialog
from planner.tui.dialogs.start import GuidedStartDialog
from planner.tui.dialogs.task_edit import TaskEditDialog
from planner.tui.dialogs.workload_form import PRECISIONS, WorkloadDialog
from planner.tui.render import STRATEGY_MARK
from tests.conftest import plain_strings
from tests.test_ko_reports import catalog_data
from tests.tui.conftest import drive, make_app, screen_text, settle, wait_for

WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*[A-Za-z0-9]")
TECHNICAL = {"GPU", "GPUs", "API", "KRW", "USD", "TCO", "FTE", "TP", "ML", "LLM", "kW", "ID", "CSAP", "ISMS", "DPA", "EU", "esc", "escape", "enter", "ctrl", "planner", "true", "false"}
"""Words that are the same in every language (units, acronyms, key names, the program's name)."""
CHART_MARKS = re.compile(f"[{''.join(STRATEGY_MARK.values())}]+")
"""The cost chart draws each strategy with its letter (the legend names them)."""
BILINGUAL = ("언어: 한국어 (language: Korean)", "language: English (영어)")
"""The language commands name both languages on purpose: someone who cannot read the current one finds them."""


@functools.cache
def _template_names() -> frozenset[str]:
    """The templates (the sample plans), by file name and plan name."""
    return frozenset(name for sample in sample_plan_dir().glob("*.toml") for name in (sample.stem, str(tomllib.loads(sample.read_text(encoding="utf-8")).get("name", ""))))


def _data(app, plan_path: Path) -> tuple[list[str], set[str]]:
    """What is data (the plan's text, catalog entries, the domain's plain str results, export formats): phrases
    of several words, longest first, and single words."""
    found: set[str] = set()
    if plan_path.exists():
        plain_strings(tomllib.loads(plan_path.read_text(encoding="utf-8")), found)
    found |= catalog_data()  # not the catalog text the Korean catalogs translate (a law, a licence term)
    found |= _template_names()
    found.add("blank")  # the blank template's name (as `planner new --template` would take it)
    if app.session is not None:
        plain_strings(app.session.evaluation, found)
        found.add(app.session.display_name)
    found.update({str(plan_path), str(plan_path.parent), plan_path.name})
    found.update([*FORMATS, *BINARY_FORMATS, *PRECISIONS])
    phrases = sorted((s for s in found if len(s) >= 4 and not s.isalpha()), key=len, reverse=True)
    return phrases, {s for s in found if " " not in s}


def _plain(table: RichTable) -> str:
    """A Rich table's text as a terminal wide enough for it shows it (the Costs tab's notes are one)."""
    console = Console(width=400, color_system=None)
    with console.capture() as captured:
        console.print(table)
    return captured.get()


def _texts(root: Widget) -> list[tuple[str, str]]:
    """(widget, text) for every text a user can read under `root`."""
    shown: list[tuple[str, str]] = []
    for widget in [root, *root.walk_children(with_self=False)]:
        name = type(widget).__name__
        if isinstance(widget, (Static, Label)) and not isinstance(widget, (Button, ToggleButton, Tab)):
            shown.append((name, _plain(widget.content) if isinstance(widget.content, RichTable) else str(widget.render())))
        if isinstance(widget, (Button, ToggleButton, Tab)):
            shown.append((name, str(widget.label)))
        if isinstance(widget, FooterKey):
            shown.append((name, widget.description))
        if isinstance(widget, Input):
            shown.append((name, widget.placeholder))  # the value is what the user typed (or the plan holds)
        if isinstance(widget, Select):
            shown.append((name, str(widget.prompt) if widget.is_blank() else ""))
            shown += [(name, str(label)) for label, _value in widget._options if label != ""]
        if isinstance(widget, OptionList):
            shown += [(name, str(widget.get_option_at_index(i).prompt)) for i in range(widget.option_count)]
        if isinstance(widget, DataTable):
            shown += [(name, str(column.label)) for column in widget.columns.values()]
            shown += [(name, str(cell)) for row in range(widget.row_count) for cell in widget.get_row_at(row)]
        if hasattr(widget, "_draw") and widget.size.width:
            shown.append((name, widget._draw(widget.size.width).plain))
    return shown


def untranslated(app, plan_path: Path) -> list[tuple[str, str, str]]:
    """(widget, English word, text) for each word on the current screen that skipped gettext."""
    phrases, words_of_data = _data(app, plan_path)
    problems = []
    for name, text in [*_texts(app.screen), ("title", f"{app.title} {app.sub_title}")]:
        if text.endswith("…") and any(p.startswith(text.strip()[:-1]) for p in phrases):
            continue  # a long name cut to its column
        rest = text
        if text.rstrip().endswith("…"):  # a translated name whose data part (a workload or GPU name) is cut to the column
            body = text.rstrip()[:-1]
            cut = next((i for i in range(len(body)) if len(body) - i >= 2 and any(p.startswith(body[i:]) for p in phrases)), None)
            if cut is not None:
                rest = body[:cut]
        for phrase in (*BILINGUAL, *phrases):
            if phrase in rest:
                rest = rest.replace(phrase, " ")
        rest = re.sub(r"\[[a-z_]+\]", " ", rest)  # [hardware], [summary]: plan tables by name
        words = [w for w in WORD.findall(rest) if w not in TECHNICAL and w not in words_of_data and not CHART_MARKS.fullmatch(w)]
        problems += [(name, w, text[:120]) for w in words]
    return problems


def _check(app, plan_path: Path, view: str, seen: dict) -> None:
    seen[view] = untranslated(app, plan_path)


def test_every_screen_and_dialog_in_the_pseudo_locale_is_translated(plan_copy, pseudo):
    path = plan_copy("bank-customer-service")
    app = make_app(path)
    seen: dict[str, list] = {}

    async def opened(pilot, key: str, dialog: type) -> None:
        await pilot.press(*key.split(" "))
        await wait_for(pilot, lambda: isinstance(app.screen, dialog))
        _check(app, path, dialog.__name__, seen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, dialog))

    async def scenario(pilot):
        for key in "123456":
            await pilot.press(key)
            await settle(pilot)
            _check(app, path, f"screen {key}", seen)
        await opened(pilot, "question_mark", HelpDialog)
        await pilot.press("2")
        await settle(pilot)
        await opened(pilot, "e", WorkloadDialog)
        await opened(pilot, "d", ConfirmDialog)
        await pilot.press("3")
        await settle(pilot)
        await opened(pilot, "e", OverrideDialog)
        await pilot.press("4")
        await settle(pilot)
        await opened(pilot, "e", HardwareDialog)
        await pilot.press("5")
        await settle(pilot)
        await opened(pilot, "down e", TaskEditDialog)
        await opened(pilot, "ctrl+e", ExportDialog)
        await opened(pilot, "ctrl+o", PathDialog)
        await pilot.press("2", "d", "y")  # an unsaved change: opening another plan asks first
        await settle(pilot)
        await opened(pilot, "ctrl+o", ChoiceDialog)
        await pilot.press("ctrl+p")
        await settle(pilot)
        _check(app, path, "command palette", seen)

    drive(app, scenario)
    assert {"screen 1", "screen 6", "HelpDialog", "TaskEditDialog", "ChoiceDialog", "command palette"} <= set(seen)
    found = {view: problems for view, problems in seen.items() if problems}
    assert not found, "\n".join(f"{view}: {word!r} in {name}: {text!r}" for view, problems in found.items() for name, word, text in problems[:8])


def test_start_dialogs_in_the_pseudo_locale_are_translated(tmp_path, pseudo):
    """A missing file offers templates; a blank plan opens the guided start."""
    seen: dict[str, list] = {}
    missing = tmp_path / "new-plan.toml"
    app = make_app(missing)

    async def scenario(pilot):
        await wait_for(pilot, lambda: isinstance(app.screen, TemplateDialog))
        _check(app, missing, "TemplateDialog", seen)
        await pilot.press("enter")  # the first entry: a blank plan
        await wait_for(pilot, lambda: isinstance(app.screen, GuidedStartDialog))
        _check(app, missing, "GuidedStartDialog 1", seen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "2/2" in screen_text(app) or "(2 ö" in screen_text(app))
        _check(app, missing, "GuidedStartDialog 2", seen)

    drive(app, scenario)
    assert set(seen) == {"TemplateDialog", "GuidedStartDialog 1", "GuidedStartDialog 2"}
    found = {view: problems for view, problems in seen.items() if problems}
    assert not found, "\n".join(f"{view}: {word!r} in {name}: {text!r}" for view, problems in found.items() for name, word, text in problems[:8])


def test_palette_switches_the_language_at_once_and_files_stay_the_same(plan_copy):
    path = plan_copy()
    before = path.read_bytes()
    app = make_app(path)

    def command(title: str):
        return next(c for c in app.get_system_commands(app.screen) if c.title == title)

    async def scenario(pilot):
        await pilot.press("5")  # a built screen other than the first
        await settle(pilot)
        assert "Task" in screen_text(app) and "Quit" in screen_text(app)
        command("언어: 한국어 (language: Korean)").callback()

        def korean_everywhere() -> bool:  # the open screen, the tabs and the footer (each redraws on its own)
            text = screen_text(app)
            return "작업" in text and "주경로" in text and "1 개요" in text and "5 일정" in text and "종료" in text.splitlines()[-1]

        await wait_for(pilot, korean_everywhere)
        await pilot.press("1")
        await wait_for(pilot, lambda: "전략별 총소유비용(TCO)" in screen_text(app))  # a screen built before the switch
        await pilot.press("2", "space", "ctrl+s")  # save: the plan file does not depend on the language
        await settle(pilot)
        assert path.read_bytes() == before
        assert "전략: " not in [c.title for c in app.get_system_commands(app.screen)]
        command("language: English (영어)").callback()
        await wait_for(pilot, lambda: "Requests/day" in screen_text(app) and "Quit" in screen_text(app).splitlines()[-1])

    try:
        drive(app, scenario)
    finally:
        i18n.set_language("en")


def test_import_dialogs_in_the_pseudo_locale_are_translated(plan_copy, tmp_path, pseudo):
    """The import's problems (a MessageDialog listing FILE:ROW:COLUMN: message) and its preview (a ConfirmDialog)."""
    from planner.tui.dialogs.basic import MessageDialog
    from tests.tui.test_start_flows import INVENTORY, _type_path

    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(INVENTORY.replace("Team 3 assistant,internal_rag,30", "Team 3 assistant,internal_ragg,thirty"), encoding="utf-8")
    good.write_text(INVENTORY, encoding="utf-8")
    path = plan_copy("bank-customer-service")
    app = make_app(path)
    seen: dict[str, list] = {}

    async def scenario(pilot):
        command = next(c for c in app.get_system_commands(app.screen) if c.title == i18n.pseudo("plan: import inventory…"))
        command.callback()
        await _type_path(pilot, app, bad)
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog))
        seen["problems"] = [p for p in untranslated(app, path) if p[1] not in {"Team", "assistant", "Users", "Kind", "thirty", "internal_ragg", "ragg", "bad", "csv"}]  # the file's own words
        await pilot.press("enter")
        await settle(pilot)
        command.callback()
        await _type_path(pilot, app, good)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        seen["preview"] = [p for p in untranslated(app, path) if p[1] not in {"good", "csv", "team", "assistant", "general_qa", "internal_rag"}]

    drive(app, scenario)
    assert seen == {"problems": [], "preview": []}
