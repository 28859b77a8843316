"""The `calendar` assumption: Korean working days (weekends, public holidays, 설날, 추석, 대체공휴일).

Expected dates are counted by hand on the 2026 calendar; the holidays are those the `holidays` package
lists for South Korea (2026: 03-01 Sun + 03-02 대체공휴일, 05-01, 05-05, 05-24 Sun + 05-25 대체공휴일,
06-03 지방선거일, 06-06 Sat, 07-17, 08-15 Sat + 08-17 대체공휴일, 09-24..26 추석, 10-03 Sat + 10-05
대체공휴일, 10-09, 12-25).
"""

from __future__ import annotations

from datetime import date

from planner.domain.plan import TaskEdit
from tests.test_schedule import RESULTS, SIZING, catalog, dates, evaluated, schedule_of, small_plan  # noqa: F401

WORKING = {"calendar": "kr_working_days"}


def test_a_task_that_would_start_on_chuseok_moves_to_the_next_working_day(catalog):
    # A plan starting 2026-09-24 (추석 전날, Thursday): 09-24..26 are 추석, 09-27 is a Sunday.
    chuseok = small_plan(tasks=[TaskEdit(id="vendor-visit", name="Vendor visit", phase=1, duration_days=1, start=date(2026, 9, 25))], **WORKING)
    chuseok = chuseok.model_copy(update={"start": date(2026, 9, 24)})
    s = schedule_of(catalog, chuseok)
    got = dates(s)
    assert got["p1.security-review"][0] == date(2026, 9, 28)  # Monday, the first working day
    assert got["vendor-visit"] == (date(2026, 9, 28), date(2026, 9, 28))  # wanted 추석 (09-25): moved
    # Calendar days (the default): the same plan starts on 추석 itself.
    plain = schedule_of(catalog, chuseok.model_copy(update={"assumptions": {}}))
    assert dates(plain)["p1.security-review"][0] == date(2026, 9, 24)
    assert dates(plain)["vendor-visit"] == (date(2026, 9, 25), date(2026, 9, 25))


def test_durations_count_korean_working_days_by_hand(catalog):
    # START 2026-03-02 is 3·1절's 대체공휴일 (Monday): day 0 is Tuesday 2026-03-03.
    s = schedule_of(catalog, small_plan(**WORKING))
    got = dates(s)
    # 28 working days from 03-03: March 3-6, 9-13, 16-20, 23-27, 30-31 (21), April 1-3, 6-9 (28).
    assert got["p1.security-review"] == (date(2026, 3, 3), date(2026, 4, 9))
    # 60 working days from 04-10, skipping 05-01 노동절, 05-05 어린이날, 05-25 대체공휴일 and 06-03
    # 지방선거일: April 10, 13-17, 20-24, 27-30 (15); May 4, 6-8, 11-15, 18-22, 26-29 (33);
    # June 1-2, 4-5, 8-12, 15-19, 22-26, 29-30 (54); July 1-3, 6-8 (60).
    assert got["p1.usage-data"] == (date(2026, 4, 10), date(2026, 7, 8))
    assert got["p1.done"] == (date(2026, 7, 9), date(2026, 7, 9))
    # The pilot order stays 3 calendar weeks (RTX 4090, realistic): delivered 03-24, 15 working days.
    order = next(t for t in s.tasks if t.id == "p1.order-pilot-gpus")
    assert (order.start, order.end, order.duration_days) == (date(2026, 3, 3), date(2026, 3, 23), 15)
    assert s.pilot_delivery == date(2026, 3, 24) and got["p2.env-setup"][0] == date(2026, 3, 24)
    for task in s.tasks:  # no task starts or ends on a weekend or a holiday
        for day in (task.start, task.end):
            assert day.weekday() < 5 and day not in {date(2026, 5, 1), date(2026, 5, 5), date(2026, 5, 25), date(2026, 6, 3), date(2026, 8, 17), date(2026, 9, 24), date(2026, 9, 25), date(2026, 10, 5), date(2026, 10, 9), date(2026, 12, 25)}, (task.id, day)


def test_a_gpu_delivery_that_falls_on_a_holiday_waits_for_the_next_working_day(catalog):
    # Production A100s, 13 weeks realistic = 91 calendar days from the order's start.
    s = schedule_of(catalog, small_plan(**WORKING))
    order = next(t for t in s.tasks if t.id == "p2.order-production-gpus")
    due = date.fromordinal(order.start.toordinal() + 91)
    while due.weekday() >= 5 or due in {date(2026, 9, 24), date(2026, 9, 25), date(2026, 10, 5), date(2026, 10, 9), date(2026, 12, 25)}:
        due = date.fromordinal(due.toordinal() + 1)
    assert s.production_delivery == due


def test_the_default_keeps_a_sample_plans_dates(catalog):
    # the bank keeping owned GPUs (its production H100s on order; rented, it orders none)
    default = evaluated(catalog, "bank-customer-service", gpuaas_hosting=False).schedule
    explicit = evaluated(catalog, "bank-customer-service", calendar="calendar_days", gpuaas_hosting=False).schedule
    assert dates(default) == dates(explicit)
    # Calendar days: the production H100s (26 weeks realistic) arrive on a Sunday, as before the option.
    assert default.production_delivery == date(2026, 12, 27) and default.go_live == date(2027, 2, 7)
    working = evaluated(catalog, "bank-customer-service", gpuaas_hosting=False, **WORKING).schedule
    assert working.production_delivery == date(2027, 2, 10)  # 2027-02-08..09: 설날 and its 대체공휴일


def test_an_unknown_calendar_is_a_located_problem_with_a_hint(plan_copy, run_cli):
    path = plan_copy("bank-customer-service")
    text = path.read_text(encoding="utf-8").replace("[assumptions]\n", '[assumptions]\ncalendar = "kr_workingdays"\n', 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('calendar = "kr_workingdays"') + 1
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert f"{path}:{line}: assumptions.calendar: 'kr_workingdays' is not one of calendar_days, kr_working_days (did you mean \"kr_working_days\"?)" in result.err


def test_show_and_reports_name_the_calendar_and_its_holidays(plan_copy, run_cli, tmp_path):
    path = plan_copy("bank-customer-service")
    path.write_text(path.read_text(encoding="utf-8").replace("[assumptions]\n", '[assumptions]\ncalendar = "kr_working_days"\n', 1), encoding="utf-8")
    shown = run_cli("show", str(path)).out
    line = next(line for line in shown.splitlines() if "Calendar:" in line)
    assert "Korean working days" in line and "2026-09-24..26 추석" in line and "2027-02-06..09 설날" in line
    assert "2026-03-02" not in line  # before the plan's start (2026-04-01)
    assert run_cli("export", str(path), "--format", "html", "-o", str(tmp_path / "r.html")).code == 0
    assert "2026-09-24..26 추석" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Calendar:" not in run_cli("show", str(plan_copy("midsize-chatbot"))).out
