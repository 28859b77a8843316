"""The app's work off the UI thread: evaluating large plans (and the scenarios of a plan just opened), and
drawing the plan's ranges (P10-P90 over draws).

Large plans (more than BACKGROUND_WORKLOADS workloads) are evaluated in a worker thread so typing
stays fluid: the edit is validated and made current at once, the title says "recomputing…", and
the screens redraw when the evaluation arrives (one evaluation runs at a time; results for a plan
that was edited again meanwhile are dropped). Keys that act on the results (add, edit, delete,
save, export) wait for it. Small plans are evaluated synchronously.

Both are plain objects the app owns (`app.evaluations`, `app.ranges`); their workers post `Evaluated` and
`RangesProgress` to the app, which hands them back here.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable

from textual.message import Message
from textual.timer import Timer

from planner.errors import PlannerError
from planner.i18n import _

if TYPE_CHECKING:
    from planner.domain.plan import Plan
    from planner.domain.results import Evaluation
    from planner.tui.session import PlanSession
    from planner.domain.ranges import Ranges  # numpy is imported by the worker that computes them, not at start-up
    from planner.tui.app import PlannerApp

BACKGROUND_WORKLOADS = 200
"""Plans with more workloads than this are evaluated off the UI thread (a program limit, not a
domain figure: from about here one evaluation takes longer than a keystroke should)."""
TYPING_PAUSE_S = 0.1
"""A background evaluation starts once edits pause this long (a program setting): while keys come
faster, each one echoes at once instead of sharing the interpreter with an evaluation it makes stale."""
RANGES_PAUSE_S = 0.3
"""Seconds after an evaluation before its ranges are computed (a program setting: typing restarts it)."""
RANGES_TABS = ("overview", "timeline", "costs")
"""Screens that show ranges."""


class Evaluated(Message):
    """A background evaluation finished: `result` is the Evaluation of `plan`, or the error."""

    def __init__(self, session: PlanSession, plan: Plan, result: Evaluation | Exception):
        super().__init__()
        self.session = session
        self.plan = plan
        self.result = result


class RangesProgress(Message):
    """The ranges of `evaluation` are `done` (0..1) computed, or finished with `result` (Ranges, or the error)."""

    def __init__(self, evaluation: Evaluation, done: float, result: object = None):
        super().__init__()
        self.evaluation = evaluation
        self.done = done
        self.result = result


def as_problem(error: Exception) -> PlannerError:
    """What a worker's error says to the user: a PlannerError as it is, anything else (an engine bug) as
    "evaluation failed: ..." (never a traceback)."""
    return error if isinstance(error, PlannerError) else PlannerError(_("evaluation failed: {error}", error=error))


class Evaluations:
    """Evaluates the app's plan in a worker when it is large, one evaluation at a time, and runs what waits for the results."""

    def __init__(self, app: PlannerApp):
        self.app = app
        self.running = False
        """A background evaluation is running (at most one at a time)."""
        self._waiting: list[Callable[[], object]] = []
        """What to run once the pending evaluation has arrived (keys pressed meanwhile)."""
        self._timer: Timer | None = None
        self.typing = False
        """The last edit was made by typing in a field (more keys may follow)."""

    def off_thread(self, plan: Plan) -> bool:
        """Evaluate `plan` off the UI thread (large plans, and every edit while one is pending or while the
        scenarios of the plan just opened are evaluated: one evaluation at a time)."""
        session = self.app.session
        return session is not None and (session.pending or self.running or len(plan.workloads) > BACKGROUND_WORKLOADS)

    def scenarios(self) -> None:
        """Evaluate the named scenarios of the plan just opened (after its first frame)."""
        session = self.app.session
        if session is not None and session.scenarios_pending and not self.running:
            self._run(session)

    def if_pending(self, typing: bool = False) -> None:
        """Evaluate the pending plan: now, or while `typing` (an edit made by typing in a field) once the
        keys pause for TYPING_PAUSE_S."""
        session = self.app.session
        if session is not None and session.pending and not self.running:
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            if typing:
                self._timer = self.app.set_timer(TYPING_PAUSE_S, self._start)
            else:
                self._start()

    def _start(self) -> None:
        self._timer = None
        session = self.app.session
        if session is not None and session.pending and not self.running:
            self._run(session)

    def _run(self, session: PlanSession) -> None:
        self.running = True
        self.app.show_recomputing()
        # a description, or Textual reprs the whole plan
        self.app.run_worker(partial(self._evaluate, session, session.plan), group="evaluate", description="evaluate the plan", exit_on_error=False, thread=True)

    def _evaluate(self, session: PlanSession, plan: Plan) -> None:
        try:
            result: Evaluation | Exception = session.evaluate(plan)
        except Exception as error:  # PlannerError; anything else is reported the same way
            result = error
        self.app.post_message(Evaluated(session, plan, result))

    def arrived(self, message: Evaluated) -> None:
        """A worker's evaluation arrived: settle it if it is still the plan on screen, else evaluate the latest."""
        self.running = False
        app, session = self.app, self.app.session
        app.show_recomputing()
        if session is not None and session.scenarios_pending:
            if message.session is session:
                self._scenarios_arrived(session, message)
            else:  # meant for the plan that was open before this one
                self.scenarios()
            return
        if session is None or not session.pending:
            self._run_waiting()  # an edit was evaluated meanwhile: nothing is pending any more
            return
        if message.session is not session or message.plan is not session.plan:
            self.if_pending(typing=self.typing)  # edited again meanwhile: evaluate the latest plan
            return
        if isinstance(message.result, Exception):
            session.unstage()
            self.forget_waiting()
            app.refresh_view()
            app.show_error(_("Edit not applied"), as_problem(message.result))
            return
        session.settle(message.plan, message.result)
        app.refresh_view()
        app.call_after_refresh(session.release)  # an evaluation the undo steps no longer keep is freed after the frame
        self._run_waiting()

    def _scenarios_arrived(self, session: PlanSession, message: Evaluated) -> None:
        if isinstance(message.result, Exception):  # the plan's own evaluation stands; saving or exporting will say it again
            self.forget_waiting()
            self.app.show_error(_("Scenarios not evaluated"), as_problem(message.result))
            self.app.ranges.if_needed()  # they waited for the scenarios
            return
        if session.complete(message.plan, message.result):
            self.app.refresh_view()
        self._run_waiting()

    def _run_waiting(self) -> None:
        if self.app.session is not None and not self.app.session.pending:
            waiting, self._waiting = self._waiting, []
            for then in waiting:
                then()

    def pending(self, scenarios: bool = False) -> bool:
        """Results are still being computed: a pending plan, or with `scenarios` also the scenarios of the plan just opened."""
        session = self.app.session
        return session is not None and (session.pending or (scenarios and session.scenarios_pending and self.running))

    def forget_waiting(self) -> None:
        """Drop the keys waiting for results (the plan they were meant for was replaced)."""
        self._waiting.clear()

    def when_done(self, then: Callable[[], object], scenarios: bool = False) -> None:
        """Run `then` now, or once the pending evaluation (with `scenarios`, also the scenarios of the plan
        just opened) has arrived, so it sees matching results."""
        if self.pending(scenarios):
            self._waiting.append(then)
        else:
            then()


class BackgroundRanges:
    """The ranges of the evaluation on screen, drawn in a worker a moment after each evaluation."""

    def __init__(self, app: PlannerApp, enabled: bool):
        self.app = app
        self.enabled = enabled
        """Compute the plan's ranges (P10-P90, `show --ranges`) in the background after each evaluation."""
        self.result: Ranges | None = None
        """The ranges of `of` (the current evaluation once they arrive)."""
        self.of: Evaluation | None = None
        self.done: float | None = None
        """How far the running computation is (0..1); None when none runs."""
        self._timer: Timer | None = None

    def drawn_here(self) -> bool:
        """Whether the app draws this plan's ranges itself (plans up to RANGES_IN_APP_UP_TO workloads)."""
        from planner.domain.limits import RANGES_IN_APP_UP_TO

        session = self.app.session
        return session is not None and len(session.plan.workloads) <= RANGES_IN_APP_UP_TO

    def current(self) -> Ranges | None:
        """The ranges of the evaluation on screen, when they have arrived."""
        session = self.app.session
        if session is None or session.pending or self.of is not session.evaluation:
            return None
        return self.result

    def if_needed(self) -> None:
        """Start drawing the current evaluation's ranges after RANGES_PAUSE_S (typing restarts the pause)."""
        session = self.app.session
        if not self.enabled or session is None or session.pending or self.of is session.evaluation or not session.evaluation.ledger:
            return
        if not self.drawn_here():
            return  # a large plan: drawing after every edit would slow every keystroke (see RANGES_IN_APP_UP_TO)
        if self._timer is not None:
            self._timer.stop()
        self.done = 0.0
        self._timer = self.app.set_timer(RANGES_PAUSE_S, self.start)

    def start(self) -> None:
        self._timer = None
        session = self.app.session
        if session is not None and session.scenarios_pending and self.app.evaluations.running:
            return  # one computation at a time: the scenarios' arrival (refresh_view, or their failure) starts the pause again
        if session is not None and not session.pending and self.of is not session.evaluation:
            work = partial(self._draw, session.plan, session.evaluation)
            self.app.run_worker(work, group="ranges", description="ranges of the plan", exit_on_error=False, exclusive=True, thread=True)

    def _draw(self, plan: Plan, evaluation: Evaluation) -> None:
        from planner.domain.ranges import evaluate_ranges

        app = self.app
        try:
            result: object = evaluate_ranges(plan, app.catalog, evaluation, progress=lambda done: app.post_message(RangesProgress(evaluation, done)))
        except Exception as error:  # an engine bug: the ranges stay away, the plan and its point figures stay
            result = error
        app.post_message(RangesProgress(evaluation, 1.0, result))

    def progressed(self, message: RangesProgress) -> None:
        """A worker's progress or result: the Overview's bar moves, or the screens that show ranges redraw."""
        app, session = self.app, self.app.session
        if session is None or message.evaluation is not session.evaluation:
            return
        if message.result is None:
            self.done = message.done
            overview = app.panes.get("overview")
            if overview is not None and app.active_tab == "overview":
                overview.show_ranges()  # type: ignore[attr-defined]
            return
        self.done = None
        self.of = message.evaluation
        self.result = message.result if not isinstance(message.result, Exception) else None  # type: ignore[assignment]
        if isinstance(message.result, Exception):
            app.notify(_("Ranges not computed: {error}", error=message.result), severity="warning")
        for tab in RANGES_TABS:
            pane = app.panes.get(tab)
            if pane is not None:
                pane.stale = True
        if app.active_tab in RANGES_TABS:
            app.show_active()
