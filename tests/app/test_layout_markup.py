"""templates/layout.html writes out the page skeleton of govuk_frontend_jinja's template.html
instead of extending it, whose nested blocks cost a question page a tenth of its time. It
must stay the markup template.html makes, whitespace aside: the html and body classes, the
script that marks JavaScript as on (with the page's CSP nonce), the skip link, the main
landmark it skips to, and each block in its place."""

from __future__ import annotations

import re

import pytest

# Each block the pages fill, with a marker in it; the skip link is left as it is.
BLOCKS = {
    "pageTitle": "TITLE",
    "head": "<link rel=head>",
    "headIcons": "<link rel=icon>",
    "header": "<header>HEADER</header>",
    "content": "<p>CONTENT</p>",
    "footer": "<footer>FOOTER</footer>",
    "bodyEnd": "<script>END</script>",
}
FILLED = "".join(f"{{% block {name} %}}{text}{{% endblock %}}" for name, text in BLOCKS.items())
OURS = '{% extends "layout.html" %}{% block backLink %}<a>BACK</a>{% endblock %}' + FILLED
# The back link goes where template.html's beforeContent block is.
GOVUK = (
    '{% extends "govuk_frontend_jinja/template.html" %}{% set themeColor = "#005a70" %}'
    "{% block beforeContent %}<a>BACK</a>{% endblock %}" + FILLED
)


def normalised(html: str) -> str:
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize("nonce", ["n0nce", None])
@pytest.mark.parametrize("body_classes", ["app-presenter", None])
def test_the_skeleton_is_govuk_template_markup(app, nonce, body_classes):
    context = {"cspNonce": nonce, "bodyClasses": body_classes}
    with app.test_request_context("/"):
        ours = app.jinja_env.from_string(OURS).render(context)
        theirs = app.jinja_env.from_string(GOVUK).render(context)
    assert normalised(ours) == normalised(theirs)
    assert 'href="#main-content"' in ours and 'id="main-content"' in ours


def test_a_page_keeps_its_skip_link_landmarks_and_blocks(app):
    page = app.test_client().get("/sign-in").get_data(as_text=True)
    assert page.startswith("<!DOCTYPE html>")
    for part in (
        'class="govuk-skip-link"',
        '<main class="govuk-main-wrapper" id="main-content">',
        'class="govuk-template__header"',
        'class="govuk-footer',
        "app.css",
        "app.js",
    ):
        assert part in page
