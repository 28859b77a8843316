"""What a `planner` command imports before it works: the fixed cost of every process (issue #16). Each check
names modules the command does not use; none is timed."""

from __future__ import annotations

import calendar
from datetime import date

from planner.domain.vocabulary import add_months, days_in_month


def test_days_in_month_are_the_calendar_modules():
    for year in range(1600, 2501):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)


def test_a_month_later_is_clamped_to_the_months_last_day():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2100, 1, 31), 1) == date(2100, 2, 28)
    assert add_months(date(2000, 3, 31), -1) == date(2000, 2, 29)
    assert add_months(date(2026, 8, 31), 13) == date(2027, 9, 30)

