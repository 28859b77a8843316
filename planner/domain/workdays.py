"""The schedule's calendar: which days a task's duration counts (the `calendar` assumption).

- `calendar_days`: every day counts; day N of the network is the plan's start + N days.
- `kr_working_days`: only Korean working days count: no Saturdays, Sundays or public holidays
  (설날, 추석, 대체공휴일 and election days, as the `holidays` package lists them for South Korea).
  Day N of the network is the N-th working day on or after the plan's start (day 0 = the first one),
  so a task never starts or ends on a non-working day. GPU lead times stay calendar weeks: a vendor's
  delivery is a calendar date, and the order task lasts the working days until it (see `span`).

Pure: `holidays` computes the dates (no file or network I/O); the years are computed as they are needed.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta

from planner.domain.messages import Message, joined, msg, msgn

CALENDAR_DAYS = "calendar_days"
KR_WORKING_DAYS = "kr_working_days"
CALENDARS = (CALENDAR_DAYS, KR_WORKING_DAYS)


def kr_holidays(year: int) -> dict[date, str]:
    """South Korea's public holidays of a year, by date, with their Korean names."""
    import holidays  # imported when a working calendar is used, so that importing the domain stays light

    return dict(sorted(holidays.country_holidays("KR", years=year, language="ko").items()))


class WorkCalendar:
    """Maps the network's day numbers to dates and back, for one plan start and calendar."""

    def __init__(self, start: date, kind: str = CALENDAR_DAYS):
        self.start = start
        self.kind = kind
        self.working = kind == KR_WORKING_DAYS
        self._dates: list[date] = []  # working days from the start, as far as computed
        self._next: date | None = start  # first calendar day not yet looked at (None: past 9999-12-31)
        self._years: dict[int, dict[date, str]] = {}  # holidays by year, as far as looked up

    def holidays(self, year: int) -> dict[date, str]:
        """`kr_holidays(year)`, computed once per calendar (the domain keeps nothing between calls)."""
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = kr_holidays(year)
        return found

    def _next_year(self) -> bool:
        """Look at the working days of one more year; False once 9999-12-31 has been looked at."""
        if self._next is None:
            return False
        year_end = date(self._next.year, 12, 31)
        closed = self.holidays(self._next.year)
        current = self._next
        while current <= year_end:
            if current.weekday() < 5 and current not in closed:
                self._dates.append(current)
            if current == date.max:
                break
            current += timedelta(days=1)
        self._next = year_end + timedelta(days=1) if year_end < date.max else None
        return True

    def day(self, number: int) -> date:
        """The date of day `number` (0 = the first day of the schedule). OverflowError past 9999-12-31."""
        if not self.working:
            return self.start + timedelta(days=number)
        while len(self._dates) <= number:
            if not self._next_year():
                raise OverflowError("date value out of range")
        return self._dates[number]

    def number(self, day: date) -> int:
        """The day number of `day`, or of the first working day after it (days before the start: 0)."""
        if not self.working:
            return max((day - self.start).days, 0)
        while (not self._dates or self._dates[-1] < day) and self._next_year():
            pass
        return bisect_left(self._dates, day)

    def span(self, first: int, calendar_days: int) -> int:
        """Day numbers from `first` until `calendar_days` calendar days after its date (a delivery)."""
        if not self.working:
            return calendar_days
        try:
            return self.number(self.day(first) + timedelta(days=calendar_days)) - first
        except OverflowError:  # past 9999-12-31: the schedule is refused once dated
            return calendar_days

    def count(self, first: date, last: date) -> int:
        """Days that count from `first` to `last`, both included."""
        if not self.working:
            return (last - first).days + 1
        return self.number(last + timedelta(days=1)) - self.number(first)

    def holidays_between(self, first: date, last: date) -> list[tuple[date, date, str]]:
        """(first day, last day, name) of the public holidays from `first` to `last`, runs of days merged."""
        if not self.working:
            return []
        found = [(d, name) for year in range(first.year, last.year + 1) for d, name in self.holidays(year).items() if first <= d <= last]
        runs: list[tuple[date, date, str]] = []
        for d, name in found:
            if runs and runs[-1][1] + timedelta(days=1) == d:
                begin, _end, kept = runs[-1]
                runs[-1] = (begin, d, min(kept, name, key=len))
            else:
                runs.append((d, d, name))
        return runs


def calendar_line(kind: str, first: date, last: date, short: bool = False) -> str:
    """One line naming the calendar a schedule counts in, with the holidays inside its span.

    `short` lists only the holidays of three days or more (설날, 추석) and counts the others."""
    if kind != KR_WORKING_DAYS:
        return "Calendar: calendar days"
    runs = WorkCalendar(first, kind).holidays_between(first, last)

    def when(begin: date, end: date) -> str:
        if begin == end:
            return begin.isoformat()
        if begin.year == end.year and begin.month == end.month:
            return f"{begin.isoformat()}..{end.day:02d}"
        return f"{begin.isoformat()}..{end.isoformat()}"

    shown = [run for run in runs if (run[1] - run[0]).days >= 2] if short else runs
    listed = ", ".join(f"{when(b, e)} {name}" for b, e, name in shown)
    others = len(runs) - len(shown)
    if others:
        listed += f"{', ' if listed else ''}{others} other{'s' if others > 1 else ''}"
    return "Calendar: Korean working days, weekends and public holidays skipped" + (f" (holidays: {listed})" if listed else "")
