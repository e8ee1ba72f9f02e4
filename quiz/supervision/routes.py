"""Team reports for supervisors (their own teams), trainers and admins (all teams)."""

from datetime import date

from flask import Response, render_template
from flask_login import current_user

from quiz.access import get_team_or_404, role_required, teams_visible_to
from quiz.models import Role
from quiz.reports import Status, team_report, team_report_csv
from quiz.supervision import bp

REPORT_ROLES = (Role.SUPERVISOR, Role.TRAINER)


@bp.route("/")
@role_required(*REPORT_ROLES)
def teams():
    return render_template("supervision/teams.html", teams=teams_visible_to(current_user))


@bp.route("/<int:team_id>")
@role_required(*REPORT_ROLES)
def report(team_id: int):
    team = get_team_or_404(team_id, current_user)
    return render_template(
        "supervision/report.html", team=team, reports=team_report(team, date.today()), Status=Status
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
