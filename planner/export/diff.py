"""`planner diff OLD NEW`: what changed between two plans, and what it does to placement, dates and money.

Infracost-style review (STYLE.md): a one-line verdict first, then `+` added, `~` changed, `-` removed
by key path: inputs, placements, hardware, schedule, money. Each money line reads
`+₩12,000,000 (₩40,000,000 -> ₩52,000,000, +30%)`. OLD and NEW are files or `REV:path` read with
`git show`. `--fail-above PCT` exits 1 when the plan strategy's TCO rises by more than PCT percent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.domain.catalog import Catalog
from planner.domain.plan import Plan
from planner.domain.results import Evaluation
from planner.errors import PlannerError
from planner.export.markdown import md_text
from planner.domain.money import krw_exact
from planner.domain.vocabulary import placement_name, strategy_label
from planner.export.report import group_key, group_keys, horizon_label, percent_change, percent_text, strategies
from planner.store.loader import load
from planner.store.plan_io import plan_document

SECTIONS = ("inputs", "placements", "hardware", "schedule", "money")
SECTION_TITLE = {"inputs": "Inputs", "placements": "Placements", "hardware": "Hardware", "schedule": "Schedule", "money": "Money"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Change:
    """One line of the diff."""

    section: str
    """inputs, placements, hardware, schedule or money."""
    op: str
    """`+` added, `~` changed, `-` removed."""
    path: str
    """Key path (`workloads[chatbot].users`) or what the line is about (`tco.plan`)."""
    text: str
    """The line after the op, for people."""
    old: Any = None
    """Old value (JSON-ready)."""
    new: Any = None
    """New value (JSON-ready)."""


@dataclass
class Side:
    """One plan of the diff, read and evaluated."""

    source: str
    plan: Plan
    ev: Evaluation


@dataclass
class PlanDiff:
    """Everything `planner diff` reports."""

    old: Side
    new: Side
    changes: list[Change] = field(default_factory=list)
    verdict: str = ""
    tco_percent: float | None = None
    """Change of the plan strategy's TCO in percent (None: no ledger, or it was 0)."""
    tco_delta_krw: int = 0
    """Change of the plan strategy's TCO in KRW."""


# --- reading ------------------------------------------------------------------------------------


def load_side(spec: str, catalog: Catalog) -> Side:
    """Read, validate and evaluate one side (a file or `REV:path`); problems are located in that side's text."""
    loaded = load(spec, catalog, revisions=True)
    return Side(spec, loaded.plan, loaded.evaluation)


# --- comparing ----------------------------------------------------------------------------------


def _json_ready(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    return value


def value_text(value: Any) -> str:
    """A plan value as it reads in TOML: strings quoted (control characters escaped), 300_000_000."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:_}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(_json_ready(value), ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def plain(text: str) -> str:
    """User text made safe for a terminal: control characters (escape sequences) shown, not sent."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        out[prefix] = value


def input_items(plan: Plan) -> dict[str, dict[str, Any]]:
    """Plan inputs grouped by item: `(plan)` for top-level keys, `workloads[id]`, `tasks[id]`, ..."""
    document = plan_document(plan)
    document.pop("summary", None)
    items: dict[str, dict[str, Any]] = {}
    for key, value in document.items():
        if key in ("workloads", "tasks"):
            for entry in value:
                fields: dict[str, Any] = {}
                _flatten({k: v for k, v in entry.items() if k != "id"}, "", fields)
                items[f"{key}[{entry['id']}]"] = fields
        elif isinstance(value, dict):
            fields = {}
            _flatten(value, "", fields)
            items[key] = fields
        else:
            items.setdefault("(plan)", {})[key] = value
    return items


def input_changes(old: Plan, new: Plan) -> list[Change]:
    """Inputs added, changed and removed, by key path."""
    before, after = input_items(old), input_items(new)
    changes: list[Change] = []
    for item in list(before) + [i for i in after if i not in before]:
        a, b = before.get(item), after.get(item)
        whole = item.startswith(("workloads[", "tasks["))
        if a is None and b is not None and whole:
            summary = ", ".join(f"{k} = {value_text(v)}" for k, v in b.items())
            changes.append(Change("inputs", "+", item, plain(f"{item}: {summary}"), None, _json_ready(b)))
            continue
        if b is None and a is not None and whole:
            changes.append(Change("inputs", "-", item, plain(f"{item} (was {value_text(a.get('name', ''))})"), _json_ready(a), None))
            continue
        a, b = a or {}, b or {}
        for key in list(a) + [k for k in b if k not in a]:
            path = key if item == "(plan)" else f"{item}.{key}"
            if key not in b:
                changes.append(Change("inputs", "-", path, plain(f"{path} (was {value_text(a[key])})"), _json_ready(a[key]), None))
            elif key not in a:
                changes.append(Change("inputs", "+", path, plain(f"{path} = {value_text(b[key])}"), None, _json_ready(b[key])))
            elif a[key] != b[key]:
                changes.append(Change("inputs", "~", path, plain(f"{path}: {value_text(a[key])} -> {value_text(b[key])}"), _json_ready(a[key]), _json_ready(b[key])))
    return changes


def placement_changes(old: Evaluation, new: Evaluation) -> list[Change]:
    """Strategy and per-workload placement moves."""
    changes = []
    if old.strategy != new.strategy:
        changes.append(Change("placements", "~", "strategy", f"strategy: {old.strategy} -> {new.strategy}", old.strategy, new.strategy))
    before = {w.id: w for w in old.workloads}
    after = {w.id: w for w in new.workloads}
    for workload_id in list(before) + [i for i in after if i not in before]:
        a, b = before.get(workload_id), after.get(workload_id)
        path = f"workloads[{workload_id}]"
        if a and b and a.placement != b.placement:
            why = " (override)" if b.overridden else ""
            text = f"{path}: {placement_name(a.placement)} -> {placement_name(b.placement)}{why}"
            changes.append(Change("placements", "~", path, plain(text), a.placement, b.placement))
        elif b and not a:
            changes.append(Change("placements", "+", path, plain(f"{path}: {placement_name(b.placement)}"), None, b.placement))
        elif a and not b:
            changes.append(Change("placements", "-", path, plain(f"{path} (was {placement_name(a.placement)})"), a.placement, None))
    return changes


def hardware_changes(old: Evaluation, new: Evaluation) -> list[Change]:
    """GPU groups added, resized or removed."""
    def groups(ev: Evaluation) -> dict[str, int]:
        found = dict(zip(group_keys(ev.sizing.groups), (g.gpus for g in ev.sizing.groups)))
        if ev.sizing.pilot:
            found[f"pilot {group_key(ev.sizing.pilot)}"] = ev.sizing.pilot.gpus
        return found

    before, after = groups(old), groups(new)
    changes = []
    for key in list(before) + [k for k in after if k not in before]:
        a, b = before.get(key), after.get(key)
        if a is None:
            changes.append(Change("hardware", "+", key, f"{key}: {b} GPU(s)", None, b))
        elif b is None:
            changes.append(Change("hardware", "-", key, f"{key} (was {a} GPU(s))", a, None))
        elif a != b:
            changes.append(Change("hardware", "~", key, f"{key}: {a} -> {b} GPU(s)", a, b))
    return changes


def _days(delta: int) -> str:
    return "unchanged" if delta == 0 else f"{delta:+d} day{'s' if abs(delta) != 1 else ''}"


def _date_change(section: str, path: str, label: str, a: date | None, b: date | None) -> list[Change]:
    if a == b:
        return []
    if a is None or b is None:
        op = "+" if a is None else "-"
        return [Change(section, op, path, f"{label}: {a or 'none'} -> {b or 'none'}", _json_ready(a), _json_ready(b))]
    return [Change(section, "~", path, f"{label}: {a.isoformat()} -> {b.isoformat()} ({_days((b - a).days)})", a.isoformat(), b.isoformat())]


def schedule_changes(old: Evaluation, new: Evaluation) -> list[Change]:
    """Phase dates that shifted, key dates that moved, tasks added or removed."""
    changes: list[Change] = []
    before = {p.phase: p for p in old.phases}
    after = {p.phase: p for p in new.phases}
    for number in sorted(set(before) | set(after)):
        a, b = before.get(number), after.get(number)
        path = f"phases[{number}]"
        if a and b and (a.start, a.end) != (b.start, b.end):
            shift = f"start {_days((b.start - a.start).days)}, end {_days((b.end - a.end).days)}"
            text = f"Phase {number} {b.name}: {a.start}..{a.end} -> {b.start}..{b.end} ({shift})"
            changes.append(Change("schedule", "~", path, plain(text), [a.start.isoformat(), a.end.isoformat()], [b.start.isoformat(), b.end.isoformat()]))
        elif b and not a:
            changes.append(Change("schedule", "+", path, plain(f"Phase {number} {b.name}: {b.start}..{b.end}"), None, [b.start.isoformat(), b.end.isoformat()]))
        elif a and not b:
            changes.append(Change("schedule", "-", path, plain(f"Phase {number} {a.name} (was {a.start}..{a.end})"), [a.start.isoformat(), a.end.isoformat()], None))
    for attr, label in (("pilot_delivery", "pilot GPUs delivered"), ("production_delivery", "production GPUs delivered"), ("go_live", "on-prem go-live")):
        changes += _date_change("schedule", attr, label, getattr(old.schedule, attr), getattr(new.schedule, attr))
    old_tasks = {t.id: t for t in old.schedule.tasks}
    new_tasks = {t.id: t for t in new.schedule.tasks}
    for task_id, task in new_tasks.items():
        if task_id not in old_tasks:
            changes.append(Change("schedule", "+", f"tasks[{task_id}]", plain(f"task {task_id}: {task.name}, {task.start}..{task.end}"), None, task.name))
    for task_id, task in old_tasks.items():
        if task_id not in new_tasks:
            changes.append(Change("schedule", "-", f"tasks[{task_id}]", plain(f"task {task_id} (was {task.name})"), task.name, None))
    return changes


def money_line(old: int, new: int) -> str:
    """`+₩12,000,000 (₩40,000,000 -> ₩52,000,000, +30%)`."""
    delta = new - old
    sign = "+" if delta >= 0 else ""
    pct = percent_change(old, new)
    tail = f", {percent_text(pct)}" if pct is not None else ""
    return f"{sign}{krw_exact(delta)} ({krw_exact(old)} -> {krw_exact(new)}{tail})"


def _money(path: str, label: str, old: int | None, new: int | None) -> list[Change]:
    if old == new or (old is None and new is None):
        return []
    if old is None or new is None:
        op = "+" if old is None else "-"
        return [Change("money", op, path, f"{label}: {krw_exact(new if old is None else old)}", old, new)]
    return [Change("money", "~", path, f"{label}: {money_line(old, new)}", old, new)]


def money_changes(old: Evaluation, new: Evaluation) -> list[Change]:
    """TCO per strategy, cost per phase, hardware capex, break-even months."""
    changes: list[Change] = []
    old_tco = old.ledger.tco if old.ledger else {}
    new_tco = new.ledger.tco if new.ledger else {}
    horizon = horizon_label(new.horizon_months)
    for name in strategies(new.ledger) + [s for s in strategies(old.ledger) if s not in new_tco]:
        a = old_tco[name].total_krw if name in old_tco else None
        b = new_tco[name].total_krw if name in new_tco else None
        label = f"{horizon} TCO, {strategy_label(name).lower()}" + (f" ({new.strategy.replace('_', '-')})" if name == "plan" else "")
        changes += _money(f"tco.{name}", label, a, b)
    before = {p.phase: p for p in old.phases}
    for p in new.phases:
        if p.phase in before:
            changes += _money(f"phases[{p.phase}].cost_krw", plain(f"Phase {p.phase} {p.name} cost"), before[p.phase].cost_krw, p.cost_krw)
    changes += _money("hardware.capex_krw", "production hardware capex", old.sizing.capex_krw or None, new.sizing.capex_krw or None)
    for attr, label in (("break_even_month", "break-even month of the plan"), ("on_prem_break_even_month", "break-even month of all on-prem")):
        a = getattr(old.ledger, attr) if old.ledger else None
        b = getattr(new.ledger, attr) if new.ledger else None
        if a != b:
            shift = f" ({b - a:+d} months)" if a is not None and b is not None else ""
            changes.append(Change("money", "~", attr, f"{label}: {a or 'none'} -> {b or 'none'}{shift}", a, b))
    return changes


def compare(old: Side, new: Side) -> PlanDiff:
    """The whole diff with its verdict."""
    result = PlanDiff(old, new)
    result.changes = (
        input_changes(old.plan, new.plan)
        + placement_changes(old.ev, new.ev)
        + hardware_changes(old.ev, new.ev)
        + schedule_changes(old.ev, new.ev)
        + money_changes(old.ev, new.ev)
    )
    result.verdict = _verdict(result)
    return result


def _verdict(diff: PlanDiff) -> str:
    old, new = diff.old.ev, diff.new.ev
    old_tco = old.ledger.tco.get("plan") if old.ledger else None
    new_tco = new.ledger.tco.get("plan") if new.ledger else None
    if not diff.changes:
        return "No changes: the plans have the same inputs and the same results."
    clauses = []
    if old_tco and new_tco:
        delta = new_tco.total_krw - old_tco.total_krw
        diff.tco_delta_krw = delta
        diff.tco_percent = percent_change(old_tco.total_krw, new_tco.total_krw)
        pct = percent_text(diff.tco_percent)
        head = f"{horizon_label(new.horizon_months)} TCO of the plan"
        if delta > 0:
            clauses.append(f"{head} rises by {krw_exact(delta)} ({pct})")
        elif delta < 0:
            clauses.append(f"{head} falls by {krw_exact(-delta)} ({pct})")
        else:
            clauses.append(f"{head} is unchanged at {krw_exact(new_tco.total_krw)}")
        if old.horizon_months != new.horizon_months:
            clauses[-1] += f" (horizon {old.horizon_months} -> {new.horizon_months} months)"
    else:
        inputs = sum(1 for c in diff.changes if c.section == "inputs")
        clauses.append(f"No TCO to compare (no cost ledger); {inputs} input change(s)")
    old_be = old.ledger.break_even_month if old.ledger else None
    new_be = new.ledger.break_even_month if new.ledger else None
    if old_be != new_be:
        clauses.append(f"break-even month {old_be or 'none'} -> {new_be or 'none'}")
    if old.schedule.go_live and new.schedule.go_live and old.schedule.go_live != new.schedule.go_live:
        clauses.append(f"on-prem go-live {_days((new.schedule.go_live - old.schedule.go_live).days)}")
    moved = sum(1 for c in diff.changes if c.section == "placements" and c.path.startswith("workloads[") and c.op == "~")
    if moved:
        clauses.append(f"{moved} placement(s) moved")
    return "; ".join(clauses)


# --- rendering ----------------------------------------------------------------------------------


def diff_text(diff: PlanDiff) -> str:
    """The terminal report."""
    lines = [plain(diff.verdict), f"OLD {plain(diff.old.source)}   NEW {plain(diff.new.source)}"]
    if not diff.changes:
        return "\n".join(lines) + "\n"
    lines.append("Key: + added, ~ changed, - removed")
    for section in SECTIONS:
        own = [c for c in diff.changes if c.section == section]
        if own:
            lines += ["", SECTION_TITLE[section]] + [f"  {c.op} {c.text}" for c in own]
    return "\n".join(lines) + "\n"


def _fence(body: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    return "`" * max(3, longest + 1)


def diff_markdown(diff: PlanDiff) -> str:
    """A pull-request comment: verdict, a small table, the full diff folded away."""
    old, new = diff.old.ev, diff.new.ev
    lines = [f"### planner: {md_text(new.name)}", "", f"**{md_text(diff.verdict)}**", ""]
    rows: list[list[str]] = []
    old_tco = old.ledger.tco if old.ledger else {}
    new_tco = new.ledger.tco if new.ledger else {}
    horizon = horizon_label(new.horizon_months)
    for name in strategies(new.ledger):
        if name in old_tco:
            a, b = old_tco[name].total_krw, new_tco[name].total_krw
            label = f"{horizon} TCO, {strategy_label(name).lower()}" + (f" ({md_text(new.strategy.replace('_', '-'))})" if name == "plan" else "")
            change = "no change" if a == b else f"{'+' if b >= a else ''}{krw_exact(b - a)} ({percent_text(percent_change(a, b))})"
            rows.append([label, krw_exact(a), krw_exact(b), change])
    if old.ledger and new.ledger:
        a_be, b_be = old.ledger.break_even_month, new.ledger.break_even_month
        shift = f"{b_be - a_be:+d} months" if a_be and b_be and a_be != b_be else ("no change" if a_be == b_be else "moved")
        rows.append(["Break-even month (plan vs all cloud)", str(a_be or "none"), str(b_be or "none"), shift])
    for attr, label in (("go_live", "On-prem go-live"), ("production_delivery", "Production GPUs delivered")):
        a, b = getattr(old.schedule, attr), getattr(new.schedule, attr)
        if a or b:
            shift = _days((b - a).days) if a and b and a != b else ("no change" if a == b else "moved")
            rows.append([label, str(a or "none"), str(b or "none"), shift])
    if rows:
        lines += ["| | Old | New | Change |", "|---|---:|---:|---:|"] + ["| " + " | ".join(row) + " |" for row in rows] + [""]
    counts = {s: sum(1 for c in diff.changes if c.section == s) for s in SECTIONS}
    summary = " · ".join(f"{SECTION_TITLE[s].lower()}: {n}" for s, n in counts.items() if n)
    if summary:
        lines += [f"Changes: {summary}.", ""]
    if diff.changes:
        body = []
        for section in SECTIONS:
            own = [c for c in diff.changes if c.section == section]
            if own:
                body += [f"@@ {SECTION_TITLE[section]} @@"] + [f"{c.op} {c.text}" for c in own]
        text = "\n".join(body)
        fence = _fence(text)
        lines += [
            f"<details><summary>Full diff ({len(diff.changes)} lines)</summary>",
            "",
            f"{fence}diff",
            text,
            fence,
            "",
            "</details>",
            "",
        ]
    lines.append(f"<sub>planner diff {md_text(diff.old.source)} → {md_text(diff.new.source)} · + added, ~ changed, - removed</sub>")
    return "\n".join(lines) + "\n"


def diff_json(diff: PlanDiff, threshold: float | None) -> str:
    """Machine-readable: verdict, changes, TCO past/current/diff per strategy."""
    old, new = diff.old.ev, diff.new.ev
    tco = {}
    old_tco = old.ledger.tco if old.ledger else {}
    new_tco = new.ledger.tco if new.ledger else {}
    for name in set(old_tco) | set(new_tco):
        a = old_tco[name].total_krw if name in old_tco else None
        b = new_tco[name].total_krw if name in new_tco else None
        pct = percent_change(a, b) if a is not None and b is not None else None
        tco[name] = {"old_krw": a, "new_krw": b, "diff_krw": (b or 0) - (a or 0), "percent": round(pct, 2) if pct is not None else None}
    document = {
        "verdict": diff.verdict,
        "old": {"source": diff.old.source, "name": old.name, "horizon_months": old.horizon_months},
        "new": {"source": diff.new.source, "name": new.name, "horizon_months": new.horizon_months},
        "changes": [{"section": c.section, "op": c.op, "path": c.path, "old": c.old, "new": c.new, "text": c.text} for c in diff.changes],
        "tco": dict(sorted(tco.items())),
        "break_even_month": {"old": old.ledger.break_even_month if old.ledger else None, "new": new.ledger.break_even_month if new.ledger else None},
        "fail_above": None if threshold is None else {"percent_threshold": threshold, "exceeded": exceeds(diff, threshold)},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def exceeds(diff: PlanDiff, threshold: float) -> bool:
    """The plan's TCO rose by more than `threshold` percent (a rise from 0 always counts)."""
    if diff.tco_delta_krw <= 0:
        return False
    return diff.tco_percent is None or diff.tco_percent > threshold


def run_diff(args: argparse.Namespace, catalog: Catalog) -> int:
    """Print the diff; exit code 1 when --fail-above is exceeded."""
    threshold = args.fail_above
    if threshold is not None and (threshold != threshold or threshold < 0):
        raise PlannerError(f"--fail-above needs a percentage >= 0, not {threshold}", exit_code=2)
    diff = compare(load_side(args.old, catalog), load_side(args.new, catalog))
    if args.format == "json":
        sys.stdout.write(diff_json(diff, threshold))
    elif args.format == "markdown":
        sys.stdout.write(diff_markdown(diff))
    else:
        sys.stdout.write(diff_text(diff))
    if threshold is not None and exceeds(diff, threshold):
        pct = percent_text(diff.tco_percent) if diff.tco_percent is not None else "from 0"
        print(f"planner: the plan's TCO rises {pct}, more than --fail-above {threshold:g}%", file=sys.stderr)
        return 1
    return 0
