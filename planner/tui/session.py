"""The plan being edited: file, fingerprint, undo/redo and the current evaluation.

No Textual here: the app drives a PlanSession, and tests can drive it without a terminal.
Every edit is a whole new (frozen) Plan; the session validates it, evaluates it and keeps the old
one for undo. A plan that fails validation or evaluation never replaces the current one.

Large plans can be evaluated off the UI thread: `stage()` makes a validated plan current at once
and marks the session `pending`; `settle()` attaches the evaluation when it arrives (results for
a plan that is no longer current are refused), and `unstage()` goes back to the last evaluated
state when the evaluation fails. Saving while pending evaluates first, so the saved summary
always belongs to the saved plan.

A plan opened with `scenarios=False` gets the plan's own evaluation at once (what the first screen
shows) and is `scenarios_pending` until `complete()` adds its named scenarios (the app evaluates them
in the background after the first frame); saving and exporting evaluate them first if still missing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from planner.domain.catalog import Catalog
from planner.domain.evaluate import Evaluator
from planner.domain.plan import Plan
from planner.domain.results import Evaluation
from planner.domain.validate import Problem, plan_problems
from planner.errors import PlannerError, combined
from planner.export.summary import plan_summary
from planner.store import plan_io
from planner.store.loader import LoadedPlan, load, load_text
from planner.tui.heap import collector_off, keep_out_of_collections
from planner.i18n import _, translate


@dataclass(frozen=True)
class Fingerprint:
    """What a plan file held when it was read or written: the hash of its content.

    Size and mtime are no evidence (cp -p and rsync keep both while changing the content), so an
    external change is always checked by content.
    """

    sha256: str
    """Hash of the content."""

    @classmethod
    def of(cls, path: Path, data: bytes) -> Fingerprint:
        """The fingerprint of `path` whose content is `data`."""
        return cls(hashlib.sha256(data).hexdigest())


class EvaluationFailed(PlannerError):
    """The engine could not evaluate a plan (a bug, or a case it does not handle); the plan stays as it was."""


def _evaluate(evaluator: Evaluator, plan: Plan, scenarios: bool = True) -> Evaluation:
    """Evaluate a valid plan (without its named scenarios unless `scenarios`); an engine bug becomes
    EvaluationFailed, so it cannot take the user's plan down with it."""
    try:
        with collector_off():  # an evaluation allocates much and frees nothing the collector would find
            evaluation = evaluator.evaluate(plan, scenarios)
            keep_out_of_collections()
            return evaluation
    except PlannerError:
        raise
    except Exception as error:
        raise EvaluationFailed(_("evaluation failed: {error}", error=f"{type(error).__name__}: {error}")) from error


def empty_evaluation(plan: Plan) -> Evaluation:
    """An evaluation with no results, shown while a plan cannot be evaluated."""
    return Evaluation(name=plan.name, start=plan.start, horizon_months=plan.horizon_months, industry=plan.organization.industry, strategy="")


SMALL_PLAN = 100
"""Workloads up to which plans are compared field by field (a program limit, not a domain figure)."""


def _cheap_to_compare(plan: Plan) -> bool:
    return len(plan.workloads) + len(plan.tasks) <= SMALL_PLAN


def read_plan_file(path: Path, evaluator: Evaluator, scenarios: bool = True) -> tuple[LoadedPlan, Fingerprint]:
    """Load a plan file (planner.store.loader) and remember what the file held; removes temp files of killed saves."""
    with collector_off():  # (the loader's own pause would walk the app's frozen objects: see collector_off)
        loaded = load(path, evaluator.catalog, evaluate=lambda plan, _catalog: _evaluate(evaluator, plan, scenarios))
    assert loaded.data is not None
    plan_io.remove_stale_temp_files(path)
    return loaded, Fingerprint(hashlib.sha256(loaded.data).hexdigest())


Step = tuple[Plan, Evaluation | None]
"""An undo or redo step: a plan and, while it is recent, its evaluation (undo shows it without computing)."""

EVALUATIONS_KEPT = 4
"""Steps on each of the undo and redo stacks that keep their evaluation (a program limit: an
evaluation of 1,000 workloads takes about 16 MB); older steps are evaluated again when reached."""


def _push(stack: list[Step], plan: Plan, evaluation: Evaluation | None) -> None:
    stack.append((plan, evaluation))
    if len(stack) > EVALUATIONS_KEPT and stack[-EVALUATIONS_KEPT - 1][1] is not None:
        stack[-EVALUATIONS_KEPT - 1] = (stack[-EVALUATIONS_KEPT - 1][0], None)


@dataclass
class PlanSession:
    """The plan being edited and everything needed to save it safely."""

    catalog: Catalog
    plan: Plan
    evaluation: Evaluation
    evaluator: Evaluator = None  # type: ignore[assignment]
    """Evaluates this session's plans, reusing what an edit did not change (one for the catalog if not given)."""
    path: Path | None = None
    """The file; None for an untitled plan (saving asks for a path)."""
    origin: str = ""
    """Where an untitled plan came from (template name)."""
    saved_plan: Plan | None = None
    """The plan as last read or written; None when untitled and never saved."""
    fingerprint: Fingerprint | None = None
    """The file as last read or written."""
    text: str = ""
    """The file's text as last read or written: a save keeps its comments with their keys."""
    read_only_acknowledged: bool = False
    """The user agreed to replace the read-only file."""
    undo_stack: list[Step] = field(default_factory=list)
    """(plan, its evaluation) to go back to; the evaluation is None when it was dropped or never arrived."""
    redo_stack: list[Step] = field(default_factory=list)
    _coalesce: str | None = None
    pending: bool = False
    """The plan is validated but its evaluation has not arrived yet: `evaluation` belongs to an earlier plan."""
    _settled: tuple[Plan, list[Plan], list[Plan], str | None] | None = None
    """While pending: plan, undo and redo stacks and coalesce key as they were when last evaluated."""
    _released: tuple[Plan, list[Plan], list[Plan], str | None] | None = field(default=None, repr=False)
    """The `_settled` state the last settled (or otherwise ended) pending evaluation let go of, kept until `release()`:
    its copies of the undo and redo stacks can hold the only reference to an evaluation that has since dropped out of
    them (EVALUATIONS_KEPT), and freeing an evaluation of 1,000 workloads takes ~10 ms that the app spends after the
    frame showing the new figures rather than before it. At most one such state is kept."""
    _checked: tuple[Plan, list[Problem]] | None = field(default=None, repr=False)
    """The last plan `problems` checked and what it found (plans are frozen: the same object has the same problems)."""

    def __post_init__(self) -> None:
        if self.evaluator is None:
            self.evaluator = Evaluator(self.catalog)

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, catalog: Catalog, scenarios: bool = True) -> PlanSession:
        """A session on a plan file (its named scenarios evaluated later unless `scenarios`: see `complete`)."""
        evaluator = Evaluator(catalog)
        loaded, fingerprint = read_plan_file(path, evaluator, scenarios)
        return cls(
            catalog=catalog,
            evaluator=evaluator,
            plan=loaded.plan,
            evaluation=loaded.evaluation,
            path=path,
            saved_plan=loaded.plan,
            fingerprint=fingerprint,
            text=loaded.text,
        )

    @classmethod
    def untitled(cls, text: str, catalog: Catalog, origin: str, scenarios: bool = True) -> PlanSession:
        """A session on an untitled copy of template text (scenarios: as in `open`)."""
        evaluator = Evaluator(catalog)
        with collector_off():
            loaded = load_text(text, origin, catalog, evaluate=lambda plan, _catalog: _evaluate(evaluator, plan, scenarios))
        return cls(catalog=catalog, evaluator=evaluator, plan=loaded.plan, evaluation=loaded.evaluation, origin=origin, saved_plan=loaded.plan, text=text)

    # --- state --------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """The plan differs from what is on disk (an untitled copy counts once it is edited).

        Undo returns the very object that was saved, so identity answers at once; a full comparison
        is only made for small plans (it costs milliseconds with 1,000 workloads).
        """
        if self.plan is self.saved_plan:
            return False
        return not _cheap_to_compare(self.plan) or self.plan != self.saved_plan

    @property
    def display_name(self) -> str:
        """File name, or `untitled (from X)`."""
        return self.path.name if self.path else _("untitled (from {template})", template=self.origin)

    @property
    def scenarios_pending(self) -> bool:
        """The evaluation is the current plan's own, without the named scenarios it has (see `complete`)."""
        return not self.pending and len(self.evaluation.scenarios) < len(self.plan.scenarios)

    def complete(self, plan: Plan | None = None, evaluation: Evaluation | None = None) -> bool:
        """Add the scenarios to a `scenarios_pending` evaluation: `evaluation` (of `plan`, from a worker
        thread), or evaluated now. False (nothing changes) when `plan` is no longer current or nothing was missing."""
        if not self.scenarios_pending or (plan is not None and plan is not self.plan):
            return False
        self.evaluation = evaluation if evaluation is not None else _evaluate(self.evaluator, self.plan)
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    # --- editing ------------------------------------------------------------------------------

    def problems(self, plan: Plan) -> list[Problem]:
        """What is wrong with a candidate plan (catalog references, duplicates, overrides without notes).

        A field checks its candidate plan on each key and the edit then applies that same plan: it is checked once."""
        checked = self._checked
        if checked is not None and checked[0] is plan:
            return list(checked[1])
        problems = plan_problems(plan, self.catalog, self.evaluator)  # a plan with task edits: what checking them levels, the evaluation reuses
        self._checked = (plan, problems)
        return list(problems)

    def apply(self, plan: Plan, coalesce: str | None = None) -> bool:
        """Make `plan` the current plan if it is valid and evaluates; returns False when nothing changed.

        Raises PlanProblems / PlannerError (problems) or EvaluationFailed; the current plan stays.
        Consecutive edits with the same `coalesce` key (typing in one field) make one undo step.
        """
        if not self._validate(plan):
            return False
        self._commit(plan, _evaluate(self.evaluator, plan), coalesce)
        return True

    def stage(self, plan: Plan, coalesce: str | None = None) -> bool:
        """Like `apply`, but the evaluation is left to the caller (`evaluate` off the UI thread, then `settle`).

        The plan becomes current at once (it is validated), and the session is pending until settled.
        """
        if not self._validate(plan):
            return False
        evaluation = self._current_evaluation()
        self._start_pending()
        self._record(coalesce, evaluation)
        self.plan = plan
        return True

    def _validate(self, plan: Plan) -> bool:
        """False when `plan` is the current plan; raises PlanProblems / PlannerError when it is invalid."""
        if plan is self.plan or (_cheap_to_compare(plan) and plan == self.plan):
            return False
        problems = self.problems(plan)
        if problems:
            raise combined([PlannerError(p.message, key=p.key) for p in problems])
        return True

    def _current_evaluation(self) -> Evaluation | None:
        """The whole evaluation of the current plan, None while it is pending (or its scenarios are)."""
        return None if self.pending or self.scenarios_pending else self.evaluation

    def _record(self, coalesce: str | None, evaluation: Evaluation | None) -> None:
        """Push the current plan (with `evaluation`, its own) for undo, once per run of edits with the same coalesce key."""
        if coalesce is None or coalesce != self._coalesce or not self.undo_stack:
            _push(self.undo_stack, self.plan, evaluation)
        self.redo_stack.clear()
        self._coalesce = coalesce

    def _commit(self, plan: Plan, evaluation: Evaluation, coalesce: str | None) -> None:
        self._record(coalesce, self._current_evaluation())
        self.plan, self.evaluation = plan, evaluation
        self._end_pending()

    def _start_pending(self) -> None:
        if not self.pending:
            self._settled = (self.plan, list(self.undo_stack), list(self.redo_stack), self._coalesce)
            self.pending = True

    def _end_pending(self) -> None:
        self._released = self._settled
        self.pending, self._settled = False, None

    def release(self) -> None:
        """Let go of what the last evaluation that arrived made obsolete (see `_released`)."""
        self._released = None

    def evaluate(self, plan: Plan) -> Evaluation:
        """Evaluate a (validated) plan without changing the session; safe to call from a worker thread.

        Raises PlanProblems / PlannerError or EvaluationFailed.
        """
        return _evaluate(self.evaluator, plan)

    def settle(self, plan: Plan, evaluation: Evaluation) -> bool:
        """Attach the evaluation of `plan`; False (and nothing changes) when `plan` is no longer current."""
        if not self.pending or plan is not self.plan:
            return False
        self.evaluation = evaluation
        self._end_pending()
        return True

    def unstage(self) -> None:
        """The current plan did not evaluate: go back to the plan, undo and redo of the last evaluation."""
        if self._settled is not None:
            self.plan, undo, redo, self._coalesce = self._settled
            self.undo_stack[:], self.redo_stack[:] = undo, redo
        self._end_pending()

    def _jump(self, source: list[Step], target: list[Step], evaluate: bool) -> bool:
        """Move to the top step of `source`: its kept evaluation, or evaluated now (`evaluate`), or staged."""
        if not source:
            return False
        plan, evaluation = source[-1]
        if evaluation is None and evaluate:
            evaluation = _evaluate(self.evaluator, plan)
        current = self._current_evaluation()
        if evaluation is None:
            self._start_pending()
        source.pop()
        _push(target, self.plan, current)
        self.plan = plan
        if evaluation is not None:
            self.evaluation = evaluation
            self._end_pending()
        self._coalesce = None
        return True

    def undo(self, evaluate: bool = True) -> bool:
        """Go back one edit; False when there is nothing to undo. `evaluate=False` stages it (see `stage`)."""
        return self._jump(self.undo_stack, self.redo_stack, evaluate)

    def redo(self, evaluate: bool = True) -> bool:
        """Redo one undone edit; False when there is nothing to redo. `evaluate=False` stages it (see `stage`)."""
        return self._jump(self.redo_stack, self.undo_stack, evaluate)

    # --- files --------------------------------------------------------------------------------

    def changed_on_disk(self) -> bool:
        """The file was changed (or deleted) by something else since it was read or written."""
        if self.path is None or self.fingerprint is None:
            return False
        try:
            data = self.path.read_bytes()
        except OSError:
            return True
        return hashlib.sha256(data).hexdigest() != self.fingerprint.sha256

    def read_only(self, path: Path | None = None) -> bool:
        """The file a save would replace exists and is read-only (the app asks before replacing it)."""
        target = path or self.path
        return target is not None and plan_io.is_read_only(target)

    def save(self, path: Path | None = None) -> Path:
        """Write the plan (canonical, atomic, with its summary) to `path` or its own file.

        The caller checks `changed_on_disk()` and read-only files first; this never saves an invalid plan.
        The comments of the file as read stay with the keys and tables they annotate.
        """
        target = path or self.path
        if target is None:
            raise PlannerError(_("untitled plan: choose a file to save to"))
        problems = self.problems(self.plan)
        if problems:
            raise PlannerError(_("not saved: {key}: {problem}", key=problems[0].key, problem=translate(problems[0].message)))
        if self.pending:  # the summary must come from this plan's evaluation
            self.evaluation = _evaluate(self.evaluator, self.plan)
            self._end_pending()
        self.complete()
        text = plan_io.save_plan(self.plan.model_copy(update={"summary": plan_summary(self.evaluation)}), target, self.text or None)
        self.fingerprint = Fingerprint.of(target, text.encode("utf-8"))
        self.text = text
        self.path = target
        self.saved_plan = self.plan
        self._coalesce = None
        return target

    def unsaved_text(self) -> str:
        """The plan as it is now, edits and all, as a plan file's text (its comments kept), whether or not it is valid:
        what `planner.tui.terminal.keep_unsaved` writes when the terminal goes away."""
        return plan_io.plan_text(self.plan, self.text or None)

    def reload(self) -> None:
        """Replace the plan with the file on disk; the edits made here stay reachable with undo."""
        if self.path is None:
            raise PlannerError(_("untitled plan: nothing to reload"))
        loaded, fingerprint = read_plan_file(self.path, self.evaluator)
        if loaded.plan != self.plan:
            _push(self.undo_stack, self.plan, self._current_evaluation())
            self.redo_stack.clear()
        self.plan, self.evaluation = loaded.plan, loaded.evaluation
        self._end_pending()
        self.saved_plan = loaded.plan
        self.fingerprint = fingerprint
        self.text = loaded.text
        self.read_only_acknowledged = False
        self._coalesce = None
