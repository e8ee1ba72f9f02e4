from flask import Blueprint

bp = Blueprint("records", __name__, url_prefix="/records")

from quiz.web.records import routes  # noqa: E402,F401
