"""Figures the document prints: amounts, shares and year-over-year changes, all Decimal,
rounded half up to two places, as budget documents print them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal | None, sign: str = "") -> str:
    """1234.5 → 1,234.50 (thousands separated, two places rounded half up as budgets print them:
    format() alone rounds a Decimal half to even, 1.225 would read 1.22); "—" where none."""
    if value is None:
        return "—"
    return format(round2(Decimal(value)), f"{sign},.2f")


def plain(value: Decimal) -> str:
    """An amount in a sentence: 1234.50 (the seeds' sentences print no separators)."""
    return f"{round2(value):.2f}"


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in per cent; None where the whole is zero (no share to state)."""
    if not whole:
        return None
    return round2(part * HUNDRED / whole)


@dataclass
class Change:
    current: Decimal
    prior: Decimal

    @property
    def diff(self) -> Decimal:
        return round2(self.current - self.prior)

    @property
    def direction(self) -> str:
        return "flat" if not self.diff else ("increase" if self.diff > 0 else "decrease")

    @property
    def rate(self) -> Decimal:
        """The change over last year's figure in per cent; from zero: 100.00 (the practice)."""
        if not self.prior:
            return HUNDRED
        return round2(abs(self.diff) * HUNDRED / abs(self.prior))
