"""Money formatting for the renderings; it lives in the domain because warnings quote amounts too."""

from planner.domain.money import EOK, MAN, krw, krw_exact, money, usd

__all__ = ["EOK", "MAN", "krw", "krw_exact", "money", "usd"]
