"""Administrators' records pages: the audit log (search, CSV) and a person's data export."""

from __future__ import annotations

import re
from datetime import date

from flask import Response, render_template, request, stream_with_context, url_for
from flask_login import current_user

from quiz.extensions import db, only_reads_from_now_on
from quiz.models import Role, User
from quiz.services.accounts import audit
from quiz.services.audit_log import (
    ACTIONS,
    EXPORT_LIMIT,
    AuditFilter,
    audit_csv,
    audit_page,
    audit_rows,
)
from quiz.services.subject_access import as_csv, as_json, person_data
from quiz.web.access import role_required, writes_when_read
from quiz.web.admin import bp

MAX_PERSON_SEARCH = 200
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
DATE_FIELDS = {"since": "the start date", "until": "the end date"}


def _day(text: str) -> date | None:
    """27/11/2026 or 2026-11-27 as a date; ValueError when it is not one."""
    text = text.strip()
    if not text:
        return None
    if match := _ISO_DAY.fullmatch(text):
        year, month, day = match.groups()
    elif match := _UK_DAY.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise ValueError(text)
    if not 1900 <= int(year) <= 2999:  # also keeps "the day after" within the calendar
        raise ValueError(text)
    return date(int(year), int(month), int(day))


def _number(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def audit_filter(args) -> tuple[AuditFilter, dict[str, str]]:
    """The filter the page was asked for, and a message per field that is not right."""
    problems: dict[str, str] = {}
    person = args.get("person", "")
    if len(person) > MAX_PERSON_SEARCH:
        problems["person"] = f"Enter {MAX_PERSON_SEARCH} characters or fewer"
        person = ""
    action = args.get("action", "")
    if action and action not in ACTIONS:
        problems["action"] = "Choose an action from the list"
        action = ""
    days = {}
    for field, label in DATE_FIELDS.items():
        try:
            days[field] = _day(args.get(field, ""))
        except ValueError:
            problems[field] = f"Enter {label} as a date, for example 27/11/2026"
            days[field] = None
    if days["since"] and days["until"] and days["until"] < days["since"]:
        problems["until"] = "The end date must be the same as or after the start date"
    return AuditFilter(person=person, action=action, **days), problems


def _search_args(problems: dict[str, str]) -> dict[str, str]:
    """The search as typed, for links to other pages and the CSV; parts in error left out."""
    return {
        name: request.args[name]
        for name in ("person", "action", *DATE_FIELDS)
        if request.args.get(name) and name not in problems
    }


@bp.route("/audit-log")
@role_required(Role.ADMIN)
def audit_log():
    chosen, problems = audit_filter(request.args)
    found = audit_page(chosen, older_than=_number("older"), newer_than=_number("newer"))
    page = render_template(
        "admin/audit.html",
        found=found,
        chosen=chosen,
        problems=problems,
        actions=ACTIONS,
        values=request.args,
        search_args=_search_args(problems),
        export_limit=EXPORT_LIMIT,
    )
    return page, 400 if problems else 200


@bp.route("/audit-log.csv")
@role_required(Role.ADMIN)
@writes_when_read
def audit_log_csv():
    chosen, problems = audit_filter(request.args)
    if problems:
        return audit_log()
    described = (
        ", ".join(f"{k}={v}" for k, v in vars(chosen).items() if v not in (None, ""))
        or "everything"
    )
    audit(current_user, "audit.export", "audit log", f"filter: {described}"[:2000])
    db.session.commit()
    only_reads_from_now_on()
    filename = f"audit-log-{date.today().isoformat()}.csv"
    return Response(
        stream_with_context(audit_csv(audit_rows(chosen))),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _person_export(person_id: int, kind: str, body, mimetype: str) -> Response:
    person = db.get_or_404(User, person_id)
    data = person_data(person)
    audit(current_user, "subject-access.export", f"user:{person.id}", f"{kind} file")
    db.session.commit()
    filename = f"person-{person.id}-data-{date.today().isoformat()}.{kind}"
    return Response(
        body(data),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/people/<int:person_id>/data.json")
@role_required(Role.ADMIN)
@writes_when_read
def person_data_json(person_id: int):
    return _person_export(person_id, "json", as_json, "application/json")


@bp.route("/people/<int:person_id>/data.csv")
@role_required(Role.ADMIN)
@writes_when_read
def person_data_csv(person_id: int):
    return _person_export(person_id, "csv", as_csv, "text/csv")


@bp.app_template_global()
def audit_search_url(person: User) -> str:
    return url_for("admin.audit_log", person=person.email)
