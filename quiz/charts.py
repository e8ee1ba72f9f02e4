"""pure: charts drawn on the server as accessible SVG, each with the table of its figures.

No JavaScript and no colour-only meaning: every bar carries its label and its figure as
text, the picture has a title and a description (role="img"), and the page shows the same
figures as a table beside it (templates/charts.html), for screen readers and for print.
Charts are data first (BarChart), drawn second (svg()), so a test reads the figures without
parsing pictures and another kind of chart (a line, a heat map) can join with the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

# GOV.UK colours: text black on white, bars in dark blue; both pass WCAG AAA contrast on white.
TEXT_COLOUR = "#0b0c0c"
BAR_COLOUR = "#003078"
HIGHLIGHT_COLOUR = "#00703c"
GRID_COLOUR = "#505a5f"

ROW_HEIGHT = 44
BAR_HEIGHT = 28
LABEL_WIDTH = 180
FIGURE_WIDTH = 130
PLOT_WIDTH = 360
FONT_SIZE = 18


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


def _svg_open(chart_id: str, width: int, height: int) -> str:
    """Drawn at its own size, not stretched to the page: a year of months or forty agencies
    would shrink their text past reading, so the page lets a wide chart scroll instead."""
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'font-family="Arial, sans-serif" font-size="{FONT_SIZE}">'
    )


def _named(chart_id: str, title: str, description: str) -> str:
    return (
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
    )


def _text(x: float, y: float, words: str, anchor: str = "middle", bold: bool = False,
          colour: str = TEXT_COLOUR) -> str:  # fmt: skip
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x}" y="{y}" text-anchor="{anchor}" dominant-baseline="middle" '
        f'fill="{colour}"{weight}>{escape(words)}</text>'
    )


def shortened(text: str, limit: int) -> str:
    """A label cut to fit the picture; the table beside it holds the whole text."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
        _svg_open(chart.chart_id, width, height),
        _named(chart.chart_id, chart.title, _time_description(chart)),
        # The key: both marks named in words beside a sample of each.
        f'<rect x="{left}" y="8" width="24" height="20" fill="{BAR_COLOUR}"/>',
        _text(left + 32, 18, "Completed in the month", anchor="start"),
        f'<line x1="{left + 260}" y1="18" x2="{left + 292}" y2="18" stroke="{LINE_COLOUR}" '
        f'stroke-width="4"/>',
        _text(left + 300, 18, "Share of people done so far", anchor="start"),
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
        parts.append(_text(middle, axis + 16, period.label))
        parts.append(_text(middle, axis + 40, f"{period.completed} done", bold=True))
        parts.append(_text(middle, axis + 64, f"{period.share_so_far}% so far"))
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
        parts.append(_text(width / 2, top + TIME_PLOT_HEIGHT / 2, "No months to show"))
    parts.append("</svg>")
    return "".join(parts)


def _time_description(chart: TimeChart) -> str:
    figures = "; ".join(
        f"{p.label}: {p.completed} completed, {p.share_so_far}% so far" for p in chart.periods
    )
    return f"{chart.description} {figures or 'No months to show'}."


# A heat map: a row per theme, a column per team or agency, the share right in each cell.

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
        _svg_open(chart.chart_id, width, height),
        _named(chart.chart_id, chart.title, _heat_description(chart)),
        f'<defs><pattern id="{escape(hatch)}" width="10" height="10" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="10" height="10" fill="{HIDDEN_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="10" stroke="{HATCH_COLOUR}" stroke-width="3"/>'
        f"</pattern></defs>",
    ]
    for index, name in enumerate(chart.columns):
        middle = ROW_LABEL_WIDTH + index * CELL_WIDTH + CELL_WIDTH / 2
        parts.append(_text(middle, HEAD_HEIGHT / 2, shortened(name, COLUMN_LABEL_CHARACTERS),
                           bold=True))  # fmt: skip
    for number, row in enumerate(chart.rows):
        top = HEAD_HEIGHT + number * CELL_HEIGHT
        middle = top + CELL_HEIGHT / 2
        parts.append(
            _text(ROW_LABEL_WIDTH - 10, middle, shortened(row.label, ROW_LABEL_CHARACTERS),
                  anchor="end")
        )  # fmt: skip
        for index, cell in enumerate(row.cells):
            parts.append(_heat_cell(ROW_LABEL_WIDTH + index * CELL_WIDTH, top, cell, hatch))
    parts.extend(_heat_legend(legend_top, hatch))
    if not chart.rows:
        parts.append(_text(width / 2, HEAD_HEIGHT, "No themes to show"))
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
        + _text(x + CELL_WIDTH / 2, top + CELL_HEIGHT / 2, cell.figure, bold=True, colour=text)
    )


def _heat_legend(top: int, hatch: str) -> list[str]:
    lows = [lowest for lowest, _, _ in HEAT_BANDS]
    highs = [following - 1 for following in lows[1:]] + [100]
    keys = [(heat_band(low), f"{low}–{high}%") for low, high in zip(lows, highs, strict=True)]
    parts = [_text(0, top + CELL_HEIGHT / 2, "Key:", anchor="start", bold=True)]
    x = 60
    for (fill, text), words in keys:
        parts.append(
            f'<rect x="{x}" y="{top + 2}" width="{CELL_WIDTH - 24}" height="{CELL_HEIGHT - 4}" '
            f'fill="{fill}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
            + _text(x + (CELL_WIDTH - 24) / 2, top + CELL_HEIGHT / 2, words, colour=text)
        )
        x += CELL_WIDTH - 16
    parts.append(
        f'<rect x="{x}" y="{top + 2}" width="{CELL_WIDTH - 24}" height="{CELL_HEIGHT - 4}" '
        f'fill="url(#{escape(hatch)})" stroke="{GRID_COLOUR}" stroke-width="1"/>'
        + _text(x + (CELL_WIDTH - 24) / 2, top + CELL_HEIGHT / 2, "hidden")
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
        _svg_open(chart.chart_id, width, height),
        _named(chart.chart_id, chart.title, _paired_description(chart)),
        f'<line x1="{PAIR_LABEL_WIDTH}" y1="0" x2="{PAIR_LABEL_WIDTH}" y2="{height}" '
        f'stroke="{GRID_COLOUR}" stroke-width="2"/>',
    ]
    for number, pair in enumerate(chart.pairs):
        top = number * PAIR_HEIGHT + 8
        parts.append(
            _text(PAIR_LABEL_WIDTH - 10, top + PAIR_BAR_HEIGHT, shortened(pair.label, 26),
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
                _text(PAIR_LABEL_WIDTH + length + 8, bar_top + PAIR_BAR_HEIGHT / 2,
                      f"{stage}: {pair.shown(value)}", anchor="start", bold=True)
            )  # fmt: skip
    if not chart.pairs:
        parts.append(_text(width / 2, height / 2, "No themes to show"))
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
