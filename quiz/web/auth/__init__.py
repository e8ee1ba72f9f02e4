from flask import Blueprint

bp = Blueprint("auth", __name__)

from quiz.web.auth import (  # noqa: E402,F401
    account,
    password_links,
    routes,
    second_factor,
    throttle,
)
