"""Supervisors' pages (their own teams), open to trainers and admins for every team: the
landing page, a team's report, its per-theme picture and agenda, and their downloads."""

from datetime import date

from flask import render_template, request, url_for
from flask_login import current_user

from quiz.extensions import db
from quiz.models import Role
from quiz.services import report_tables
from quiz.services.assignments import assignable_briefings
from quiz.services.audit_trail import report_viewed
from quiz.services.completion import Progress
from quiz.services.supervision import team_cards, team_report
from quiz.services.theme_picture import theme_picture
from quiz.web.access import (
    get_briefing_or_404,
    get_team_or_404,
    role_required,
    teams_visible_to,
    writes_when_read,
)
from quiz.web.assign import assign_page
from quiz.web.downloads import download
from quiz.web.supervision import bp
from quiz.web.supervision.filters import (
    STATUS_CHOICES,
    BadFilter,
    bad_filter_page,
    number_from,
    page_number,
    page_url,
    paged,
    status_from,
)

REPORT_ROLES = (Role.SUPERVISOR, Role.TRAINER)
TEAM_TABLES = {
    "progress": report_tables.PERSON_BRIEFINGS,
    "briefings": report_tables.BRIEFING_COMPLETION,
    "people": report_tables.TEAM_PEOPLE,
}


@bp.context_processor
def report_helpers():
    return {"page_url": page_url, "Progress": Progress, "STATUS_CHOICES": STATUS_CHOICES}


@bp.route("/")
@role_required(*REPORT_ROLES)
def teams():
    visible = teams_visible_to(current_user)
    return render_template(
        "supervision/teams.html",
        cards=team_cards(visible, date.today()),
        # Trainers and admins see every team: one row each, not a table per team.
        overview=current_user.role != Role.SUPERVISOR,
    )


@bp.route("/overview.<any(csv, xlsx):fmt>")
@role_required(*REPORT_ROLES)
@writes_when_read
def teams_download(fmt: str):
    """The landing page's overview of teams: every team for trainers and admins, a
    supervisor's own teams for them."""
    cards = team_cards(teams_visible_to(current_user), date.today())
    return download(
        report_tables.TEAM_OVERVIEW, cards, fmt, subject="teams", about="the teams overview",
        row_count=len(cards),
    )  # fmt: skip


def _team_filters():
    return number_from(request.args, "briefing", "a briefing"), status_from(request.args)


@bp.route("/<int:team_id>")
@role_required(*REPORT_ROLES)
@writes_when_read
def report(team_id: int):
    team = get_team_or_404(team_id, current_user)
    try:
        briefing_id, progress = _team_filters()
    except BadFilter as bad:
        return bad_filter_page(bad.problem, url_for(".report", team_id=team.id))
    found = team_report(team, date.today(), briefing_id, progress)
    page = render_template(
        "supervision/report.html",
        team=team,
        report=found,
        listing=paged(found.rows, page_number()),
        chosen_briefing=briefing_id,
        chosen_status=progress,
        published=assignable_briefings(),
    )
    # Recorded after rendering (a commit would make the page reload what it shows), and
    # committed before anything is sent: no record, no report.
    report_viewed(current_user, f"team:{team.id}", f"team report for {team.name}")
    db.session.commit()
    return page


@bp.route("/<int:team_id>/<any(progress, briefings, people):table>.<any(csv, xlsx):fmt>")
@role_required(*REPORT_ROLES)
@writes_when_read
def team_download(team_id: int, table: str, fmt: str):
    team = get_team_or_404(team_id, current_user)
    try:
        briefing_id, progress = _team_filters()
    except BadFilter as bad:
        return bad_filter_page(bad.problem, url_for(".report", team_id=team.id))
    found = team_report(team, date.today(), briefing_id, progress)
    rows = {"progress": found.rows, "briefings": found.briefings, "people": found.people}[table]
    return download(
        TEAM_TABLES[table], rows, fmt, subject=f"team:{team.id}", about=team.name,
        row_count=len(rows),
    )  # fmt: skip


@bp.route("/<int:team_id>/themes")
@role_required(*REPORT_ROLES)
@writes_when_read
def themes(team_id: int):
    team = get_team_or_404(team_id, current_user)
    page = render_template(
        "supervision/themes.html", team=team, picture=theme_picture(team, date.today())
    )
    report_viewed(current_user, f"team:{team.id}", f"learning themes for {team.name}")
    db.session.commit()
    return page


@bp.route("/<int:team_id>/themes.<any(csv, xlsx):fmt>")
@role_required(*REPORT_ROLES)
@writes_when_read
def themes_download(team_id: int, fmt: str):
    team = get_team_or_404(team_id, current_user)
    rows = theme_picture(team, date.today()).rows
    return download(
        report_tables.THEMES, rows, fmt, subject=f"team:{team.id}",
        about=f"learning themes for {team.name}", row_count=len(rows),
    )  # fmt: skip


@bp.route("/<int:team_id>/assign", methods=["GET", "POST"])
@role_required(*REPORT_ROLES)
def assign(team_id: int):
    """Supervisors assign published briefings to a team they supervise."""
    team = get_team_or_404(team_id, current_user)
    briefing = get_briefing_or_404(request.args.get("briefing", ""), published_only=True)
    return assign_page(briefing, [team], url_for(".report", team_id=team.id))
