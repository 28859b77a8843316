"""Mermaid diagrams of the schedule: a `gantt` (sections = phases) and a `flowchart` of the dependencies.

Mermaid's gantt cannot draw arrows (mermaid-js/mermaid#3290), hence the separate flowchart. Every
name a user typed goes through `mermaid_text`: `:` `;` `#` would end or comment out a gantt line
(mermaid#742, #1981), quotes end a flowchart label, and a name starting with a keyword (`title`,
`section`, `click`, `gantt`, ...) or `%%` would be read as a directive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.i18n import _, translate
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


MAX_EDGES = 500
MAX_TEXT = 50_000
"""Mermaid's default limits: a flowchart with more than `maxEdges` (500) arrows is not drawn ("Edge limit exceeded")
and neither is a diagram longer than `maxTextSize` (50,000 characters): mermaid.js.org/config/schema-docs/
config-properties-maxedges.html and config-properties-maxtextsize.html, checked in mermaid 11.17.2's source
(`edges.length < maxEdges` before adding one, `text.length > maxTextSize` refused), 2026-12-06. GitHub, GitLab and
mermaid-cli render with the defaults, so a 100-workload plan's dependency flowchart (about 700 arrows) showed an
error instead of a diagram."""


@dataclass(frozen=True)
class Charted:
    """The tasks the diagrams draw (`None`: all of them): the shared tasks, then the tasks of as many workloads,
    in the plan's order, as Mermaid's limits allow in both diagrams. The HTML Gantt draws the same tasks."""

    ids: frozenset[str] | None
    mermaid_ids: dict[str, str]
    """`task_ids`, computed once."""
    workloads: int
    """Workloads whose tasks are drawn."""
    total: int
    """Workloads with tasks."""

    def note(self, html: bool = False) -> str | None:
        """What the chart leaves out (`html`: said under the decision page's Gantt, which is not Mermaid's)."""
        if self.ids is None:
            return None
        if html:
            return _(
                "The chart shows the shared tasks and those of the first {shown} of {total} workloads, like the Markdown report's diagrams; every task is in `planner export --format csv`.",
                shown=f"{self.workloads:,}",
                total=f"{self.total:,}",
            )
        return _(
            "The chart shows the shared tasks and those of the first {shown} of {total} workloads (Mermaid draws at most {edges} arrows and {chars} characters); every task is in `planner export --format csv`.",
            shown=f"{self.workloads:,}",
            total=f"{self.total:,}",
            edges=f"{MAX_EDGES:,}",
            chars=f"{MAX_TEXT:,}",
        )


def charted(ev: Evaluation) -> Charted:
    """The tasks both diagrams can draw within `MAX_EDGES` and `MAX_TEXT` (see `Charted`)."""
    ids = task_ids(ev)
    shared: list[ScheduledTask] = []
    by_workload: dict[str, list[ScheduledTask]] = {}
    dependents: dict[str, list[str]] = {}
    edges = 0
    for task in ev.schedule.tasks:
        (by_workload.setdefault(task.workload, []) if task.workload else shared).append(task)
        for dependency in task.depends_on:
            if dependency in ids:
                dependents.setdefault(dependency, []).append(task.id)
                edges += 1
    order = [w.id for w in ev.workloads if w.id in by_workload]
    listed = set(order)
    order += [w for w in by_workload if w not in listed]
    groups = [by_workload[w] for w in order]
    if edges <= MAX_EDGES and _fits(ev, None, ids):
        return Charted(None, ids, len(groups), len(groups))
    shown: set[str] = {t.id for t in shared}
    edges = sum(1 for t in shared for d in t.depends_on if d in shown)
    gantt_text, flow_text = (sum(len(line) + 1 for line in lines) for lines in (gantt_lines(ev, frozenset(shown), ids), flowchart_lines(ev, frozenset(shown), ids)))
    taken = 0
    for group in groups:
        members = {t.id for t in group}
        add_edges, add_gantt, add_flow = 0, 0, 0
        for task in group:
            mermaid_id = ids[task.id]
            add_gantt += len(_gantt_line(task, mermaid_id)) + 1
            add_flow += len(_node_line(task, mermaid_id)) + 1 + len(mermaid_id) + 1  # and its place in a `class` line
            linked = [d for d in task.depends_on if d in shown or d in members] + [u for u in dependents.get(task.id, ()) if u in shown]
            add_edges += len(linked)
            add_flow += sum(len(ids[other]) + len(mermaid_id) + 10 for other in linked)  # `    tA --> tB` and its newline
        if edges + add_edges > MAX_EDGES or gantt_text + add_gantt > MAX_TEXT or flow_text + add_flow > MAX_TEXT:
            break
        shown |= members
        edges, gantt_text, flow_text = edges + add_edges, gantt_text + add_gantt, flow_text + add_flow
        taken += 1
    while taken and not _fits(ev, frozenset(shown), ids):  # the estimate's slack: give back workloads until both fit
        taken -= 1
        shown -= {t.id for t in groups[taken]}
    return Charted(frozenset(shown), ids, taken, len(groups))


def _fits(ev: Evaluation, shown: frozenset[str] | None, ids: dict[str, str]) -> bool:
    flow = flowchart_lines(ev, shown, ids)
    arrows = sum(1 for line in flow if " --> " in line or " ==> " in line)
    return arrows <= MAX_EDGES and all(sum(len(line) + 1 for line in lines) <= MAX_TEXT for lines in (gantt_lines(ev, shown, ids), flow))


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


def _node_line(task: ScheduledTask, mermaid_id: str) -> str:
    label = mermaid_text(translate(task.name))
    node = f'{{{{"{label}"}}}}' if task.milestone else f'["{label}"]'
    return f"        {mermaid_id}{node}"


def gantt_lines(ev: Evaluation, shown: frozenset[str] | None = None, ids: dict[str, str] | None = None) -> list[str]:
    """The gantt diagram's lines (without Markdown fences); `shown`: only these tasks (`charted`); `ids`: `task_ids`."""
    lines = [
        "gantt",
        f"    title {mermaid_text(ev.name)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
        "    todayMarker off",
    ]
    ids = ids or task_ids(ev)
    groups = tasks_by_phase(ev, shown)
    if not groups:
        # An empty gantt does not render; one marker keeps the file valid and says why.
        lines += ["    section Not scheduled", f"    Plan start (no tasks scheduled yet) :milestone, t0, {ev.start.isoformat()}, 0d"]
    for _phase, title, tasks in groups:
        lines.append(f"    section {mermaid_text(title)}")
        lines += [_gantt_line(task, ids[task.id]) for task in tasks]
    return lines


def flowchart_lines(ev: Evaluation, shown: frozenset[str] | None = None, ids: dict[str, str] | None = None) -> list[str]:
    """A left-to-right flowchart of task dependencies, one subgraph per phase, critical path in red; `shown`:
    only these tasks and the arrows between them (`charted`)."""
    ids = ids or task_ids(ev)
    lines = ["flowchart LR"]
    groups = tasks_by_phase(ev, shown)
    if not groups:
        return lines + ['    t0["No tasks scheduled yet"]']
    for phase, title, tasks in groups:
        lines.append(f'    subgraph P{phase}["{mermaid_text(title)}"]')
        lines += [_node_line(task, ids[task.id]) for task in tasks]
        lines.append("    end")
    drawn = ev.schedule.tasks if shown is None else [t for t in ev.schedule.tasks if t.id in shown]
    critical_ids = {t.id for t in drawn if t.critical}
    for task in drawn:
        for dependency in task.depends_on:
            if dependency in ids and (shown is None or dependency in shown):
                arrow = "==>" if task.id in critical_ids and dependency in critical_ids else "-->"
                lines.append(f"    {ids[dependency]} {arrow} {ids[task.id]}")
    critical = [ids[t.id] for t in drawn if t.critical]
    milestones = [ids[t.id] for t in drawn if t.milestone and not t.critical]
    lines.append(f"    classDef crit fill:{CRIT_FILL},stroke:{CRIT_STROKE},stroke-width:2px")
    lines.append(f"    classDef milestone fill:{MILESTONE_FILL}")
    if critical:
        lines.append(f"    class {','.join(critical)} crit")
    if milestones:
        lines.append(f"    class {','.join(milestones)} milestone")
    return lines


def gantt(ev: Evaluation) -> str:
    """`planner export --format mermaid`: the gantt alone, for a `.mmd` file or mermaid-cli (a large plan's with
    a `%%` comment saying which tasks it draws)."""
    chart = charted(ev)
    note = chart.note()
    return "\n".join(gantt_lines(ev, chart.ids, chart.mermaid_ids) + ([f"%% {_line(note)}"] if note else [])) + "\n"


def _line(text: str) -> str:
    return _SPACE.sub(" ", text)


def flowchart(ev: Evaluation) -> str:
    """The dependency flowchart alone."""
    chart = charted(ev)
    return "\n".join(flowchart_lines(ev, chart.ids, chart.mermaid_ids)) + "\n"
