"""The session behind the app, without a terminal: validation, undo, fingerprints, saving."""

from __future__ import annotations

import os

import pytest

from planner.errors import PlannerError
from planner.store.loader import read_plan
from planner.tui.edits import FieldInvalid, with_organization_field, with_workload, without_workload
from planner.tui.session import PlanSession


@pytest.fixture
def session(plan_copy, catalog):
    return PlanSession.open(plan_copy(), catalog)


def test_invalid_edit_never_reaches_the_plan(session):
    before = session.plan
    bad = before.workloads[0].model_copy(update={"id": "faq", "cloud_model": "gpt-5-imaginary"})
    with pytest.raises(PlannerError, match="unknown cloud model 'gpt-5-imaginary'"):
        session.apply(with_workload(before, bad))
    assert session.plan is before and not session.dirty and not session.can_undo
    with pytest.raises(FieldInvalid, match="greater than 0"):
        with_organization_field(before, "employees", 0)


def test_typing_in_one_field_is_one_undo_step(session):
    original = session.plan
    for value in (6, 65, 650):
        session.apply(with_organization_field(session.plan, "employees", value), coalesce="employees")
    session.apply(with_organization_field(session.plan, "ml_engineers", 3), coalesce="ml_engineers")
    assert session.plan.organization.employees == 650
    session.undo()
    assert session.plan.organization.ml_engineers == original.organization.ml_engineers
    assert session.plan.organization.employees == 650
    session.undo()
    assert session.plan == original and not session.dirty
    assert not session.undo()
    session.redo()
    assert session.plan.organization.employees == 650


def test_fingerprint_ignores_touch_but_not_content(session):
    path = session.path
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert not session.changed_on_disk()
    path.write_text(path.read_text(encoding="utf-8").replace("employees = 500", "employees = 501"), encoding="utf-8")
    assert session.changed_on_disk()
    path.unlink()
    assert session.changed_on_disk()


def test_save_writes_summary_and_updates_fingerprint(session, catalog):
    session.apply(without_workload(session.plan, "marketing"))
    assert session.dirty
    session.save()
    assert not session.dirty and not session.changed_on_disk()
    reloaded = read_plan(session.path, catalog)
    assert [w.id for w in reloaded.workloads] == [w.id for w in session.plan.workloads]
    assert reloaded.summary["placement"] == {w.id: w.placement for w in session.evaluation.workloads}


def test_untitled_plan_needs_a_path(catalog, tmp_path):
    from tests.tui.conftest import EXAMPLE

    session = PlanSession.untitled(EXAMPLE.read_text(encoding="utf-8"), catalog, EXAMPLE.stem)
    assert session.display_name == f"untitled (from {EXAMPLE.stem})" and not session.dirty
    with pytest.raises(PlannerError, match="choose a file"):
        session.save()
    written = session.save(tmp_path / "mine.toml")
    assert session.path == written and written.exists()


def test_undo_and_redo_show_the_kept_results_without_evaluating(session, monkeypatch):
    opened = session.evaluation
    session.apply(with_organization_field(session.plan, "employees", 650))
    edited = session.evaluation
    monkeypatch.setattr(session.evaluator, "evaluate", lambda plan: pytest.fail("evaluated again"))
    assert session.undo() and session.evaluation is opened
    assert session.redo() and session.evaluation is edited and session.plan.organization.employees == 650


def test_only_recent_steps_keep_their_results(session):
    from planner.tui.session import EVALUATIONS_KEPT

    for employees in range(600, 600 + EVALUATIONS_KEPT + 3):
        session.apply(with_organization_field(session.plan, "employees", employees))
    kept = [evaluation is not None for _plan, evaluation in session.undo_stack]
    assert kept == [False] * 3 + [True] * EVALUATIONS_KEPT
    while session.undo():  # the oldest steps are evaluated again when reached
        assert session.evaluation.name == session.plan.name and not session.pending
    assert session.plan.organization.employees != 600 + EVALUATIONS_KEPT + 2


def test_an_edit_of_a_plan_with_task_edits_is_levelled_once_for_the_check_and_the_evaluation(tmp_path, catalog, monkeypatch):
    """Checking a plan's task edits places, sizes and levels it; the session's evaluation then reuses that
    (its Evaluator is the one the check filled) instead of levelling the edited plan a second time."""
    from planner.domain import schedule
    from planner.domain.evaluate import evaluate
    from tests.conftest import ROOT

    path = tmp_path / "plan.toml"
    text = (ROOT / "plans" / "midsize-chatbot.toml").read_text(encoding="utf-8").split("\n[summary]")[0]
    path.write_text(text + '\n[[tasks]]\nid = "p2.env-setup"\nduration_days = 40\n', encoding="utf-8")
    session = PlanSession.open(path, catalog)
    edited = with_organization_field(session.plan, "ml_engineers", session.plan.organization.ml_engineers + 1)
    levelled = []
    build = schedule._build_schedule
    monkeypatch.setattr(schedule, "_build_schedule", lambda *args, **kwargs: levelled.append(args[1]) or build(*args, **kwargs))
    assert session.apply(edited)
    in_the_session = len(levelled)
    levelled.clear()
    alone = evaluate(edited, catalog)
    assert in_the_session == len(levelled) >= 2  # the plan and its rented-GPU variant, each scenario's too
    assert session.evaluation == alone


def test_evaluating_with_the_collector_on_does_not_walk_the_frozen_objects(session, monkeypatch):
    """The app keeps its evaluations out of the collector's reach (gc.freeze) with the collector on; an edit's
    evaluation, a reload and opening a plan pause the collector without asking gc.get_freeze_count(), which walks
    every frozen object (~27 ms with a 1,000-workload plan open: a fifth of each re-evaluation's CPU), and turn it
    back on."""
    import gc

    from planner.tui.heap import keep_out_of_collections

    asked = []
    real = gc.get_freeze_count
    monkeypatch.setattr(gc, "get_freeze_count", lambda: asked.append(1) or real())
    enabled = gc.isenabled()
    gc.enable()
    try:
        keep_out_of_collections()
        plan = session.plan.model_copy(update={"name": "Renamed"})
        assert session.apply(plan) and session.evaluation.name == "Renamed"
        session.save()
        session.reload()
        PlanSession.open(session.path, session.catalog)
        assert gc.isenabled() and asked == []
    finally:
        if not enabled:
            gc.disable()
