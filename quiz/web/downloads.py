"""Every table's download, CSV or XLSX, streamed; the reading recorded before it is sent."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask import Response, abort, stream_with_context
from flask_login import current_user

from quiz.extensions import db
from quiz.services.audit_trail import export_downloaded
from quiz.tabular import FORMATS, Table


def download(
    table: Table, rows: Iterable[Any], fmt: str, *, subject: str, about: str, row_count: int
) -> Response:
    """A streamed attachment of rows as fmt ("csv" or "xlsx").

    The audit record is committed first: no record, no file. The rows are read as they
    are written, so a large export never holds them all.
    """
    if fmt not in FORMATS:
        abort(404)
    mimetype, chunks = FORMATS[fmt]
    slug = "-".join(table.name.lower().split())
    filename = f"{slug}-{date.today().isoformat()}.{fmt}"
    export_downloaded(current_user, subject, f"{filename} ({about})", row_count)
    db.session.commit()
    return Response(
        stream_with_context(chunks(table, rows)),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
