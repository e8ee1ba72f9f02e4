"""pure: horizontal bars of counts out of a total, shown with their share of it."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from quiz.charts.svg import (
    BAR_COLOUR,
    BAR_HEIGHT,
    FIGURE_WIDTH,
    FONT_SIZE,
    GRID_COLOUR,
    HIGHLIGHT_COLOUR,
    LABEL_WIDTH,
    PLOT_WIDTH,
    ROW_HEIGHT,
    TEXT_COLOUR,
)  # fmt: skip


@dataclass(frozen=True)
class Bar:
    """One bar: what it counts, how many, and an optional word set beside it ("right")."""

    label: str
    value: int
    note: str = ""
    highlighted: bool = False


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars of counts out of a total, shown with their share of it.

    chart_id names the picture's title and description on the page, so it must be unique
    there. value_heading and label_heading head the table's columns.
    """

    chart_id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    total: int
    label_heading: str = "Answer"
    value_heading: str = "People"

    def share(self, bar: Bar) -> int:
        """The bar's share of the total as a whole percentage (0 when there is no total)."""
        return round(100 * bar.value / self.total) if self.total else 0

    def figure(self, bar: Bar) -> str:
        return f"{bar.value} ({self.share(bar)}%)"

    def table_rows(self) -> list[tuple[str, str, str]]:
        """(label with its note, count, share) per bar: the figures the picture draws."""
        return [(_labelled(bar), str(bar.value), f"{self.share(bar)}%") for bar in self.bars]

    def svg(self) -> Markup:
        return Markup(horizontal_bars_svg(self))


def _labelled(bar: Bar) -> str:
    return f"{bar.label} ({bar.note})" if bar.note else bar.label


def horizontal_bars_svg(chart: BarChart) -> str:
    """The chart as an SVG element; every text escaped, sized by its viewBox to its container."""
    width = LABEL_WIDTH + PLOT_WIDTH + FIGURE_WIDTH
    height = ROW_HEIGHT * max(len(chart.bars), 1) + 8
    title_id, desc_id = f"{chart.chart_id}-title", f"{chart.chart_id}-desc"
    largest = max((bar.value for bar in chart.bars), default=0)
    scale = max(chart.total, largest, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'font-family="Arial, sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{escape(title_id)}">{escape(chart.title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(_description(chart))}</desc>',
        f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}" '
        f'stroke="{GRID_COLOUR}" stroke-width="2"/>',
    ]
    for row, bar in enumerate(chart.bars):
        top = row * ROW_HEIGHT + 8
        middle = top + BAR_HEIGHT / 2
        length = round(PLOT_WIDTH * bar.value / scale)
        colour = HIGHLIGHT_COLOUR if bar.highlighted else BAR_COLOUR
        parts.append(
            f'<text x="{LABEL_WIDTH - 10}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle" fill="{TEXT_COLOUR}">{escape(_labelled(bar))}</text>'
        )
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{top}" width="{length}" height="{BAR_HEIGHT}" '
                f'fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 8}" y="{middle}" dominant-baseline="middle" '
            f'fill="{TEXT_COLOUR}" font-weight="bold">{escape(chart.figure(bar))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _description(chart: BarChart) -> str:
    """The figures in words, so the picture alone says what it shows."""
    figures = "; ".join(f"{_labelled(bar)}: {chart.figure(bar)}" for bar in chart.bars)
    return f"{chart.description} Out of {chart.total}. {figures}."
