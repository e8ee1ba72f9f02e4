"""The menu offers each person exactly the areas their role may open."""

import pytest

from quiz.web.navigation import SERVICE_NAVIGATION
from tests.conftest import text_of

# The sign-in pages are where strangers start, not an area of the service ("Your account",
# the one page of theirs a signed-in person opens, is in the menu all the same); the health
# check is for load balancers and monitoring, not people.
NOT_IN_THE_MENU = {"auth", "health"}

PEOPLE = {
    "practitioner": ("practitioner", {}),
    "supervisor": ("supervisor", {}),
    "supervisor in a team": ("supervisor", {"in_team": True}),
    "trainer": ("trainer", {}),
    "admin": ("admin", {}),
}


@pytest.fixture
def person(login_as, team):
    def sign_in(who: str):
        role, options = PEOPLE[who]
        return login_as(role, team=team) if options.get("in_team") else login_as(role)

    return sign_in


def menu(client) -> dict[str, str]:
    """The menu's links, label to address, on the page someone lands on after signing in."""
    page = client.page(client.get("/").headers.get("Location", "/"))
    links = page.select("nav a.govuk-service-navigation__link")
    return {text_of(link): link["href"] for link in links}


def area_front_pages(app) -> dict[str, str]:
    """Each area's front page (blueprint to address): its shortest page without arguments."""
    front = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: len(r.rule)):
        area, dot, _ = rule.endpoint.partition(".")
        a_page = dot and "GET" in rule.methods and not rule.arguments
        if a_page and area not in NOT_IN_THE_MENU:
            front.setdefault(area, rule.rule)
    return front


@pytest.mark.parametrize("who", PEOPLE)
def test_every_link_in_the_menu_opens(person, who):
    client, _ = person(who)
    links = menu(client)
    assert links, who
    for label, href in links.items():
        assert client.get(href).status_code == 200, (who, label)


@pytest.mark.parametrize("who", PEOPLE)
def test_every_area_a_person_may_open_is_in_their_menu(app, person, who):
    client, _ = person(who)
    links = set(menu(client).values())
    for area, address in area_front_pages(app).items():
        if client.get(address).status_code == 200:
            assert address in links, f"{who} may open {area} ({address}) but the menu hides it"


def test_every_area_has_a_link_in_the_menu(app):
    areas = {link.blueprint for link in SERVICE_NAVIGATION}
    assert set(area_front_pages(app)) <= areas


@pytest.mark.parametrize(
    ("who", "labels"),
    [
        ("practitioner", ["Your briefings", "Join a meeting", "Your records", "Your account"]),
        ("supervisor", ["Team reports", "Your records", "Your account"]),
        (
            "supervisor in a team",
            ["Your briefings", "Join a meeting", "Team reports", "Your records", "Your account"],
        ),
        ("trainer", ["Team reports", "Questions", "Your records", "Your account"]),
        ("admin", ["Team reports", "Questions", "People", "Your records", "Your account"]),
    ],
)
def test_menu_by_role(person, who, labels):
    client, _ = person(who)
    assert list(menu(client)) == labels


def test_only_trainers_and_admins_see_the_partnership_link(person):
    for who, sees_it in [("supervisor", False), ("trainer", True), ("admin", True)]:
        client, _ = person(who)
        page = text_of(client.page("/teams/"))
        assert ("completion across the whole partnership" in page) is sees_it, who
