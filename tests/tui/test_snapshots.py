"""Snapshot tests: each screen of the app on the example sample plan, frozen (no clock, no blink).

Baselines live in tests/tui/__snapshots__/. They show engine numbers, so they must be refreshed
(`pytest tests/tui --snapshot-update`, after looking at snapshot_report.html) whenever the engine's
output for the example plan changes. They are pinned to the Textual and plugin versions below.
"""

from __future__ import annotations

from importlib.metadata import version

import pytest

from planner.cli import sample_plan_dir
from planner.i18n import set_language
from planner.tui.dialogs.override import OverrideDialog
from planner.tui.dialogs.workload_form import WorkloadDialog
from tests.tui.conftest import make_app, settle, wait_for

BASELINE = {"textual": "8.2.8", "pytest-textual-snapshot": "1.1.0"}
pytestmark = pytest.mark.skipif(
    any(version(name) != wanted for name, wanted in BASELINE.items()),
    reason=f"snapshots are made with {BASELINE}",
)

PLAN = sample_plan_dir() / "midsize-chatbot.toml"
SCREENS = ["1", "2", "3", "4", "5", "6"]


async def _settle(pilot) -> None:
    await settle(pilot)


@pytest.mark.parametrize("key", SCREENS, ids=["overview", "workloads", "placement", "hardware", "timeline", "costs"])
def test_screen(key, snap_compare):
    assert snap_compare(make_app(PLAN), press=[key, "_"], terminal_size=(120, 40), run_before=_settle)


def _opened(keys: list[str], dialog: type, field: str, selected: bool = False):
    """A `run_before` that presses `keys` and waits until `dialog` is open with `field` focused (and, with `selected`,
    its text selected, as an Input selects it on focus). In Textual 8 a pressed "_" is the underscore key, not a pause:
    sent while the dialog was still mounting, it reached no field, and the snapshot of a loaded machine differed."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)

        def ready() -> bool:
            focused = pilot.app.focused
            if not isinstance(pilot.app.screen, dialog) or focused is None or focused.id != field:
                return False
            return not selected or (focused.selection.start, focused.selection.end) == (0, len(focused.value))

        await wait_for(pilot, ready)
        await settle(pilot)

    return run_before


def test_workload_form(snap_compare):
    """The form of a workload as it opens: its name focused and selected (typing replaces it)."""
    opened = _opened(["2", "down", "e"], WorkloadDialog, "field-name", selected=True)
    assert snap_compare(make_app(PLAN), terminal_size=(120, 40), run_before=opened)


def test_override_dialog(snap_compare):
    assert snap_compare(make_app(PLAN), terminal_size=(120, 40), run_before=_opened(["3", "e"], OverrideDialog, "override-placement"))


@pytest.mark.parametrize("key", ["1", "5"], ids=["overview", "timeline"])
def test_small_terminal(key, snap_compare):
    assert snap_compare(make_app(PLAN), press=[key, "_"], terminal_size=(80, 24), run_before=_settle)


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("key", SCREENS, ids=["overview", "workloads", "placement", "hardware", "timeline", "costs"])
def test_korean_screen(key, size, snap_compare, korean):
    """Every screen in Korean: labels, columns, footer; wide characters aligned in tables and the Gantt."""
    assert snap_compare(make_app(PLAN), press=[key, "_"], terminal_size=size, run_before=_settle)


async def _ranges_settled(pilot) -> None:
    """Settled, and the ranges worker's result on screen (2,000 draws, seed 20: the same every run)."""
    from tests.tui.test_ranges_app import wait_for_ranges

    await settle(pilot)
    await wait_for_ranges(pilot, pilot.app)


@pytest.mark.parametrize("key,size", [("1", (120, 40)), ("6", (80, 24))], ids=["overview", "costs-small"])
def test_ranges(key, size, snap_compare):
    assert snap_compare(make_app(PLAN, ranges=True), press=[key, "_"], terminal_size=size, run_before=_ranges_settled)
