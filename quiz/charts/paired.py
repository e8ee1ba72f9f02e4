"""pure: paired bars: a figure before and after, per row (confidence per theme)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from quiz.charts.svg import (
    BAR_COLOUR,
    FIGURE_WIDTH,
    GRID_COLOUR,
    PLOT_WIDTH,
    shortened,
    svg_open,
    svg_text,
    title_and_description,
)  # fmt: skip

PAIR_HEIGHT = 84
PAIR_BAR_HEIGHT = 26
SCALE_TOP = 5
AFTER_COLOUR = "#00703c"
PAIR_LABEL_WIDTH = 280


@dataclass(frozen=True)
class Pair:
    """A theme's average confidence before and after (None when hidden or not rated)."""

    label: str
    before: float | None
    after: float | None
    people: int
    minimum_people: int = 5

    @property
    def hidden(self) -> bool:
        return 0 < self.people < self.minimum_people

    def shown(self, value: float | None) -> str:
        if self.hidden:
            return "hidden"
        return "not rated" if value is None else f"{value:.1f}"


@dataclass(frozen=True)
class PairedBarChart:
    chart_id: str
    title: str
    description: str
    pairs: tuple[Pair, ...]
    table_head: tuple[str, ...] = (
        "Theme", "Before (1 to 5)", "After (1 to 5)", "People",
    )  # fmt: skip

    def table_rows(self) -> list[tuple[str, ...]]:
        return [
            (p.label, p.shown(p.before), p.shown(p.after),
             f"fewer than {p.minimum_people}" if p.hidden else str(p.people))
            for p in self.pairs
        ]  # fmt: skip

    def svg(self) -> Markup:
        return Markup(paired_bars_svg(self))


def paired_bars_svg(chart: PairedBarChart) -> str:
    width = PAIR_LABEL_WIDTH + PLOT_WIDTH + FIGURE_WIDTH + 60
    height = PAIR_HEIGHT * max(len(chart.pairs), 1) + 8
    parts = [
        svg_open(chart.chart_id, width, height),
        title_and_description(chart.chart_id, chart.title, _paired_description(chart)),
        f'<line x1="{PAIR_LABEL_WIDTH}" y1="0" x2="{PAIR_LABEL_WIDTH}" y2="{height}" '
        f'stroke="{GRID_COLOUR}" stroke-width="2"/>',
    ]
    for number, pair in enumerate(chart.pairs):
        top = number * PAIR_HEIGHT + 8
        parts.append(
            svg_text(PAIR_LABEL_WIDTH - 10, top + PAIR_BAR_HEIGHT, shortened(pair.label, 26),
                  anchor="end")
        )  # fmt: skip
        for offset, (stage, value, colour) in enumerate(
            (("Before", pair.before, BAR_COLOUR), ("After", pair.after, AFTER_COLOUR))
        ):
            bar_top = top + offset * (PAIR_BAR_HEIGHT + 4)
            shown = None if pair.hidden else value
            length = round(PLOT_WIDTH * shown / SCALE_TOP) if shown else 0
            if length:
                parts.append(
                    f'<rect x="{PAIR_LABEL_WIDTH}" y="{bar_top}" width="{length}" '
                    f'height="{PAIR_BAR_HEIGHT}" fill="{colour}"/>'
                )
            parts.append(
                svg_text(PAIR_LABEL_WIDTH + length + 8, bar_top + PAIR_BAR_HEIGHT / 2,
                      f"{stage}: {pair.shown(value)}", anchor="start", bold=True)
            )  # fmt: skip
    if not chart.pairs:
        parts.append(svg_text(width / 2, height / 2, "No themes to show"))
    parts.append("</svg>")
    return "".join(parts)


def _paired_description(chart: PairedBarChart) -> str:
    figures = "; ".join(
        f"{p.label}: before {p.shown(p.before)}, after {p.shown(p.after)}" for p in chart.pairs
    )
    return (
        f"{chart.description} Average confidence from 1 to 5; hidden where fewer than 5 "
        f"people rated it. {figures or 'No themes to show'}."
    )
