"""The words and series every view shares (the TUI, `planner show`, the exports): placement and
strategy names, the plan's calendar, and the cumulative cost per strategy.

One place, so a new placement or strategy (gpuaas) is named once. Money formatting is its sibling
`planner.domain.money` (warnings quote amounts too). No Textual and no I/O here.
"""

from __future__ import annotations

from planner.domain.messages import Message, joined, msg
from datetime import date
from itertools import accumulate
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from planner.domain.results import Ledger

CATEGORY_LABEL = {
    "cloud_api": msg("cloud API"),
    "embeddings": msg("embeddings"),
    "gpu_rental": msg("GPU rental"),
    "hardware": msg("hardware"),
    "facility": msg("facility"),
    "power": msg("power"),
    "network": msg("network"),
    "storage": msg("storage"),
    "backup": msg("backup"),
    "maintenance": msg("maintenance"),
    "staff": msg("staff"),
}
"""Ledger cost categories as every view names them (the ledger keeps the ids)."""

PLACEMENT_LABEL = {"cloud": msg("cloud"), "gpuaas": msg("rented GPUs"), "hybrid": msg("hybrid"), "on_prem": msg("on-prem"), "on_prem_airgap": msg("air-gapped")}
"""Short placement names, for table cells and dialogs."""

PLACEMENT_NAME = {"cloud": msg("cloud"), "gpuaas": msg("rented GPUs (GPUaaS)"), "hybrid": msg("hybrid"), "on_prem": msg("on-prem"), "on_prem_airgap": msg("on-prem (air-gapped)")}
"""Placement names in running text and reports."""

PLACEMENT_PHRASE = {"cloud": msg("cloud"), "gpuaas": msg("rented GPUs (GPUaaS)"), "hybrid": msg("hybrid"), "on_prem": msg("on-prem"), "on_prem_airgap": msg("on-prem, air-gapped")}
"""Placement names inside a placement trace's answers and warnings."""

STRATEGY_LABEL = {"cloud": msg("All cloud"), "on_prem": msg("All on-prem"), "gpuaas": msg("Rented GPUs"), "plan": msg("This plan"), "hybrid": msg("Hybrid")}
"""Ledger strategies (and the organization's hybrid strategy) as the user reads them.

These names are Messages (planner.domain.messages): English as str, translated where shown."""

STRATEGY_DESCRIPTION = {
    "cloud": msg("cloud (every workload on its cloud API)"),
    "on_prem": msg("on_prem (everything on-prem from month 1)"),
    "gpuaas": msg("gpuaas (rented GPUs where allowed)"),
    "plan": msg("plan (the phased migration)"),
}
"""Ledger strategies with what each one assumes (`planner show`)."""

DATA_CLASS = {
    "public": msg("public"),
    "internal": msg("internal"),
    "confidential": msg("confidential"),
    "personal": msg("personal"),
    "regulated": msg("regulated"),
    "classified": msg("classified"),
}
"""Data classes as words in running text (`{data} data`); the id itself in English."""


def data_class(data: str) -> str:
    """A data class in running text (a translatable Message for the classes planner knows)."""
    return DATA_CLASS.get(data, data)


def catalog_text(text: str) -> Message:
    """Catalog text (a rule's reason, a law's name) as a Message: shown translated where the catalog's Korean has it."""
    if isinstance(text, Message):
        return text
    return Message(text.replace("{", "{{").replace("}", "}}"))


def catalog_texts(items, separator: str = ", ") -> Message:
    """Catalog texts joined, each translatable (`{0}, {1}`)."""
    return joined([catalog_text(item) for item in items], separator)


def law_source(rule) -> Message:
    """`PIPA art. 17 (third-party provision); ISMS-P 2.9.1 (...) (catalogs/regulations.toml ...)`: the laws by name, then the rule's source."""
    return msg("{laws} ({source})", laws=catalog_texts(rule.laws, "; "), source=catalog_text(rule.source))


STRATEGY_ORDER = ("plan", "cloud", "on_prem", "gpuaas")
"""The order strategies are listed in; others follow by name."""


def placement_name(placement: str) -> str:
    """cloud, rented GPUs (GPUaaS), hybrid, on-prem, on-prem (air-gapped); an unknown id as it is."""
    return PLACEMENT_NAME.get(placement, placement)


def strategy_label(strategy: str) -> str:
    """The reader's name for a ledger strategy."""
    return STRATEGY_LABEL.get(strategy, strategy)


def ordered_strategies(names) -> list[str]:
    """Strategy ids in STRATEGY_ORDER, the rest by name."""
    names = list(names)
    return [s for s in STRATEGY_ORDER if s in names] + sorted(s for s in names if s not in STRATEGY_ORDER)


# --- the plan's calendar ---------------------------------------------------------------------------


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """Days in `month` (1-12) of `year`, as `calendar.monthrange(year, month)[1]` gives them (Gregorian leap years),
    without importing `calendar` at every start."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


def month_date(start: date, month: int) -> date:
    """First day of plan month `month` (1-based) for a plan starting on `start`."""
    return add_months(start, month - 1)


# --- cumulative cost -------------------------------------------------------------------------------


def cumulative(monthly: list[dict[str, int]]) -> list[int]:
    """Running total of monthly ledger rows: the cumulative cost at the end of each month (KRW)."""
    return list(accumulate(sum(month.values()) for month in monthly))


def cumulative_costs(ledger: Ledger | None) -> dict[str, list[int]]:
    """Per strategy (in STRATEGY_ORDER), the cumulative cost at the end of each month (KRW)."""
    if ledger is None:
        return {}
    return {strategy: cumulative(ledger.months[strategy]) for strategy in ordered_strategies(ledger.months)}
