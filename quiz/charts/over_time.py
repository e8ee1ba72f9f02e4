"""pure: completion over time: a column per period, the running share as a line."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from quiz.charts.svg import (
    BAR_COLOUR,
    GRID_COLOUR,
    svg_open,
    svg_text,
    title_and_description,
)  # fmt: skip

# Completion over time: a column per period, the running share as a line.

PERIOD_WIDTH = 96
COLUMN_WIDTH = 56
TIME_MIN_WIDTH = 720
TIME_PLOT_HEIGHT = 220
TIME_LABEL_ROWS = 3  # the period, its count, the running share: every figure as text
LINE_COLOUR = "#00703c"


@dataclass(frozen=True)
class Period:
    """One period (a month): completions in it, and the share of everyone assigned who had
    completed by its end."""

    label: str
    completed: int
    completed_so_far: int
    assigned: int

    @property
    def share_so_far(self) -> int:
        return round(100 * self.completed_so_far / self.assigned) if self.assigned else 0


@dataclass(frozen=True)
class TimeChart:
    """Columns of completions per period with a line of the running share of people done."""

    chart_id: str
    title: str
    description: str
    periods: tuple[Period, ...]
    table_head: tuple[str, ...] = (
        "Month", "Completed in the month", "Completed so far", "Share of people assigned",
    )  # fmt: skip

    def table_rows(self) -> list[tuple[str, ...]]:
        return [
            (p.label, str(p.completed), f"{p.completed_so_far} of {p.assigned}",
             f"{p.share_so_far}%")
            for p in self.periods
        ]  # fmt: skip

    def svg(self) -> Markup:
        return Markup(time_chart_svg(self))


def time_chart_svg(chart: TimeChart) -> str:
    count = max(len(chart.periods), 1)
    left, top = 16, 48
    # A few months spread over a readable width; many make the picture wider instead.
    period_width = max(PERIOD_WIDTH, (TIME_MIN_WIDTH - 2 * left) // count)
    width = left * 2 + period_width * count
    axis = top + TIME_PLOT_HEIGHT
    height = axis + 24 * TIME_LABEL_ROWS + 16
    largest = max((p.completed for p in chart.periods), default=0) or 1
    parts = [
        svg_open(chart.chart_id, width, height),
        title_and_description(chart.chart_id, chart.title, _time_description(chart)),
        # The key: both marks named in words beside a sample of each.
        f'<rect x="{left}" y="8" width="24" height="20" fill="{BAR_COLOUR}"/>',
        svg_text(left + 32, 18, "Completed in the month", anchor="start"),
        f'<line x1="{left + 260}" y1="18" x2="{left + 292}" y2="18" stroke="{LINE_COLOUR}" '
        f'stroke-width="4"/>',
        svg_text(left + 300, 18, "Share of people done so far", anchor="start"),
        f'<line x1="{left}" y1="{axis}" x2="{width - left}" y2="{axis}" '
        f'stroke="{GRID_COLOUR}" stroke-width="2"/>',
    ]
    points = []
    for index, period in enumerate(chart.periods):
        x = left + index * period_width
        middle = x + period_width / 2
        column = round(TIME_PLOT_HEIGHT * 0.9 * period.completed / largest)
        if column:
            parts.append(
                f'<rect x="{middle - COLUMN_WIDTH / 2}" y="{axis - column}" '
                f'width="{COLUMN_WIDTH}" height="{column}" fill="{BAR_COLOUR}"/>'
            )
        points.append((middle, axis - round(TIME_PLOT_HEIGHT * period.share_so_far / 100)))
        parts.append(svg_text(middle, axis + 16, period.label))
        parts.append(svg_text(middle, axis + 40, f"{period.completed} done", bold=True))
        parts.append(svg_text(middle, axis + 64, f"{period.share_so_far}% so far"))
    if chart.periods:
        joined = " ".join(f"{x},{y}" for x, y in points)
        parts.append(
            f'<polyline points="{joined}" fill="none" stroke="{LINE_COLOUR}" stroke-width="4"/>'
        )
        parts.extend(
            f'<circle cx="{x}" cy="{y}" r="6" fill="{LINE_COLOUR}" stroke="#ffffff" '
            f'stroke-width="2"/>'
            for x, y in points
        )
    else:
        parts.append(svg_text(width / 2, top + TIME_PLOT_HEIGHT / 2, "No months to show"))
    parts.append("</svg>")
    return "".join(parts)


def _time_description(chart: TimeChart) -> str:
    figures = "; ".join(
        f"{p.label}: {p.completed} completed, {p.share_so_far}% so far" for p in chart.periods
    )
    return f"{chart.description} {figures or 'No months to show'}."


# A heat map: a row per theme, a column per team or agency, the share right in each cell.
