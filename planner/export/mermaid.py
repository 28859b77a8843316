"""Mermaid diagrams of the schedule: a `gantt` (sections = phases) and a `flowchart` of the dependencies.

Mermaid's gantt cannot draw arrows (mermaid-js/mermaid#3290), hence the separate flowchart. Every
name a user typed goes through `mermaid_text`: `:` `;` `#` would end or comment out a gantt line
(mermaid#742, #1981), quotes end a flowchart label, and a name starting with a keyword (`title`,
`section`, `click`, `gantt`, ...) or `%%` would be read as a directive.
"""

from __future__ import annotations

import re

from planner.i18n import translate
from planner.domain.results import Evaluation, ScheduledTask
from planner.export.report import tasks_by_phase

_ENTITIES = {
    "#": "#35;",
    ":": "#58;",
    ";": "#59;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "{": "#123;",
    "}": "#125;",
    "|": "#124;",
}
_TABLE = str.maketrans(_ENTITIES)
_KEYWORDS = (
    "gantt", "title", "section", "dateformat", "axisformat", "tickinterval", "excludes", "includes",
    "inclusiveenddates", "topaxis", "todaymarker", "weekday", "weekend", "acctitle", "accdescr",
    "click", "call", "href", "flowchart", "graph", "subgraph", "end", "classdef", "class", "style",
    "linkstyle", "direction", "%",
)  # fmt: skip
_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")

CRIT_FILL = "#fde2e1"
CRIT_STROKE = "#c0392b"
MILESTONE_FILL = "#e8eefc"


def mermaid_text(text: str) -> str:
    """User text made safe inside a Mermaid gantt line, section, title or quoted flowchart label."""
    flat = _SPACE.sub(" ", text).strip() or "(unnamed)"
    escaped = flat.translate(_TABLE)
    if flat.lower().startswith(_KEYWORDS):
        escaped = f"#{ord(flat[0])};" + escaped[len(flat[0].translate(_TABLE)) :]
    return escaped


def task_ids(ev: Evaluation) -> dict[str, str]:
    """Planner task id -> a Mermaid-safe id (`t1`, `t2`, ... in schedule order)."""
    return {task.id: f"t{number}" for number, task in enumerate(ev.schedule.tasks, start=1)}


def _gantt_line(task: ScheduledTask, mermaid_id: str) -> str:
    tags = (["crit"] if task.critical else []) + (["milestone"] if task.milestone else [])
    if task.milestone:
        length = "0d"
    else:
        length = f"{max((task.end - task.start).days + 1, 1)}d"
    fields = ", ".join([*tags, mermaid_id, task.start.isoformat(), length])
    return f"    {mermaid_text(translate(task.name))} :{fields}"


def gantt_lines(ev: Evaluation) -> list[str]:
    """The gantt diagram's lines (without Markdown fences)."""
    lines = [
        "gantt",
        f"    title {mermaid_text(ev.name)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
        "    todayMarker off",
    ]
    ids = task_ids(ev)
    groups = tasks_by_phase(ev)
    if not groups:
        # An empty gantt does not render; one marker keeps the file valid and says why.
        lines += ["    section Not scheduled", f"    Plan start (no tasks scheduled yet) :milestone, t0, {ev.start.isoformat()}, 0d"]
    for _phase, title, tasks in groups:
        lines.append(f"    section {mermaid_text(title)}")
        lines += [_gantt_line(task, ids[task.id]) for task in tasks]
    return lines


def flowchart_lines(ev: Evaluation) -> list[str]:
    """A left-to-right flowchart of task dependencies, one subgraph per phase, critical path in red."""
    ids = task_ids(ev)
    lines = ["flowchart LR"]
    groups = tasks_by_phase(ev)
    if not groups:
        return lines + ['    t0["No tasks scheduled yet"]']
    for phase, title, tasks in groups:
        lines.append(f'    subgraph P{phase}["{mermaid_text(title)}"]')
        for task in tasks:
            label = mermaid_text(translate(task.name))
            node = f'{{{{"{label}"}}}}' if task.milestone else f'["{label}"]'
            lines.append(f"        {ids[task.id]}{node}")
        lines.append("    end")
    critical_ids = {t.id for t in ev.schedule.tasks if t.critical}
    for task in ev.schedule.tasks:
        for dependency in task.depends_on:
            if dependency in ids:
                arrow = "==>" if task.id in critical_ids and dependency in critical_ids else "-->"
                lines.append(f"    {ids[dependency]} {arrow} {ids[task.id]}")
    critical = [ids[t.id] for t in ev.schedule.tasks if t.critical]
    milestones = [ids[t.id] for t in ev.schedule.tasks if t.milestone and not t.critical]
    lines.append(f"    classDef crit fill:{CRIT_FILL},stroke:{CRIT_STROKE},stroke-width:2px")
    lines.append(f"    classDef milestone fill:{MILESTONE_FILL}")
    if critical:
        lines.append(f"    class {','.join(critical)} crit")
    if milestones:
        lines.append(f"    class {','.join(milestones)} milestone")
    return lines


def gantt(ev: Evaluation) -> str:
    """`planner export --format mermaid`: the gantt alone, for a `.mmd` file or mermaid-cli."""
    return "\n".join(gantt_lines(ev)) + "\n"


def flowchart(ev: Evaluation) -> str:
    """The dependency flowchart alone."""
    return "\n".join(flowchart_lines(ev)) + "\n"
