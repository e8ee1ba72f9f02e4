"""Administrators: people, teams and roles at a glance."""

from flask import render_template
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Role, User
from quiz.web.access import role_required
from quiz.web.admin import bp


@bp.route("/people")
@role_required(Role.ADMIN)
def people():
    users = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("admin/people.html", users=users)
