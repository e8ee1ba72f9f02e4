"""The practitioner's pages run a fixed, small number of SQL statements, whatever the quiz.

Counted per request through the test client, BEGIN not counted. The sign-in check that
every signed-in page makes is measured on its own and left out of the pinned numbers, so
they say what each page itself costs. With a sign-in check of one statement, a question
page runs 3 in all, and check answers, submit and the result 4 to 7 (targets: at most 4,
and at most 10).

The issue's limits count everything a request runs, the sign-in check too: at most 4 for a
question page, at most 10 for check answers, submit and the result; PAGE_LIMIT and
JOURNEY_LIMIT hold them.

The seed quiz draws 8 questions (2 for each of 4 themes): loading them one at a time (a
version, its options, its void, its theme) would add dozens of statements to these numbers.
"""

from __future__ import annotations

import pytest

from quiz.extensions import db
from quiz.models import QuestionVersion
from tests.app.journey import answer_all, question_page, rate, start
from tests.app.test_report_queries import count_queries
from tests.seed import SEED_DRAWN_COUNT

PAGE_LIMIT = 4  # a question page, the sign-in check included
JOURNEY_LIMIT = 10  # check answers, submit, the result


def statements(client, method: str, url: str, **kwargs) -> tuple[int, object]:
    """How many statements one request runs, and its response."""
    db.session.rollback()  # the test's own reads are not the request's
    with count_queries() as executed:
        response = getattr(client, method)(url, **kwargs)
    return len(executed), response


@pytest.fixture
def quiz(login_as, assigned):
    """A practitioner who has rated their confidence and may answer: (client, slug,
    statements of the sign-in check)."""
    client, _ = login_as("practitioner")
    slug = assigned.briefing.slug
    start(client, slug)
    rate(client, slug, assigned.briefing.themes)
    # Signed in, the sign-in page only checks the session and sends the person home.
    sign_in_check, response = statements(client, "get", "/sign-in")
    assert response.status_code == 302
    return client, slug, sign_in_check


def answer_fields(client, slug: str, position: int) -> dict:
    """The question's form filled in with its first option."""
    page, version_id, options = question_page(client, slug, position)
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    return {"csrf_token": token, "version_id": version_id, "answer": options[0]}


def test_a_question_page_loads_the_briefing_the_attempt_and_the_one_question(quiz):
    client, slug, sign_in_check = quiz
    for position in (1, SEED_DRAWN_COUNT):
        count, response = statements(client, "get", f"/briefings/{slug}/questions/{position}")
        assert response.status_code == 200
        # The briefing with its assignment and the latest attempt; the question with its
        # options and the answer so far.
        assert count - sign_in_check == 2
        assert count <= PAGE_LIMIT


def test_an_answer_is_saved_without_loading_the_attempt_again(quiz):
    client, slug, sign_in_check = quiz
    url = f"/briefings/{slug}/questions/1"
    fields = answer_fields(client, slug, 1)
    version = db.session.get(QuestionVersion, int(fields["version_id"]))
    right = next(o.id for o in version.options if o.is_correct)
    wrong = next(o.id for o in version.options if not o.is_correct)
    first, second = {**fields, "answer": str(wrong)}, {**fields, "answer": str(right)}

    count, response = statements(client, "post", url, data=first)
    assert response.status_code == 302
    # Briefing and attempt, question; then the answer, its choice and the completion row's
    # count of answers (quiz.services.completion).
    assert count - sign_in_check == 2 + 2 + 1

    count, _ = statements(client, "post", url, data=second)
    # Now right: the answer's row, the old choice out, the new one in; a changed answer
    # leaves the completion row as it was.
    assert count - sign_in_check == 2 + 3

    count, _ = statements(client, "post", url, data=second)
    assert count - sign_in_check == 2, "the same answer again writes nothing"


def test_check_answers_submit_and_result_load_every_question_at_once(quiz):
    client, slug, sign_in_check = quiz
    answer_all(client, slug, SEED_DRAWN_COUNT)

    count, response = statements(client, "get", f"/briefings/{slug}/check")
    assert response.status_code == 200
    # The briefing with the attempt; every question with its options and answer, as rows.
    assert count - sign_in_check == 2
    assert count <= JOURNEY_LIMIT

    token = client.csrf_token(f"/briefings/{slug}/check")
    count, response = statements(
        client, "post", f"/briefings/{slug}/check", data={"csrf_token": token}
    )
    assert response.headers["Location"].endswith("/result")
    # The attempt's score, the completion row, the theme totals (quiz.services.theme_totals).
    assert count - sign_in_check == 3 + 1 + 1 + 1
    assert count <= JOURNEY_LIMIT

    count, response = statements(client, "get", f"/briefings/{slug}/result")
    assert response.status_code == 200
    # The briefing with the attempt; every question with its options and answer, as rows.
    assert count - sign_in_check == 2
    assert count <= JOURNEY_LIMIT


def test_starting_saves_every_question_in_one_statement(login_as, assigned):
    client, _ = login_as("practitioner")
    slug = assigned.briefing.slug
    sign_in_check, _ = statements(client, "get", "/sign-in")
    token = client.csrf_token(f"/briefings/{slug}")
    count, response = statements(
        client, "post", f"/briefings/{slug}/start", data={"csrf_token": token}
    )
    assert response.headers["Location"].endswith("/confidence")
    # Briefing with no attempt yet (read once: starting is given it), the published
    # questions' current versions with whether the person was asked them before (one
    # statement of plain rows), the new attempt (one INSERT that yields to an open attempt),
    # its questions: 4 before the draw. The draw adds their earlier briefings' weak themes
    # (none here, so no refresh questions to look for); the completion row one more (an
    # INSERT that updates the row instead when there is one). A new attempt has no ratings
    # to read.
    assert count - sign_in_check == 4 + 1 + 1


def test_a_question_brought_back_from_an_earlier_briefing_costs_no_more(login_as, team):
    from tests.app.small_bank import small_briefing
    from tests.app.test_drawn_quiz import begin, finish

    earlier = small_briefing("earlier", {"Seeing the child": ["Social worker"] * 2}, team=team)
    later = small_briefing("later", {"Escalation": ["Social worker"]}, team=team)
    client, user = login_as("practitioner")
    begin(client, earlier)
    finish(client, user, earlier, right=False)
    begin(client, later)
    sign_in_check, _ = statements(client, "get", "/sign-in")
    count, response = statements(client, "get", f"/briefings/{later.slug}/questions/2")
    assert "From an earlier briefing: Briefing earlier" in response.get_data(as_text=True)
    assert count - sign_in_check == 2


def test_confidence_reads_the_themes_with_their_ratings_and_saves_only_what_changed(
    login_as, assigned
):
    client, _ = login_as("practitioner")
    slug = assigned.briefing.slug
    themes = assigned.briefing.themes
    start(client, slug)
    sign_in_check, _ = statements(client, "get", "/sign-in")
    url = f"/briefings/{slug}/confidence"

    count, response = statements(client, "get", url)
    assert response.status_code == 200
    # The briefing with the attempt; the themes with the ratings given so far, as rows.
    assert count - sign_in_check == 2

    token = client.csrf_token(url)
    ratings = {f"theme_{t.id}": "3" for t in themes}
    count, response = statements(client, "post", url, data={"csrf_token": token, **ratings})
    assert response.headers["Location"].endswith("/questions/1")
    # The briefing with the attempt, the themes with their ratings; every rating in one
    # INSERT, the theme totals; the first question not answered.
    assert count - sign_in_check == 2 + 2 + 1

    changed = {**ratings, f"theme_{themes[0].id}": "5"}
    count, _ = statements(client, "post", url, data={"csrf_token": token, **changed})
    assert count - sign_in_check == 2 + 2 + 1, "the one rating changed in one UPDATE"


def test_finishing_writes_the_ratings_and_the_reflection_in_a_few_statements(login_as, assigned):
    client, _ = login_as("practitioner")
    slug = assigned.briefing.slug
    themes = assigned.briefing.themes
    start(client, slug)
    rate(client, slug, themes)
    answer_all(client, slug, SEED_DRAWN_COUNT)
    client.submit(f"/briefings/{slug}/check")
    sign_in_check, _ = statements(client, "get", "/sign-in")
    url = f"/briefings/{slug}/reflect"

    count, response = statements(client, "get", url)
    assert response.status_code == 200
    # The briefing with the attempt; the themes (none rated after yet).
    assert count - sign_in_check == 2

    fields = {
        "csrf_token": client.csrf_token(url),
        "reflection": "I will see the child on their own.",
        **{f"theme_{t.id}": "4" for t in themes},
    }
    count, response = statements(client, "post", url, data=fields)
    assert "/records/" in response.headers["Location"]
    # The briefing with the attempt, the themes; the ratings in one INSERT, the theme
    # totals, the reflection, the attempt's state, the completion row.
    assert count - sign_in_check == 2 + 5


def test_the_briefing_page_counts_the_questions_words_from_plain_rows(login_as, assigned):
    client, _ = login_as("practitioner")
    slug = assigned.briefing.slug
    sign_in_check, _ = statements(client, "get", "/sign-in")
    url = f"/briefings/{slug}"

    count, response = statements(client, "get", url)
    assert response.status_code == 200
    # The briefing with no attempt yet; its published questions with their words (options
    # included) and whether the person was asked them before, to draw the ones they would be
    # asked; its sections and themes, as rows.
    assert count - sign_in_check == 3

    start(client, slug)
    count, response = statements(client, "get", url)
    assert response.status_code == 200
    # The briefing with the attempt; its questions' words; its sections and themes: rows.
    assert count - sign_in_check == 3
