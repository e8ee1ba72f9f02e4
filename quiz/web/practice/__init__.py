from flask import Blueprint

bp = Blueprint("practice", __name__)

from quiz.web.practice import routes  # noqa: E402,F401
