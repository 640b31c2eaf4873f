"""Server-rendered SVG charts: geometry computed here, drawn by ``moderation/_*_chart.html``.

No JavaScript and no chart library: the charts are plain SVG with a ``<title>`` per bar (a
tooltip and a screen-reader label), so they render in any browser and in tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    max_value: int
    ticks: list[tuple[float, str]]  # (x, label) along the bottom
    baseline: float
    legend: list[tuple[str, str]]  # (css class, name)


def stacked_bars(
    days: Sequence,
    series: Sequence[tuple[str, str, str]],
    *,
    width: int = 640,
    height: int = 160,
    tick_every: int = 7,
) -> Chart:
    """One stacked bar per day; ``series`` is (attribute, css class, name) bottom to top."""
    top, bottom = 10, 20
    plot = height - top - bottom
    totals = [sum(getattr(day, attr) for attr, _, _ in series) for day in days]
    max_value = max([*totals, 1])
    slot = width / max(len(days), 1)
    bars: list[Bar] = []
    ticks: list[tuple[float, str]] = []
    for index, day in enumerate(days):
        x = index * slot + 1
        y = top + plot
        for attr, css, name in series:
            value = getattr(day, attr)
            if not value:
                continue
            h = plot * value / max_value
            y -= h
            bars.append(
                Bar(
                    x=round(x, 2),
                    y=round(y, 2),
                    width=round(max(slot - 2, 1), 2),
                    height=round(h, 2),
                    css=css,
                    title=f"{day.day:%a %d %b}: {value} {name.lower()}",
                )
            )
        if index % tick_every == 0:
            ticks.append((round(x, 2), f"{day.day:%d %b}"))
    return Chart(
        width=width,
        height=height,
        bars=bars,
        max_value=max_value,
        ticks=ticks,
        baseline=top + plot,
        legend=[(css, name) for _, css, name in series],
    )


def sparkline(
    values: Sequence[float | None], *, width: int = 160, height: int = 32
) -> dict[str, object]:
    """A 0..1 line (precision per week); gaps where a week had no decisions."""
    points = []
    step = width / max(len(values) - 1, 1)
    for index, value in enumerate(values):
        if value is None:
            continue
        points.append((round(index * step, 1), round(height - 2 - value * (height - 4), 1)))
    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{x},{y}" for x, y in points),
        "dots": points,
        "half": height / 2,
    }
