from flask import Blueprint

bp = Blueprint("supervision", __name__, url_prefix="/teams")

# routes.py: landing, team report and themes; people.py: one person's record;
# partnership.py: the partnership summary for trainers and admins; annual.py: its annual
# report; trends.py: its charts over time and across briefings.
from quiz.web.supervision import annual, partnership, people, routes, trends  # noqa: E402,F401
