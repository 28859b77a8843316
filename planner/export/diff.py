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
from typing import TYPE_CHECKING, Any

from planner.domain.catalog import Catalog
from planner.domain.plan import Plan
from planner.domain.results import Evaluation
from planner.errors import PlannerError
from planner.export.markdown import md_text
from planner.domain.messages import Message, Part, joined, msg, msgn
from planner.domain.money import krw_exact
from planner.domain.vocabulary import placement_name
from planner.export.report import STRATEGY_IN_FACTS, group_key, group_keys, percent_change, report_word, percent_text, strategies
from planner.store.loader import load
from planner.store.plan_io import plan_document
from planner.i18n import N_, _, translate

if TYPE_CHECKING:
    from planner.domain.evaluate import Evaluator

SECTIONS = ("inputs", "placements", "hardware", "schedule", "money")
SECTION_TITLE = {"inputs": msg("Inputs"), "placements": msg("Placements"), "hardware": msg("Hardware"), "schedule": msg("Schedule"), "money": msg("Money")}
DIFF_COLUMNS = (N_("Old"), N_("New"), N_("Change"))
"""The Markdown table's columns (read from the reports catalog: the app's has `New` as a verb)."""
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
    """The line after the op, for people: a Message (English in JSON, the reader's language on screen)."""
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
    """A Message: English in JSON, translated where shown."""
    tco_percent: float | None = None
    """Change of the plan strategy's TCO in percent (None: no ledger, or it was 0)."""
    tco_delta_krw: int = 0
    """Change of the plan strategy's TCO in KRW."""


# --- reading ------------------------------------------------------------------------------------


def load_side(spec: str, catalog: Catalog, kept: Evaluator | None = None, like: Plan | None = None) -> Side:
    """Read, validate and evaluate one side (a file or `REV:path`); problems are located in that side's text.
    `kept`: the Evaluator both sides are evaluated with (see load_sides); with it, without the plan's named scenarios
    (the diff shows none of their figures). `like`: the plan `kept` evaluated last (OLD's, for NEW), whose workloads
    equal to this side's it shares (loader.sharing)."""
    loaded = load(spec, catalog, revisions=True, kept=kept, scenarios=kept is None, like=like)
    return Side(spec, loaded.plan, loaded.evaluation)


def load_sides(old: str, new: str, catalog: Catalog) -> tuple[Side, Side]:
    """Both sides, OLD first (its problems are reported first), evaluated with one Evaluator: NEW is mostly OLD
    with an edit, so its evaluation is a re-evaluation of OLD's, equal to a fresh one (10,000 workloads, one edited:
    ~0.6 s instead of ~2 s), and NEW equal to OLD is OLD's evaluation itself."""
    from planner.domain.evaluate import Evaluator

    kept = Evaluator(catalog)
    before = load_side(old, catalog, kept)
    return before, load_side(new, catalog, kept, before.plan)


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
    """User text made safe for a terminal: control characters (escape sequences) shown, not sent. A Message stays
    one (its parameters made safe), so it is still translated where shown."""
    if isinstance(text, (Message, Part)):
        params = {k: plain(v) if isinstance(v, (str, Part)) else v for k, v in text.params.items()}
        return type(text)(text.template, params, text.plural, text.n)
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
            changes.append(Change("inputs", "+", item, plain(msg("{path}: {values}", path=item, values=summary)), None, _json_ready(b)))
            continue
        if b is None and a is not None and whole:
            changes.append(Change("inputs", "-", item, plain(msg("{path} (was {old})", path=item, old=value_text(a.get("name", "")))), _json_ready(a), None))
            continue
        a, b = a or {}, b or {}
        for key in list(a) + [k for k in b if k not in a]:
            path = key if item == "(plan)" else f"{item}.{key}"
            if key not in b:
                changes.append(Change("inputs", "-", path, plain(msg("{path} (was {old})", path=path, old=value_text(a[key]))), _json_ready(a[key]), None))
            elif key not in a:
                changes.append(Change("inputs", "+", path, plain(msg("{path} = {new}", path=path, new=value_text(b[key]))), None, _json_ready(b[key])))
            elif a[key] != b[key]:
                changes.append(Change("inputs", "~", path, plain(msg("{path}: {old} -> {new}", path=path, old=value_text(a[key]), new=value_text(b[key]))), _json_ready(a[key]), _json_ready(b[key])))
    return changes


FOLLOWS = N_("{path}: {old} -> {new} (no change of its own: follows {changes})")
"""A placement move of a workload none of whose inputs changed."""
CAUSES_NAMED = 3
"""Input changes a moved workload's line names at most (a display limit; the Inputs section lists them all)."""
INERT_KEYS = frozenset({"name", "description", "placement_note"})
"""Inputs that are words for people and move no placement: not named as what a move follows."""


def _follows(inputs: list[Change]) -> str:
    """The input changes a workload with no change of its own moved after: the first few paths, and how many more."""
    paths = [c.path for c in inputs if c.path.rsplit(".", 1)[-1] not in INERT_KEYS]
    named = ", ".join(paths[:CAUSES_NAMED])
    if len(paths) > CAUSES_NAMED:
        return msgn("{paths} and {n} more change", "{paths} and {n} more changes", len(paths) - CAUSES_NAMED, paths=named)
    return named


def placement_changes(old: Evaluation, new: Evaluation, inputs: list[Change] | None = None) -> list[Change]:
    """Strategy and per-workload placement moves. `inputs` (the diff's input changes): a workload that moved with no
    input of its own changed says which changes it follows (the fleet's owned-vs-rented choice, the shared facility:
    a GPU pin in one workload can move others)."""
    changes = []
    own = {c.path.split("]", 1)[0] + "]" for c in inputs or () if c.path.startswith("workloads[")}
    follows = _follows(inputs or [])
    if old.strategy != new.strategy:
        changes.append(Change("placements", "~", "strategy", msg("strategy: {old} -> {new}", old=old.strategy, new=new.strategy), old.strategy, new.strategy))
    before = {w.id: w for w in old.workloads}
    after = {w.id: w for w in new.workloads}
    for workload_id in list(before) + [i for i in after if i not in before]:
        a, b = before.get(workload_id), after.get(workload_id)
        path = f"workloads[{workload_id}]"
        if a and b and a.placement != b.placement:
            if follows and path not in own and not b.overridden:
                text = msg(FOLLOWS, path=path, old=placement_name(a.placement), new=placement_name(b.placement), changes=follows)
            else:
                template = "{path}: {old} -> {new} (override)" if b.overridden else "{path}: {old} -> {new}"
                text = msg(template, path=path, old=placement_name(a.placement), new=placement_name(b.placement))
            changes.append(Change("placements", "~", path, plain(text), a.placement, b.placement))
        elif b and not a:
            changes.append(Change("placements", "+", path, plain(msg("{path}: {new}", path=path, new=placement_name(b.placement))), None, b.placement))
        elif a and not b:
            changes.append(Change("placements", "-", path, plain(msg("{path} (was {old})", path=path, old=placement_name(a.placement))), a.placement, None))
    return changes


def hardware_changes(old: Evaluation, new: Evaluation) -> list[Change]:
    """GPU groups added, resized or removed."""
    def groups(ev: Evaluation) -> dict[str, int]:
        found = dict(zip(group_keys(ev.sizing.groups), (g.gpus for g in ev.sizing.groups)))
        if ev.sizing.pilot:
            found[f"pilot {group_key(ev.sizing.pilot)}"] = ev.sizing.pilot.gpus  # a key (JSON `path`), shown as written
        return found

    before, after = groups(old), groups(new)
    changes = []
    for key in list(before) + [k for k in after if k not in before]:
        a, b = before.get(key), after.get(key)
        if a is None:
            changes.append(Change("hardware", "+", key, msg("{key}: {new} GPU(s)", key=key, new=b), None, b))
        elif b is None:
            changes.append(Change("hardware", "-", key, msg("{key} (was {old} GPU(s))", key=key, old=a), a, None))
        elif a != b:
            changes.append(Change("hardware", "~", key, msg("{key}: {old} -> {new} GPU(s)", key=key, old=a, new=b), a, b))
    return changes


def _days(delta: int) -> Message:
    return msg("unchanged") if delta == 0 else msgn("{days} day", "{days} days", abs(delta), days=f"{delta:+d}")


def _none(value) -> Any:
    return msg("none") if value is None else value


def _date_change(section: str, path: str, label: Message, a: date | None, b: date | None) -> list[Change]:
    if a == b:
        return []
    if a is None or b is None:
        op = "+" if a is None else "-"
        return [Change(section, op, path, msg("{label}: {old} -> {new}", label=label, old=_none(a), new=_none(b)), _json_ready(a), _json_ready(b))]
    return [Change(section, "~", path, msg("{label}: {old} -> {new} ({shift})", label=label, old=a.isoformat(), new=b.isoformat(), shift=_days((b - a).days)), a.isoformat(), b.isoformat())]


def schedule_changes(old: Evaluation, new: Evaluation) -> list[Change]:
    """Phase dates that shifted, key dates that moved, tasks added or removed."""
    changes: list[Change] = []
    before = {p.phase: p for p in old.phases}
    after = {p.phase: p for p in new.phases}
    for number in sorted(set(before) | set(after)):
        a, b = before.get(number), after.get(number)
        path = f"phases[{number}]"
        if a and b and (a.start, a.end) != (b.start, b.end):
            text = msg(
                "Phase {phase} {name}: {old} -> {new} (start {start}, end {end})",
                phase=number,
                name=b.name,
                old=f"{a.start}..{a.end}",
                new=f"{b.start}..{b.end}",
                start=_days((b.start - a.start).days),
                end=_days((b.end - a.end).days),
            )
            changes.append(Change("schedule", "~", path, plain(text), [a.start.isoformat(), a.end.isoformat()], [b.start.isoformat(), b.end.isoformat()]))
        elif b and not a:
            changes.append(Change("schedule", "+", path, plain(msg("Phase {phase} {name}: {new}", phase=number, name=b.name, new=f"{b.start}..{b.end}")), None, [b.start.isoformat(), b.end.isoformat()]))
        elif a and not b:
            changes.append(Change("schedule", "-", path, plain(msg("Phase {phase} {name} (was {old})", phase=number, name=a.name, old=f"{a.start}..{a.end}")), [a.start.isoformat(), a.end.isoformat()], None))
    for attr, label in (("pilot_delivery", msg("pilot GPUs delivered")), ("production_delivery", msg("production GPUs delivered")), ("go_live", msg("on-prem go-live"))):
        changes += _date_change("schedule", attr, label, getattr(old.schedule, attr), getattr(new.schedule, attr))
    old_tasks = {t.id: t for t in old.schedule.tasks}
    new_tasks = {t.id: t for t in new.schedule.tasks}
    for task_id, task in new_tasks.items():
        if task_id not in old_tasks:
            changes.append(Change("schedule", "+", f"tasks[{task_id}]", plain(msg("task {task}: {name}, {dates}", task=task_id, name=task.name, dates=f"{task.start}..{task.end}")), None, task.name))
    for task_id, task in old_tasks.items():
        if task_id not in new_tasks:
            changes.append(Change("schedule", "-", f"tasks[{task_id}]", plain(msg("task {task} (was {name})", task=task_id, name=task.name)), task.name, None))
    return changes


def money_line(old: int, new: int) -> str:
    """`+₩12,000,000 (₩40,000,000 -> ₩52,000,000, +30%)`."""
    delta = new - old
    sign = "+" if delta >= 0 else ""
    pct = percent_change(old, new)
    if pct is None:
        return f"{sign}{krw_exact(delta)} ({krw_exact(old)} -> {krw_exact(new)})"
    return f"{sign}{krw_exact(delta)} ({krw_exact(old)} -> {krw_exact(new)}, {percent_text(pct)})"


def _money(path: str, label: Message, old: int | None, new: int | None) -> list[Change]:
    if old == new or (old is None and new is None):
        return []
    if old is None or new is None:
        op = "+" if old is None else "-"
        return [Change("money", op, path, msg("{label}: {amount}", label=label, amount=krw_exact(new if old is None else old)), old, new)]
    return [Change("money", "~", path, msg("{label}: {amount}", label=label, amount=money_line(old, new)), old, new)]


def _horizon(months: int) -> Message:
    """`3-year` / `30-month` as a Message: the diff is built before it is shown (JSON keeps the English)."""
    return msg("{years}-year", years=months // 12) if months % 12 == 0 else msg("{months}-month", months=months)


def _percent(value: float | None) -> Any:
    return msg("new") if value is None else percent_text(value)


def _tco_label(horizon: str, name: str, old: str, new: str) -> Message:
    """`3-year TCO, this plan (hybrid)`: the horizon, the strategy's name in a sentence, and the plan's own strategy;
    `this plan (on-prem -> hybrid)` where the two plans' strategies differ (the row holds both plans' figures)."""
    who = msg(STRATEGY_IN_FACTS[name]) if name in STRATEGY_IN_FACTS else name
    if name == "plan" and old != new:
        return msg("{horizon} TCO, {strategy} ({old} -> {new})", horizon=horizon, strategy=who, old=placement_name(old), new=placement_name(new))
    if name == "plan":
        return msg("{horizon} TCO, {strategy} ({plan})", horizon=horizon, strategy=who, plan=placement_name(new))
    return msg("{horizon} TCO, {strategy}", horizon=horizon, strategy=who)


def money_changes(old: Evaluation, new: Evaluation) -> list[Change]:
    """TCO per strategy, cost per phase, hardware capex, break-even months."""
    changes: list[Change] = []
    old_tco = old.ledger.tco if old.ledger else {}
    new_tco = new.ledger.tco if new.ledger else {}
    horizon = _horizon(new.horizon_months)
    for name in strategies(new.ledger) + [s for s in strategies(old.ledger) if s not in new_tco]:
        a = old_tco[name].total_krw if name in old_tco else None
        b = new_tco[name].total_krw if name in new_tco else None
        changes += _money(f"tco.{name}", _tco_label(horizon, name, old.strategy, new.strategy), a, b)
    before = {p.phase: p for p in old.phases}
    for p in new.phases:
        if p.phase in before:
            changes += _money(f"phases[{p.phase}].cost_krw", plain(msg("Phase {phase} {name} cost", phase=p.phase, name=p.name)), before[p.phase].cost_krw, p.cost_krw)
    changes += _money("hardware.capex_krw", msg("production hardware capex"), old.sizing.capex_krw or None, new.sizing.capex_krw or None)
    for attr, label in (("break_even_month", msg("break-even month of the plan")), ("on_prem_break_even_month", msg("break-even month of all on-prem"))):
        a = getattr(old.ledger, attr) if old.ledger else None
        b = getattr(new.ledger, attr) if new.ledger else None
        if a != b:
            if a is not None and b is not None:
                text = msgn("{label}: {old} -> {new} ({shift} month)", "{label}: {old} -> {new} ({shift} months)", abs(b - a), label=label, old=a, new=b, shift=f"{b - a:+d}")
            else:
                text = msg("{label}: {old} -> {new}", label=label, old=_none(a), new=_none(b))
            changes.append(Change("money", "~", attr, text, a, b))
    return changes


def compare(old: Side, new: Side) -> PlanDiff:
    """The whole diff with its verdict."""
    result = PlanDiff(old, new)
    inputs = input_changes(old.plan, new.plan)
    result.changes = (
        inputs
        + placement_changes(old.ev, new.ev, inputs)
        + hardware_changes(old.ev, new.ev)
        + schedule_changes(old.ev, new.ev)
        + money_changes(old.ev, new.ev)
    )
    result.verdict = _verdict(result)
    return result


def _verdict(diff: PlanDiff) -> Message:
    old, new = diff.old.ev, diff.new.ev
    old_tco = old.ledger.tco.get("plan") if old.ledger else None
    new_tco = new.ledger.tco.get("plan") if new.ledger else None
    if not diff.changes:
        return msg("No changes: the plans have the same inputs and the same results.")
    clauses: list[Message] = []
    if old_tco and new_tco:
        delta = new_tco.total_krw - old_tco.total_krw
        diff.tco_delta_krw = delta
        diff.tco_percent = percent_change(old_tco.total_krw, new_tco.total_krw)
        pct = _percent(diff.tco_percent)
        horizon = _horizon(new.horizon_months)
        if delta > 0:
            clauses.append(msg("{horizon} TCO of the plan rises by {amount} ({percent})", horizon=horizon, amount=krw_exact(delta), percent=pct))
        elif delta < 0:
            clauses.append(msg("{horizon} TCO of the plan falls by {amount} ({percent})", horizon=horizon, amount=krw_exact(-delta), percent=pct))
        else:
            clauses.append(msg("{horizon} TCO of the plan is unchanged at {amount}", horizon=horizon, amount=krw_exact(new_tco.total_krw)))
        if old.horizon_months != new.horizon_months:
            clauses[-1] = msg("{clause} (horizon {old} -> {new} months)", clause=clauses[-1], old=old.horizon_months, new=new.horizon_months)
    else:
        inputs = sum(1 for c in diff.changes if c.section == "inputs")
        clauses.append(msg("No TCO to compare (no cost ledger); {inputs} input change(s)", inputs=inputs))
    old_be = old.ledger.break_even_month if old.ledger else None
    new_be = new.ledger.break_even_month if new.ledger else None
    if old_be != new_be:
        clauses.append(msg("break-even month {old} -> {new}", old=_none(old_be), new=_none(new_be)))
    if old.schedule.go_live and new.schedule.go_live and old.schedule.go_live != new.schedule.go_live:
        clauses.append(msg("on-prem go-live {shift}", shift=_days((new.schedule.go_live - old.schedule.go_live).days)))
    moved = [c for c in diff.changes if c.section == "placements" and c.path.startswith("workloads[") and c.op == "~"]
    followers = sum(1 for c in moved if getattr(c.text, "template", None) == FOLLOWS)
    if followers:
        clauses.append(msg("{moved} placement(s) moved, {followers} with no change of their own", moved=len(moved), followers=followers))
    elif moved:
        clauses.append(msg("{moved} placement(s) moved", moved=len(moved)))
    return joined(clauses, "; ")


# --- rendering ----------------------------------------------------------------------------------


def diff_text(diff: PlanDiff) -> str:
    """The terminal report."""
    lines = [translate(plain(diff.verdict)), _("OLD {old}   NEW {new}", old=plain(diff.old.source), new=plain(diff.new.source))]
    if not diff.changes:
        return "\n".join(lines) + "\n"
    lines.append(_("Key: + added, ~ changed, - removed"))
    for section in SECTIONS:
        own = [c for c in diff.changes if c.section == section]
        if own:
            lines += ["", translate(SECTION_TITLE[section])] + [f"  {c.op} {translate(c.text)}" for c in own]
    return "\n".join(lines) + "\n"


def _fence(body: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    return "`" * max(3, longest + 1)


def diff_markdown(diff: PlanDiff) -> str:
    """A pull-request comment: verdict, a small table, the full diff folded away."""
    old, new = diff.old.ev, diff.new.ev
    lines = [f"### planner: {md_text(new.name)}", "", f"**{md_text(translate(diff.verdict))}**", ""]
    rows: list[list[str]] = []
    old_tco = old.ledger.tco if old.ledger else {}
    new_tco = new.ledger.tco if new.ledger else {}
    horizon = _horizon(new.horizon_months)
    for name in strategies(new.ledger):
        if name in old_tco:
            a, b = old_tco[name].total_krw, new_tco[name].total_krw
            label = md_text(translate(_tco_label(horizon, name, old.strategy, new.strategy)))
            change = _("no change") if a == b else f"{'+' if b >= a else ''}{krw_exact(b - a)} ({percent_text(percent_change(a, b))})"
            rows.append([label, krw_exact(a), krw_exact(b), change])
    none = _("none")
    if old.ledger and new.ledger:
        a_be, b_be = old.ledger.break_even_month, new.ledger.break_even_month
        if a_be and b_be and a_be != b_be:
            shift = translate(msgn("{shift} month", "{shift} months", abs(b_be - a_be), shift=f"{b_be - a_be:+d}"))
        else:
            shift = _("no change") if a_be == b_be else _("moved")
        rows.append([_("Break-even month (plan vs all cloud)"), str(a_be or none), str(b_be or none), shift])
    for attr, label in (("go_live", _("On-prem go-live")), ("production_delivery", _("Production GPUs delivered"))):
        a, b = getattr(old.schedule, attr), getattr(new.schedule, attr)
        if a or b:
            shift = translate(_days((b - a).days)) if a and b and a != b else (_("no change") if a == b else _("moved"))
            rows.append([label, str(a or none), str(b or none), shift])
    if rows:
        lines += ["| | " + " | ".join(report_word(word) for word in DIFF_COLUMNS) + " |", "|---|---:|---:|---:|"] + ["| " + " | ".join(row) + " |" for row in rows] + [""]
    counts = {s: sum(1 for c in diff.changes if c.section == s) for s in SECTIONS}
    summary = " · ".join(f"{_lower_title(s)}: {n}" for s, n in counts.items() if n)
    if summary:
        lines += [_("Changes: {summary}.", summary=summary), ""]
    if diff.changes:
        body = []
        for section in SECTIONS:
            own = [c for c in diff.changes if c.section == section]
            if own:
                body += [f"@@ {translate(SECTION_TITLE[section])} @@"] + [f"{c.op} {translate(c.text)}" for c in own]
        text = "\n".join(body)
        fence = _fence(text)
        lines += [
            "<details><summary>" + _("Full diff ({count} lines)", count=len(diff.changes)) + "</summary>",
            "",
            f"{fence}diff",
            text,
            fence,
            "",
            "</details>",
            "",
        ]
    tail = _("+ added, ~ changed, - removed")
    lines.append(f"<sub>planner diff {md_text(diff.old.source)} → {md_text(diff.new.source)} · {tail}</sub>")
    return "\n".join(lines) + "\n"


SECTION_IN_SENTENCE = {"inputs": N_("inputs"), "placements": N_("placements"), "hardware": N_("hardware"), "schedule": N_("schedule"), "money": N_("money")}


def _lower_title(section: str) -> str:
    """A section's name inside a sentence (`inputs: 3`)."""
    return _(SECTION_IN_SENTENCE[section])


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
        raise PlannerError(msg("--fail-above needs a percentage >= 0, not {threshold}", threshold=threshold), exit_code=2)
    diff = compare(*load_sides(args.old, args.new, catalog))
    if args.format == "json":
        sys.stdout.write(diff_json(diff, threshold))
    elif args.format == "markdown":
        sys.stdout.write(diff_markdown(diff))
    else:
        sys.stdout.write(diff_text(diff))
    if threshold is not None and exceeds(diff, threshold):
        pct = percent_text(diff.tco_percent) if diff.tco_percent is not None else _("from 0")
        print("planner: " + _("the plan's TCO rises {percent}, more than --fail-above {threshold}%", percent=pct, threshold=f"{threshold:g}"), file=sys.stderr)
        return 1
    return 0
