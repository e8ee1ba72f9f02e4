"""pure: charts drawn on the server as accessible SVG, each with the table of its figures.

No JavaScript and no colour-only meaning: every bar carries its label and its figure as
text, the picture has a title and a description (role="img"), and the page shows the same
figures as a table beside it (templates/charts.html), for screen readers and for print.
Charts are data first (BarChart), drawn second (svg()), so a test reads the figures without
parsing pictures and another kind of chart (a line, a heat map) can join with the same shape.
"""

from quiz.charts.bars import Bar, BarChart, horizontal_bars_svg
from quiz.charts.heat_map import HeatCell, HeatMap, HeatRow, heat_band, heat_map_svg
from quiz.charts.over_time import Period, TimeChart, time_chart_svg
from quiz.charts.paired import Pair, PairedBarChart, paired_bars_svg
from quiz.charts.svg import shortened

__all__ = [
    "Bar", "BarChart", "HeatCell", "HeatMap", "HeatRow", "Pair", "PairedBarChart", "Period",
    "TimeChart", "heat_band", "heat_map_svg", "horizontal_bars_svg", "paired_bars_svg",
    "shortened", "time_chart_svg",
]  # fmt: skip
