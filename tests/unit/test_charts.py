"""Server-side charts: the picture names itself, says its figures in words and draws them."""

import xml.etree.ElementTree as ET

from quiz.charts import Bar, BarChart

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
