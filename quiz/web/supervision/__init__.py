from flask import Blueprint

bp = Blueprint("supervision", __name__, url_prefix="/teams")

from quiz.web.supervision import routes  # noqa: E402,F401
