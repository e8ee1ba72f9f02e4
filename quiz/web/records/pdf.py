"""A page as a PDF, through WeasyPrint, styled by the site's own stylesheet for print.

The PDF is the printed page: the same template and the same `@media print` rules
(assets/app.scss), so the download and the browser's print agree.

WeasyPrint is imported when the first PDF is drawn, not when the app starts: it takes
seconds to load Pango, and every worker, command and test would pay for it.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.urls import URLFetcher

# WeasyPrint names every CSS property it does not support (GOV.UK Frontend uses many that
# only screens need) as a warning; they say nothing about the PDF, so only errors are kept.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

STYLESHEET = Path("build") / "app.css"


def _fetches_nothing() -> URLFetcher:
    """A fetcher allowed no protocol: everything the PDF shows is in its HTML and stylesheet.

    The page holds only text the app wrote out escaped; if an address ever slipped in, the
    server must not go and fetch it (a page could then make the server call any URL).
    """
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=frozenset())


@lru_cache(maxsize=2)
def _parsed_stylesheet(path: str, modified: int) -> CSS:
    # Parsing GOV.UK Frontend's stylesheet takes about a second: once per process and
    # version of the file (modified is its mtime, so a rebuilt stylesheet is read again).
    from weasyprint import CSS

    return CSS(filename=path, url_fetcher=_fetches_nothing())


def _stylesheets() -> list[CSS]:
    path = Path(current_app.static_folder) / STYLESHEET
    if not path.exists():
        current_app.logger.warning("%s is missing (make assets): PDFs come unstyled", path)
        return []
    return [_parsed_stylesheet(str(path), path.stat().st_mtime_ns)]


def pdf_of(page: str) -> bytes:
    """The HTML page as a PDF (A4, tagged for screen readers: PDF/UA)."""
    from weasyprint import HTML

    document = HTML(string=page, url_fetcher=_fetches_nothing(), media_type="print")
    return document.write_pdf(stylesheets=_stylesheets(), pdf_variant="pdf/ua-1")
