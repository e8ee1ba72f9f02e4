"""The service navigation: the areas a person sees in the menu.

Which links a person sees comes from the pages' own access rules (access.may_open),
so the menu cannot offer a page that answers "You cannot see this page".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request, url_for
from markupsafe import Markup

from quiz.models import User
from quiz.web.access import may_open


def _anyone(user: User) -> bool:
    return True


def _in_a_team(user: User) -> bool:
    # Briefings are assigned to teams: without a team there is nothing to do there.
    return user.team_id is not None


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    label: str
    # A condition on top of the page's access rule, for links that would lead nowhere useful.
    shown_if: Callable[[User], bool] = _anyone

    @property
    def blueprint(self) -> str:
        return self.endpoint.partition(".")[0]


SERVICE_NAVIGATION = (
    NavLink("practice.home", "Your briefings", shown_if=_in_a_team),
    NavLink("meetings.join", "Join a meeting", shown_if=_in_a_team),
    NavLink("supervision.teams", "Team reports"),
    NavLink("authoring.index", "Questions"),
    NavLink("admin.people", "People"),
    NavLink("records.index", "Your records"),
    NavLink("auth.account", "Your account"),
)


def navigation_for(user: User) -> list[NavLink]:
    return [
        link for link in SERVICE_NAVIGATION if may_open(user, link.endpoint) and link.shown_if(user)
    ]


def menu_markup(user: User, area: str | None) -> Markup:
    """The menu's button and links for a person's role in an area (the request's blueprint),
    made once per app for each kind of person, area and address prefix: which links show
    depends on nothing else, and making them (an access check and a URL each) cost a page
    as much as its question. The sign-out form, whose token is the person's, is not in it."""
    key = (user.role, user.team_id is not None, area, request.script_root)
    made = current_app.extensions.setdefault("menu_markup", {})
    if key not in made:
        links = [(url_for(link.endpoint), link) for link in navigation_for(user)]
        template = current_app.jinja_env.get_template("_menu_links.html")
        made[key] = Markup(template.render(links=links, area=area))
    return made[key]
