"""Text graphics for terminals: a horizontal bar for a share, a sparkline for a series."""

from __future__ import annotations

from collections.abc import Sequence

_EIGHTHS = " ▏▎▍▌▋▊▉"
_LEVELS = "▁▂▃▄▅▆▇█"


def bar(fraction: float, width: int = 24) -> str:
    """A bar `fraction` of `width` cells long, drawn to an eighth of a cell."""
    eighths = round(min(max(fraction, 0.0), 1.0) * width * 8)
    full, rest = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[rest] if rest else "")).ljust(width)


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value, its height scaled between the series' least and greatest.

    An undefined value is a space, so gaps in a series stay visible.
    """
    known = [v for v in values if v is not None]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    span = high - low
    return "".join(
        " "
        if v is None
        else _LEVELS[0 if span == 0 else round((v - low) / span * (len(_LEVELS) - 1))]
        for v in values
    )
