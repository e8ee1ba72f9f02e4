"""Team reports for supervisors (their own teams), trainers and admins (all teams)."""

from datetime import date

from flask import Response, render_template, request, url_for
from flask_login import current_user

from quiz.models import Role
from quiz.services.assignments import assignable_briefings
from quiz.services.reports import Status, partnership_completion, team_report, team_report_csv
from quiz.web.access import get_briefing_or_404, get_team_or_404, role_required, teams_visible_to
from quiz.web.assign import assign_page
from quiz.web.supervision import bp

REPORT_ROLES = (Role.SUPERVISOR, Role.TRAINER)


@bp.route("/")
@role_required(*REPORT_ROLES)
def teams():
    return render_template("supervision/teams.html", teams=teams_visible_to(current_user))


@bp.route("/partnership")
@role_required(Role.TRAINER)
def partnership():
    return render_template(
        "supervision/partnership.html", rows=partnership_completion(date.today())
    )


@bp.route("/<int:team_id>")
@role_required(*REPORT_ROLES)
def report(team_id: int):
    team = get_team_or_404(team_id, current_user)
    return render_template(
        "supervision/report.html",
        team=team,
        reports=team_report(team, date.today()),
        Status=Status,
        published=assignable_briefings(),
    )


@bp.route("/<int:team_id>/report.csv")
@role_required(*REPORT_ROLES)
def report_csv(team_id: int):
    team = get_team_or_404(team_id, current_user)
    body = team_report_csv(team_report(team, date.today()))
    filename = f"team-report-{team.id}-{date.today().isoformat()}.csv"
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
