from flask import Blueprint

bp = Blueprint("auth", __name__)

from quiz.web.auth import account, routes, second_factor, throttle  # noqa: E402,F401
