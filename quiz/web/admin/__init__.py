from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from quiz.web.admin import emails, people_import, records, routes  # noqa: E402,F401
