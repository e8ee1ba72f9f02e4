import pytest
from bs4 import BeautifulSoup

from quiz.web.rich_text import render_markdown


def test_markdown_becomes_govuk_styled_html():
    html = render_markdown("You are a **health visitor**.\n\n- one\n- two")
    assert "<strong>health visitor</strong>" in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<p class="govuk-body">' in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<p onclick="alert(1)">x</p>',
        "[x](JaVaScRiPt:alert(1))",
    ],
)
def test_scripts_and_javascript_links_never_reach_the_page(attack):
    soup = BeautifulSoup(str(render_markdown(attack)), "html.parser")
    assert soup.find(["script", "iframe", "img", "style"]) is None
    for element in soup.find_all(True):
        assert not any(name.startswith("on") for name in element.attrs), element
        assert not element.get("href", "").lower().strip().startswith("javascript")


def test_links_are_kept_safe():
    html = render_markdown("[Working Together](https://www.gov.uk/wt)")
    assert 'href="https://www.gov.uk/wt"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
