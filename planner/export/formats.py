"""`planner export --format F`: one renderer per format, all from the same Evaluation.

`FORMATS` (name -> renderer) and `render()` are the API the CLI and the TUI's export dialog use;
`EXTENSIONS` gives the file suffix a dialog should propose; it and the formats' `DESCRIPTIONS` live in
planner.export.format_names, which imports no renderer (the command help lists the formats).
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
from planner.export.format_names import BINARY_FORMATS, DESCRIPTIONS, EXTENSIONS  # noqa: F401 (this module's API too)

FORMATS: dict[str, Callable[[Evaluation], str]] = {
    "markdown": markdown_report,
    "mermaid": gantt,
    "csv": tasks_csv,
    "html": html_report,
    "ics": calendar,
    "json": evaluation_json,
}


def render_bytes(ev: Evaluation, fmt: str, catalog, ranges=None) -> bytes:
    """The export of a binary format (with `ranges`: their sheet too)."""
    from planner.export.xlsx import xlsx_workbook

    if fmt != "xlsx":
        raise KeyError(fmt)
    return xlsx_workbook(ev, catalog, ranges)


def render(ev: Evaluation, fmt: str) -> str:
    """The export text of one format."""
    return FORMATS[fmt](ev)
