"""Who may open what: every route × every kind of person, written out, and CSRF on every form.

The matrix is built from app.url_map, so a new route fails here until its row says what each
person should get. Outcomes: OK (the page, or a redirect within the service), SIGN_IN (sent to
sign in), FORBIDDEN (403, "You cannot see this page") and NOT_FOUND (404: the object is not
theirs to know about, e.g. another team's report).
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from flask import url_for

from quiz import create_app
from quiz.extensions import db
from quiz.models import Agency, Assignment, Meeting, MeetingLog, Team
from quiz.services.accounts import create_user, session_id_for, start_session
from tests.app.test_auth import asks_for_sign_in
from tests.completions import complete_briefing
from tests.conftest import Browser, load_seed_bank, running_app, turn_on_app
from tests.seed import PASSWORD, SEED_SLUG

OK, SIGN_IN, FORBIDDEN, NOT_FOUND = "ok", "sign in", "403", "404"
ROLES = ("anonymous", "practitioner", "other_supervisor", "supervisor", "trainer", "admin")


def row(anonymous, practitioner, other_supervisor, supervisor, trainer, admin) -> dict:
    outcomes = (anonymous, practitioner, other_supervisor, supervisor, trainer, admin)
    return dict(zip(ROLES, outcomes, strict=True))


PUBLIC = row(OK, OK, OK, OK, OK, OK)
SIGNED_IN = row(SIGN_IN, OK, OK, OK, OK, OK)
# Practitioners' pages open only for a briefing assigned to the person's own team.
OWN_TEAM = row(SIGN_IN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
TRAINERS = row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK)
ADMINS = row(SIGN_IN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
REPORTS = row(SIGN_IN, FORBIDDEN, OK, OK, OK, OK)
# A team's own report: its supervisors, trainers and admins; another team's supervisor is
# not told it exists.
TEAM_REPORT = row(SIGN_IN, FORBIDDEN, NOT_FOUND, OK, OK, OK)
ALWAYS_SIGN_IN = row(SIGN_IN, SIGN_IN, SIGN_IN, SIGN_IN, SIGN_IN, SIGN_IN)
# Backup codes and turning the app off need an app: trainers and admins have one here.
APP_HOLDERS = row(SIGN_IN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK)
# Let in, but the empty form the matrix posts is refused as bad input, naming its field.
BAD_INPUT = "400"
TEAM_FORM = row(SIGN_IN, FORBIDDEN, NOT_FOUND, BAD_INPUT, BAD_INPUT, BAD_INPUT)
# A completion record: its owner (the practitioner), and who sees the owner's team report.
OWN_RECORD = row(SIGN_IN, OK, NOT_FOUND, OK, OK, OK)

EXPECTED: dict[tuple[str, str], dict[str, str]] = {
    ("admin.agencies", "GET"): ADMINS,
    ("admin.audit_log", "GET"): ADMINS,
    ("admin.audit_log_csv", "GET"): ADMINS,
    ("admin.agency", "GET"): ADMINS,
    ("admin.deactivate_person", "GET"): ADMINS,
    ("admin.deactivate_person", "POST"): ADMINS,
    ("admin.edit_person", "GET"): ADMINS,
    ("admin.emails", "GET"): ADMINS,
    ("admin.edit_person", "POST"): ADMINS,
    ("admin.import_people", "GET"): ADMINS,
    ("admin.import_people", "POST"): ADMINS,
    # An upload is kept for the administrator who sent it; a made-up one starts again.
    ("admin.import_preview", "GET"): ADMINS,
    ("admin.import_preview", "POST"): ADMINS,
    ("admin.invite_everyone", "POST"): ADMINS,
    # The person here has a password: the page says they cannot be invited.
    ("admin.invite_person", "POST"): ADMINS,
    ("admin.new_agency", "GET"): ADMINS,
    ("admin.new_agency", "POST"): ADMINS,
    ("admin.new_person", "GET"): ADMINS,
    ("admin.new_person", "POST"): ADMINS,
    ("admin.new_team", "GET"): ADMINS,
    ("admin.new_team", "POST"): ADMINS,
    ("admin.people", "GET"): ADMINS,
    ("admin.person", "GET"): ADMINS,
    ("admin.person_data_csv", "GET"): ADMINS,
    ("admin.person_data_json", "GET"): ADMINS,
    ("admin.reactivate_person", "POST"): ADMINS,
    ("admin.rename_agency_page", "GET"): ADMINS,
    ("admin.rename_agency_page", "POST"): ADMINS,
    ("admin.rename_team_page", "GET"): ADMINS,
    ("admin.rename_team_page", "POST"): ADMINS,
    ("auth.account", "GET"): SIGNED_IN,
    ("auth.end_other_sessions", "POST"): SIGNED_IN,
    # The session in the address is the practitioner's, already ended by "end the others"
    # above, so nobody finds it; ending one's own open session is in test_sessions.py.
    ("auth.end_session", "POST"): row(
        SIGN_IN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND
    ),
    ("auth.forgotten_password", "GET"): PUBLIC,
    ("auth.forgotten_password", "POST"): PUBLIC,  # an empty form: "Enter your email address"
    ("auth.new_backup_codes", "POST"): APP_HOLDERS,
    ("auth.password", "GET"): SIGNED_IN,
    ("auth.profession", "GET"): SIGNED_IN,
    ("auth.profession", "POST"): SIGNED_IN,
    ("auth.password", "POST"): SIGNED_IN,
    # The code step belongs to a sign-in under way; without one it starts again.
    ("auth.sign_in_code", "GET"): ALWAYS_SIGN_IN,
    ("auth.sign_in_code", "POST"): ALWAYS_SIGN_IN,
    ("auth.turn_off_two_factor", "POST"): APP_HOLDERS,
    ("auth.two_factor", "GET"): SIGNED_IN,
    ("auth.two_factor", "POST"): SIGNED_IN,
    # The link in the address is made up: everyone gets the "does not work" page.
    ("auth.set_password", "GET"): PUBLIC,
    ("auth.set_password", "POST"): PUBLIC,
    ("auth.sign_in", "GET"): PUBLIC,
    ("auth.sign_in", "POST"): PUBLIC,  # an empty form: "Enter your email address"
    # Signing out always ends at the sign-in page, signed in or not.
    ("auth.sign_out", "POST"): ALWAYS_SIGN_IN,
    ("authoring.analysis", "GET"): TRAINERS,
    ("authoring.assign_briefing", "GET"): TRAINERS,
    ("authoring.assign_briefing", "POST"): TRAINERS,
    ("authoring.briefing", "GET"): TRAINERS,
    ("authoring.edit_question", "GET"): TRAINERS,
    ("authoring.edit_question", "POST"): TRAINERS,
    ("authoring.import_briefing", "GET"): TRAINERS,
    ("authoring.import_briefing", "POST"): TRAINERS,
    ("authoring.index", "GET"): TRAINERS,
    ("authoring.new_question", "GET"): TRAINERS,
    ("authoring.new_question", "POST"): TRAINERS,
    ("authoring.preview", "GET"): TRAINERS,
    ("authoring.publish_imported_briefing", "POST"): TRAINERS,
    ("authoring.publish_question", "POST"): TRAINERS,
    # An empty form: "Enter how many questions to ask", on the briefing page.
    ("authoring.quiz_settings", "POST"): TRAINERS,
    ("authoring.retire_question", "POST"): TRAINERS,
    ("authoring.save_imported_briefing", "POST"): TRAINERS,
    ("authoring.theme_tags", "POST"): TRAINERS,
    ("authoring.void", "GET"): TRAINERS,
    ("authoring.void", "POST"): TRAINERS,
    ("health.check", "GET"): PUBLIC,
    # Team meetings: run by the team's supervisors (trainers and admins any team); joined
    # with the code by members of the team only.
    ("meetings.control", "POST"): TEAM_REPORT,
    # People without a team (everyone here but the practitioner) are sent on to their area.
    ("meetings.join", "GET"): SIGNED_IN,
    ("meetings.join", "POST"): row(SIGN_IN, BAD_INPUT, OK, OK, OK, OK),
    ("meetings.log", "GET"): TEAM_REPORT,
    ("meetings.log", "POST"): TEAM_FORM,
    ("meetings.new_log", "POST"): TEAM_FORM,
    # A member of the team who has not joined is sent to enter the code.
    ("meetings.participant_status", "GET"): OWN_TEAM,
    ("meetings.participate", "GET"): OWN_TEAM,
    ("meetings.participate", "POST"): OWN_TEAM,
    ("meetings.present", "GET"): TEAM_REPORT,
    ("meetings.presenter_status", "GET"): TEAM_REPORT,
    ("meetings.start", "POST"): TEAM_FORM,
    ("meetings.team_meetings", "GET"): TEAM_REPORT,
    ("meetings.team_meetings_download", "GET"): TEAM_REPORT,
    ("practice.briefing", "GET"): OWN_TEAM,
    ("practice.check", "GET"): OWN_TEAM,
    ("practice.check", "POST"): OWN_TEAM,
    ("practice.confidence", "GET"): OWN_TEAM,
    ("practice.confidence", "POST"): OWN_TEAM,
    # "Your briefings" sends someone without a team on to the area they work in.
    ("practice.home", "GET"): SIGNED_IN,
    ("practice.question", "GET"): OWN_TEAM,
    ("practice.question", "POST"): OWN_TEAM,
    # Without an attempt under way, both go back to the briefing page.
    ("practice.read_briefing", "POST"): OWN_TEAM,
    ("practice.record", "GET"): OWN_TEAM,
    ("practice.reflect", "GET"): OWN_TEAM,
    ("practice.reflect", "POST"): OWN_TEAM,
    ("practice.result", "GET"): OWN_TEAM,
    ("practice.retake", "POST"): OWN_TEAM,
    ("practice.start", "POST"): OWN_TEAM,
    ("reminders.team", "GET"): TEAM_REPORT,
    ("reminders.team", "POST"): TEAM_REPORT,  # nobody chosen: "Choose at least one person"
    ("records.index", "GET"): SIGNED_IN,
    ("records.record", "GET"): OWN_RECORD,
    ("records.record_pdf", "GET"): OWN_RECORD,
    ("static", "GET"): PUBLIC,
    ("supervision.assign", "GET"): TEAM_REPORT,
    ("supervision.assign", "POST"): TEAM_REPORT,
    ("supervision.partnership", "GET"): TRAINERS,
    ("supervision.annual_report", "GET"): TRAINERS,
    ("supervision.annual_download", "GET"): TRAINERS,
    ("supervision.annual_workbook", "GET"): TRAINERS,
    ("supervision.report", "GET"): TEAM_REPORT,
    ("supervision.team_download", "GET"): TEAM_REPORT,
    ("supervision.themes", "GET"): TEAM_REPORT,
    ("supervision.themes_download", "GET"): TEAM_REPORT,
    ("supervision.person", "GET"): TEAM_REPORT,
    ("supervision.person_download", "GET"): TEAM_REPORT,
    ("supervision.partnership_download", "GET"): TRAINERS,
    ("supervision.partnership_trends", "GET"): TRAINERS,
    ("supervision.partnership_trends_download", "GET"): TRAINERS,
    ("supervision.partnership_themes", "GET"): TRAINERS,
    ("supervision.partnership_themes_download", "GET"): TRAINERS,
    ("supervision.teams", "GET"): REPORTS,
    # The landing page's table: every team for trainers and admins, a supervisor's own.
    ("supervision.teams_download", "GET"): REPORTS,
    ("supervision.attempt_themes_download", "GET"): TEAM_REPORT,
}
# Sign-out is left out of the CSRF check: it is changing to work without a token (so an
# expired form can never keep a session alive), and only ever ends the caller's own session.
NO_CSRF_CHECK = {"auth.sign_out"}


def routes(app) -> list[tuple[str, str]]:
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in ("GET", "POST")
        if method in rule.methods
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The seed briefing assigned to one team, a second team, and one person of each kind."""
    with running_app(tmp_path_factory.mktemp("matrix")) as app:
        briefing = load_seed_bank()
        agency = Agency(name="Test Council")
        team, other = Team(name="Assessment Team", agency=agency), Team(name="Other", agency=agency)
        db.session.add_all([team, other])
        due = date.today() + timedelta(days=7)
        db.session.add(Assignment(briefing=briefing, team=team, due_on=due))
        people = {
            "practitioner": create_user("p@example.org", "P", PASSWORD, "practitioner", team=team),
            "other_supervisor": create_user(
                "o@example.org", "O", PASSWORD, "supervisor", supervises=[other]
            ),
            "supervisor": create_user(
                "s@example.org", "S", PASSWORD, "supervisor", supervises=[team]
            ),
            "trainer": create_user("t@example.org", "T", PASSWORD, "trainer"),
            "admin": create_user("a@example.org", "A", PASSWORD, "admin"),
        }
        for role in ("trainer", "admin"):  # they must have an authenticator app
            turn_on_app(people[role])
        # Someone for the administrator's forms to change and deactivate, nobody else.
        changeable = create_user("x@example.org", "X", PASSWORD, "practitioner", team=other)
        meeting = Meeting(team=team, briefing=briefing, join_code="MATRIX")
        meeting_log = MeetingLog(team=team, briefing=briefing, held_on=date.today())
        db.session.add_all([meeting, meeting_log])
        db.session.commit()
        completion = complete_briefing(people["practitioner"], briefing)
        practitioners_session = start_session(people["practitioner"])
        db.session.commit()
        theme = briefing.themes[0]
        question = theme.questions[0]
        values = {
            "slug": SEED_SLUG,
            "position": 1,
            "team_id": team.id,
            "theme_id": theme.id,
            "question_id": question.id,
            "version_id": question.current_version.id,
            "filename": "app.js",
            "agency_id": agency.id,
            "person_id": changeable.id,
            "session_id": session_id_for(practitioners_session),
            "token": "no-such-upload",
            "meeting_id": meeting.id,
            "log_id": meeting_log.id,
            "attempt_id": completion.id,
            # Reports: a practitioner of `team`, and one of each download's tables.
            "user_id": people["practitioner"].id,
            "table": "people",
            "section": "reach",
            "themes_table": "hardest",
            "part": "actions",
            "fmt": "csv",
        }
        yield app, people, values


def browser_for(app, people, role: str) -> Browser:
    browser = Browser(app)
    if role != "anonymous":
        person = people[role]
        # A code works once; this test signs the same people in hundreds of times a minute.
        person.totp_last_step = None
        db.session.commit()
        browser.sign_in(person)
    return browser


# Pages that need more than their address to find what they show.
QUERY = {"supervision.assign": {"briefing": SEED_SLUG}}


def address(app, endpoint: str, values: dict) -> str:
    [rule] = app.url_map.iter_rules(endpoint)
    arguments = {name: values[name] for name in rule.arguments}
    with app.test_request_context():
        return url_for(endpoint, **arguments, **QUERY.get(endpoint, {}))


# A page every signed-in person can open that has a form (the sign-out button), for a token.
TOKEN_PAGE = {"anonymous": "/sign-in"}


def outcome(app, response) -> str:
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code in (301, 302, 303):
        with app.test_request_context():
            sign_in = url_for("auth.sign_in")
        return SIGN_IN if urlsplit(response.headers["Location"]).path == sign_in else OK
    if response.status_code == 200:
        return OK
    return str(response.status_code)


def assert_security_headers(endpoint: str, response) -> None:
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    if endpoint != "static":
        assert response.headers["Cache-Control"] == "no-store", endpoint


@pytest.mark.parametrize(("endpoint", "method"), routes(create_app("test")))
def test_every_route_gives_each_person_the_expected_outcome(world, endpoint, method):
    app, people, values = world
    expected = EXPECTED.get((endpoint, method))
    assert expected is not None, (
        f"{method} {endpoint} has no row in EXPECTED: say what each kind of person gets"
    )
    url = address(app, endpoint, values)
    seen = {}
    for role in ROLES:
        browser = browser_for(app, people, role)
        if method == "GET":
            response = browser.get(url)
        else:
            token_page = TOKEN_PAGE.get(role, "/no-such-page")
            response = browser.submit(url, form_url=token_page)
        assert_security_headers(endpoint, response)
        seen[role] = outcome(app, response)
    assert seen == expected, f"{method} {url}"


def test_every_expected_outcome_is_a_real_route(app):
    assert set(EXPECTED) == set(routes(app))


def test_a_new_route_without_an_expected_outcome_fails(app):
    app.add_url_rule("/teams/<int:team_id>/secret", "supervision.secret", lambda team_id: "x")
    missing = set(routes(app)) - set(EXPECTED)
    assert missing == {("supervision.secret", "GET")}


def test_the_matrix_agrees_with_the_sign_in_check(world):
    """The sign-in test's own walk reaches the same verdict for strangers."""
    app, _, values = world
    for (endpoint, method), expected in EXPECTED.items():
        if expected["anonymous"] == SIGN_IN and endpoint != "auth.sign_out":
            assert asks_for_sign_in(app, Browser(app), endpoint, method, values), endpoint


POST_ROUTES = [
    (e, m) for e, m in routes(create_app("test")) if m == "POST" and e not in NO_CSRF_CHECK
]


@pytest.mark.parametrize(("endpoint", "method"), POST_ROUTES)
def test_every_form_refuses_a_post_without_its_csrf_token(world, endpoint, method):
    """A post without a token, or with a forged one, changes nothing, whoever sends it."""
    app, people, values = world
    url = address(app, endpoint, values)
    for role in ROLES:
        browser = browser_for(app, people, role)
        response = browser.post(url, data={"reason": "no token", "email": "a@example.org"})
        assert response.status_code == 400, (role, url, response.status_code)
        assert "This page had expired" in response.get_data(as_text=True)
        forged = browser.post(url, data={"csrf_token": "forged"})
        assert forged.status_code == 400, (role, url, "forged token")
