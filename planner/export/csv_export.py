"""`planner export --format csv`: one row per task, opening cleanly in Excel (Korean included).

UTF-8 with a byte-order mark (Excel otherwise reads it as the system code page) and CRLF line ends
(the csv module's default). Text cells starting (after spaces) with `=`, `+`, `-`, `@`, tab or CR get a leading `'`
so a spreadsheet shows them instead of evaluating them (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io

from planner.domain.results import Evaluation

BOM = "\ufeff"
HEADER = ["phase", "phase_name", "id", "name", "start", "end", "duration_days", "depends_on", "critical", "milestone", "slack_days", "roles", "workload"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text, never as a formula."""
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


def task_rows(ev: Evaluation) -> list[list[str | int]]:
    """The data rows, in schedule order."""
    phase_names = {p.phase: p.name for p in ev.phases}
    rows: list[list[str | int]] = []
    for t in ev.schedule.tasks:
        roles = "; ".join(f"{role} {fte:g}" for role, fte in t.roles.items() if fte)
        rows.append(
            [
                t.phase,
                csv_cell(phase_names.get(t.phase, "")),
                csv_cell(t.id),
                csv_cell(t.name),
                t.start.isoformat(),
                t.end.isoformat(),
                t.duration_days,
                csv_cell(", ".join(t.depends_on)),
                "yes" if t.critical else "no",
                "yes" if t.milestone else "no",
                t.slack_days,
                csv_cell(roles),
                csv_cell(t.workload or ""),
            ]
        )
    return rows


def tasks_csv(ev: Evaluation) -> str:
    """The whole file: BOM, header, one row per task, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(task_rows(ev))
    return BOM + buffer.getvalue()
