"""Every table's download, CSV or XLSX, streamed; the reading recorded before it is sent."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from flask import Response, abort
from flask_login import current_user
from sqlalchemy.orm import Session

from quiz.extensions import db, only_reads_from_now_on
from quiz.services.audit_trail import export_downloaded
from quiz.tabular import FORMATS, Table, workbook_chunks


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
    filename = f"{_slug(table.name)}-{date.today().isoformat()}.{fmt}"
    return _attachment(chunks(table, rows), mimetype, filename, subject, about, row_count)


def download_workbook(
    name: str,
    sheets: list[tuple[Table, Iterable[Any]]],
    *,
    subject: str,
    about: str,
    row_count: int,
) -> Response:
    """Several tables as one streamed XLSX workbook, a sheet each; recorded as download()."""
    mimetype, _ = FORMATS["xlsx"]
    filename = f"{_slug(name)}-{date.today().isoformat()}.xlsx"
    return _attachment(workbook_chunks(sheets), mimetype, filename, subject, about, row_count)


def _slug(name: str) -> str:
    return "-".join(name.lower().split())


def _attachment(
    body: Iterator, mimetype: str, filename: str, subject: str, about: str, row_count: int
) -> Response:
    export_downloaded(current_user, subject, f"{filename} ({about})", row_count)
    db.session.commit()
    # From here the download only reads: on SQLite nothing more in this request may take
    # the write lock, however long the rows take to send.
    only_reads_from_now_on()
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def read_later(read: Callable[[Session], Iterable[Any]]) -> Iterator[Any]:
    """Rows that read(session) gives, read only when the download is sent, in a session of
    their own: by then the request, its context and its transaction are over (on SQLite
    that transaction held the write lock to record the download), and the rows come in
    batches under a plain read transaction."""
    engine = db.engine

    def rows():
        with Session(engine) as session:
            yield from read(session)

    return rows()
