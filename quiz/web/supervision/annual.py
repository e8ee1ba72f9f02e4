"""The partnership's annual report for trainers and admins: four tables over a period, each
downloadable, and the whole report as one workbook."""

from datetime import date

from flask import render_template, request, url_for
from flask_login import current_user

from quiz.extensions import db
from quiz.models import Role
from quiz.services import annual_report as service
from quiz.services import report_tables
from quiz.services.audit_trail import report_viewed
from quiz.web.access import role_required, writes_when_read
from quiz.web.downloads import download, download_workbook
from quiz.web.supervision import bp
from quiz.web.supervision.filters import BadFilter, FilterProblem, bad_filter_page, date_from

# Dates outside these years are typing mistakes, and the far ends would overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2099

# Each table's download: its columns, and the service function giving its rows.
TABLES = {
    "reach": (report_tables.ANNUAL_REACH, service.reach),
    "learning": (report_tables.ANNUAL_LEARNING, service.learning),
    "confidence": (report_tables.ANNUAL_CONFIDENCE, service.confidence),
    "meetings": (report_tables.ANNUAL_MEETINGS, service.meetings),
}


def _period() -> service.Period:
    """The period in the address; the current financial year when none is given."""
    default = service.financial_year(date.today())
    start = date_from(request.args, "start", "the first day") or default.start
    end = date_from(request.args, "end", "the last day") or default.end
    for name, day in (("start", start), ("end", end)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise BadFilter(
                FilterProblem(name, f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}.")
            )
    if end < start:
        raise BadFilter(FilterProblem("end", "The last day must be on or after the first day."))
    return service.Period(start, end)


def _about(period: service.Period) -> str:
    return f"annual report {period.start.isoformat()} to {period.end.isoformat()}"


@bp.route("/partnership/annual-report")
@role_required(Role.TRAINER)
@writes_when_read
def annual_report():
    try:
        period = _period()
    except BadFilter as bad:
        return bad_filter_page(bad.problem, url_for(".annual_report"))
    this_year = service.financial_year(date.today())
    page = render_template(
        "supervision/annual.html",
        report=service.annual_report(period),
        this_year=this_year,
        last_year=service.year_before(this_year),
        download_args={"start": period.start.isoformat(), "end": period.end.isoformat()},
    )
    report_viewed(current_user, "partnership", _about(period))
    db.session.commit()
    return page


@bp.route(
    "/partnership/annual-report/"
    "<any(reach, learning, confidence, meetings):section>.<any(csv, xlsx):fmt>"
)
@role_required(Role.TRAINER)
@writes_when_read
def annual_download(section: str, fmt: str):
    try:
        period = _period()
    except BadFilter as bad:
        return bad_filter_page(bad.problem, url_for(".annual_report"))
    table, read = TABLES[section]
    rows = read(period)
    return download(
        table, rows, fmt, subject="partnership",
        about=f"{table.name.lower()}, {_about(period)}", row_count=len(rows),
    )  # fmt: skip


@bp.route("/partnership/annual-report.xlsx")
@role_required(Role.TRAINER)
@writes_when_read
def annual_workbook():
    try:
        period = _period()
    except BadFilter as bad:
        return bad_filter_page(bad.problem, url_for(".annual_report"))
    sheets = [(table, read(period)) for table, read in TABLES.values()]
    return download_workbook(
        f"Annual report {period.start.isoformat()} to {period.end.isoformat()}",
        sheets, subject="partnership", about=_about(period),
        row_count=sum(len(rows) for _, rows in sheets),
    )  # fmt: skip
