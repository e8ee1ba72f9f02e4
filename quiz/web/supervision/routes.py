"""Team reports for supervisors (their own teams), trainers and admins (all teams)."""

from datetime import date

from flask import Response, render_template, request, url_for
from flask_login import current_user

from quiz.extensions import db
from quiz.models import Role
from quiz.services.assignments import assignable_briefings
from quiz.services.audit_trail import export_downloaded, report_viewed
from quiz.services.reports import Status, partnership_completion, team_report, team_report_csv
from quiz.web.access import (
    get_briefing_or_404,
    get_team_or_404,
    role_required,
    teams_visible_to,
    writes_when_read,
)
from quiz.web.assign import assign_page
from quiz.web.supervision import bp

REPORT_ROLES = (Role.SUPERVISOR, Role.TRAINER)


@bp.route("/")
@role_required(*REPORT_ROLES)
def teams():
    return render_template("supervision/teams.html", teams=teams_visible_to(current_user))


@bp.route("/partnership")
@role_required(Role.TRAINER)
@writes_when_read
def partnership():
    page = render_template(
        "supervision/partnership.html", rows=partnership_completion(date.today())
    )
    # Recorded after rendering (a commit would make the page reload what it shows), and
    # committed before anything is sent: no record, no report.
    report_viewed(current_user, "partnership", "completion by agency and team")
    db.session.commit()
    return page


@bp.route("/<int:team_id>")
@role_required(*REPORT_ROLES)
@writes_when_read
def report(team_id: int):
    team = get_team_or_404(team_id, current_user)
    page = render_template(
        "supervision/report.html",
        team=team,
        reports=team_report(team, date.today()),
        Status=Status,
        published=assignable_briefings(),
    )
    report_viewed(current_user, f"team:{team.id}", f"team report for {team.name}")
    db.session.commit()
    return page


@bp.route("/<int:team_id>/report.csv")
@role_required(*REPORT_ROLES)
@writes_when_read
def report_csv(team_id: int):
    team = get_team_or_404(team_id, current_user)
    reports = team_report(team, date.today())
    body = team_report_csv(reports)
    filename = f"team-report-{team.id}-{date.today().isoformat()}.csv"
    rows = sum(len(r.rows) for r in reports)
    export_downloaded(current_user, f"team:{team.id}", f"{filename} for {team.name}", rows)
    db.session.commit()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/<int:team_id>/assign", methods=["GET", "POST"])
@role_required(*REPORT_ROLES)
def assign(team_id: int):
    """Supervisors assign published briefings to a team they supervise."""
    team = get_team_or_404(team_id, current_user)
    briefing = get_briefing_or_404(request.args.get("briefing", ""), published_only=True)
    return assign_page(briefing, [team], url_for(".report", team_id=team.id))
