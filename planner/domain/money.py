"""Money and number formatting shared by warnings, the text, the exports and the TUI."""

from __future__ import annotations

MAN = 10_000
EOK = 100_000_000
_UNGROUPED_MAN = 1_000 * MAN - MAN // 2
"""Below this many won, `krw`'s 만원 figure rounds to at most three digits: nothing for its thousands separator to
group (below 100억 its 억원 figure has at most three digits before its point likewise)."""


ROUND_NEAR_HALF = 1e-6
"""How far from a half the scaled figure's fraction must be for `round_like_builtin` to decide without `round` (see there)."""
ROUND_SCALED_BELOW = 2.0**31
"""`round_like_builtin` decides figures scaled below this (their float product is then off by at most 2**-22 < `ROUND_NEAR_HALF`)."""
ROUND_DOWN_BELOW = 0.5 - ROUND_NEAR_HALF
"""A fraction below this rounds down (`round_like_builtin`: the bound worked out once, not at each call)."""
ROUND_UP_ABOVE = 0.5 + ROUND_NEAR_HALF
"""A fraction above this rounds up (`round_like_builtin`)."""


def round_like_builtin(x: float, digits: int, scale: float) -> float:
    """`round(x, digits)`, the same float, in a fifth of the time for most figures (`scale`: 10.0 ** digits; unit costs, the ledger, the JSON export and billing round with it).

    `round` rounds the exact binary value of x to `digits` decimals (half to even) through its decimal text and reads
    that back: the float nearest k / 10**digits, for the integer k nearest x * 10**digits. Where the float product
    `scaled` is positive, below 2**31 (so within 2**-22 of the exact product) and its fraction is more than
    `ROUND_NEAR_HALF` from a half, that k is its floor or the next integer, and k / scale (two exact floats, one correctly
    rounded division) is that same nearest float. Anything else (not a float, not positive, near a half, too large)
    goes to `round` itself. The fraction is `scaled % 1.0` (exact: `fmod` of a positive float) and the floor `scaled`
    less it (exact, an integer below 2**31): the floats `int(scaled)` gave, without the call; the type read as
    `x.__class__` (what `type(x)` gives, without the call)."""
    scaled = x * scale
    if x.__class__ is float and 0.0 < scaled < ROUND_SCALED_BELOW:
        fraction = scaled % 1.0
        if fraction < ROUND_DOWN_BELOW:
            return (scaled - fraction) / scale
        if fraction > ROUND_UP_ABOVE:
            return (scaled - fraction + 1.0) / scale
    return round(x, digits)


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
