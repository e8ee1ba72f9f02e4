"""pure: a heat map: a share per row and column, cells of few people hidden and named."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from quiz.charts.svg import (
    GRID_COLOUR,
    TEXT_COLOUR,
    shortened,
    svg_open,
    svg_text,
    title_and_description,
)  # fmt: skip

CELL_WIDTH = 120
CELL_HEIGHT = 44
ROW_LABEL_WIDTH = 300
HEAD_HEIGHT = 56
ROW_LABEL_CHARACTERS = 30
COLUMN_LABEL_CHARACTERS = 12
HIDDEN_FILL = "#f3f2f1"
HATCH_COLOUR = "#b1b4b6"
EMPTY_FILL = "#ffffff"
# (lowest share right in the band, fill, text colour): darker means more often right. Each
# text colour is readable on its fill (contrast of at least 4.5 to 1, tested).
HEAT_BANDS = (
    (0, "#f4f8fb", TEXT_COLOUR),
    (40, "#b9d3ea", TEXT_COLOUR),
    (60, "#5694ca", TEXT_COLOUR),
    (80, "#003078", "#ffffff"),
)


def heat_band(share: int) -> tuple[str, str]:
    """(fill, text colour) for a share right."""
    fill, text = HEAT_BANDS[0][1:]
    for lowest, band_fill, band_text in HEAT_BANDS:
        if share >= lowest:
            fill, text = band_fill, band_text
    return fill, text


@dataclass(frozen=True)
class HeatCell:
    """A share right in one group on one theme; hidden when fewer than the minimum of people
    answered (too few to show without pointing at someone)."""

    right: int
    answered: int
    people: int
    minimum_people: int = 5

    @property
    def hidden(self) -> bool:
        return 0 < self.people < self.minimum_people

    @property
    def share(self) -> int | None:
        if self.hidden or not self.answered:
            return None
        return round(100 * self.right / self.answered)

    @property
    def figure(self) -> str:
        if self.hidden:
            return "hidden"
        return "none" if self.share is None else f"{self.share}%"


@dataclass(frozen=True)
class HeatRow:
    label: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatMap:
    chart_id: str
    title: str
    description: str
    columns: tuple[str, ...]
    rows: tuple[HeatRow, ...]
    row_heading: str = "Theme"

    @property
    def table_head(self) -> tuple[str, ...]:
        return (self.row_heading, *self.columns)

    def table_rows(self) -> list[tuple[str, ...]]:
        return [(row.label, *(_cell_words(c) for c in row.cells)) for row in self.rows]

    def svg(self) -> Markup:
        return Markup(heat_map_svg(self))


def _cell_words(cell: HeatCell) -> str:
    if cell.hidden:
        return f"Hidden (fewer than {cell.minimum_people} people)"
    return "No answers" if cell.share is None else f"{cell.share}% ({cell.people} people)"


def heat_map_svg(chart: HeatMap) -> str:
    key_width = 60 + (CELL_WIDTH - 16) * (len(HEAT_BANDS) + 1)
    width = max(ROW_LABEL_WIDTH + CELL_WIDTH * len(chart.columns), key_width)
    legend_top = HEAD_HEIGHT + CELL_HEIGHT * len(chart.rows) + 16
    height = legend_top + CELL_HEIGHT + 8
    hatch = f"{chart.chart_id}-hatch"
    parts = [
        svg_open(chart.chart_id, width, height),
        title_and_description(chart.chart_id, chart.title, _heat_description(chart)),
        f'<defs><pattern id="{escape(hatch)}" width="10" height="10" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="10" height="10" fill="{HIDDEN_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="10" stroke="{HATCH_COLOUR}" stroke-width="3"/>'
        f"</pattern></defs>",
    ]
    for index, name in enumerate(chart.columns):
        middle = ROW_LABEL_WIDTH + index * CELL_WIDTH + CELL_WIDTH / 2
        parts.append(svg_text(middle, HEAD_HEIGHT / 2, shortened(name, COLUMN_LABEL_CHARACTERS),
                           bold=True))  # fmt: skip
    for number, row in enumerate(chart.rows):
        top = HEAD_HEIGHT + number * CELL_HEIGHT
        middle = top + CELL_HEIGHT / 2
        parts.append(
            svg_text(ROW_LABEL_WIDTH - 10, middle, shortened(row.label, ROW_LABEL_CHARACTERS),
                  anchor="end")
        )  # fmt: skip
        for index, cell in enumerate(row.cells):
            parts.append(_heat_cell(ROW_LABEL_WIDTH + index * CELL_WIDTH, top, cell, hatch))
    parts.extend(_heat_legend(legend_top, hatch))
    if not chart.rows:
        parts.append(svg_text(width / 2, HEAD_HEIGHT, "No themes to show"))
    parts.append("</svg>")
    return "".join(parts)


def _heat_cell(x: int, top: int, cell: HeatCell, hatch: str) -> str:
    if cell.hidden:
        fill, text = f"url(#{escape(hatch)})", TEXT_COLOUR
    elif cell.share is None:
        fill, text = EMPTY_FILL, TEXT_COLOUR
    else:
        fill, text = heat_band(cell.share)
    return (
        f'<rect x="{x + 2}" y="{top + 2}" width="{CELL_WIDTH - 4}" height="{CELL_HEIGHT - 4}" '
        f'fill="{fill}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
        + svg_text(x + CELL_WIDTH / 2, top + CELL_HEIGHT / 2, cell.figure, bold=True, colour=text)
    )


def _heat_legend(top: int, hatch: str) -> list[str]:
    lows = [lowest for lowest, _, _ in HEAT_BANDS]
    highs = [following - 1 for following in lows[1:]] + [100]
    keys = [(heat_band(low), f"{low}–{high}%") for low, high in zip(lows, highs, strict=True)]
    parts = [svg_text(0, top + CELL_HEIGHT / 2, "Key:", anchor="start", bold=True)]
    x = 60
    for (fill, text), words in keys:
        parts.append(
            f'<rect x="{x}" y="{top + 2}" width="{CELL_WIDTH - 24}" height="{CELL_HEIGHT - 4}" '
            f'fill="{fill}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
            + svg_text(x + (CELL_WIDTH - 24) / 2, top + CELL_HEIGHT / 2, words, colour=text)
        )
        x += CELL_WIDTH - 16
    parts.append(
        f'<rect x="{x}" y="{top + 2}" width="{CELL_WIDTH - 24}" height="{CELL_HEIGHT - 4}" '
        f'fill="url(#{escape(hatch)})" stroke="{GRID_COLOUR}" stroke-width="1"/>'
        + svg_text(x + (CELL_WIDTH - 24) / 2, top + CELL_HEIGHT / 2, "hidden")
    )
    return parts


def _heat_description(chart: HeatMap) -> str:
    figures = "; ".join(
        f"{row.label}: "
        + ", ".join(
            f"{name} {cell.figure}" for name, cell in zip(chart.columns, row.cells, strict=True)
        )
        for row in chart.rows
    )
    return (
        f"{chart.description} Share of answers right; hidden where fewer than 5 people "
        f"answered. {figures or 'No themes to show'}."
    )


# Confidence before and after, paired per theme, on the 1 to 5 scale.
