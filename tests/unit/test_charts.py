"""Server-side charts: the picture names itself, says its figures in words and draws them."""

import xml.etree.ElementTree as ET

from quiz.charts import (
    Bar,
    BarChart,
    HeatCell,
    HeatMap,
    HeatRow,
    Pair,
    PairedBarChart,
    Period,
    TimeChart,
    heat_band,
)
from quiz.charts.heat_map import HATCH_COLOUR, HIDDEN_FILL
from quiz.charts.svg import TEXT_COLOUR

SVG = "{http://www.w3.org/2000/svg}"


def spread(**overrides) -> BarChart:
    values = {
        "chart_id": "q1",
        "title": "How the team answered question 1",
        "description": "Answers given in the meeting.",
        "bars": (Bar("A", 1), Bar("B", 3, note="right answer", highlighted=True), Bar("C", 0)),
        "total": 4,
    }
    return BarChart(**{**values, **overrides})


def parsed(chart: BarChart) -> ET.Element:
    return ET.fromstring(str(chart.svg()))


def test_the_picture_is_an_image_named_by_its_title_and_description():
    svg = parsed(spread())
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "q1-title q1-desc"
    assert svg.find(f"{SVG}title").get("id") == "q1-title"
    assert svg.find(f"{SVG}title").text == "How the team answered question 1"
    description = svg.find(f"{SVG}desc").text
    assert "Out of 4" in description
    assert "B (right answer): 3 (75%)" in description


def test_every_bar_has_its_label_and_figure_as_text():
    texts = [t.text for t in parsed(spread()).iter(f"{SVG}text")]
    assert texts == ["A", "1 (25%)", "B (right answer)", "3 (75%)", "C", "0 (0%)"]


def test_bar_lengths_follow_the_counts_and_an_empty_bar_draws_nothing():
    widths = [int(r.get("width")) for r in parsed(spread()).iter(f"{SVG}rect")]
    assert len(widths) == 2  # C has no answers: no rectangle, only its "0 (0%)"
    assert widths[1] == 3 * widths[0]


def test_the_table_holds_the_same_figures():
    assert spread().table_rows() == [
        ("A", "1", "25%"),
        ("B (right answer)", "3", "75%"),
        ("C", "0", "0%"),
    ]


def test_text_is_escaped_so_a_label_cannot_inject_markup():
    chart = spread(title="<script>alert(1)</script>", bars=(Bar("<b>&", 1),), total=1)
    svg = str(chart.svg())
    assert "<script>" not in svg and "<b>" not in svg
    assert parsed(chart).find(f"{SVG}title").text == "<script>alert(1)</script>"


def test_no_total_gives_zero_shares_rather_than_an_error():
    chart = spread(bars=(Bar("A", 0),), total=0)
    assert chart.table_rows() == [("A", "0", "0%")]
    parsed(chart)


# Completion over time, a heat map, confidence before and after.


def months() -> TimeChart:
    return TimeChart(
        "over-time",
        "Briefings completed each month",
        "Completions by month.",
        (Period("Jan 2026", 2, 2, 10), Period("Feb 2026", 0, 2, 10), Period("Mar 2026", 3, 5, 10)),
    )


def test_every_month_has_its_count_and_running_share_as_text():
    svg = parsed(months())
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    for words in (
        "Jan 2026",
        "2 done",
        "20% so far",
        "Feb 2026",
        "0 done",
        "Mar 2026",
        "50% so far",
    ):
        assert words in texts
    assert "Mar 2026: 3 completed, 50% so far" in svg.find(f"{SVG}desc").text
    assert (
        svg.get("role") == "img" and svg.get("aria-labelledby") == "over-time-title over-time-desc"
    )
    columns = [int(r.get("height")) for r in svg.iter(f"{SVG}rect")][1:]  # after the key's
    assert len(columns) == 2 and columns[1] > columns[0]  # February has no column at all
    assert len(svg.find(f"{SVG}polyline").get("points").split()) == 3


def test_the_time_table_holds_the_same_figures():
    assert months().table_rows()[2] == ("Mar 2026", "3", "5 of 10", "50%")


def test_no_months_draws_an_empty_picture_that_says_so():
    chart = TimeChart("t", "Empty", "Nothing yet.", ())
    svg = parsed(chart)
    assert "No months to show" in [t.text for t in svg.iter(f"{SVG}text")]
    assert chart.table_rows() == []


def heat(rows=None, columns=("North <Agency>", "South")) -> HeatMap:
    return HeatMap(
        "heat",
        "Share right by theme",
        "Each cell is one agency.",
        columns,
        rows
        if rows is not None
        else (
            HeatRow("Hearing the child", (HeatCell(9, 10, 5), HeatCell(3, 4, 4))),
            HeatRow(
                "Professional curiosity & <challenge>", (HeatCell(2, 10, 6), HeatCell(0, 0, 0))
            ),
        ),
    )


def _cells(svg: ET.Element) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}text") if t.get("font-weight") == "bold"]


def test_each_cell_carries_its_figure_and_few_people_are_hidden_not_coloured():
    svg = parsed(heat())
    texts = _cells(svg)
    assert [t for t in texts if t in ("90%", "hidden", "20%", "none")] == [
        "90%",
        "hidden",
        "20%",
        "none",
    ]
    hidden = [r for r in svg.iter(f"{SVG}rect") if r.get("fill") == "url(#heat-hatch)"]
    assert len(hidden) == 2  # the hidden cell and its key
    assert svg.find(f".//{SVG}pattern").get("id") == "heat-hatch"
    description = svg.find(f"{SVG}desc").text
    assert "Hearing the child: North <Agency> 90%, South hidden" in description


def test_the_heat_table_says_hidden_and_never_shows_a_few_peoples_share():
    assert heat().table_head == ("Theme", "North <Agency>", "South")
    assert heat().table_rows() == [
        ("Hearing the child", "90% (5 people)", "Hidden (fewer than 5 people)"),
        ("Professional curiosity & <challenge>", "20% (6 people)", "No answers"),
    ]
    assert HeatCell(3, 4, 4).share is None


def test_heat_text_is_escaped_and_long_labels_are_shortened_in_the_picture_only():
    svg = str(heat().svg())
    assert "<Agency>" not in svg and "<challenge>" not in svg
    texts = [t.text for t in parsed(heat()).iter(f"{SVG}text")]
    assert "North <Agen…" in texts and "Professional curiosity & <cha…" in texts


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_every_band_of_the_scale_keeps_its_figure_readable():
    for share in (0, 39, 40, 59, 60, 79, 80, 100):
        fill, text = heat_band(share)
        assert _contrast(fill, text) >= 4.5, (share, fill, text)
    assert _contrast(HIDDEN_FILL, TEXT_COLOUR) >= 4.5
    assert _contrast(HATCH_COLOUR, TEXT_COLOUR) >= 4.5  # text over a stripe stays readable
    assert len({heat_band(s) for s in (0, 40, 60, 80)}) == 4


def test_an_empty_heat_map_says_so():
    chart = heat(rows=(), columns=())
    assert "No themes to show" in [t.text for t in parsed(chart).iter(f"{SVG}text")]
    assert chart.table_rows() == []


def confidence(pairs=None) -> PairedBarChart:
    return PairedBarChart(
        "confidence",
        "Confidence before and after",
        "Per theme.",
        pairs
        if pairs is not None
        else (
            Pair("Hearing the child", 2.0, 4.5, 6),
            Pair("<Escalation>", 3.0, 4.0, 3),
            Pair("Not yet rated", None, None, 0),
        ),
    )


def test_paired_bars_name_their_stage_and_figure_and_hide_a_few_people():
    svg = parsed(confidence())
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert [t for t in texts if t.startswith(("Before", "After"))][:4] == [
        "Before: 2.0",
        "After: 4.5",
        "Before: hidden",
        "After: hidden",
    ]
    assert "Before: not rated" in texts
    widths = [int(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths == [144, 324]  # only the shown pair draws bars, on a scale to 5
    assert confidence().table_rows() == [
        ("Hearing the child", "2.0", "4.5", "6"),
        ("<Escalation>", "hidden", "hidden", "fewer than 5"),
        ("Not yet rated", "not rated", "not rated", "0"),
    ]
    assert "<Escalation>" not in str(confidence().svg())


def test_no_themes_gives_an_empty_paired_chart_that_says_so():
    assert "No themes to show" in [t.text for t in parsed(confidence(pairs=())).iter(f"{SVG}text")]
