"""Every bad request gets a clear 4xx page; a failure gets a reference, never a traceback."""

import logging

import pytest
from flask import url_for
from sqlalchemy.exc import OperationalError

from quiz.web.practice.forms import as_id
from tests.conftest import html, text_of

MAX_ID = 2**31 - 1  # PostgreSQL's integer, the ids' column type

# Past SQLite's 64-bit INTEGER, past PostgreSQL's 32-bit integer, and far past both.
HUGE_IDS = [2**63, MAX_ID + 1, 10**23]


def id_routes(app) -> list[tuple[str, str]]:
    """(endpoint, method) of every route with a number in its address."""
    return sorted(
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if "<int:" in rule.rule
        for method in ("GET", "POST")
        if method in rule.methods
    )


def test_some_routes_take_ids(app):
    assert ("supervision.report", "GET") in id_routes(app)


@pytest.mark.parametrize("number", HUGE_IDS)
def test_a_huge_id_in_any_address_is_not_found(app, login_as, bank, number):
    client, _ = login_as("admin")  # may open every page, so only the id can refuse
    for endpoint, method in id_routes(app):
        [rule] = app.url_map.iter_rules(endpoint)
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", str(number)).replace(f"<{name}>", "joe")
        # A POST carries a good CSRF token (the sign-out form's), so only the id can refuse it.
        post = method == "POST"
        response = client.submit(path, form_url="/admin/people") if post else client.get(path)
        assert response.status_code == 404, (method, path, response.status_code)
        assert "Page not found" in text_of(html(response))


def test_the_report_address_from_the_finding(login_as):
    client, _ = login_as("admin")
    assert client.get("/teams/99999999999999999999999").status_code == 404


def test_the_largest_id_is_still_looked_up(app, login_as):
    client, _ = login_as("admin")
    with app.test_request_context():
        assert url_for("supervision.report", team_id=MAX_ID) == f"/teams/{MAX_ID}"
    assert client.get(f"/teams/{MAX_ID}").status_code == 404


@pytest.mark.parametrize(
    ("posted", "expected"),
    [("12", 12), ("-3", -1), (str(MAX_ID + 1), -1), ("9" * 5000, -1), ("x", -1), (None, -1)],
)
def test_posted_ids_that_cannot_be_ids_match_nothing(posted, expected):
    assert as_id(posted) == expected


@pytest.mark.parametrize(
    "due_on",
    [None, [], ["12"], ["12", "3"], ["12", "3", "2030", "4"], ["1"] * 50],
    ids=["absent", "empty", "once", "twice", "four times", "fifty times"],
)
def test_the_due_date_sent_the_wrong_number_of_times_is_explained(login_as, bank, team, due_on):
    trainer, _ = login_as("trainer")
    data = {"teams": [str(team.id)]}
    if due_on is not None:
        data["due_on"] = due_on
    response = trainer.submit(f"/authoring/briefings/{bank.slug}/assign", data)
    assert response.status_code == 200
    page = html(response)
    assert "Enter the due date" in text_of(page.find(class_="govuk-error-summary"))
    # Three empty boxes again, ready to fill in.
    boxes = page.select("input[name=due_on]")
    assert [box.get("value", "") for box in boxes] == ["", "", ""]


@pytest.fixture
def failing_app(app):
    """The app as in production: an exception becomes the error page, not a test failure."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken():
        raise OperationalError(
            "SELECT password_hash FROM users WHERE email = 'pat@example.org'",
            {},
            Exception("disk I/O error"),
        )

    app.add_url_rule("/broken", "broken", broken)
    return app


def test_a_failure_shows_a_reference_and_no_details(failing_app, web, caplog):
    with caplog.at_level(logging.ERROR):
        response = web.get("/broken")
    assert response.status_code == 500
    page = text_of(html(response))
    assert "Sorry, there is a problem with the service" in page
    for detail in ("Traceback", "SELECT", "password_hash", "pat@example.org", "disk I/O"):
        assert detail not in response.get_data(as_text=True)
    reference = html(response).find("strong").get_text()
    assert len(reference) == 8
    [record] = [r for r in caplog.records if reference in r.getMessage()]
    assert record.levelno == logging.ERROR and "/broken" in record.getMessage()
    assert record.exc_info and record.exc_info[0] is OperationalError


def test_each_failure_has_its_own_reference(failing_app, web):
    first, second = (html(web.get("/broken")).find("strong").get_text() for _ in range(2))
    assert first != second


def test_the_error_page_survives_a_broken_layout(failing_app, web, monkeypatch, caplog):
    # The layout asks the database who is signed in; when that is what broke, a plain page
    # still gives the reference.
    def layout_fails(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr("quiz.web.errors.render_template", layout_fails)
    with caplog.at_level(logging.ERROR):
        response = web.get("/broken")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in body and "SELECT" not in body
    reference = html(response).find("p", string=lambda s: s and "reference" in s).get_text()
    assert any(reference.split()[-1].rstrip(".") in r.getMessage() for r in caplog.records)


def test_a_bad_request_has_a_kind_page(app, web):
    from werkzeug.exceptions import BadRequest

    def bad():
        raise BadRequest("KeyError: 'csrf_token' at line 12")

    app.add_url_rule("/bad", "bad", bad)
    response = web.get("/bad")
    assert response.status_code == 400
    assert "Sorry, we could not understand that" in text_of(html(response))
    assert "KeyError" not in response.get_data(as_text=True)


def test_a_too_large_upload_has_a_kind_page(login_as):
    trainer, _ = login_as("trainer")
    trainer.app.config["MAX_CONTENT_LENGTH"] = 1024
    response = trainer.post("/authoring/briefings/import", data={"pasted": "x" * 4096})
    assert response.status_code == 413
    assert "The file is too big" in text_of(html(response))
