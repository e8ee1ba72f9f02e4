"""Administrators: people, teams and roles at a glance."""

from flask import render_template

from quiz.models import Role
from quiz.services.accounts import people_by_name
from quiz.web.access import role_required
from quiz.web.admin import bp


@bp.route("/people")
@role_required(Role.ADMIN)
def people():
    return render_template("admin/people.html", users=people_by_name())
