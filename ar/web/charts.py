"""Charts as inline SVG: bars for aging, lines for the monthly trend.

Each mark carries what it shows (`data-series`, `data-label`, `data-value`, the value as
the report prints it), with a <title> for screen readers and tooltips, so a test (or a
person) can read the figures off the page and compare them with `--format json`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT, PAD = 640, 220, 36
COLOURS = ("#1f5f8b", "#b5542a", "#4b7f3a", "#7a4f9a")


@dataclass(frozen=True)
class Mark:
    label: str
    value: float | None
    text: str  # the value as reports print it


def bars(title: str, series: str, marks: Sequence[Mark]) -> str:
    """One bar per mark, scaled to the largest."""
    top = max((m.value or 0.0 for m in marks), default=0.0) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(marks), 1)
    parts = []
    for index, mark in enumerate(marks):
        height = (HEIGHT - 2 * PAD) * (mark.value or 0.0) / top
        x, y = PAD + index * step + step * 0.15, HEIGHT - PAD - height
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{height:.1f}" '
            f'fill="{COLOURS[0]}" {_data(series, mark)}><title>{escape(mark.label)}: '
            f"{escape(mark.text)}</title></rect>"
            f'<text x="{x + step * 0.35:.1f}" y="{HEIGHT - PAD + 14}" text-anchor="middle">'
            f"{escape(mark.label)}</text>"
        )
    return _svg(title, "".join(parts))


def lines(title: str, named: Mapping[str, Sequence[Mark]]) -> str:
    """One line per series over shared labels; a gap where a value is undefined."""
    values = [m.value for ms in named.values() for m in ms if m.value is not None]
    low, high = min(values, default=0.0), max(values, default=1.0)
    span = (high - low) or 1.0
    parts, legend = [], []
    for number, (series, marks) in enumerate(named.items()):
        colour = COLOURS[number % len(COLOURS)]
        step = (WIDTH - 2 * PAD) / max(len(marks) - 1, 1)
        points = []
        for index, mark in enumerate(marks):
            x = PAD + index * step
            if mark.value is None:
                continue
            y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * (mark.value - low) / span
            points.append(f"{x:.1f},{y:.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}" {_data(series, mark)}>'
                f"<title>{escape(series)} {escape(mark.label)}: {escape(mark.text)}</title>"
                "</circle>"
            )
        parts.insert(0, f'<polyline fill="none" stroke="{colour}" points="{" ".join(points)}"/>')
        if number == 0:
            parts.extend(_ticks([m.label for m in marks], step))
        legend.append(
            f'<text x="{PAD + number * 150}" y="14" fill="{colour}">{escape(series)}</text>'
        )
    scale = (
        f'<text x="2" y="{PAD}">{high:.0f}</text><text x="2" y="{HEIGHT - PAD}">{low:.0f}</text>'
    )
    return _svg(title, "".join(legend) + scale + "".join(parts))


def _ticks(labels: Sequence[str], step: float) -> list[str]:
    """Every other label under the x axis, so months stay readable."""
    return [
        f'<text x="{PAD + index * step:.1f}" y="{HEIGHT - PAD + 14}" text-anchor="middle">'
        f"{escape(label)}</text>"
        for index, label in enumerate(labels)
        if index % 2 == 0
    ]


def _data(series: str, mark: Mark) -> str:
    return (
        f'data-series="{escape(series)}" data-label="{escape(mark.label)}" '
        f'data-value="{escape(mark.text)}"'
    )


def _svg(title: str, body: str) -> str:
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )
