"""pure: what every chart shares: the colours, the SVG element with its title and
description, text drawn escaped, and labels shortened to fit."""

from __future__ import annotations

from html import escape

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


def svg_open(chart_id: str, width: int, height: int) -> str:
    """Drawn at its own size, not stretched to the page: a year of months or forty agencies
    would shrink their text past reading, so the page lets a wide chart scroll instead."""
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'font-family="Arial, sans-serif" font-size="{FONT_SIZE}">'
    )


def title_and_description(chart_id: str, title: str, description: str) -> str:
    return (
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
    )


def svg_text(x: float, y: float, words: str, anchor: str = "middle", bold: bool = False,
          colour: str = TEXT_COLOUR) -> str:  # fmt: skip
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x}" y="{y}" text-anchor="{anchor}" dominant-baseline="middle" '
        f'fill="{colour}"{weight}>{escape(words)}</text>'
    )


def shortened(text: str, limit: int) -> str:
    """A label cut to fit the picture; the table beside it holds the whole text."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
