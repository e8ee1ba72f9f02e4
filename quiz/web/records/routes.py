"""The practitioner's record: "Your records", one completion record, and it as a PDF."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, abort, current_app, render_template
from flask_login import current_user, login_required

from quiz.extensions import db, writes_from_now_on
from quiz.services.audit_trail import export_downloaded, report_viewed
from quiz.services.cpd_records import (
    BREAK_AFTER,
    CPD_ROUNDING_MINUTES,
    CompletedAttempt,
    CompletionRecord,
    completions_of,
    load_completion,
    record_of,
)
from quiz.web.access import get_person_or_404
from quiz.web.auth.account import local_time
from quiz.web.practice.forms import RetakeForm
from quiz.web.records import bp
from quiz.web.records.pdf import pdf_of


def minutes_in_words(spent: timedelta) -> str:
    """'Less than a minute', '1 minute', '18 minutes', '1 hour 5 minutes'."""
    minutes = int(spent.total_seconds() // 60)
    if minutes < 1:
        return "Less than a minute"
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def _words() -> dict:
    return {
        "when": local_time,
        "minutes_in_words": minutes_in_words,
        "break_minutes": int(BREAK_AFTER.total_seconds() // 60),
        "cpd_rounding": CPD_ROUNDING_MINUTES,
    }


@bp.route("/")
@login_required
def index():
    return render_template("records/index.html", briefings=completions_of(current_user))


def _visible_completion_or_404(attempt_id: int) -> CompletedAttempt:
    """A completed attempt the signed-in person may see the record of; others are 404."""
    attempt = load_completion(attempt_id)
    if attempt is None:
        abort(404)
    if attempt.user_id != current_user.id:
        get_person_or_404(attempt.user_id, current_user)
    return attempt


def _record_page(
    attempt: CompletedAttempt, record: CompletionRecord, *, for_pdf: bool = False
) -> str:
    return render_template(
        "records/record.html",
        record=record,
        for_pdf=for_pdf,
        viewer_is_owner=attempt.user_id == current_user.id,
        retake_form=RetakeForm(),
        **_words(),
    )


def _end_reading() -> None:
    """End the request's reading transaction before its one write, an audit entry, which
    then has a transaction of its own: on SQLite it waits its turn for the write lock (a
    write after reads fails at once when someone wrote in between). The request's objects
    are let go first, so nothing (the signed-in person) is read again before the write."""
    db.session.expunge_all()
    db.session.rollback()
    writes_from_now_on()


@bp.route("/<int:attempt_id>")
@login_required
def record(attempt_id: int):
    # Not @writes_when_read: the owner's view only reads, so it need not queue for SQLite's
    # write lock; someone else's is recorded after the page is made, in a transaction of
    # its own.
    attempt = _visible_completion_or_404(attempt_id)
    record = record_of(attempt, current_app.config["PARTNERSHIP_NAME"])
    page = _record_page(attempt, record)
    if attempt.user_id != current_user.id:
        # Someone else's learning: recorded like opening a team report.
        _end_reading()
        report_viewed(
            current_user, f"attempt:{attempt.id}", f"completion record of {record.person}"
        )
        db.session.commit()
    return page


@bp.route("/<int:attempt_id>/record.pdf")
@login_required
def record_pdf(attempt_id: int):
    attempt = _visible_completion_or_404(attempt_id)
    record = record_of(attempt, current_app.config["PARTNERSHIP_NAME"])
    page = _record_page(attempt, record, for_pdf=True)
    # Drawing the PDF takes most of a second: the reading ends first, and the audit entry
    # takes a short transaction of its own after it (not @writes_when_read, which on
    # SQLite would hold the write lock from the request's first statement).
    _end_reading()
    body = pdf_of(page)
    # Every copy that leaves the app is recorded, the person's own included.
    export_downloaded(
        current_user, f"attempt:{record.attempt_id}", f"{record.filename} for {record.person}", 1
    )
    db.session.commit()
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{record.filename}"'},
    )
