"""The export formats' names, file suffixes and one-line descriptions, without their renderers.

The command parser's help lists every format; importing this module instead of planner.export.formats
keeps `planner show`, `validate` and the rest from importing every renderer (html, markdown, ...).
"""

from __future__ import annotations

from planner.domain.messages import msg

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
