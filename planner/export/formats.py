"""`planner export --format F`: one renderer per format, all from the same Evaluation.

`FORMATS` (name -> renderer) and `render()` are the API the CLI and the TUI's export dialog use;
`EXTENSIONS` gives the file suffix a dialog should propose.
"""

from __future__ import annotations

from typing import Callable

from planner.domain.results import Evaluation
from planner.export.csv_export import tasks_csv
from planner.export.html import html_report
from planner.export.ics import calendar
from planner.export.json_export import evaluation_json
from planner.export.markdown import markdown_report
from planner.export.mermaid import gantt
from planner.domain.messages import msg

FORMATS: dict[str, Callable[[Evaluation], str]] = {
    "markdown": markdown_report,
    "mermaid": gantt,
    "csv": tasks_csv,
    "html": html_report,
    "ics": calendar,
    "json": evaluation_json,
}

EXTENSIONS: dict[str, str] = {
    "markdown": ".md",
    "mermaid": ".mmd",
    "csv": ".csv",
    "html": ".html",
    "ics": ".ics",
    "json": ".json",
    "xlsx": ".xlsx",
}
"""File suffix per format."""

DESCRIPTIONS: dict[str, str] = {
    "markdown": msg("one-page report with Mermaid charts (renders on GitHub)"),
    "mermaid": msg("the Gantt chart alone (Mermaid)"),
    "csv": msg("one row per task, for Excel"),
    "html": msg("self-contained page with SVG charts, prints to PDF"),
    "ics": msg("phases, milestones and tasks for a calendar"),
    "json": msg("the evaluation as JSON (same as show --json)"),
    "xlsx": msg("workbook for finance: assumptions, workloads, hardware, a live monthly ledger per strategy, phases, tasks"),
}
"""One line per format, for help and the TUI dialog."""


BINARY_FORMATS = ("xlsx",)
"""Formats written as bytes by `render_bytes` (they need the catalog: prices and salaries become inputs)."""


def render_bytes(ev: Evaluation, fmt: str, catalog) -> bytes:
    """The export of a binary format."""
    from planner.export.xlsx import xlsx_workbook

    if fmt != "xlsx":
        raise KeyError(fmt)
    return xlsx_workbook(ev, catalog)


def render(ev: Evaluation, fmt: str) -> str:
    """The export text of one format."""
    return FORMATS[fmt](ev)
