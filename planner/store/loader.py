"""The one way a plan gets from a file, a Git revision or text to (plan, evaluation, text).

Every caller (the CLI, the app's session, `planner diff`, the Git textconv) loads through here, so a
problem reads the same everywhere: one PlannerError naming file, line and key, or PlanProblems with
one such error per problem. Writing plans is plan_io's business, not this module's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from planner.domain.catalog import Catalog
from planner.domain.plan import Plan
from planner.domain.results import Evaluation
from planner.domain.messages import msg
from planner.errors import PlannerError, combined
from planner.store.collector import collector_paused
from planner.store.plan_io import decode_plan_text, parse_plan_text, read_plan_bytes
from planner.domain.records import Frozen

if TYPE_CHECKING:
    from planner.domain.evaluate import Evaluator

GIT_TIMEOUT_S = 30
"""Longest wait for `git show` (a program limit, not a domain figure)."""

Evaluate = Callable[[Plan, Catalog], Evaluation]


class LoadedPlan(Frozen):
    """A plan as read: valid, evaluated, with the text its problems would be located in. Frozen, compared by its
    values, as a frozen dataclass would be (a plain class: Python compiles a dataclass's methods at every start)."""

    __slots__ = ("plan", "evaluation", "text", "source", "data")

    plan: Plan
    evaluation: Evaluation
    text: str
    """The plan's text as read (decoded, without a BOM)."""
    source: str
    """The file name or `REV:path` that messages name."""
    data: bytes | None
    """The file's bytes as read (None for text and Git revisions), for noticing later changes on disk."""

    def __init__(self, plan: Plan, evaluation: Evaluation, text: str, source: str, data: bytes | None = None) -> None:
        for name, value in zip(self.__slots__, (plan, evaluation, text, source, data)):
            object.__setattr__(self, name, value)


def read_revision(spec: str) -> bytes:
    """The bytes of `REV:path` from Git (`git show`), or PlannerError (exit 2)."""
    rev, _, path = spec.partition(":")
    if rev.startswith("-"):
        raise PlannerError(msg("{rev} is not a Git revision", rev=repr(rev)), file=spec, exit_code=2)
    if not path:
        raise PlannerError(msg("REV:path needs a path after the colon"), file=spec, exit_code=2)
    import subprocess  # only for `REV:path`: not at every start

    try:
        done = subprocess.run(["git", "show", f"{rev}:{path}"], capture_output=True, timeout=GIT_TIMEOUT_S, check=False)
    except FileNotFoundError:
        raise PlannerError(msg("git is not installed; it is needed to read REV:path"), file=spec, exit_code=2) from None
    except subprocess.TimeoutExpired:
        raise PlannerError(msg("git show did not answer within {seconds} s", seconds=GIT_TIMEOUT_S), file=spec, exit_code=2) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = message[0].removeprefix("fatal: ") if message else f"git show exited with {done.returncode}"
        raise PlannerError(msg("cannot read from Git: {reason}", reason=reason), file=spec, exit_code=2)
    return done.stdout


def is_revision(spec: str) -> bool:
    """`REV:path` rather than a file (a file of that name wins)."""
    return ":" in spec and not Path(spec).exists()


def _source_text(spec: str | os.PathLike[str], revisions: bool) -> tuple[str, str, bytes | None]:
    """(text, source name, file bytes) of a plan file or, with `revisions`, `REV:path` (no bytes)."""
    source = str(spec)
    if revisions and is_revision(source):
        return decode_plan_text(read_revision(source), source), source, None
    data = read_plan_bytes(spec)
    return decode_plan_text(data, source), source, data


def parse_text(text: str, source: str, catalog: Catalog, kept: Evaluator | None = None) -> Plan:
    """A valid plan from its text (not evaluated); problems are located in `text` and named `source`.
    `kept`: the Evaluator that evaluates the plan next (planner.domain.validate.plan_problems)."""
    plan, errors = parse_plan_text(text, source, catalog, kept)
    if errors:
        raise combined(errors)
    assert plan is not None
    return plan


def read_plan(spec: str | os.PathLike[str], catalog: Catalog, *, revisions: bool = False) -> Plan:
    """A valid plan from a file (or `REV:path`), not evaluated."""
    text, source, _data = _source_text(spec, revisions)
    return parse_text(text, source, catalog)


def sharing(plan: Plan, like: Plan) -> Plan:
    """`plan` with each workload that equals `like`'s workload of the same id in every value and in each value's type
    replaced by that object (workloads are frozen and hold only plain values): what an edit in the app gives, where the
    workloads it left alone are the same objects. An Evaluator that evaluated `like` then re-evaluates `plan` as after
    that edit, reusing what it keeps for those objects; a plan read from its own file shares no object with another.
    `plan` itself where nothing is shared."""
    before = {workload.id: workload for workload in like.workloads}
    workloads = []
    shared = False
    for workload in plan.workloads:
        other = before.get(workload.id)
        if other is not None and other == workload and list(map(type, other.__dict__.values())) == list(map(type, workload.__dict__.values())):
            workload, shared = other, True
        workloads.append(workload)
    return plan.model_copy(update={"workloads": workloads}) if shared else plan


def load_text(
    text: str, source: str, catalog: Catalog, evaluate: Evaluate | None = None, kept: Evaluator | None = None, scenarios: bool = True, like: Plan | None = None
) -> LoadedPlan:
    """Parse, validate and evaluate plan text; problems are located in `text` and named `source`.

    Checking a plan's task edits places, sizes and levels it (planner.domain.validate.plan_problems): the
    Evaluator that did it then evaluates the plan, reusing that work (without `evaluate` only). `kept`: the
    Evaluator to check and evaluate with (`planner diff` evaluates both plans with one: the second is a
    re-evaluation of the first); without it, a new one. `scenarios=False` (with `kept`): the plan's own evaluation
    without its named scenarios (Evaluator.evaluate), for a caller that shows none. `like` (with `kept`): the plan
    `kept` evaluated last, whose workloads equal to this plan's are shared with it (`sharing`)."""
    if evaluate is None:
        from planner.domain.evaluate import Evaluator, evaluate as evaluate_plan

        given = kept is not None
        kept = kept if kept is not None else Evaluator(catalog)
        plan = parse_text(text, source, catalog, kept)
        if like is not None and given:
            plan = sharing(plan, like)
        with collector_paused():  # an evaluation allocates much and frees nothing the collector would find
            evaluation = kept.evaluate(plan, scenarios) if plan.tasks or given else evaluate_plan(plan, catalog)  # a valid plan always evaluates
        return LoadedPlan(plan, evaluation, text, source)
    plan = parse_text(text, source, catalog)
    with collector_paused():
        evaluation = evaluate(plan, catalog)
    return LoadedPlan(plan, evaluation, text, source)


def load(
    spec: str | os.PathLike[str], catalog: Catalog, *, revisions: bool = False, evaluate: Evaluate | None = None, kept: Evaluator | None = None, scenarios: bool = True, like: Plan | None = None
) -> LoadedPlan:
    """Load a plan file, or with `revisions` also `REV:path` from Git (`kept`, `scenarios`, `like`: as in load_text)."""
    text, source, data = _source_text(spec, revisions)
    loaded = load_text(text, source, catalog, evaluate, kept, scenarios, like)
    return LoadedPlan(loaded.plan, loaded.evaluation, loaded.text, loaded.source, data)
