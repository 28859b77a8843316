"""Money and number formatting shared by warnings, the text, the exports and the TUI."""

from __future__ import annotations

MAN = 10_000
EOK = 100_000_000
_UNGROUPED_MAN = 1_000 * MAN - MAN // 2
"""Below this many won, `krw`'s 만원 figure rounds to at most three digits: nothing for its thousands separator to
group (below 100억 its 억원 figure has at most three digits before its point likewise)."""


def krw(amount: float) -> str:
    """Korean style: 1,234만원 below 1억, 1.2억원 above; whole won below 1만."""
    value = amount if amount.__class__ is int else round(amount)  # a whole number's round() is itself, without the call
    sign = ""
    if value < 0:
        sign, value = "-", -value
    if value >= EOK:  # no grouping where the figure has no thousands to group
        return f"{sign}{value / EOK:.1f}억원" if value < 100 * EOK else f"{sign}{value / EOK:,.0f}억원"
    if value >= MAN:
        return f"{sign}{value / MAN:.0f}만원" if value < _UNGROUPED_MAN else f"{sign}{value / MAN:,.0f}만원"
    return f"{sign}{value:,}원"


def krw_apart(first: float, second: float) -> tuple[str, str]:
    """Two amounts a reader compares, `krw` style, with as many digits as it takes to tell them apart:
    1.6억원 vs 1.6억원 becomes 1억 6,234만원 vs 1억 6,251만원 (whole won if even 만원 agree)."""
    a, b = krw(first), krw(second)
    if a != b or round(first) == round(second):
        return a, b

    def man(amount: float) -> str:
        value = round(amount / MAN)
        sign = "-" if value < 0 else ""
        eok, rest = divmod(abs(value), EOK // MAN)
        return f"{sign}{eok:,}억 {rest:,}만원" if eok and rest else f"{sign}{eok:,}억원" if eok else f"{sign}{rest:,}만원"

    a, b = man(first), man(second)
    return (a, b) if a != b else (f"{round(first):,}원", f"{round(second):,}원")


def krw_exact(amount: float) -> str:
    """₩12,000,000 (whole won)."""
    value = round(amount)
    return f"-₩{abs(value):,}" if value < 0 else f"₩{value:,}"


def usd(amount: float) -> str:
    """$1,234.56."""
    return f"-${abs(amount):,.2f}" if amount < 0 else f"${amount:,.2f}"


def money(amount_krw: float, krw_per_usd: float, currency: str = "KRW") -> str:
    """KRW in 만원/억원, or USD at the plan's rate."""
    return krw(amount_krw) if currency == "KRW" else usd(amount_krw / krw_per_usd)
