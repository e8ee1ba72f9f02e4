"""Completion across the partnership, for trainers and admins: filtered, paged, exported."""

from datetime import date

from flask import render_template, request, url_for
from flask_login import current_user

from quiz.extensions import db
from quiz.models import Role
from quiz.services import partnership as service
from quiz.services import report_tables
from quiz.services.audit_trail import report_viewed
from quiz.web.access import role_required, writes_when_read
from quiz.web.downloads import download, read_later
from quiz.web.supervision import bp
from quiz.web.supervision.filters import (
    BadFilter,
    bad_filter_page,
    date_from,
    number_from,
    page_number,
    paged,
    status_from,
)


def _filters() -> service.Filters:
    args = request.args
    return service.Filters(
        status=status_from(args),
        agency_id=number_from(args, "agency", "an agency"),
        due_from=date_from(args, "due_from", "the first due date"),
        due_to=date_from(args, "due_to", "the last due date"),
    )


@bp.route("/partnership")
@role_required(Role.TRAINER)
@writes_when_read
def partnership():
    try:
        filters = _filters()
    except BadFilter as bad:
        return bad_filter_page(bad.problem, url_for(".partnership"))
    today = date.today()
    rows = service.summary(filters, today)
    page = render_template(
        "supervision/partnership.html",
        filters=filters,
        agencies=service.agencies(),
        listing=paged(rows, page_number()),
        by_agency=service.totals(rows, lambda r: r.agency),
        by_briefing=service.totals(rows, lambda r: r.counts.title),
        download_args=request.args.to_dict(),
    )
    report_viewed(current_user, "partnership", "completion by agency and team")
    db.session.commit()
    return page


@bp.route("/partnership/<any(agencies, briefings, summary, people):table>.<any(csv, xlsx):fmt>")
@role_required(Role.TRAINER)
@writes_when_read
def partnership_download(table: str, fmt: str):
    try:
        filters = _filters()
    except BadFilter as bad:
        return bad_filter_page(bad.problem, url_for(".partnership"))
    today = date.today()
    if table != "people":
        rows = service.summary(filters, today)
        chosen = {
            "summary": (report_tables.PARTNERSHIP, rows),
            "agencies": (report_tables.BY_AGENCY, service.totals(rows, lambda r: r.agency)),
            "briefings": (
                report_tables.BY_BRIEFING,
                service.totals(rows, lambda r: r.counts.title),
            ),
        }
        spec, found = chosen[table]
        return download(
            spec, found, fmt, subject="partnership", about=spec.name.lower(),
            row_count=len(found),
        )  # fmt: skip
    return download(
        report_tables.PERSON_BRIEFINGS,
        read_later(lambda session: service.people_rows(filters, today, session)), fmt,
        subject="partnership", about="every person's completion",
        row_count=service.export_row_count(filters, today),
    )  # fmt: skip
