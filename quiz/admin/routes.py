"""Administrators: people, teams and roles at a glance."""

from flask import render_template
from sqlalchemy import select

from quiz.access import role_required
from quiz.admin import bp
from quiz.extensions import db
from quiz.models import Role, User


@bp.route("/people")
@role_required(Role.ADMIN)
def people():
    users = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("admin/people.html", users=users)
