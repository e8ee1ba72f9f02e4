"""Trainer-written text as safe HTML: Markdown with raw HTML off, then an allow-list sanitiser."""

from __future__ import annotations

import functools

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})

_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "blockquote", "h3", "h4"}
_CLASSES = {
    "p": {"class": "govuk-body"},
    "a": {"class": "govuk-link"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "h3": {"class": "govuk-heading-s"},
    "h4": {"class": "govuk-heading-s"},
}


def render_markdown(text: str | None) -> Markup:
    """HTML for a page; scripts, event handlers and javascript: links never get through."""
    return Markup(_safe_html(text or ""))


# The same scenarios and feedback are shown on every question and result page, and turning
# them into HTML was a fifth of a result page's time. The HTML depends only on the text.
@functools.lru_cache(maxsize=1024)
def _safe_html(text: str) -> str:
    html = _markdown.render(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer nofollow",
        clean_content_tags={"script", "style"},
        set_tag_attribute_values=_CLASSES,
    )
