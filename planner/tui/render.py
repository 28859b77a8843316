"""Text drawing for the screens: bars, Gantt rows and the cumulative-cost chart.

These only scale numbers the engine computed to character cells; they compute no figures of their own.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from planner.domain.money import krw, usd
from planner.domain.vocabulary import CATEGORY_LABEL
from planner.i18n import N_, _, translate

STRATEGY_STYLE = {"cloud": "dodger_blue1", "on_prem": "dark_orange", "gpuaas": "orchid", "plan": "green3"}
STRATEGY_MARK = {"cloud": "c", "on_prem": "o", "gpuaas": "r", "plan": "p"}
"""One letter per strategy so the chart reads without colour (text captures, monochrome terminals)."""

DATA_LABEL = {
    "public": N_("public"),
    "internal": N_("internal"),
    "confidential": N_("confidential"),
    "personal": N_("personal"),
    "regulated": N_("regulated"),
    "classified": N_("classified"),
}
"""Data classes as the screens name them (the plan keeps the ids)."""


FIELD_LABEL = {
    "requests_per_user_per_day": N_("Requests per user/day"),
    "days_per_month": N_("Days per month"),
    "input_tokens": N_("Input tokens/request"),
    "output_tokens": N_("Output tokens/request"),
    "busy_hours": N_("Busy hours a day"),
    "sensitive_share": N_("Sensitive share (0-1)"),
    "cached_prefix_share": N_("Cached prefix (0-1)"),
    "data": N_("Data class"),
    "deidentifiable": N_("De-identifiable"),
    "batch": N_("Batch job"),
    "cloud_model": N_("Cloud model"),
    "open_model": N_("Open model"),
    "precision": N_("Precision"),
    "embeddings_usd_per_month": N_("Embeddings (USD/month)"),
}
"""Workload fields a kind can fill, as the workload form names them."""


def field_label(field: str) -> str:
    """A workload field as the form names it, in the current language (others as their key)."""
    return _(FIELD_LABEL[field]) if field in FIELD_LABEL else field


def columns(spec: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label msgid, key) column specs with the labels in the current language."""
    return [(_(label) if label else "", key) for label, key in spec]


def data_label(data: str) -> str:
    """A data class in the current language (an unknown id as it is)."""
    return _(DATA_LABEL[data]) if data in DATA_LABEL else data


def category_label(category: str) -> str:
    """A ledger category in the current language (an unknown id with spaces for underscores)."""
    return translate(CATEGORY_LABEL[category]) if category in CATEGORY_LABEL else category.replace("_", " ")


def truncate(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells with an ellipsis (Korean characters take two cells)."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


FULL = "█"
EIGHTHS = " ▏▎▍▌▋▊▉"


def ljust(text: str, width: int) -> str:
    """Pad on the right to `width` terminal cells (Korean characters take two)."""
    return text + " " * max(0, width - cell_len(text))


def rjust(text: str, width: int) -> str:
    """Pad on the left to `width` terminal cells."""
    return " " * max(0, width - cell_len(text)) + text


class Money:
    """Formats KRW amounts in the chosen currency at the plan's exchange rate."""

    def __init__(self, currency: str = "KRW", krw_per_usd: float = 0.0):
        self.currency = currency
        self.krw_per_usd = krw_per_usd

    def __call__(self, amount_krw: float) -> str:
        if self.currency == "USD" and self.krw_per_usd > 0:
            value = amount_krw / self.krw_per_usd
            return usd(value) if abs(value) < 10_000 else f"${value:,.0f}"
        return krw(amount_krw)

    def from_usd(self, amount_usd: float, amount_krw: float) -> str:
        """A figure the engine gives in both currencies."""
        return usd(amount_usd) if self.currency == "USD" else krw(amount_krw)


def bar(value: float, maximum: float, width: int) -> str:
    """A left-aligned bar of `width` cells, in eighths of a cell."""
    if maximum <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = round(min(value / maximum, 1.0) * width * 8)
    full, rest = divmod(eighths, 8)
    return FULL * full + (EIGHTHS[rest] if rest else "")


def bar_chart(rows: list[tuple[str, float, str, str]], width: int) -> Text:
    """Labelled horizontal bars: (label, value, value text, style) per row, scaled to the largest."""
    text = Text()
    if not rows:
        return text
    label_width = max(cell_len(r[0]) for r in rows)
    value_width = max(cell_len(r[2]) for r in rows)
    bar_width = max(4, width - label_width - value_width - 3)
    top = max(r[1] for r in rows)
    for i, (label, value, shown, style) in enumerate(rows):
        if i:
            text.append("\n")
        text.append(ljust(label, label_width) + " ")
        drawn = bar(value, top, bar_width)
        text.append(drawn, style=style)
        text.append(" " * (bar_width - len(drawn)) + " " + rjust(shown, value_width))
    return text


def meter(used: float, capacity: float, width: int) -> Text:
    """Load against capacity: filled part, then the spare part in dots."""
    text = Text()
    if capacity <= 0 or width <= 0:
        return text
    drawn = bar(used, capacity, width)
    share = used / capacity
    style = "red" if share > 1 else ("yellow" if share > 0.8 else "green3")
    text.append(drawn, style=style)
    text.append("·" * (width - len(drawn)), style="grey50")
    return text


class TimeScale:
    """Days from `first` to `last` mapped onto `width` columns."""

    def __init__(self, first: date, last: date, width: int):
        self.first = first
        self.days = max(1, (last - first).days + 1)
        self.width = max(10, width)

    def column(self, day: date) -> int:
        """The column a day falls in."""
        return min(self.width - 1, max(0, (day - self.first).days * self.width // self.days))

    def columns(self, start: date, end: date) -> tuple[int, int]:
        """First and last column of a span from `start` to `end` (inclusive)."""
        left = self.column(start)
        return left, max(left, self.column(end))

    def span(self, start: date, end: date, char: str, style: str, milestone: bool = False) -> Text:
        """A task from `start` to `end` (inclusive) as a bar on the scale."""
        left, right = self.columns(start, end)
        return draw_span(left, right, self.width, char, style, milestone)


    def header(self) -> str:
        """Month ticks: `|Mar 26   |Apr ...` (`|26년 3월  |4월 ...` in Korean), as many as fit."""
        cells = [" "] * self.width  # one string per terminal cell; a wide character's second cell holds ""
        day = date(self.first.year, self.first.month, 1)
        last_label_end = -1
        while True:
            column = self.column(day) if day >= self.first else 0
            if day > self.first + timedelta(days=self.days - 1):
                break
            label = "|" + month_label(day, with_year=day.month == 1 or last_label_end < 0)
            width = cell_len(label)
            if column > last_label_end and column + width <= self.width:
                cells[column : column + width] = [part for char in label for part in ((char, "") if cell_len(char) == 2 else (char,))]
                last_label_end = column + width
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return "".join(cells)


MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))


def month_label(day: date, with_year: bool) -> str:
    """`Mar 26` or `Mar` (Korean: `26년 3월` or `3월`)."""
    month = _(MONTHS[day.month - 1])
    return _("{month} {yy}", month=month, yy=f"{day.year % 100:02d}") if with_year else month


def draw_span(left: int, right: int, width: int, char: str, style: str, milestone: bool = False) -> Text:
    """A bar from column `left` to `right` in a field of `width` columns (a diamond for a milestone)."""
    text = Text(" " * left)
    if milestone:
        text.append("◆", style=style)
    else:
        text.append(char * (right - left + 1), style=style)
    text.append(" " * max(0, width - len(text)))
    return text


def cumulative_chart(
    series: dict[str, list[int]], width: int, height: int, money: Money, marker_month: int | None = None, bands: dict[str, tuple[list[int], list[int]]] | None = None
) -> Text:
    """Cumulative cost per strategy over the months: one letter per strategy, y axis in money; `bands`: per
    strategy the P10 and P90 of the cumulative cost per month (`show --ranges`), shaded behind its line."""
    text = Text()
    bands = bands or {}
    months = max((len(v) for v in series.values()), default=0)
    top = max([max(v) for v in series.values() if v] + [max(high) for _low, high in bands.values() if high], default=0)
    if months == 0 or top <= 0:
        return Text(_("no monthly costs yet"))
    axis_labels = [money(top * (height - 1 - row) / (height - 1)) for row in range(height)]
    axis_width = max(cell_len(a) for a in axis_labels)
    plot_width = max(12, width - axis_width - 3)
    columns = plot_width if plot_width < months else months * (plot_width // months)
    grid: list[list[tuple[str, str]]] = [[(" ", "")] * columns for _ in range(height)]
    if marker_month:
        col = min(columns - 1, (marker_month - 1) * columns // months)
        for row in range(height):
            grid[row][col] = ("┆", "grey50")
    for name, (low, high) in bands.items():
        for col in range(columns):
            month = min(months - 1, col * months // columns)
            if month >= len(low):
                continue
            lowest, highest = height - 1 - round(low[month] / top * (height - 1)), height - 1 - round(high[month] / top * (height - 1))
            for row in range(highest, lowest + 1):
                if grid[row][col][0] == " ":
                    grid[row][col] = ("░", f"dim {STRATEGY_STYLE.get(name, '')}".strip())
    for name, values in series.items():
        for col in range(columns):
            month = min(months - 1, col * months // columns)
            if month >= len(values):
                continue
            row = height - 1 - round(values[month] / top * (height - 1))
            grid[row][col] = (STRATEGY_MARK.get(name, name[:1]), STRATEGY_STYLE.get(name, ""))
    for row in range(height):
        text.append(rjust(axis_labels[row], axis_width) + " ┤" if row in (0, height - 1) or row % 3 == 0 else " " * axis_width + " │")
        for char, style in grid[row]:
            text.append(char, style=style)
        text.append("\n")
    ticks = [" "] * columns
    for month in [1] + list(range(12, months + 1, 12)):
        label = f"{month}"
        col = min(columns - len(label), (month - 1) * columns // months)
        ticks[col : col + len(label)] = list(label)
    text.append(" " * axis_width + " └" + "─" * columns + "\n")
    text.append(" " * axis_width + "  " + "".join(ticks[:columns]) + "  " + _("(month, {months} in all)", months=months))
    return text
