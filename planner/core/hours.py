"""Hours: the one resolution every planned and recorded number of hours is kept at.

Hours are rounded once, here in the core, to ``HOURS_RESOLUTION`` (0.01 h, 36 seconds), so a
plan never holds float noise ("2.8000000000000003 h"): the data file diffs cleanly and the
same plan always writes the same bytes. The scheduler counts a week's hours in hundredths
(whole numbers), so rounding can neither push a week past its budget nor lose work. Hours
are shown by ``format_hours``, here too, wherever they are shown.
"""

from __future__ import annotations

import math

HOURS_RESOLUTION = 0.01
HOURS_DECIMALS = 2  # the same, as decimals shown (a spin box's)
_PER_HOUR = 100  # hundredths of an hour in an hour


def round_hours(hours: float) -> float:
    """``hours`` at the resolution: the float nearest a multiple of 0.01 h, which prints
    with at most two decimals (2.8, not 2.8000000000000003)."""
    return from_hundredths(to_hundredths(hours))


def to_hundredths(hours: float) -> int:
    """Hours as a whole number of hundredths (half a hundredth rounds to even)."""
    return round(float(hours) * _PER_HOUR)


def hundredths_within(hours: float) -> int:
    """The hundredths that fit in ``hours`` (rounded down): a budget is never exceeded."""
    return math.floor(float(hours) * _PER_HOUR + 1e-6)


def round_hours_up(hours: float) -> float:
    """``hours`` rounded up to the resolution: enough, never short (the hours a week a
    deadline needs)."""
    return from_hundredths(math.ceil(float(hours) * _PER_HOUR - 1e-6))


def from_hundredths(hundredths: int) -> float:
    """Hundredths back to hours (the division gives the float nearest the decimal)."""
    return hundredths / _PER_HOUR


def format_hours(hours: float) -> str:
    """How every place shows a number of hours: at the resolution, without trailing zeros
    ('6 h', '2.5 h', '0.33 h', '1234.56 h'); nothing (or less than nothing) is '0 h', and
    an amount too small to show is '<0.01 h', not nothing."""
    if not math.isfinite(hours):
        return f"{hours} h"
    if hours <= 0:
        return "0 h"
    whole, hundredths = divmod(to_hundredths(hours), _PER_HOUR)
    if not whole and not hundredths:
        return "<0.01 h"
    if not hundredths:
        return f"{whole} h"
    return f"{whole}.{hundredths:02d}".rstrip("0") + " h"
