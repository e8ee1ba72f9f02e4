"""One person's record, for the supervisor of their team and for trainers and admins."""

from datetime import date

from flask import abort, render_template
from flask_login import current_user

from quiz.extensions import db
from quiz.services import report_tables
from quiz.services.audit_trail import report_viewed
from quiz.services.person_record import person_record
from quiz.web.access import get_person_or_404, role_required, writes_when_read
from quiz.web.downloads import download
from quiz.web.supervision import bp
from quiz.web.supervision.routes import REPORT_ROLES


@bp.route("/people/<int:user_id>")
@role_required(*REPORT_ROLES)
@writes_when_read
def person(user_id: int):
    found = get_person_or_404(user_id, current_user)
    page = render_template("supervision/person.html", record=person_record(found, date.today()))
    report_viewed(current_user, f"user:{found.id}", f"record of {found.name}")
    db.session.commit()
    return page


@bp.route("/people/<int:user_id>/records.<any(csv, xlsx):fmt>")
@role_required(*REPORT_ROLES)
@writes_when_read
def person_download(user_id: int, fmt: str):
    found = get_person_or_404(user_id, current_user)
    rows = person_record(found, date.today()).rows
    return download(
        report_tables.PERSON_RECORD, rows, fmt, subject=f"user:{found.id}",
        about=f"completion records of {found.name}", row_count=len(rows),
    )  # fmt: skip


@bp.route("/people/<int:user_id>/attempts/<int:attempt_id>/themes.<any(csv, xlsx):fmt>")
@role_required(*REPORT_ROLES)
@writes_when_read
def attempt_themes_download(user_id: int, attempt_id: int, fmt: str):
    """One attempt's themes table from the person page."""
    found = get_person_or_404(user_id, current_user)
    rows = person_record(found, date.today()).attempt_themes(attempt_id)
    if rows is None:
        abort(404)
    return download(
        report_tables.ATTEMPT_THEMES, rows, fmt, subject=f"user:{found.id}",
        about=f"themes of an attempt by {found.name}", row_count=len(rows),
    )  # fmt: skip
