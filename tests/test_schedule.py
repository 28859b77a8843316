"""The Phase 1-4 schedule: dates computed from the template, lead times, edits and staff levelling.

The small plan below is dated by hand in the comments (day N = 2026-03-02 + N days; a task of D days
starting on day S ends on day S+D-1 and its successors start on day S+D). Placements and sizing are
given directly so that the dates depend on the schedule alone; the catalogs are the real ones.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.domain.plan import Organization, Plan, TaskEdit
from planner.domain.resolve import Assumptions
from planner.domain.results import GpuGroup, Schedule, ScheduledTask, Sizing, WorkloadResult
from planner.domain.ledger import Calendar, build_ledger
from planner.domain.schedule import build_schedule, tasks_started_before
from planner.domain.validate import PlanInvalid
from planner.store.catalogs import load_catalog
from planner.store.loader import read_plan
from tests.conftest import ROOT

START = date(2026, 3, 2)


def day(n: int) -> date:
    return START + timedelta(days=n)


def small_plan(ml_engineers: int = 3, tasks: list[TaskEdit] | None = None, **assumptions) -> Plan:
    # Phase 4 may start as soon as Phase 3 ends here (the default waits for month 12), so the hand-dated
    # chain below shows the task graph alone; test_phase_4_waits_for_month_12 covers the default.
    assumptions = {"phase4_start_months": 0, **assumptions}
    return Plan(
        name="Hand-checked",
        start=START,
        organization=Organization(industry="general", employees=300, ml_engineers=ml_engineers, staff={"devops": 1, "security": 1, "pm": 1}),
        assumptions=assumptions,
        tasks=tasks or [],
    )


# "docs" runs on-prem (the cloud may not see its data); "qa" runs on the cloud.
RESULTS = [
    WorkloadResult(id="docs", name="Document search", kind="internal_rag", placement="on_prem", recommended="on_prem", overridden=False, cloud_allowed=False, onprem_share=1.0),
    WorkloadResult(id="qa", name="Staff Q&A", kind="general_qa", placement="cloud", recommended="cloud", overridden=False, cloud_allowed=True, onprem_share=0.0),
]


def group(gpu: str, gpus: int, workloads: list[str]) -> GpuGroup:
    return GpuGroup(gpu=gpu, open_model="llama-3.1-8b", precision="fp16", gpus_per_replica=1, replicas=gpus, gpus=gpus, servers=1, workloads=workloads, capex_krw=0, power_w=0)


# Pilot: 2 x RTX 4090 (lead time 1 week quoted / 3 realistic); production: 2 x A100 80GB (6 / 13 weeks).
SIZING = Sizing(groups=[group("a100-80gb", 2, ["docs"])], pilot=group("rtx-4090", 2, ["docs"]))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(None)


def schedule_of(catalog, plan: Plan, results=RESULTS, sizing=SIZING):
    return build_schedule(plan, results, sizing, catalog, Assumptions(catalog, plan.assumptions))


def dates(schedule) -> dict[str, tuple[date, date]]:
    return {t.id: (t.start, t.end) for t in schedule.tasks}


def test_small_plan_dates_by_hand(catalog):
    s = schedule_of(catalog, small_plan())
    got = dates(s)
    expected = {
        # Phase 1
        "p1.security-review": (day(0), day(27)),  # 28 days from day 0
        "p1.offline-poc.docs": (day(0), day(41)),  # 42 days, no dependency (the cloud may not see docs)
        "p1.cloud-poc.qa": (day(28), day(69)),  # after the security review (finish 28); 42 days
        "p1.usage-data": (day(28), day(87)),  # after the security review; 60 days
        "p1.order-pilot-gpus": (day(0), day(20)),  # RTX 4090 realistic 3 weeks = 21 days
        "p1.done": (day(88), day(88)),  # milestone: the day after usage-data's last day (87)
        # Phase 2
        "p2.env-setup": (day(21), day(48)),  # the day the pilot GPUs arrive; 28 days
        "p2.pilot.docs": (day(88), day(129)),  # after p1.done (88) and env-setup (finish 49); 42 days
        "p2.compare": (day(130), day(150)),  # 21 days
        "p2.order-production-gpus": (day(88), day(178)),  # A100 realistic 13 weeks = 91 days from p1.done
        "p2.datacenter-ready": (day(88), day(143)),  # 56 days from p1.done
        "p2.done": (day(151), day(151)),
        # Phase 3
        "p3.routing-gateway": (day(151), day(178)),  # a cloud share and an on-prem share: needed; 28 days
        "p3.install-production": (day(179), day(192)),  # production GPUs arrive on day 179; 14 days
        "p3.migrate.docs": (day(193), day(220)),  # 28 days
        "p3.monitoring": (day(193), day(213)),  # 21 days
        "p3.model-versioning": (day(214), day(227)),  # 14 days
        "p3.placement-review": (day(184), day(190)),  # not before 2026-09-02 (6 months) = day 184; 7 days
        "p3.done": (day(228), day(228)),
        # Phase 4
        "p4.fine-tune": (day(228), day(287)),  # 60 days
        "p4.shrink-cloud": (day(228), day(257)),  # 30 days
        "p4.tco-review": (day(288), day(301)),  # 14 days
        "p4.done": (day(302), day(302)),
    }
    assert got == expected
    # Spot-check the arithmetic in calendar terms: day 88 is 2026-05-29, day 179 is 2026-08-28.
    assert day(88) == date(2026, 5, 29) and day(179) == date(2026, 8, 28)
    assert s.pilot_delivery == date(2026, 3, 23)  # day 21
    assert s.production_delivery == date(2026, 8, 28)  # day 179
    assert s.migration_end == {"docs": date(2026, 10, 8)}  # day 220
    assert s.go_live == date(2026, 10, 9)  # the day after the first migration ends
    assert s.critical_path == [
        "p1.security-review",
        "p1.usage-data",
        "p1.done",
        "p2.order-production-gpus",
        "p3.install-production",
        "p3.monitoring",
        "p3.model-versioning",
        "p3.done",
        "p4.fine-tune",
        "p4.tco-review",
        "p4.done",
    ]
    slack = {t.id: t.slack_days for t in s.tasks}
    assert slack["p3.migrate.docs"] == 7  # ends day 220; p3.done waits for model-versioning until day 227
    assert slack["p2.datacenter-ready"] == 35  # finish 144 vs install's start 179


def test_small_plan_phases_and_staff(catalog):
    s = schedule_of(catalog, small_plan())
    phases = {p.phase: (p.start, p.end) for p in s.phases}
    assert phases == {
        1: (day(0), day(87)),  # to usage-data's last day; p1.done (day 88) is a milestone
        2: (day(21), day(150)),  # from env-setup; to compare (the production order's wait does not count)
        3: (day(151), day(227)),  # from the gateway to model versioning
        4: (day(228), day(301)),
    }
    phase4 = next(p for p in s.phases if p.phase == 4)
    # 74 days: fine-tune 60 x 1.0 + shrink-cloud 30 x 0.3 + tco-review 14 x 0.2 = 71.8 ML-days,
    # + operations 0.5 x 74 = 37 -> 108.8 / 74 = 1.47; devops: operations 0.2; pm: 14 x 0.3 / 74 = 0.06.
    assert phase4.staff_fte == {"ml_engineer": 1.47, "devops": 0.2, "pm": 0.06}


def test_end_dates_are_inclusive_and_milestones_follow_their_last_predecessor(catalog):
    s = schedule_of(catalog, small_plan())
    review = next(t for t in s.tasks if t.id == "p1.security-review")
    assert (review.start, review.end, review.duration_days) == (date(2026, 3, 2), date(2026, 3, 29), 28)
    for task in s.tasks:
        if task.duration_days:
            assert (task.end - task.start).days + 1 == task.duration_days
        else:
            assert task.start == task.end


def test_quoted_lead_times_move_phase3_end_by_the_critical_path_difference(catalog):
    realistic = schedule_of(catalog, small_plan(lead_time="realistic"))
    quoted = schedule_of(catalog, small_plan(lead_time="quoted"))
    end3 = {s: next(p.end for p in x.phases if p.phase == 3) for s, x in (("realistic", realistic), ("quoted", quoted))}
    # Realistic: the A100 order (91 days from day 88) is critical; install starts day 179 and Phase 3
    # ends with model versioning on day 227 (see the hand-dated test).
    # Quoted: the order takes 42 days (finish 130) and no longer binds; install waits for p2.done (day 151):
    # install 151-164, monitoring 165-185, model versioning 186-199; the gateway ends 178, so the
    # migration runs 179-206 and is now the last Phase 3 task. The critical path to Phase 3's end
    # shrinks from 227 to 206: 21 days, not the 49 days of lead time the vendor quote saves.
    assert end3["realistic"] == day(227)
    assert end3["quoted"] == day(206)
    assert "p2.order-production-gpus" in realistic.critical_path
    assert "p2.order-production-gpus" not in quoted.critical_path
    assert quoted.production_delivery == day(88 + 42)


def test_lead_time_edit_moves_downstream_dates_and_nothing_upstream(catalog):
    base = schedule_of(catalog, small_plan())
    edit = TaskEdit(id="p2.order-production-gpus", lead_time_weeks=20, note="vendor says 20 weeks")
    late = schedule_of(catalog, small_plan(tasks=[edit]))
    before, after = dates(base), dates(late)
    order = next(t for t in late.tasks if t.id == "p2.order-production-gpus")
    assert order.lead_time_weeks == 20 and order.duration_days == 140 and order.edited
    assert any("lead time 20 weeks" in n and "vendor says 20 weeks" in n for n in order.notes)
    downstream = {"p3.install-production", "p3.migrate.docs", "p3.monitoring", "p3.model-versioning", "p3.done", "p4.fine-tune", "p4.shrink-cloud", "p4.tco-review", "p4.done"}
    shift = 140 - 91  # 20 weeks instead of 13, on the critical path
    for task_id, (start, end) in before.items():
        if task_id in downstream:
            assert after[task_id] == (start + timedelta(days=shift), end + timedelta(days=shift)), task_id
        elif task_id == "p2.order-production-gpus":
            assert after[task_id] == (start, end + timedelta(days=shift))
        else:
            assert after[task_id] == (start, end), f"{task_id} is not downstream of the order and must not move"


def test_levelling_one_ml_engineer_holds_environment_setup_back(catalog):
    three = {t.id: t for t in schedule_of(catalog, small_plan(ml_engineers=3)).tasks}
    one_schedule = schedule_of(catalog, small_plan(ml_engineers=1))
    one = {t.id: t for t in one_schedule.tasks}
    # Three engineers: env-setup (1.0 FTE) starts the day the pilot GPUs arrive (day 21), next to the
    # security review (0.2) and the offline POC (0.3).
    assert three["p2.env-setup"].start == day(21) and not any("held back" in n for n in three["p2.env-setup"].notes)
    # One engineer: env-setup needs all of him. The cloud POC (latest start 46) and usage data (28)
    # lead to the critical p1.done, so they are placed before env-setup (latest start 88); env-setup
    # waits until the last of the Phase 1 tasks lets go of the engineer: usage data, days 28-87.
    env = one["p2.env-setup"]
    assert (env.start, env.end) == (day(88), day(115))
    assert env.notes == [
        "held back 67 days by staff levelling: ml_engineer (1 person) busy with p1.security-review until 2026-03-29, "
        "then p1.offline-poc.docs until 2026-04-12, then p1.cloud-poc.qa until 2026-05-10, then p1.usage-data until 2026-05-28"
    ]
    # Nobody ever uses more ML engineers than there are, operations (0.5 from go-live) included.
    for d in range((one_schedule.tasks[-1].end - START).days + 1):
        today = day(d)
        busy = sum(t.roles.get("ml_engineer", 0) for t in one.values() if t.duration_days and t.start <= today <= t.end)
        busy += 0.5 if today >= one_schedule.go_live else 0
        assert busy <= 1 + 1e-9, today
    assert one["p4.done"].start == day(413) and three["p4.done"].start == day(302)


def test_operations_leave_half_an_engineer_so_later_work_stretches(catalog):
    one = {t.id: t for t in schedule_of(catalog, small_plan(ml_engineers=1)).tasks}
    fine_tune = one["p4.fine-tune"]
    # After go-live operations hold 0.5 of the only ML engineer: 60 days at 1.0 become 120 at 0.5.
    assert fine_tune.duration_days == 120 and fine_tune.roles == {"ml_engineer": 0.5}
    assert any("operations of on-prem serving leave 0.5 of 1 free" in n for n in fine_tune.notes)
    # Phase 4's staff counts it at the 0.5 it runs with: on average never more than the one engineer there is.
    phase4 = next(p for p in schedule_of(catalog, small_plan(ml_engineers=1)).phases if p.phase == 4)
    assert 0.5 < phase4.staff_fte["ml_engineer"] <= 1


def test_a_role_nobody_holds_gets_one_stand_in_with_a_warning(catalog):
    plan = small_plan(ml_engineers=0).model_copy(update={"organization": Organization(ml_engineers=0)})
    s = schedule_of(catalog, plan)
    assert s.capacity["ml_engineer"] == 1
    assert any("nobody for ml_engineers, staff.devops, staff.security, staff.pm" in w for w in s.warnings)


def test_custom_task_and_added_dependency(catalog):
    edits = [
        TaskEdit(id="vendor-audit", name="Vendor security audit", phase=2, duration_days=10, depends_on=["p1.done"], roles={"security": 0.5}),
        TaskEdit(id="p3.install-production", depends_on=["vendor-audit"]),
    ]
    s = schedule_of(catalog, small_plan(tasks=edits))
    got = dates(s)
    assert got["vendor-audit"] == (day(88), day(97))
    assert got["p3.install-production"] == (day(179), day(192))  # the audit ends long before the GPUs arrive
    install = next(t for t in s.tasks if t.id == "p3.install-production")
    assert "vendor-audit" in install.depends_on and install.edited


def test_editing_a_per_workload_template_edits_every_instance(catalog):
    results = RESULTS + [RESULTS[0].model_copy(update={"id": "notes", "name": "Clinical notes"})]
    s = schedule_of(catalog, small_plan(tasks=[TaskEdit(id="p3.migrate", duration_days=14)]), results=results)
    migrations = [t for t in s.tasks if t.template == "p3.migrate"]
    assert {t.id for t in migrations} == {"p3.migrate.docs", "p3.migrate.notes"}
    assert all(t.duration_days == 14 for t in migrations)


def test_an_edit_of_one_instance_leaves_its_alike_siblings_as_they_were(catalog):
    """Tasks alike in dependencies and notes share one list of them: an edit of one instance (a dependency and a
    note added) changes that task's, not its siblings'."""
    results = RESULTS + [RESULTS[0].model_copy(update={"id": "notes", "name": "Clinical notes"})]
    before = {t.id: t for t in schedule_of(catalog, small_plan(), results=results).tasks}
    edit = TaskEdit(id="p3.migrate.docs", depends_on=["p1.done"], note="after the review")
    after = {t.id: t for t in schedule_of(catalog, small_plan(tasks=[edit]), results=results).tasks}
    assert before["p3.migrate.docs"].depends_on == before["p3.migrate.notes"].depends_on
    assert "p1.done" in after["p3.migrate.docs"].depends_on and after["p3.migrate.docs"].notes
    assert after["p3.migrate.notes"].depends_on == before["p3.migrate.notes"].depends_on
    assert after["p3.migrate.notes"].notes == before["p3.migrate.notes"].notes


def test_start_constraint_that_dependencies_push_later_says_why(catalog):
    edit = TaskEdit(id="p3.migrate.docs", start=date(2026, 7, 1))
    s = schedule_of(catalog, small_plan(tasks=[edit]))
    message = next(w for w in s.warnings if "cannot start before" in w)
    assert message == (
        "p3.migrate.docs (Migrate to on-prem: Document search) cannot start before 2026-09-11 (the plan says 2026-07-01) "
        "because p3.install-production (Install production hardware) ends 2026-09-10 (after p2.order-production-gpus: lead time 13 weeks)"
    )


def test_start_constraint_that_holds_delays_the_task(catalog):
    s = schedule_of(catalog, small_plan(tasks=[TaskEdit(id="p3.monitoring", start=date(2026, 10, 1))]))
    got = dates(s)
    assert got["p3.monitoring"] == (date(2026, 10, 1), date(2026, 10, 21))
    assert not any("cannot start" in w for w in s.warnings)


def test_unknown_dependency_is_a_problem_at_the_edit(catalog):
    with pytest.raises(PlanInvalid) as error:
        schedule_of(catalog, small_plan(tasks=[TaskEdit(id="p3.monitoring", depends_on=["p2.order-production-gpu"])]))
    (problem,) = error.value.problems
    assert problem.path == ("tasks", 0, "depends_on")
    assert problem.message == 'p3.monitoring depends on unknown task "p2.order-production-gpu" (did you mean "p2.order-production-gpus"?)'


def test_new_task_without_name_phase_duration_is_a_problem(catalog):
    with pytest.raises(PlanInvalid) as error:
        schedule_of(catalog, small_plan(tasks=[TaskEdit(id="p3.monitorin", duration_days=3)]))
    (problem,) = error.value.problems
    assert problem.path == ("tasks", 0, "id")
    assert 'no generated task is called "p3.monitorin" (did you mean "p3.monitoring"?); a new task needs name, phase' == problem.message


def test_cycle_names_the_tasks(catalog):
    edits = [TaskEdit(id="p2.env-setup", depends_on=["p3.migrate.docs"])]
    with pytest.raises(PlanInvalid) as error:
        schedule_of(catalog, small_plan(tasks=edits))
    (problem,) = error.value.problems
    assert problem.path == ("tasks", 0, "depends_on")
    assert problem.message.startswith("dependency cycle: ")
    cycle = problem.message.removeprefix("dependency cycle: ").split(" (")[0].split(" -> ")
    assert cycle[0] == cycle[-1]
    assert {"p2.env-setup", "p2.pilot.docs", "p3.migrate.docs"} <= set(cycle)


def test_cycle_is_a_validation_problem_found_before_evaluation(catalog):
    from planner.domain.validate import plan_problems

    plan = read_plan(ROOT / "plans" / "midsize-chatbot.toml", catalog)  # internal-chatbot migrates on-prem in phase 3
    cyclic = plan.model_copy(update={"tasks": [TaskEdit(id="p2.env-setup", depends_on=["p3.migrate.internal-chatbot"])]})
    [problem] = plan_problems(cyclic, catalog)
    assert problem.path == ("tasks", 0, "depends_on") and problem.message.startswith("dependency cycle: ")
    fine = plan.model_copy(update={"tasks": [TaskEdit(id="p2.env-setup", duration_days=40)]})
    assert plan_problems(fine, catalog) == []


@pytest.mark.parametrize("sample", ["large-enterprise.toml", "midsize-chatbot.toml"])
def test_loading_a_plan_with_task_edits_levels_it_once_for_the_check_and_the_evaluation(catalog, tmp_path, monkeypatch, sample):
    """Checking the task edits places, sizes and levels the plan (and each scenario); loading then evaluates
    it with what that check built: as many schedules are levelled as one evaluation levels, and the
    evaluation is the one `evaluate` gives."""
    from planner.domain import evaluate as evaluate_module, schedule
    from planner.store.loader import load

    path = tmp_path / sample
    text = (ROOT / "plans" / sample).read_text(encoding="utf-8").split("\n[summary]")[0]
    path.write_text(text + '\n[[tasks]]\nid = "p2.env-setup"\nduration_days = 40\n', encoding="utf-8")
    levelled = []
    build = schedule._build_schedule

    def counted(*args, **kwargs):
        levelled.append(args[1])
        return build(*args, **kwargs)

    monkeypatch.setattr(schedule, "_build_schedule", counted)
    loaded = load(path, catalog)
    on_load = len(levelled)
    levelled.clear()
    evaluation = evaluate_module.evaluate(loaded.plan, catalog)
    assert on_load == len(levelled) >= 2
    assert loaded.evaluation == evaluation
    assert any(t.id == "p2.env-setup" and t.duration_days == 40 for t in evaluation.schedule.tasks)


def test_edit_of_a_task_this_plan_does_not_have_is_ignored_with_a_warning(catalog):
    s = schedule_of(catalog, small_plan(tasks=[TaskEdit(id="p1.deid-pipeline.qa", duration_days=10)]))
    assert any("task 'p1.deid-pipeline.qa' is not in this plan" in w for w in s.warnings)


def test_a_schedule_is_what_validating_its_values_gives_with_plain_text_warnings_made_messages(catalog):
    """A schedule is made from its values as they are (`Schedule.of_valid`) unless a warning is plain text (a task edit's),
    which validation makes a Message (shown translated where its template is known, as every other warning)."""
    from planner.domain.messages import Message
    from tests.test_results_as_validated import _assert_as_validated

    plain = schedule_of(catalog, small_plan(tasks=[TaskEdit(id="p1.deid-pipeline.qa", duration_days=10)]))
    assert any(type(w) is Message and "is not in this plan" in w for w in plain.warnings)
    for s in (plain, schedule_of(catalog, small_plan(ml_engineers=1))):
        _assert_as_validated(s)
        assert s.warnings and all(type(w) is Message for w in s.warnings)


# -- the real sample plans -------------------------------------------------------------------------


def evaluated(catalog, stem: str, **assumptions):
    from planner.cli import sample_plan_dir
    from planner.domain.evaluate import evaluate

    plan = read_plan(sample_plan_dir() / f"{stem}.toml", catalog)
    if assumptions:
        plan = plan.model_copy(update={"assumptions": {**plan.assumptions, **assumptions}})
    return evaluate(plan, catalog)


def test_cloud_forbidden_workloads_never_get_a_cloud_task(catalog):
    ev = evaluated(catalog, "defense-airgap")
    forbidden = [w.id for w in ev.workloads if not w.cloud_allowed]
    assert forbidden
    for workload in forbidden:
        mine = [t.template for t in ev.schedule.tasks if t.workload == workload]
        assert "p1.cloud-poc" not in mine and "p1.offline-poc" in mine


def test_all_cloud_plan_has_no_pilot_or_migration(catalog):
    ev = evaluated(catalog, "startup-coding")
    assert all(w.placement == "cloud" for w in ev.workloads)
    assert {p.phase for p in ev.schedule.phases} == {1, 3, 4}  # no pilot; Phase 3 is the 6-month review
    assert ev.schedule.go_live is None and ev.schedule.pilot_delivery is None
    review = next(t for t in ev.schedule.tasks if t.id == "p3.placement-review")
    assert review.start == date(2026, 9, 2)  # 2026-03-02 + 6 months


def test_sample_plan_realistic_lead_time_delays_production_delivery(catalog):
    # the bank keeping owned GPUs (with the hosting choice on, every self-hosted workload of it is rented: nothing on order)
    realistic = evaluated(catalog, "bank-customer-service", lead_time="realistic", gpuaas_hosting=False).schedule
    quoted = evaluated(catalog, "bank-customer-service", lead_time="quoted", gpuaas_hosting=False).schedule
    h100 = catalog.gpus["h100-80gb"].lead_time_weeks
    order = {s: next(t for t in x.tasks if t.template == "p2.order-production-gpus") for s, x in (("r", realistic), ("q", quoted))}
    assert order["r"].start == order["q"].start
    assert (realistic.production_delivery - quoted.production_delivery).days == (h100.realistic - h100.quoted) * 7
    end3 = [next(p.end for p in s.phases if p.phase == 3) for s in (realistic, quoted)]
    assert 0 < (end3[0] - end3[1]).days <= (h100.realistic - h100.quoted) * 7


def test_cli_validate_reports_cycle_and_unknown_task_with_lines(plan_copy, run_cli):
    path = plan_copy("midsize-chatbot")
    text = path.read_text(encoding="utf-8")
    head, summary = text.split("\n[summary]", 1) if "\n[summary]" in text else (text, None)
    scenarios_at = head.find("\n[scenarios")
    body, tail = (head[:scenarios_at], head[scenarios_at:]) if scenarios_at >= 0 else (head, "")
    edits = '\n[[tasks]]\nid = "p2.env-setup"\ndepends_on = ["p3.migrate.internal-chatbot"]\n\n[[tasks]]\nid = "p3.monitoring"\ndepends_on = ["p2.order-prod-gpus"]\n'
    path.write_text(body + edits + tail + ("\n[summary]" + summary if summary is not None else ""), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    unknown_line = lines.index('depends_on = ["p2.order-prod-gpus"]') + 1
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert f'{path}:{unknown_line}: tasks.1.depends_on: p3.monitoring depends on unknown task "p2.order-prod-gpus" (did you mean "p2.order-production-gpus"?)' in result.err
    # Fix the unknown reference: the cycle is what is left.
    path.write_text(path.read_text(encoding="utf-8").replace("p2.order-prod-gpus", "p2.order-production-gpus"), encoding="utf-8")
    cycle_line = lines.index('depends_on = ["p3.migrate.internal-chatbot"]') + 1
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert result.err.startswith(f"{path}:{cycle_line}: tasks.0.depends_on: dependency cycle: ")
    assert "p2.env-setup" in result.err and "p3.migrate.internal-chatbot" in result.err


def test_show_json_tasks_and_phases_have_the_design_keys(run_cli):
    import json

    from planner.cli import sample_plan_dir

    result = run_cli("show", str(sample_plan_dir() / "midsize-chatbot.toml"), "--json")
    document = json.loads(result.out)
    for task in document["tasks"]:
        assert {"id", "name", "phase", "start", "end", "duration_days", "depends_on", "critical"} <= set(task)
        if task["duration_days"]:
            assert (date.fromisoformat(task["end"]) - date.fromisoformat(task["start"])).days + 1 == task["duration_days"]
    for phase in document["phases"]:
        assert {"phase", "name", "start", "end", "cost_krw", "cost_by_category_krw", "staff_fte"} <= set(phase)
    assert document["key_dates"]["go_live"]


def test_show_prints_phases_and_a_timeline(run_cli):
    from planner.cli import sample_plan_dir

    result = run_cli("show", str(sample_plan_dir() / "public-agency.toml"))
    assert "Phase 1 " in result.out and "Timeline (one column = " in result.out
    assert "Critical path (" in result.out
    assert "p3.migrate.internal-search: held back" in result.out  # one ML engineer: migrations take turns


# -- the engine on generated networks --------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_levelled_network_respects_dependencies_and_headcount(seed):
    from planner.domain.network import schedule_network
    from tests.bench.bench_schedule import ROLES, generated_network

    activities = generated_network(300, seed=seed)
    result = schedule_network(activities, ROLES)
    timings = result.timings
    for a in activities:
        t = timings[a.id]
        assert t.start >= max((timings[d].finish for d in a.depends_on), default=0)
        assert t.finish == t.start + t.duration
    for role, capacity in ROLES.items():
        load: dict[int, int] = {}
        for a in activities:
            t = timings[a.id]
            for d in range(t.start, t.finish):
                load[d] = load.get(d, 0) + a.demand.get(role, 0)
        assert max(load.values()) <= capacity
    unlevelled = schedule_network(activities)
    assert result.end >= unlevelled.end
    assert all(timings[aid].critical for aid in result.critical_path)
    assert timings[result.critical_path[-1]].finish == result.end


def test_scheduling_a_sound_plan_does_not_load_networkx():
    import subprocess
    import sys

    from planner.cli import sample_plan_dir

    code = (
        "import sys; from planner.store.catalogs import load_catalog; from planner.store.loader import read_plan; "
        "from planner.domain.evaluate import evaluate; c = load_catalog(None); "
        f"evaluate(read_plan({str(sample_plan_dir() / 'hospital.toml')!r}, c), c); assert 'networkx' not in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_one_levelling_pass_when_operations_fit_gives_the_two_pass_dates(monkeypatch):
    """The second pass (operations people reserved from go-live) is skipped only where it cannot move a date."""
    from planner.cli import sample_plan_dir
    from planner.domain import schedule
    from planner.domain.evaluate import evaluate
    from tests.bench.bench_engine import generated_plan

    catalog = load_catalog(None)
    plans = [read_plan(path, catalog) for path in sorted(sample_plan_dir().glob("*.toml"))] + [generated_plan(300)]
    skipped = []
    fits = schedule._reservation_fits

    def recorded(*args):
        skipped.append(fits(*args))
        return skipped[-1]

    def dates(plan):  # evaluate() keeps nothing between calls: each one levels from scratch
        return [(t.id, t.start, t.end, t.slack_days, t.critical) for t in evaluate(plan, catalog).schedule.tasks]

    monkeypatch.setattr(schedule, "_reservation_fits", recorded)
    once = [dates(plan) for plan in plans]
    monkeypatch.setattr(schedule, "_reservation_fits", lambda *args: False)
    twice = [dates(plan) for plan in plans]
    assert once == twice
    assert True in skipped  # the shortcut is taken on some of these plans


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_second_pass_taking_over_the_first_passs_early_tasks_gives_the_full_passs_dates_and_waits(seed):
    """Operations reserve people from go-live: the second pass takes over the tasks the first pass ended
    before that day instead of levelling them again. Start, length, every wait and holder, and every cut
    are those of a full second pass, on networks with two roles, tasks needing more than a role has
    (cut from the start) and tasks that never fit beside the reservation (cut when it starts)."""
    import random

    from planner.domain.network import Activity, Network, Reservation, RunLog

    rng = random.Random(seed)
    activities = []
    for i in range(400):
        window = range(max(0, i - 40), i)
        depends = tuple(f"t{j}" for j in sorted(rng.sample(window, min(len(window), rng.randint(0, 3)))))
        demand = {role: rng.choice((20, 50, 100, 150)) for role in ("ml_engineer", "devops") if rng.random() < 0.6}
        activities.append(Activity(f"t{i}", rng.choice((0, 7, 14, 28, rng.randint(1, 40))), depends, demand, rng.choice((0, 0, rng.randint(0, 300)))))
    capacity = {"ml_engineer": 100, "devops": 200}
    network = Network(activities)
    log = RunLog()
    first = network.run(capacity, log=log)
    middle = sorted(t.finish for t in first.values())[len(first) // 2]
    reservations = [Reservation("ml_engineer", middle, 50), Reservation("devops", middle + 30, 120)]

    def seen(timings):
        return {aid: (t.start, t.duration, t.earliest, t.driver, [(w.role, w.holders, w.until) for w in t.waits], t.stretched) for aid, t in timings.items()}

    full = Network(activities).run(capacity, reservations)
    taken = network.run(capacity, reservations, after=(first, log))
    assert seen(taken) == seen(full)
    assert list(taken) == list(full)  # taken in the same order
    reused = sum(taken[aid] is first[aid] for aid in taken)
    assert 0 < reused < len(taken)
    assert any(t.waits for t in full.values()) and any(t.stretched for t in full.values())


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_alike_tasks_levelled_as_a_group_get_the_dates_waits_and_holders_of_one_walk_each(seed, monkeypatch):
    """Per-workload tasks alike (one role, same need, length and earliest start) follow the first of them onto its
    start while there is room, without a walk each: with and without that, every start, length, wait, holder and
    cut, what a second pass learns from the run log when it takes over any number of the first tasks, and the second
    pass under reservations are the same."""
    import random

    from planner.domain import network
    from planner.domain.network import Activity, Network, Reservation, RunLog

    rng = random.Random(seed)
    needs = [{"ml_engineer": rng.choice((20, 30, 50, 100, 150))} for _ in range(3)] + [{"ml_engineer": 30, "devops": 50}, {"devops": rng.choice((30, 100))}]
    activities: list[Activity] = []
    once: list[str] = []
    per_workload = rng.randint(20, 80)
    for template in range(rng.randint(3, 6)):
        once.append(f"once{template}")
        activities.append(Activity(once[-1], rng.choice((0, 14, 60)), tuple(once[-2:-1]), rng.choice(needs), 0))
        demand, duration, not_before = needs[template % len(needs)], rng.choice((42, 28, 7, 0) if template else (42, 28)), rng.choice((0, 0, 30))
        depends = tuple(rng.sample(once, min(len(once), rng.randint(0, 2))))
        for w in range(per_workload):
            own = (f"t{template - 1}.{w}",) if template and rng.random() < 0.3 else ()
            odd = rng.random() < 0.05  # now and then one unlike its neighbours
            activities.append(Activity(f"t{template}.{w}", duration + odd, depends + own, dict(demand) if rng.random() < 0.2 else demand, 50 if odd else not_before))
    capacity = {"ml_engineer": rng.choice((100, 200, 600)), "devops": rng.choice((100, 200))}
    record = seed % 3 != 0

    def seen(timings):
        return [(aid, t.start, t.finish, t.duration, t.earliest, t.driver, [(w.role, w.holders, w.until) for w in t.waits], t.stretched) for aid, t in timings.items()]

    def levelled():
        net = Network(activities)
        log = RunLog()
        first = net.run(capacity, record_waits=record, log=log)
        day = sorted(t.finish for t in first.values())[len(first) // 2]
        reservations = [Reservation("ml_engineer", day, 50), Reservation("devops", day + 10, 30)]
        second = net.run(capacity, reservations, record_waits=record, after=(first, log))
        full = Network(activities).run(capacity, reservations, record_waits=record)
        assert seen(second) == seen(full)  # taking over the first pass's tasks (runs of alike ones at once) gives a whole pass's
        result = net.finish(second)
        return seen(first), learnt(log), seen(second), seen(full), result.order, result.critical_path, [(t.slack, t.critical) for t in second.values()]

    def learnt(log):
        """What a second pass taking over the first k tasks learns from the log (`Network._take_over`), for each k."""
        changes, last, done, after = log.changes, {}, 0, []
        for mark in log.marks:
            for i in range(done, mark, 4):
                last[changes[i], changes[i + 1], changes[i + 2]] = changes[i + 3]
            done = mark
            after.append(list(last.items()))
        return after

    followed = {"n": 0}
    follow = network._Alike.follow

    def counted(self, tasks, by_id, timings):
        followers, after = follow(self, tasks, by_id, timings)
        followed["n"] += len(followers)
        return followers, after

    monkeypatch.setattr(network._Alike, "follow", counted)
    grouped = levelled()
    assert followed["n"] > len(activities) // 10
    monkeypatch.setattr(network._Alike, "lead", lambda self, activity, timing: None)  # no group opened: every task walks
    assert grouped == levelled()
    if record:
        assert any(waits for *_, waits, _stretched in grouped[0])


def _first_pass_stopped_or_whole(seed: int) -> bool:
    """The first pass stops once its first-dated migration (alike ones: the first to end) fixes go-live and the tasks
    dated so far hold more than operations leave free from then on: go-live is that of the whole pass, the whole pass
    would not fit either, and the second pass under the reservation, taking over what it can of the stopped pass, gives
    every start, length, wait, holder and cut of the one after a whole first pass (and its critical path). Returns
    whether the pass stopped."""
    import random

    from planner.domain.network import Activity, Network, Reservation, RunLog
    from planner.domain.schedule import _reservation_fits

    rng = random.Random(seed)
    activities: list[Activity] = []
    once: list[str] = []
    workloads = rng.randint(20, 80)
    for template in range(rng.randint(3, 5)):
        once.append(f"once{template}")
        activities.append(Activity(once[-1], rng.choice((0, 14, 60)), tuple(once[-2:-1]), {"ml_engineer": rng.choice((20, 100))}, 0))
        demand = {"ml_engineer": rng.choice((20, 30, 50, 100))} if template % 3 else {"ml_engineer": 30, "devops": 50}
        duration, depends, not_before = rng.choice((28, 42)), tuple(rng.sample(once, min(len(once), rng.randint(1, 2)))), rng.choice((0, 0, 30))
        for w in range(workloads):
            odd = rng.random() < 0.05  # now and then one unlike its neighbours
            activities.append(Activity(f"t{template}.{w}", duration + odd, depends, dict(demand) if rng.random() < 0.2 else demand, not_before))
    # the migrations: alike, after the last template's task; then tasks after them (and some beside them)
    gate = once[-1]
    migration = {"ml_engineer": rng.choice((50, 100))} if seed % 2 else {"ml_engineer": 100, "devops": 30}
    migrations = [f"m.{w}" for w in range(workloads)]
    activities += [Activity(m, rng.choice((21, 28)) if i == 0 else activities[-1].duration, (gate,), migration, 0) for i, m in enumerate(migrations)]
    for w in range(workloads // 2):
        activities.append(Activity(f"after.{w}", rng.choice((7, 14)), (migrations[w],) if rng.random() < 0.5 else (gate,), {"ml_engineer": 30} if w % 3 else {"devops": 50}, 0))
    activities.append(Activity("end", 0, tuple(migrations), {}, 0))
    roomy = seed % 3 == 0  # people enough for operations beside the migrations: no second pass (nothing stops)
    capacity = {"ml_engineer": 5000 if roomy else rng.choice((200, 300, 600)), "devops": 5000 if roomy else rng.choice((100, 200))}
    ops = {"ml_engineer": rng.choice((50, 100, 150)), "devops": rng.choice((20, 50))}
    record = seed % 4 != 0

    def seen(timings):
        return [(aid, t.start, t.finish, t.duration, t.earliest, t.driver, [(w.role, w.holders, w.until) for w in t.waits], t.stretched) for aid, t in timings.items()]

    def levelled(live):
        net = Network(activities)
        log = RunLog()
        first = net.run(capacity, record_waits=record, log=log, live=(frozenset(migrations), ops) if live else None)
        day = log.stopped if log.stopped is not None else min(first[m].finish for m in migrations)
        if log.stopped is None:
            assert len(first) == len(activities)
            fits = _reservation_fits(net, first, capacity, ops, day, log.levels)
        else:
            assert len(first) < len(activities)
            fits = False
        second = net.run(capacity, [Reservation(role, day, amount) for role, amount in ops.items()], record_waits=record, after=(first, log))
        return log.stopped is not None, day, fits, seen(second), net.finish(second).critical_path

    stopped, *stopping = levelled(True)
    whole, *whole_pass = levelled(False)
    assert not whole
    assert stopping == whole_pass
    return stopped


def test_a_first_pass_stopped_once_operations_cannot_fit_from_go_live_gives_the_second_pass_of_a_whole_one():
    stopped = [_first_pass_stopped_or_whole(seed) for seed in range(1, 13)]
    assert 4 <= sum(stopped) < len(stopped)  # stopped on most networks, and not on some (operations fit beside them)


@pytest.mark.parametrize("seed", [2, 3, 6, 7, 99])  # 99: two waiters one after the other with one list of waits, the second with a smaller latest start
def test_levelling_order_and_slack_are_those_of_the_plain_heap_and_backward_pass(seed):
    """Every pass takes the tasks in one order worked out once per network (a heap of one integer per task), and slack
    passes a waiter's latest start to its holders once per tuple of holders where it cannot lower any: the order is
    the one a heap of (latest start, rank) pops, and slack, critical flags and the critical path those of the plain
    backward pass, on networks of alike per-workload tasks waiting for each other (shared holders) under reservations."""
    import heapq
    import random
    from collections import Counter

    from planner.domain.network import Activity, Network, Reservation, RunLog, _latest_starts

    rng = random.Random(seed)
    activities: list[Activity] = []
    once: list[str] = []
    workloads = rng.randint(20, 80)
    for template in range(rng.randint(3, 6)):
        once.append(f"once{template}")
        activities.append(Activity(once[-1], rng.choice((0, 14, 60)), tuple(once[-2:-1]), {"ml_engineer": rng.choice((20, 100))}, 0))
        demand = {"ml_engineer": rng.choice((20, 30, 50, 100))} if template % 3 else {"ml_engineer": 30, "devops": 50}
        duration, depends, chained, not_before = rng.choice((28, 42)), tuple(rng.sample(once, 1)), template and rng.random() < 0.5, rng.choice((0, 0, 30))
        for w in range(workloads):
            own = (f"t{template - 1}.{w}",) if chained else ()
            activities.append(Activity(f"t{template}.{w}", duration + (rng.random() < 0.05), depends + own, demand, not_before))
    capacity = {"ml_engineer": 600, "devops": 100}  # six engineers, as in a generated plan: many waiters on one day
    network = Network(activities)
    log = RunLog()
    first = network.run(capacity, log=log)
    day = sorted(t.finish for t in first.values())[len(first) // 2]
    second = network.run(capacity, [Reservation("ml_engineer", day, 50)], after=(first, log))

    by_id, rank, successors = network.by_id, network.rank, network.successors
    latest = _latest_starts(network.order, by_id, successors)
    remaining = {aid: len(a.depends_on) for aid, a in by_id.items()}
    ready = [(latest[aid], rank[aid], aid) for aid in network.order if not remaining[aid]]
    heapq.heapify(ready)
    popped = []
    while ready:
        aid = heapq.heappop(ready)[2]
        popped.append(aid)
        for succ in successors[aid]:
            remaining[succ] -= 1
            if not remaining[succ]:
                heapq.heappush(ready, (latest[succ], rank[succ], succ))
    assert list(first) == popped and list(second) == popped

    result = network.finish(second)
    end = max(t.finish for t in second.values())
    late: dict[str, int] = {}
    held_until: dict[str, int] = {}
    slack = {}
    for aid in reversed(result.order):
        t = second[aid]
        finish = min([held_until.get(aid, end), *(late[s] for s in successors[aid])])
        late[aid] = finish - t.duration
        slack[aid] = finish - t.duration - t.start
        for holder in t.waits[-1].holders if t.waits else ():
            if holder and held_until.get(holder, end) > late[aid]:
                held_until[holder] = late[aid]
    assert {aid: (t.slack, t.critical) for aid, t in second.items()} == {aid: (slack[aid], slack[aid] == 0) for aid in second}
    shared = Counter(id(t.waits[-1].holders) for t in second.values() if t.waits)
    assert max(shared.values()) > 5  # waiters sharing one tuple of holders
    for aid, t in second.items():  # what ends on a critical task's start is critical (the critical path takes it unasked)
        if t.critical:
            ending = t.waits[-1].holders if t.waits else [d for d in by_id[aid].depends_on if second[d].finish == t.start]
            assert all(b and second[b].critical and second[b].finish == t.start for b in ending)
    path, current = [], next((aid for aid in reversed(result.order) if second[aid].finish == end and slack[aid] == 0), None)
    while current is not None:
        path.append(current)
        t = second[current]
        held_by = [h for h in t.waits[-1].holders if h] if t.waits else []
        before = [b for b in (*by_id[current].depends_on, *held_by) if second[b].finish == t.start and slack[b] == 0]
        current = min(before, key=rank.__getitem__) if before else None
    assert result.critical_path == path[::-1]


@pytest.mark.parametrize("calendar", ["calendar_days", "kr_working_days"])
def test_dates_only_schedule_has_the_full_schedules_dates_staff_and_key_dates(catalog, calendar):
    """What the rented-GPU strategy's ledger reads from its schedule (`dates_only`) equals the full build's:
    every task's days and staff, deliveries, go-live, migrations; only notes, slack, phases and warnings go."""
    plan = small_plan(ml_engineers=1, calendar=calendar, tasks=[TaskEdit(id="p2.env-setup", duration_days=90)])
    assumptions = Assumptions(catalog, plan.assumptions)
    full = build_schedule(plan, RESULTS, SIZING, catalog, assumptions)
    lean = build_schedule(plan, RESULTS, SIZING, catalog, assumptions, dates_only=True)
    assert [(t.id, t.start, t.end, t.duration_days, t.roles) for t in lean.tasks] == [(t.id, t.start, t.end, t.duration_days, t.roles) for t in full.tasks]
    keys = ("pilot_delivery", "production_delivery", "go_live", "migration_end", "rented_from", "bridge_from", "capacity")
    assert [getattr(lean, k) for k in keys] == [getattr(full, k) for k in keys]
    assert full.go_live is not None and any("held back" in n for t in full.tasks for n in t.notes)
    assert lean.phases == [] and lean.critical_path == [] and full.critical_path


def test_phase_4_waits_for_month_12(catalog):
    # the same plan with the default: Phase 4 starts no earlier than 2027-03-02 (start + 12 months), as the framework's "12 months on"
    plan = small_plan()
    default = plan.model_copy(update={"assumptions": {}})
    early = {t.id: t for t in schedule_of(catalog, plan).tasks}
    waits = {t.id: t for t in schedule_of(catalog, default).tasks}
    assert early["p4.fine-tune"].start < date(2027, 3, 2)
    assert waits["p4.fine-tune"].start == date(2027, 3, 2) and waits["p4.shrink-cloud"].start >= date(2027, 3, 2)
    assert any("phase4_start_months = 12 months" in n for n in waits["p4.fine-tune"].notes)


def _first_fit(tasks, capacity, reserved_from, reserved):
    """Day-by-day serial levelling of independent one-role tasks (the order Network.run takes them in)."""
    from math import ceil

    load: dict[int, int] = {}

    def used(day):
        return load.get(day, 0) + (reserved if day >= reserved_from else 0)

    def first(earliest, duration, need, horizon):
        return next((s for s in range(earliest, horizon) if all(used(d) + need <= capacity for d in range(s, s + duration))), None)

    end = max(nb + duration for _id, duration, nb, _need in tasks)
    order = sorted(range(len(tasks)), key=lambda i: (end - tasks[i][1], i))  # latest start, then rank
    dated = {}
    for i in order:
        aid, duration, earliest, need = tasks[i]
        horizon = max([reserved_from, earliest, *(s + d for s, d, _n in dated.values())]) + 1
        start = first(earliest, duration, need, horizon)
        if start is None:  # operations hold the role for ever: run with what is left, for longer
            duration, need = ceil(duration * need / (capacity - reserved)), capacity - reserved
            start = first(earliest, duration, need, horizon + duration)
        for d in range(start, start + duration):
            load[d] = load.get(d, 0) + need
        dated[aid] = (start, duration, need)
    return dated


@pytest.mark.parametrize("seed", [4, 5])
def test_tasks_behind_operations_are_dated_as_a_day_by_day_first_fit_dates_them(seed):
    """Independent tasks of one role, part of which operations hold from day 60 on: each starts on the
    first day it fits for its whole length, or runs longer with what is left when it never fits."""
    import random

    from planner.domain.network import Activity, Network, Reservation

    rng = random.Random(seed)
    tasks = [(f"t{i}", rng.randint(1, 20), rng.choice((0, 0, rng.randint(0, 120))), rng.choice((20, 50, 100))) for i in range(120)]
    network = Network([Activity(aid, duration, (), {"ml_engineer": need}, nb) for aid, duration, nb, need in tasks])
    timings = network.run({"ml_engineer": 100}, [Reservation("ml_engineer", 60, 50)])
    expected = _first_fit(tasks, 100, 60, 50)
    assert {aid: (t.start, t.duration) for aid, t in timings.items()} == {aid: (s, d) for aid, (s, d, _n) in expected.items()}
    assert any(t.stretched for t in timings.values()) and any(t.start > 60 for t in timings.values() if not t.stretched)


def test_levelling_work_grows_linearly_with_the_tasks_that_wait_for_one_role(monkeypatch):
    """Migrations that each need the one ML engineer (who operations half-hold from go-live): twice the
    migrations, about twice the search, not four times (it used to walk every migration placed before)."""
    from planner.domain import network

    calls = {"n": 0}
    blocked_until = network._Usage.blocked_until

    def counted(self, *args):
        calls["n"] += 1
        return blocked_until(self, *args)

    monkeypatch.setattr(network._Usage, "blocked_until", counted)

    def searches(count):
        calls["n"] = 0
        activities = [network.Activity(f"m{i}", 28, (), {"ml_engineer": 100}) for i in range(count)]
        network.Network(activities).run({"ml_engineer": 100}, [network.Reservation("ml_engineer", 200, 50)])
        return calls["n"]

    small, large = searches(300), searches(600)
    assert large <= 2.2 * small, (small, large)


def test_scheduled_tasks_hold_what_validating_their_values_gives(catalog):
    """Tasks are built without validation where their values are already valid (ScheduledTask.of_valid): each
    task, its values and their types equal a task validated from the same values; an edit's plain-text name and
    note become Messages as validation makes them."""
    edits = [
        TaskEdit(id="vendor-audit", name="Vendor {security} audit", phase=2, duration_days=10, depends_on=["p1.done"], roles={"security": 0.5}, note="asked by the CISO"),
        TaskEdit(id="p3.migrate", name="Move {workload} over", lead_time_weeks=2, note="from {the} vendor"),
    ]
    plan = small_plan(ml_engineers=1, tasks=edits)
    s = build_schedule(plan, RESULTS, SIZING, catalog, Assumptions(catalog, plan.assumptions))
    assert any(t.edited for t in s.tasks) and any(t.lead_time_weeks for t in s.tasks)
    for task in s.tasks:
        validated = ScheduledTask(**task.model_dump())
        assert task == validated
        for name in ScheduledTask.model_fields:
            mine, theirs = getattr(task, name), getattr(validated, name)
            assert type(mine) is type(theirs), (task.id, name)
            if isinstance(mine, list):
                assert [type(v) for v in mine] == [type(v) for v in theirs], (task.id, name)
            if isinstance(mine, dict):
                assert [type(v) for v in mine.values()] == [type(v) for v in theirs.values()], (task.id, name)
        assert task.model_fields_set == validated.model_fields_set
        assert task.model_dump_json() == validated.model_dump_json()
    # dated only for its costs (the rented-GPU variant): the same tasks with the same days, staff and kinds, as
    # DatedTasks without the name, notes, dependencies and slack nobody reads of them
    dated = build_schedule(plan, RESULTS, SIZING, catalog, Assumptions(catalog, plan.assumptions), dates_only=True)
    read = ("id", "phase", "start", "end", "duration_days", "milestone", "roles", "workload", "template", "lead_time_weeks", "edited")
    assert [tuple(getattr(t, f) for f in read) for t in dated.tasks] == [tuple(getattr(t, f) for f in read) for t in s.tasks]
    assert all(type(t).__name__ == "DatedTask" and t.name == "" and not t.notes and not t.depends_on for t in dated.tasks)
    assert (dated.go_live, dated.migration_end, dated.pilot_delivery, dated.production_delivery) == (s.go_live, s.migration_end, s.pilot_delivery, s.production_delivery)


def test_rented_gpu_tasks_made_together_equal_the_ones_made_one_by_one(monkeypatch):
    """Each workload's "rent GPUs" task (its offer's lead time) is made in one pass over the rented workloads, its
    offer's length and note worked out once per offer: every task of the plan's schedule and of its rented-GPU variant
    (names, notes, days, waits, staff), and the whole evaluation, equal what making each task on its own gives; with
    the lead-time factor pinned and with an edit of every rent task and of one of them."""
    from planner.cli import sample_plan_dir
    from planner.domain import schedule
    from planner.domain.evaluate import evaluate
    from tests.bench.bench_engine import generated_plan

    catalog = load_catalog(None)
    generated = generated_plan(300)
    plans = [read_plan(path, catalog) for path in sorted(sample_plan_dir().glob("*.toml"))] + [generated]
    plans.append(generated.model_copy(update={"assumptions": {"gpuaas_lead_time_factor": 1.5}}))
    edits = [TaskEdit(id="p1.rent-gpus", note="all of them"), TaskEdit(id="p1.rent-gpus.w00007", duration_days=40, note="this one")]
    plans.append(generated.model_copy(update={"tasks": edits}))

    def built(plan):
        evaluation = evaluate(plan, catalog)
        variant = [r.model_copy(update={"placement": "gpuaas", "onprem_share": 0.0}) if r.gpuaas is not None and r.gpuaas_offers else r for r in evaluation.workloads]
        assumptions = Assumptions(catalog, plan.assumptions)
        schedules = [build_schedule(plan, results, evaluation.sizing, catalog, assumptions, dates_only=lean) for results in (evaluation.workloads, variant) for lean in (False, True)]
        tasks = [[(t.id, t.name, t.start, t.end, t.duration_days, t.lead_time_weeks, t.roles, t.edited, getattr(t, "notes", None)) for t in s.tasks] for s in schedules]
        return evaluation.model_dump_json(), tasks, [s.model_dump_json() for s in schedules[::2]]

    together = [built(plan) for plan in plans]
    monkeypatch.setattr(schedule._Builder, "_add_rent_tasks", lambda self, template, workloads: [self._add_template_task(template, w) for w in workloads])
    assert together == [built(plan) for plan in plans]
    rented = [t for _json, tasks, _dumps in together[-3:] for t in tasks[2] if t[0].startswith("p1.rent-gpus.")]
    assert len(rented) == 3 * 300 and len({t[4] for t in rented}) > 1  # every generated workload rents in the variant; the pin and the edit change lengths
    assert [t[-1][-1] for t in rented if t[0] == "p1.rent-gpus.w00007"][-1].startswith("edited in the plan: 40 days (this one)")


def test_levelling_notes_read_as_their_template_and_parts_give_them(catalog):
    """A levelling note's text is put together from its parts' texts (who is busy with which tasks until when, shared
    among notes): it is exactly what its template gives with its parameters (what a translation renders), on
    notes naming several tasks of a role one after the other and several roles at once."""
    from planner.domain.evaluate import evaluate
    from planner.domain.messages import msg
    from planner.i18n import set_language, translate
    from planner.store.shipped import sample_plan_dir
    from tests.bench.bench_engine import generated_plan

    plans = [read_plan(path, catalog) for path in sorted(sample_plan_dir().glob("*.toml"))] + [generated_plan(300)]
    schedules = [evaluate(plan, catalog).schedule for plan in plans]
    # One engineer, and devops busy for 300 days with a task of the plan's: environment setup waits for both.
    two_roles = small_plan(ml_engineers=1, tasks=[TaskEdit(id="x", name="Custom", phase=1, duration_days=300, roles={"devops": 1.0})])
    schedules.append(schedule_of(catalog, two_roles))
    notes = {}
    for schedule in schedules:
        for task in schedule.tasks:
            notes.update((id(n), n) for n in task.notes if n.startswith("held back"))
    assert len(notes) > 100
    assert any(", then " in n for n in notes.values()) and any("; " in n and n.count("busy with") > 1 for n in notes.values())
    for note in notes.values():
        rebuilt = msg(note.template, **note.params)
        assert (str.__str__(note), note.template, note.params, note.plural, note.n) == (str.__str__(rebuilt), rebuilt.template, rebuilt.params, None, None)
    try:
        set_language("ko")
        assert all(translate(note) == translate(msg(note.template, **note.params)) for note in notes.values())
    finally:
        set_language("en")


def test_schedules_whose_first_pass_stops_at_go_live_equal_those_levelled_after_a_whole_first_pass(monkeypatch):
    """A plan's first levelling pass stops once operations cannot fit beside it from go-live on, where its migrations are
    alike (see `_level`): every task, warning and key date of the schedule (its JSON) equals what a whole first pass gives,
    on the sample plans and generated plans with one, two and six engineers, some devops, a working calendar, every
    migration's staff edited (still alike), one migration edited to wait for a later task, and one to last two days with
    less staff, which ends before the first migration dated (not alike: a whole pass)."""
    from planner.cli import sample_plan_dir
    from planner.domain import network, schedule
    from planner.domain.evaluate import evaluate
    from tests.bench.bench_engine import generated_plan

    catalog = load_catalog(None)
    generated = generated_plan(120)
    org = generated.organization
    plans = [read_plan(path, catalog) for path in sorted(sample_plan_dir().glob("*.toml"))] + [
        generated.model_copy(update={"organization": org.model_copy(update={"ml_engineers": engineers, "staff": staff})})
        for engineers, staff in ((6, {}), (2, {"devops": 1}), (1, {"devops": 2, "security": 1}))
    ]
    plans.append(generated.model_copy(update={"assumptions": {"calendar": "kr_working_days"}}))
    plans.append(generated.model_copy(update={"tasks": [TaskEdit(id="p3.migrate", roles={"ml_engineer": 0.5})]}))
    plans.append(generated.model_copy(update={"tasks": [TaskEdit(id="p3.migrate.w00007", depends_on=["p3.monitoring"])]}))
    shorter = [TaskEdit(id="p3.migrate", roles={"ml_engineer": 0.45}), TaskEdit(id="p3.migrate.w00100", duration_days=2, roles={"ml_engineer": 0.1})]
    plans.append(generated.model_copy(update={"tasks": shorter}))  # dated after others but beside them, it ends first
    stops = []
    run_until_live = network.Network._run_until_live

    def recorded(self, *args):
        run_until_live(self, *args)
        stops.append(args[-1].stopped)

    monkeypatch.setattr(network.Network, "_run_until_live", recorded)

    def built(plan):
        evaluation = evaluate(plan, catalog)
        made = build_schedule(plan, evaluation.workloads, evaluation.sizing, catalog, Assumptions(catalog, plan.assumptions))
        return made.model_dump_json(), [str(w) for w in made.warnings]

    stopping = [built(plan) for plan in plans]
    assert sum(day is not None for day in stops) >= 5  # generated plans stop their first pass (twice under a working calendar)
    monkeypatch.setattr(schedule, "STOP_AT_GO_LIVE", False)
    stops.clear()
    assert stopping == [built(plan) for plan in plans]
    assert not stops


def test_the_first_levelling_pass_stops_exactly_where_operations_would_not_fit_beside_the_whole_pass(monkeypatch):
    """Where a plan's first levelling pass may stop at go-live (alike migrations, operations to reserve), it stops when,
    and only when, operations would not fit beside the whole first pass from its go-live on (a second pass under the
    reservation follows either way), and on the whole pass's go-live: it stops on sample plans and on generated plans
    with one, two, six and forty engineers and a working calendar, each before dating every task and with what it
    dated already holding more than operations leave free from that day (counted again task by task), and does not stop
    on plans with room for operations (a generated plan with 200 engineers, samples with few tasks, one where a task
    after go-live leaves operations exactly the people they need, and one where a task of its own already holds exactly
    what operations leave when go-live is first known), which are levelled once. (The schedules are equal either way: `test_schedules_whose_first_pass_stops_at_go_live_equal_those_...`; a
    pass that stopped where operations fit, or on the wrong day, would give the same schedule at the cost of a second
    pass, or a different go-live: this test is what fails then.)"""
    from planner.cli import sample_plan_dir
    from planner.domain import network, schedule
    from planner.domain.evaluate import evaluate
    from planner.domain.schedule import _reservation_fits
    from tests.bench.bench_engine import generated_plan

    catalog = load_catalog(None)
    generated = generated_plan(120)
    org = generated.organization
    plans = [read_plan(path, catalog) for path in sorted(sample_plan_dir().glob("*.toml"))] + [
        generated.model_copy(update={"organization": org.model_copy(update={"ml_engineers": engineers, "staff": staff})})
        for engineers, staff in ((6, {}), (2, {"devops": 1}), (1, {"devops": 2, "security": 1}), (40, {"devops": 9}), (200, {"devops": 50}))
    ]
    plans.append(generated.model_copy(update={"assumptions": {"calendar": "kr_working_days"}}))
    # two workloads, two engineers, the fine-tuning after go-live edited to 1.5 of them: operations (0.5) fit exactly
    two = generated_plan(2)
    exact = TaskEdit(id="p4.fine-tune", roles={"ml_engineer": 1.5})
    plans.append(two.model_copy(update={"organization": two.organization.model_copy(update={"ml_engineers": 2, "staff": {"devops": 1}}), "tasks": [exact]}))
    # and a task of its own holding 1.5 of the two engineers for 1,000 days from day 300: taken first (most urgent), it
    # holds exactly what operations leave free from go-live on, at the first look (nothing after it holds more)
    held = TaskEdit(id="hold", name="Hold", phase=3, duration_days=1000, roles={"ml_engineer": 1.5}, start=two.start + timedelta(days=300))
    plans.append(two.model_copy(update={"organization": two.organization.model_copy(update={"ml_engineers": 2, "staff": {}}), "tasks": [held]}))
    passes: list[list[tuple]] = []  # by `_level` call: (may stop, stopped on, reservations from, tasks dated, tasks, what it dated still fits)
    run, level = network.Network.run, schedule._level

    def recorded_run(self, capacity=None, reservations=(), record_waits=True, log=None, after=None, live=None):
        timings = run(self, capacity, reservations, record_waits, log, after, live)
        stopped = log.stopped if log is not None else None
        fits = _reservation_fits(self, timings, capacity, live[1], stopped) if stopped is not None else None  # added up task by task
        passes[-1].append((live is not None, stopped, sorted({r.start for r in reservations}), len(timings), len(self.by_id), fits))
        return timings

    def recorded_level(*args, **kwargs):
        passes.append([])
        return level(*args, **kwargs)

    monkeypatch.setattr(network.Network, "run", recorded_run)
    monkeypatch.setattr(schedule, "_level", recorded_level)

    def levelled(plan, stop):
        monkeypatch.setattr(schedule, "STOP_AT_GO_LIVE", stop)
        passes.clear()
        evaluate(plan, catalog)
        return list(passes)

    stopped = kept_whole = 0
    for plan in plans:
        for stopping, whole in zip(levelled(plan, True), levelled(plan, False), strict=True):
            may_stop, day, _reserved, dated, tasks, fits = stopping[0]
            assert not whole[0][0] and whole[0][3] == whole[0][4]  # the whole pass dates every task
            reserves = len(whole) > 1  # operations did not fit beside the whole pass: a pass under their reservation followed
            if not may_stop:
                assert stopping == whole
                continue
            assert (day is not None) == reserves, plan.name
            if day is None:  # room for operations: levelled once, as a whole pass
                assert stopping == [(True, *whole[0][1:])]
                kept_whole += 1
                continue
            assert [day] == whole[1][2]  # stopped on the whole pass's go-live, which the reservation starts on
            assert dated < tasks and fits is False
            assert stopping[1:] == whole[1:]
            stopped += 1
    assert stopped >= 6 and kept_whole >= 3


def test_tasks_made_as_copies_of_the_alike_task_before_equal_tasks_made_from_their_own_values(monkeypatch):
    """A scheduled task alike the one before it (same template, staff, dependencies, notes, dates, hold-up and waits)
    is made from a copy of that one's values with its own id, name and workload: every task of the plan's schedule
    (values, types, names' and notes' templates and parameters), its warnings and its JSON equal what making each task
    from its own values gives, on the sample plans and on generated plans (with one edited, one wanted and one
    stretched task in the middle of runs of alike tasks; with two engineers), their placements and every workload the
    rules allow on rented GPUs there (rent tasks of several offers and lengths, notes alike)."""
    from planner.cli import sample_plan_dir
    from planner.domain import schedule
    from planner.domain.evaluate import evaluate
    from planner.domain.messages import Message
    from tests.bench.bench_engine import generated_plan

    catalog = load_catalog(None)
    generated = generated_plan(200)
    plans = [read_plan(path, catalog) for path in sorted(sample_plan_dir().glob("*.toml"))] + [generated]
    edits = [
        TaskEdit(id="p2.pilot.w00050", note="one of them"),
        TaskEdit(id="p3.migrate.w00101", start=date(2027, 1, 4)),
        TaskEdit(id="p1.offline-poc.w00030", roles={"ml_engineer": 9.0}),
    ]
    plans.append(generated.model_copy(update={"tasks": edits}))
    few = generated.organization.model_copy(update={"ml_engineers": 2})
    plans.append(generated.model_copy(update={"organization": few}))

    def described(value):
        if isinstance(value, Message):
            return ("Message", str.__str__(value), value.template, value.params, value.plural, value.n)
        if isinstance(value, list):
            return [described(v) for v in value]
        return (type(value).__name__, value)

    copied = []

    def built(plan):
        evaluation = evaluate(plan, catalog)
        # and with every workload the rules allow on rented GPUs there: rent tasks of several offers (notes) and lengths
        rented = [r.model_copy(update={"placement": "gpuaas", "onprem_share": 0.0}) if r.gpuaas is not None and r.gpuaas_offers else r for r in evaluation.workloads]
        made = []
        for results in (evaluation.workloads, rented):
            s = build_schedule(plan, results, evaluation.sizing, catalog, Assumptions(catalog, plan.assumptions))
            tasks = [{name: described(v) for name, v in t.__dict__.items()} for t in s.tasks]
            made.append((tasks, [described(w) for w in s.warnings], s.model_dump_json(), s.migration_end, s.rented_from))
        return made

    set_values = schedule.SET_VALUES  # what a copy's values are set with (a task made from its own goes through of_valid)

    def counted(made, values):
        copied.append(type(made) is ScheduledTask)
        set_values(made, values)

    monkeypatch.setattr(schedule, "SET_VALUES", counted)
    fast = [built(plan) for plan in plans]
    assert sum(copied) > 1_000  # most tasks of the generated plans are copies
    monkeypatch.setattr(schedule, "COPY_ALIKE_TASKS", False)
    copied.clear()
    assert fast == [built(plan) for plan in plans]
    assert not any(copied)
    edited = fast[-2][0]
    assert any(t["edited"] == ("bool", True) for t in edited[0]) and any("takes" in w[1] for w in edited[1]) and any("cannot start before" in w[1] for w in edited[1])
    assert fast[-1][1][4]  # rented GPUs serve from the day after their serving task ends


def test_tasks_of_no_staff_dated_together_equal_tasks_dated_one_by_one(monkeypatch):
    """Tasks that need nobody, taken right after one that needs nobody with the same dependencies and start constraint
    (rented GPUs' lead times: one per rented workload), are dated together from its
    earliest start: the schedule (every task's dates, notes and critical flags, its JSON) equals dating each on its own,
    in the plan's schedule, with every workload the rules allow on rented GPUs there and with every other one, also where
    edits give some of them a later start, dependencies of their own or another length."""
    from planner.domain import network, schedule
    from planner.domain.evaluate import evaluate
    from tests.bench.bench_engine import generated_plan

    catalog = load_catalog(None)
    generated = generated_plan(200)
    evaluation = evaluate(generated, catalog)
    rented = [r.model_copy(update={"placement": "gpuaas", "onprem_share": 0.0}) if r.gpuaas is not None and r.gpuaas_offers else r for r in evaluation.workloads]
    half = [moved if index % 2 else r for index, (moved, r) in enumerate(zip(rented, evaluation.workloads))]  # rented and migrated
    edits = [
        TaskEdit(id="p1.rent-gpus.w00050", start=date(2026, 9, 1)),  # later: its own start constraint
        TaskEdit(id="p1.rent-gpus.w00060", depends_on=["p1.offline-poc.w00000"]),  # its own dependencies, ending later
        TaskEdit(id="p1.rent-gpus.w00070", duration_days=10),  # shorter: taken after the others, one of their run
        TaskEdit(id="p1.rent-gpus.w00080", start=generated.start),  # wanted on a day it cannot start: a warning says why
    ]
    later = generated.model_copy(update={"tasks": edits})
    runs = [(generated, evaluation.workloads), (generated, rented), (later, rented), (generated, half)]
    monkeypatch.setattr(schedule, "STOP_AT_GO_LIVE", False)  # a first pass dating every task, whose log the second pass reads
    together = []
    unheld = network._unheld

    def counted(*args):
        made = unheld(*args)
        together.append(made[0])
        return made

    def built():
        return [build_schedule(plan, results, evaluation.sizing, catalog, Assumptions(catalog, plan.assumptions)).model_dump_json() for plan, results in runs]

    monkeypatch.setattr(network, "_unheld", counted)
    fast = built()
    assert sum(together) > 150  # most of the rented workloads' lead times
    assert "not before 2026-09-01" in fast[2] and "(the plan says 2026-03-02) because p1.security-review (" in fast[2]
    monkeypatch.setattr(network, "DATE_UNHELD_TOGETHER", False)
    together.clear()
    assert fast == built()
    assert not together


def test_dependencies_worked_out_once_per_template_equal_those_worked_out_per_task(monkeypatch):
    """A template's tasks whose dependencies resolve to no workload's own task (pilots, migrations, offline POCs) get
    the dependencies worked out for its first task; the others per task: every task's dependencies, in the plan's
    schedule and with every workload the rules allow on rented GPUs there, equal those worked out task by task, also
    with a company template whose pilot waits, through a template this plan does not have, for its own workload's
    offline POC (so pilots of workloads with and without one differ)."""
    from planner.cli import sample_plan_dir
    from planner.domain import schedule
    from planner.domain.evaluate import evaluate
    from tests.bench.bench_engine import generated_plan

    catalog = load_catalog(None)
    tasks = dict(catalog.tasks)
    tasks["p2.pilot"] = tasks["p2.pilot"].model_copy(update={"depends_on": [*tasks["p2.pilot"].depends_on, "p1.gate"]})
    tasks["p1.gate"] = tasks["p1.done"].model_copy(update=dict(id="p1.gate", phase=1, name="Gate", duration_days=5, depends_on=["p1.offline-poc"], when="any_gradual", milestone=False))
    gated = catalog.model_copy(update={"tasks": tasks})
    plans = [read_plan(path, catalog) for path in sorted(sample_plan_dir().glob("*.toml"))] + [generated_plan(200)]

    def built(plan, cat):
        evaluation = evaluate(plan, catalog)
        rented = [r.model_copy(update={"placement": "gpuaas", "onprem_share": 0.0}) if r.gpuaas is not None and r.gpuaas_offers else r for r in evaluation.workloads]
        return [
            [(t.id, list(t.depends_on), t.start, t.end) for t in build_schedule(plan, results, evaluation.sizing, cat, Assumptions(cat, plan.assumptions)).tasks]
            for results in (evaluation.workloads, rented)
        ]

    once = [built(plan, cat) for plan in plans for cat in (catalog, gated)]
    monkeypatch.setattr(schedule._Builder, "_finds_own", lambda self, dep, seen: True)  # every task's worked out on its own
    assert once == [built(plan, cat) for plan in plans for cat in (catalog, gated)]
    pilots = [{tuple(deps) for tid, deps, _s, _e in made[0] if tid.startswith("p2.pilot.")} for made in once[1::2]]
    assert any(len(p) > 1 for p in pilots)  # some pilots wait for their own offline POC, others have none
    served = [deps for made in once for tid, deps, _s, _e in made[1] if tid.startswith("p1.gpuaas-serving.")]
    assert len(served) > 200 and all(deps == ["p1.rent-gpus." + deps[0].rsplit(".", 1)[1]] for deps in served)


def test_levelling_order_sorted_by_key_where_it_grows_along_every_dependency_is_the_heaps():
    """Where each milestone's successors come after it in the network (as the template makes them), the levelling order
    is the tasks sorted by (latest start, rank), not popped from a heap: on random networks of tasks and milestones, some
    with a task that waits for a milestone made after it (an edit's custom task), the order equals the one a heap of
    (latest start, rank) pops, both where the sort applies and where it does not; where the tasks are made after their
    dependencies, so is the order a pass takes them in (the tasks by rank sorted by latest start alone, ties by rank)."""
    import random

    from planner.domain.network import Activity, Network, _latest_starts, _levelling_order

    kinds = set()
    ties = 0
    for seed in range(60):
        rng = random.Random(seed)
        count = rng.randint(5, 60)
        ids = [f"a{i}" for i in range(count)]
        later = rng.random() < 0.5  # some tasks wait for tasks made after them
        activities = []
        for i, aid in enumerate(ids):
            pool = ids[:i] + (ids[i + 1 :] if later and i % 3 == 0 else [])
            depends = tuple(rng.sample(pool, min(len(pool), rng.choice((0, 1, 1, 2, 3)))))
            activities.append(Activity(aid, rng.choice((0, 0, 1, 5, 14)), depends, {}, rng.choice((0, 0, 3))))
        try:
            network = Network(activities)
        except ValueError:  # a cycle
            continue
        latest = _latest_starts(network.order, network.by_id, network.successors)
        rank, successors = network.rank, network.successors
        popped = _heap_order(activities, network.order, successors, latest, rank, ids)
        assert _levelling_order(network.order, network.by_id, successors, rank) == popped, seed
        if network._ranked:  # made in a dependency order: the order the network's passes work out, from the tasks by rank
            assert _levelling_order(list(network.by_id), network.by_id, successors, rank, ranked=True) == popped, seed
            assert network.run({"ml_engineer": 100}).keys() == set(popped)
            assert network._taken == popped, seed
            ties += len(latest.values()) - len(set(latest.values()))
        kinds.add(popped == sorted(ids, key=lambda aid: (latest[aid], rank[aid])))
    assert kinds == {True, False}  # the sorted order, and networks where it is not the heap's
    assert ties > 100  # tasks of equal latest starts, taken by rank


def test_a_levelling_note_of_one_wait_is_the_note_the_general_way_makes(catalog):
    """A note of a task held back by one wait (every task levelled after a group's first) is made without the general
    way's tables: its text, template and parameters, down to each part's template and parameters (what a translation
    renders), equal what the general way makes of the same wait (given twice, which it reads as once)."""
    from planner.domain.evaluate import evaluate
    from planner.domain.messages import Message, Part
    from planner.domain.schedule import _Dater, levelled_schedule
    from tests.bench.bench_engine import generated_plan

    def described(value):
        if isinstance(value, (Message, Part)):
            return (type(value).__name__, str(value), value.template, {k: described(v) for k, v in value.params.items()}, value.plural, value.n)
        return (type(value).__name__, value)

    plan = generated_plan(200)
    evaluation = evaluate(plan, catalog)
    levelled = levelled_schedule(plan, evaluation.workloads, evaluation.sizing, catalog, Assumptions(catalog, plan.assumptions))
    capacity = {role: round(people * 100) for role, people in levelled.schedule.capacity.items()}
    dater = _Dater(plan, levelled.tasks, levelled.result, capacity, levelled.work)
    single = [(t.waits, t.start - t.earliest) for t in levelled.result.timings.values() if len(t.waits) == 1 and t.start > t.earliest]
    assert len(single) > 100
    for waits, days in single:
        assert described(dater._held_note(waits, days)) == described(dater._held_note([*waits, *waits], days))


def test_a_task_made_to_follow_a_later_listed_milestone_gets_its_slack_and_critical_path_not_a_crash(run_cli, tmp_path):
    """A task edit can make a task depend on one listed after it (`depends_on = ["p2.done"]` on a phase-1 task). Where
    that dependency is a milestone (no days), both start the same day, and the backward pass that dates slack took
    the tasks by (start, list order): the milestone before its successor, whose latest start was not known yet.
    `planner validate` and `show` ended in an internal error (KeyError, exit 70; found by a random walk of edits).
    In the network alone: the successor and the milestone are critical with no slack, on the critical path."""
    from planner.domain.network import Activity, Network

    listed = [Activity("follows", 3, ("milestone",), {}, 0), Activity("milestone", 0, ("work",), {}, 0), Activity("work", 5, (), {}, 0)]
    network = Network(listed)
    dated = network.finish(network.run({}))
    assert [(aid, dated.timings[aid].start, dated.timings[aid].slack) for aid in ("work", "milestone", "follows")] == [("work", 0, 0), ("milestone", 5, 0), ("follows", 5, 0)]
    assert dated.critical_path == ["work", "milestone", "follows"]

    text = (ROOT / "plans" / "bank-customer-service.toml").read_text(encoding="utf-8")
    path = tmp_path / "edited.toml"
    path.write_text(text[: text.index("[summary]")] + '\n[[tasks]]\nid = "p1.rent-gpus.customer-chatbot"\ndepends_on = ["p2.done"]\n', encoding="utf-8")
    assert run_cli("validate", str(path)).code == 0
    shown = run_cli("show", "--json", str(path))
    assert shown.code == 0, shown.err
    import json

    tasks = {t["id"]: t for t in json.loads(shown.out)["tasks"]}
    rent = tasks["p1.rent-gpus.customer-chatbot"]
    assert rent["edited"] and any(tasks[dep]["milestone"] for dep in rent["depends_on"])
    for dep in map(tasks.__getitem__, rent["depends_on"]):  # after each dependency (a milestone's end is the day it is reached)
        assert rent["start"] >= dep["end"] if dep["milestone"] else rent["start"] > dep["end"]


def test_levelling_takes_the_tasks_in_the_heaps_order_whether_made_in_dependency_order_or_not():
    """A network whose tasks each come after what they depend on (as a plan's template makes them) is levelled without
    sorting its dependencies first: on random networks of tasks and milestones, as made and with tasks that wait for
    tasks made after them (an edit's custom task), some in runs sharing one list of dependencies (as a template's tasks
    do), a levelling pass takes the tasks in the order a heap of (latest start, rank) pops over Kahn's dependency order,
    a pass without levelling dates them in Kahn's order (each task's successors in the order they were made, however
    the network links them), and a circle of dependencies is still named."""
    import random

    from planner.domain.network import Activity, CycleError, Network, _dependency_order, _latest_starts

    kinds, cycles = set(), 0
    for seed in range(60):
        rng = random.Random(seed)
        count = rng.randint(5, 60)
        ids = [f"a{i}" for i in range(count)]
        later = rng.random() < 0.5
        activities = []
        for i, aid in enumerate(ids):
            pool = ids[:i] + (ids[i + 1 :] if later and i % 3 == 0 else [])
            depends = tuple(rng.sample(pool, min(len(pool), rng.choice((0, 1, 1, 2, 3)))))
            if activities and activities[-1].depends_on and aid not in activities[-1].depends_on and rng.random() < 0.4:
                depends = activities[-1].depends_on  # the one list of the task before (a run of tasks alike)
            activities.append(Activity(aid, rng.choice((0, 0, 1, 5, 14)), depends, {"pm": rng.choice((50, 100))}, rng.choice((0, 0, 3))))
        successors: dict[str, list[str]] = {aid: [] for aid in ids}
        for a in activities:
            for dep in a.depends_on:
                successors[dep].append(a.id)
        kahn = _dependency_order(activities, successors)
        if kahn is None:
            with pytest.raises(CycleError):
                Network(activities)
            cycles += 1
            continue
        network = Network(activities)
        rank = {aid: i for i, aid in enumerate(ids)}
        latest = _latest_starts(kahn, {a.id: a for a in activities}, successors)
        popped = _heap_order(activities, kahn, successors, latest, rank, ids)
        assert list(network.run({"pm": 100})) == popped, seed
        assert list(network.run()) == kahn and network.order == kahn, seed
        kinds.add(all(rank[dep] < rank[a.id] for a in activities for dep in a.depends_on))
    assert kinds == {True, False} and cycles  # networks made in dependency order, others, and circles


def test_per_workload_task_names_put_together_equal_the_names_formatted_from_their_template(monkeypatch):
    """A per-workload template task's name is put together from the text around its one `{workload}` (no template
    formatting per task): the names' text, template and parameters equal those formatting the template gives, also
    for company templates whose names escape braces, name a GPU or provider they do not get, or name the workload
    twice (formatted as before)."""
    from planner.domain import schedule
    from planner.domain.evaluate import evaluate
    from planner.domain.messages import Message
    from tests.bench.bench_engine import generated_plan

    catalog = load_catalog(None)
    names = {
        "p2.pilot": "Pilot {{in braces}}: {workload} ({gpu})",
        "p3.migrate": "{workload}",
        "p1.offline-poc": "{workload} then {workload}",
        "p1.cloud-poc": "POC {workload} at {provider}",
        "p1.deid-pipeline": "De-identify {workload}}}!",
    }
    tasks = {tid: t.model_copy(update={"name": names[tid]}) if tid in names else t for tid, t in catalog.tasks.items()}
    renamed = catalog.model_copy(update={"tasks": tasks})
    plan = generated_plan(60)
    evaluation = evaluate(plan, catalog)

    def made(cat):
        s = build_schedule(plan, evaluation.workloads, evaluation.sizing, cat, Assumptions(cat, plan.assumptions))
        return [(t.id, str.__str__(t.name), t.name.template, t.name.params, t.name.plural, t.name.n, type(t.name)) for t in s.tasks]

    together = {"n": 0}
    around = schedule._around_workload

    def counted(escaped):
        found = around(escaped)
        together["n"] += found is not None
        return found

    monkeypatch.setattr(schedule, "_around_workload", counted)
    fast = [made(cat) for cat in (catalog, renamed)]
    assert together["n"] >= 4
    monkeypatch.setattr(schedule, "_around_workload", lambda escaped: None)
    assert fast == [made(cat) for cat in (catalog, renamed)]
    shown = {tid.rsplit(".", 1)[0]: text for tid, text, *_rest in fast[1] if tid.startswith(("p2.pilot.", "p1.offline-poc.", "p1.cloud-poc.", "p1.deid"))}
    assert shown["p2.pilot"].startswith("Pilot {in braces}: ") and " then " in shown["p1.offline-poc"]
    assert all(kind is Message for *_rest, kind in fast[1])


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_whether_operations_fit_beside_the_first_pass_reads_the_same_from_its_levels_as_from_its_tasks(seed):
    """Whether operations (people of a role held from go-live on) fit beside the first pass's tasks, so that no second
    pass is needed, is read from the people each role's tasks hold over time as the pass left them: the answer equals
    adding up the tasks that run from that day on (each need cut to what the role has), on random networks with two
    roles, tasks needing more than a role has, milestones and groups of alike tasks, for days before, inside and after
    the work and operations of several sizes; both answers occur."""
    import random

    from planner.domain.network import Activity, Network, RunLog
    from planner.domain.schedule import _reservation_fits

    rng = random.Random(seed)
    activities = []
    for i in range(300):
        window = range(max(0, i - 30), i)
        depends = tuple(f"t{j}" for j in sorted(rng.sample(window, min(len(window), rng.randint(0, 2)))))
        demand = {role: rng.choice((20, 50, 100, 150, 700)) for role in ("ml_engineer", "devops") if rng.random() < 0.6}
        activities.append(Activity(f"t{i}", rng.choice((0, 7, 14, 28, rng.randint(1, 40))), depends, demand, rng.choice((0, 0, rng.randint(0, 200)))))
    for w in range(40):  # alike tasks levelled as a group
        activities.append(Activity(f"w{w}", 21, ("t10",), {"ml_engineer": 50}, 0))
    for i in range(3):  # a light tail after everything
        activities.append(Activity(f"tail{i}", 30, tuple(a.id for a in activities if not a.id.startswith("tail")) if i == 0 else (f"tail{i - 1}",), {"ml_engineer": 40 + 10 * i}, 0))
    capacity = {"ml_engineer": rng.choice((300, 600, 900)), "devops": rng.choice((100, 200))}
    network = Network(activities)
    log = RunLog()
    timings = network.run(capacity, log=log)
    last = max(t.finish for t in timings.values())
    answers = set()
    for day in [0, 1, last // 3, last // 2, last - 1, last, last + 5, *rng.sample(range(last), 20)]:
        for ops in ({"ml_engineer": 50}, {"ml_engineer": rng.choice((10, 100, 150))}, {"ml_engineer": 20, "devops": rng.choice((10, 50, 90))}, {"devops": 30}):
            added = _reservation_fits(network, timings, capacity, ops, day)
            assert _reservation_fits(network, timings, capacity, ops, day, log.levels) == added, (day, ops)
            answers.add(added)
    by_id, role = network.by_id, "ml_engineer"
    held = [0] * (last + 1)  # the role's people the tasks hold on each day (each need cut to what the role has)
    for aid, t in timings.items():
        for d in range(t.start, t.finish):
            held[d] += min(by_id[aid].demand.get(role, 0), capacity[role])
    exact = 0
    for day in range(0, last, 3):  # operations that leave exactly what the busiest day from then on holds, and one hundredth less
        amount = capacity[role] - max(held[day:])
        for ops, fits in (({role: amount}, True), ({role: amount + 1}, False)):
            if 0 < amount < capacity[role] - 1:  # as operations are (`_level`): some of the role, not all
                assert _reservation_fits(network, timings, capacity, ops, day) is fits
                assert _reservation_fits(network, timings, capacity, ops, day, log.levels) is fits, (day, ops)
                exact += 1
    assert answers == {True, False} and exact


def test_levelling_notes_of_several_waits_are_the_notes_part_and_joined_make(catalog):
    """A note of a task held back by several waits (a group's first task, or one that waited for several roles) is put
    together from parts made directly (the template and names of each count of joined parts made once): its text,
    template and parameters, down to each part's template and parameters (what a translation renders), equal the note
    `part` and `joined` make of the same waits, one role's holders joined by ", then ", roles by "; "."""
    from planner.domain.evaluate import evaluate
    from planner.domain.messages import Message, Part, joined, msg, msgn, part
    from planner.domain.network import Wait
    from planner.domain.schedule import _Dater, levelled_schedule
    from tests.bench.bench_engine import generated_plan

    def described(value):
        if isinstance(value, (Message, Part)):
            return (type(value).__name__, str(value), value.template, {k: described(v) for k, v in value.params.items()}, value.plural, value.n)
        return (type(value).__name__, value)

    def one(parts, separator):
        return parts[0] if len(parts) == 1 else joined(parts, separator, part=True)

    plans = [generated_plan(200), generated_plan(120).model_copy(update={"organization": generated_plan(120).organization.model_copy(update={"ml_engineers": 2, "staff": {"devops": 1}})})]
    several = 0
    for plan in plans:
        evaluation = evaluate(plan, catalog)
        levelled = levelled_schedule(plan, evaluation.workloads, evaluation.sizing, catalog, Assumptions(catalog, plan.assumptions))
        capacity = {role: round(people * 100) for role, people in levelled.schedule.capacity.items()}
        dater = _Dater(plan, levelled.tasks, levelled.result, capacity, levelled.work)
        held = [t for t in levelled.result.timings.values() if t.waits and t.start > t.earliest]
        roles = sorted(capacity)
        mixed = [  # waits for several roles, a holders' tuple met twice, and a wait that names no holder (operations)
            ([Wait(roles[i % len(roles)], w.holders, w.until) for i, w in enumerate([*a.waits, *b.waits, a.waits[0]])] + [Wait(roles[0], (), b.waits[-1].until)], 9)
            for a, b in zip(held[::7], held[3::7])
        ]
        for waits, days in [(t.waits, t.start - t.earliest) for t in held if len(t.waits) > 1] + mixed:
            several += 1
            by_role: dict = {}
            for wait in waits:
                if wait.holders:
                    by_role.setdefault(wait.role, {})[tuple(wait.holders)] = wait.until
            busy = []
            for role, until in by_role.items():
                count = capacity[role] / 100
                people = msgn("{role} ({count} person)", "{role} ({count} people)", 1 if count == 1 else 2, role=role, count=f"{count:g}")
                parts = [part("{tasks} until {day}", tasks=", ".join(holders), day=dater.day(last - 1).isoformat()) for holders, last in until.items()]
                busy.append(part("{people} busy with {holders}", people=people, holders=one(parts, msg(", then "))))
            causes = one(busy, "; ") if by_role else msg("roles busy")
            expected = msg("held back {days} days by staff levelling: {causes}", days=days, causes=causes)
            assert described(dater._held_note(waits, days)) == described(expected)
    assert several > 200


def test_the_networks_and_schedules_small_classes_behave_as_the_dataclasses_they_were():
    """Activity, Reservation, Wait, Timing, NetworkResult, the builder's task and Levelled are plain slotted classes
    (a dataclass compiles its methods at every import): made with only the fields without a default they hold the
    dataclass's defaults (a new dict or list each), and their repr, equality, hash, frozenness, copy and pickle are those
    of the dataclass with the same fields."""
    import copy
    import pickle

    from tests.dataclass_twin import FRESH, dataclass_twin

    from planner.domain.network import Activity, NetworkResult, Reservation, Timing, Wait
    from planner.domain.schedule import Levelled, _Task

    specs = [
        (Activity, False, {"id": "a1", "duration": 5}, {"depends_on": (), "demand": (FRESH, dict), "not_before": 0}),
        (Reservation, True, {"role": "devops", "start": 10, "amount": 50}, {}),
        (Wait, False, {"role": "pm", "holders": ("a1", "a2"), "until": 7}, {}),
        (Timing, False, {"start": 1, "finish": 6, "duration": 5, "earliest": 0}, {"driver": None, "waits": (), "stretched": (), "slack": 0, "critical": False}),
        (NetworkResult, False, {"timings": {}, "order": ["a1"], "critical_path": [], "end": 6}, {}),
        (_Task, False, {"id": "t", "name": "T", "phase": 1, "duration": 3, "roles": {"pm": 0.5}, "depends_on": []},
         {"milestone": False, "workload": None, "template": "", "lead_time_weeks": None, "not_before": 0, "wanted": None, "edited": False,
          "notes": (FRESH, list), "uncertain": None, "base": 0.0, "unit": 1, "calendar_days": None, "demand": None}),
        (Levelled, True, {"plan": "p", "results": (), "tasks": "t", "result": 1, "work": 2, "schedule": 3, "orders": 4}, {}),
    ]
    for cls, frozen, required, defaults in specs:
        made, ours, theirs = dataclass_twin(cls, required, defaults, frozen)
        first = next(iter(required))
        other = cls(**{**required, first: "changed"})
        assert other != ours and (other == ours) is ((made(**{**required, first: "changed"})) == theirs)
        if frozen:
            assert hash(ours) == hash(theirs) if cls is Reservation else True
            with pytest.raises(AttributeError):
                setattr(ours, first, "x")
            with pytest.raises(AttributeError):
                delattr(ours, first)
        else:
            with pytest.raises(TypeError):
                hash(ours)
            setattr(ours, first, "x")
            assert getattr(ours, first) == "x"
    reservation = Reservation("ml_engineer", 60, 50)
    assert copy.copy(reservation) == reservation == pickle.loads(pickle.dumps(reservation)) and copy.deepcopy(reservation) == reservation
    assert {reservation: 1}[Reservation("ml_engineer", 60, 50)] == 1
    timing = Timing(1, 2, 1, 0, waits=[Wait("pm", ("a",), 1)])
    assert copy.deepcopy(timing) == timing == pickle.loads(pickle.dumps(timing))


def test_every_template_tasks_dependencies_are_what_resolving_its_templates_gives():
    """However a task's dependencies are worked out (once per template, its own workload's task of the one template it
    depends on, or resolved), every template task of the sample plans and of a generated plan, with every workload the
    rules allow on rented GPUs there too, and with a company catalog whose serving on rented GPUs also waits for a
    template the plan lacks, depends on what resolving its template's dependencies for its workload gives."""
    from planner.cli import sample_plan_dir
    from planner.domain.evaluate import evaluate
    from planner.domain.schedule import _Builder
    from tests.bench.bench_engine import generated_plan

    catalog = load_catalog(None)
    tasks = dict(catalog.tasks)
    serving = tasks["p1.gpuaas-serving"]
    tasks["p1.gpuaas-serving"] = serving.model_copy(update={"depends_on": [*serving.depends_on, "p1.deid-pipeline"]})
    waiting = catalog.model_copy(update={"tasks": tasks})
    plans = [read_plan(path, catalog) for path in sorted(sample_plan_dir().glob("*.toml"))] + [generated_plan(150)]
    checked = {"p1.gpuaas-serving": 0, "p2.pilot": 0}
    for plan in plans:
        evaluation = evaluate(plan, catalog)
        rented = [r.model_copy(update={"placement": "gpuaas", "onprem_share": 0.0}) if r.gpuaas is not None and r.gpuaas_offers else r for r in evaluation.workloads]
        for results in (evaluation.workloads, rented):
            for cat in (catalog, waiting):
                builder = _Builder(plan, results, evaluation.sizing, cat, Assumptions(cat, plan.assumptions))
                builder.instantiate()
                for task in builder.tasks.values():
                    per_workload, depends_on = builder.links[task.template]
                    expected: list[str] = []
                    for dep in depends_on:
                        expected += builder._resolve(dep, task.workload, per_workload, frozenset())
                    assert task.depends_on == list(dict.fromkeys(expected)), task.id
                    checked[task.template] = checked.get(task.template, 0) + 1
    assert checked["p1.gpuaas-serving"] > 300 and checked["p2.pilot"] > 100


@pytest.mark.parametrize("calendar", ["calendar_days", "kr_working_days"])
def test_a_dates_only_schedule_of_a_generated_plan_and_its_rented_variant_has_the_full_schedules_dates(calendar):
    """A dates-only schedule (the rented-GPU strategy's, levelled without recording who held whom, its tasks made in a
    loop of their own) has the full schedule's tasks in the same order with the same days, staff (cut where
    stretched), phases, templates, workloads and lead times, and the same deliveries, go-live, migrations, rented-GPU
    service starts and capacity: on a generated plan, with two engineers (stretched and held tasks), with an edited,
    a wanted and a custom task, and with every workload the rules allow on rented GPUs; kept for draws, it still
    has who held whom."""
    from planner.domain.evaluate import evaluate
    from planner.domain.schedule import levelled_schedule
    from tests.bench.bench_engine import generated_plan

    catalog = load_catalog(None)
    plan = generated_plan(120)
    plan = plan.model_copy(update={"assumptions": {**plan.assumptions, "calendar": calendar}})
    edits = [TaskEdit(id="p2.pilot.w00050", note="one of them"), TaskEdit(id="p3.migrate.w00101", start=date(2027, 1, 4)), TaskEdit(id="p1.offline-poc.w00030", roles={"ml_engineer": 9.0}),
             TaskEdit(id="extra", name="Extra", phase=2, duration_days=12, depends_on=["p2.env-setup"])]
    few = plan.organization.model_copy(update={"ml_engineers": 2})
    fields = ("id", "phase", "start", "end", "duration_days", "milestone", "roles", "workload", "template", "lead_time_weeks", "edited")
    keys = ("pilot_delivery", "production_delivery", "go_live", "migration_end", "rented_from", "bridge_from", "capacity")
    compared = 0
    for variant in (plan, plan.model_copy(update={"organization": few}), plan.model_copy(update={"tasks": edits, "organization": few})):
        evaluation = evaluate(variant, catalog)
        rented = [r.model_copy(update={"placement": "gpuaas", "onprem_share": 0.0}) if r.gpuaas is not None and r.gpuaas_offers else r for r in evaluation.workloads]
        for results in (evaluation.workloads, rented):
            assumptions = Assumptions(catalog, variant.assumptions)
            full = build_schedule(variant, results, evaluation.sizing, catalog, assumptions)
            lean = build_schedule(variant, results, evaluation.sizing, catalog, assumptions, dates_only=True)
            assert [[getattr(t, f) for f in fields] for t in lean.tasks] == [[getattr(t, f) for f in fields] for t in full.tasks]
            assert [getattr(lean, k) for k in keys] == [getattr(full, k) for k in keys]
            kept = levelled_schedule(variant, results, evaluation.sizing, catalog, assumptions, dates_only=True)
            assert any(t.waits for t in kept.result.timings.values())
            compared += len(full.tasks)
    assert compared > 1500


def _heap_order(activities, order: list[str], successors: dict[str, list[str]], latest: dict[str, int], rank: dict[str, int], ids: list[str]) -> list[str]:
    """The order a heap on (latest start, rank) takes the tasks in, each once its dependencies are taken: what the
    levelling order must equal."""
    import heapq

    remaining = {a.id: len(a.depends_on) for a in activities}
    ready = [(latest[aid], rank[aid]) for aid in order if not remaining[aid]]
    heapq.heapify(ready)
    popped = []
    while ready:
        aid = ids[heapq.heappop(ready)[1]]
        popped.append(aid)
        for succ in successors[aid]:
            remaining[succ] -= 1
            if not remaining[succ]:
                heapq.heappush(ready, (latest[succ], rank[succ]))
    return popped


def test_day_tasks_made_without_init_are_the_tasks_init_makes(catalog):
    """`_add_day_tasks` sets its tasks' fields itself (no `__init__` call), as the dates-only loop its DatedTasks' and
    `_Alike.follow` its followers' Timings: every field is set, the ones not given as `__init__`'s defaults, on the
    sample plans and a generated plan, named and not, and in the dates-only schedules of them."""
    from planner.cli import sample_plan_dir
    from planner.domain.evaluate import evaluate
    from planner.domain.network import Timing
    from planner.domain.schedule import DatedTask, _Builder, _Task, levelled_schedule
    from tests.bench.bench_engine import generated_plan

    plans = [read_plan(path, catalog) for path in sorted(sample_plan_dir().glob("*.toml"))] + [generated_plan(50)]
    made = dated = 0
    for plan in plans:
        evaluation = evaluate(plan, catalog)
        for named in (True, False):
            builder = _Builder(plan, evaluation.workloads, evaluation.sizing, catalog, Assumptions(catalog, plan.assumptions), named=named)
            for template in catalog.tasks.values():
                if template.duration_from == "days":
                    builder._add_day_tasks(template, [None] if template.per == "once" else builder.classes[template.per])
            for task in builder.tasks.values():
                init = _Task(task.id, task.name, task.phase, task.duration, task.roles, task.depends_on, task.milestone, task.workload, task.template,
                             task.lead_time_weeks, task.not_before, task.wanted, task.edited, task.notes, task.uncertain, task.base)
                init.demand = {role: round(fte * 100) for role, fte in task.roles.items()}  # (given as it is made: `_Builder._demand`)
                assert [getattr(task, field) for field in _Task.__slots__] == [getattr(init, field) for field in _Task.__slots__]
                made += 1
        rented = [r.model_copy(update={"placement": "gpuaas", "onprem_share": 0.0}) if r.gpuaas is not None and r.gpuaas_offers else r for r in evaluation.workloads]
        levelled = levelled_schedule(plan, rented, evaluation.sizing, catalog, Assumptions(catalog, plan.assumptions), dates_only=True)
        for task in levelled.schedule.tasks:
            if isinstance(task, DatedTask):
                init = DatedTask(*(getattr(task, field) for field in DatedTask.__slots__))
                assert [getattr(task, field) for field in DatedTask.__slots__] == [getattr(init, field) for field in DatedTask.__slots__]
                dated += 1
        for timing in levelled.result.timings.values():
            init = Timing(timing.start, timing.finish, timing.duration, timing.earliest, timing.driver, timing.waits, timing.stretched)
            init.slack, init.critical = timing.slack, timing.critical  # (dated after levelling)
            assert [getattr(timing, field) for field in Timing.__slots__] == [getattr(init, field) for field in Timing.__slots__]
    assert made > 200 and dated > 200


def test_templates_made_where_a_cloud_share_meets_an_on_prem_one_and_where_a_hybrid_moves_gradually(catalog):
    """`any_hybrid`: the routing gateway where some workload runs on-prem and some is placed on the cloud or hybrid
    (whether or not the cloud is allowed for it), not where every workload is on-prem or none is; `any_gradual`: the
    ML engineer to engage where a hybrid moves over gradually, not for another hybrid or a cloud placement."""
    docs, qa = RESULTS

    def made(*results: WorkloadResult) -> set[str]:
        return {t.id for t in schedule_of(catalog, small_plan(), list(results)).tasks}

    assert "p3.routing-gateway" in made(docs, qa)
    assert "p3.routing-gateway" not in made(docs)  # on-prem only
    assert "p3.routing-gateway" not in made(docs, docs.model_copy(update={"id": "more", "name": "More"}))
    assert "p3.routing-gateway" in made(docs, qa.model_copy(update={"cloud_allowed": False}))  # placed on the cloud, not allowed there
    assert "p3.routing-gateway" in made(qa.model_copy(update={"placement": "hybrid", "onprem_share": 0.5}), docs)
    gradual = qa.model_copy(update={"placement": "hybrid", "hybrid": "gradual", "onprem_share": 0.5})
    assert "p1.engage-ml-engineer" in made(docs, gradual) and "p1.engage-ml-engineer" in made(gradual)
    assert "p1.engage-ml-engineer" not in made(docs, qa) | made(docs, gradual.model_copy(update={"hybrid": "sensitive"}))


def test_roles_staffed_are_those_the_tasks_need_not_those_of_a_template_without_tasks(catalog):
    """A schedule staffs (its capacity, and the warning of a role nobody holds) the roles its tasks need: a template the
    plan has a use for but no workload of its class to make tasks for (offline POCs where every workload may use the
    cloud) adds none; with a workload of its class, its role is staffed."""
    tasks = dict(catalog.tasks)
    tasks["p1.offline-poc"] = tasks["p1.offline-poc"].model_copy(update={"roles": {"legal": 0.3}})
    legal = catalog.model_copy(update={"tasks": tasks})
    cloud_only = schedule_of(legal, small_plan(), results=[r for r in RESULTS if r.cloud_allowed])
    assert not any(t.template == "p1.offline-poc" for t in cloud_only.tasks)
    assert "legal" not in cloud_only.capacity and not any("legal" in w for w in cloud_only.warnings)
    offline = schedule_of(legal, small_plan())  # "docs" may not use the cloud: its offline POC needs legal
    assert offline.capacity["legal"] == 1.0 and any("staff.legal" in w for w in offline.warnings)


def test_a_ledger_books_the_same_staff_whether_or_not_it_skips_the_tasks_after_its_horizon_at_once(catalog):
    # A schedule lists its tasks by start, then its bridges, and says how many are in that order (`dated`): a ledger's staff
    # walk leaves the tasks that start after its horizon out at once (`tasks_started_before`). A short horizon, so that
    # some start after it.
    plan = small_plan().model_copy(update={"horizon_months": 4})
    schedule = schedule_of(catalog, plan)
    end = Calendar(START, 4).end
    assert any(t.start >= end for t in schedule.tasks) and any(t.start < end and t.roles for t in schedule.tasks)
    assert schedule.dated == len(schedule.tasks)
    copied = schedule.model_copy()  # says nothing of its order: every task walked
    assert not hasattr(copied, "dated") and tasks_started_before(copied, end) is copied.tasks
    assumptions = Assumptions(catalog, plan.assumptions)
    skipped = build_ledger(plan, RESULTS, SIZING, schedule, catalog, assumptions)
    walked = build_ledger(plan, RESULTS, SIZING, copied, catalog, assumptions)
    assert [m["staff"] for m in skipped.months["on_prem"]] == [m["staff"] for m in walked.months["on_prem"]]
    assert skipped.months == walked.months and skipped.tco == walked.tco
    assert sum(m["staff"] for m in skipped.months["on_prem"]) > 0


def test_tasks_started_before_a_day_keep_the_bridges_and_the_order():
    from planner.domain.schedule import _SET_DATED

    def task(tid: str, start: date) -> ScheduledTask:
        return ScheduledTask(id=tid, name=tid, phase=2, start=start, end=start + timedelta(days=9), duration_days=10, roles={"ml_engineer": 1.0})

    a, b, c, d = task("a", day(0)), task("b", day(10)), task("c", day(30)), task("d", day(40))
    bridge = task("bridge", day(5))  # after the tasks in start order, starting before the day
    schedule = Schedule(tasks=[a, b, c, d, bridge])
    assert tasks_started_before(schedule, day(1)) is schedule.tasks  # not known to be in start order: as it is
    _SET_DATED(schedule, 4)
    assert tasks_started_before(schedule, day(30)) == [a, b, bridge]  # c starts on the day: left out with d
    assert tasks_started_before(schedule, day(31)) == [a, b, c, bridge]
    assert tasks_started_before(schedule, day(41)) is schedule.tasks
    assert tasks_started_before(schedule, day(0)) == [bridge]
