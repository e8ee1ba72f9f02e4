"""The partnership's trends for trainers and admins: completion over time, and themes
across briefings (hardest first, a briefing's themes by agency or team, confidence before
and after), each chart with its table and downloads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import render_template, request, url_for
from flask_login import current_user

from quiz.extensions import db
from quiz.models import Agency, Briefing, BriefingStatus, Role
from quiz.services import report_tables, trends
from quiz.services.audit_trail import report_viewed
from quiz.services.partnership import agencies
from quiz.web.access import role_required, writes_when_read
from quiz.web.downloads import download
from quiz.web.supervision import bp
from quiz.web.supervision.filters import (
    BadFilter,
    FilterProblem,
    bad_filter_page,
    date_from,
    number_from,
)

DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class Span:
    first: date
    last: date
    agency: Agency | None


def _agency() -> Agency | None:
    agency_id = number_from(request.args, "agency", "an agency")
    if agency_id is None:
        return None
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        raise BadFilter(FilterProblem("agency", "Choose an agency from the list."))
    return agency


def _period() -> Span:
    today = date.today()
    last = date_from(request.args, "to", "the end of the period") or today
    first = date_from(request.args, "from", "the start of the period")
    if first is None:
        back = last.year * 12 + last.month - DEFAULT_MONTHS  # 11 months back, and this one
        first = date(back // 12, back % 12 + 1, 1) if back >= 12 else date.min
    return Span(first, last, _agency())


def _completion(period: Span) -> list:
    try:
        return trends.completion_over_time(
            period.first, period.last, period.agency.id if period.agency else None
        )
    except trends.BadPeriod as bad:
        raise BadFilter(FilterProblem(bad.field, str(bad))) from None


@bp.route("/partnership/trends")
@role_required(Role.TRAINER)
@writes_when_read
def partnership_trends():
    try:
        period = _period()
        periods = _completion(period)
    except BadFilter as bad:
        return bad_filter_page(bad.problem, url_for(".partnership_trends"))
    scope = f"in {period.agency.name}" if period.agency else "across the partnership"
    page = render_template(
        "supervision/trends.html",
        period=period,
        agencies=agencies(),
        chart=trends.completion_chart(periods, scope),
        download_args=request.args.to_dict(),
    )
    report_viewed(current_user, "partnership", "completion over time")
    db.session.commit()
    return page


@bp.route("/partnership/trends.<any(csv, xlsx):fmt>")
@role_required(Role.TRAINER)
@writes_when_read
def partnership_trends_download(fmt: str):
    try:
        periods = _completion(_period())
    except BadFilter as bad:
        return bad_filter_page(bad.problem, url_for(".partnership_trends"))
    return download(
        report_tables.COMPLETION_OVER_TIME, periods, fmt,
        subject="partnership", about="completion by month", row_count=len(periods),
    )  # fmt: skip


@dataclass(frozen=True)
class ThemeChoice:
    briefing: Briefing | None
    agency: Agency | None


def _choice() -> ThemeChoice:
    agency = _agency()
    briefing_id = number_from(request.args, "briefing", "a briefing")
    if briefing_id is None:
        return ThemeChoice(None, agency)
    briefing = db.session.get(Briefing, briefing_id)
    if briefing is None or briefing.status != BriefingStatus.PUBLISHED:
        raise BadFilter(FilterProblem("briefing", "Choose a briefing from the list."))
    return ThemeChoice(briefing, agency)


def _briefing_charts(choice: ThemeChoice):
    if choice.briefing is None:
        return None, None
    agency_id = choice.agency.id if choice.agency else None
    return (
        trends.theme_heat_map(
            choice.briefing, agency_id, choice.agency.name if choice.agency else None
        ),
        trends.confidence_chart(choice.briefing, agency_id),
    )


@bp.route("/partnership/themes")
@role_required(Role.TRAINER)
@writes_when_read
def partnership_themes():
    try:
        choice = _choice()
    except BadFilter as bad:
        return bad_filter_page(bad.problem, url_for(".partnership_themes"))
    heat_map, confidence = _briefing_charts(choice)
    page = render_template(
        "supervision/partnership_themes.html",
        choice=choice,
        agencies=agencies(),
        briefings=trends.published_briefings(),
        hardest=trends.hardest_themes(choice.agency.id if choice.agency else None),
        heat_map=heat_map,
        confidence=confidence,
        download_args=request.args.to_dict(),
    )
    report_viewed(current_user, "partnership", "learning themes across briefings")
    db.session.commit()
    return page


@bp.route(
    "/partnership/themes/<any(hardest, matrix, confidence):themes_table>.<any(csv, xlsx):fmt>"
)
@role_required(Role.TRAINER)
@writes_when_read
def partnership_themes_download(themes_table: str, fmt: str):
    try:
        choice = _choice()
    except BadFilter as bad:
        return bad_filter_page(bad.problem, url_for(".partnership_themes"))
    if themes_table == "hardest":
        rows = trends.hardest_themes(choice.agency.id if choice.agency else None)
        spec, about = report_tables.HARDEST_THEMES, "hardest themes across briefings"
    elif choice.briefing is None:
        problem = FilterProblem("briefing", "Choose a briefing from the list.")
        return bad_filter_page(problem, url_for(".partnership_themes"))
    else:
        agency_id = choice.agency.id if choice.agency else None
        if themes_table == "matrix":
            heat_map = trends.theme_heat_map(
                choice.briefing, agency_id, choice.agency.name if choice.agency else None
            )
            spec, rows = report_tables.heat_map_table(heat_map), list(heat_map.rows)
        else:
            spec = report_tables.CONFIDENCE_BY_THEME
            rows = list(trends.confidence_chart(choice.briefing, agency_id).pairs)
        about = f"{spec.name.lower()} for {choice.briefing.title}"
    return download(spec, rows, fmt, subject="partnership", about=about, row_count=len(rows))
