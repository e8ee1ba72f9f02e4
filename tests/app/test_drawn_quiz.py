"""The drawn quiz: a few questions per theme for the person's profession, retakes of the
themes below the pass mark, refresh questions from earlier briefings, and the pages."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Attempt, AttemptState, Briefing, User
from quiz.professions import EXACT, nearness
from tests.app.journey import answer, question_page, rate, start
from tests.app.small_bank import small_briefing
from tests.conftest import html, text_of
from tests.seed import DRAWN_PER_THEME, SEED_DRAWN_COUNT


def practitioner(login_as, profession: str | None):
    client, user = login_as("practitioner")
    user.profession = profession
    db.session.commit()
    return client, user


def latest(user: User, briefing: Briefing) -> Attempt:
    db.session.expire_all()
    return db.session.scalars(
        select(Attempt)
        .where(Attempt.user_id == user.id, Attempt.briefing_id == briefing.id)
        .order_by(Attempt.id.desc())
    ).first()


def begin(client, briefing: Briefing):
    start(client, briefing.slug)
    rate(client, briefing.slug, briefing.themes)


def answer_every(client, user, briefing: Briefing, right) -> Attempt:
    """Answer every question, right or wrong (right: a bool, or a function of the item)."""
    attempt = latest(user, briefing)
    for item in attempt.questions:
        is_right = right(item) if callable(right) else right
        options = [o for o in item.version.options if o.is_correct == is_right]
        chosen = [str(o.id) for o in options] if is_right else str(options[0].id)
        response = answer(client, briefing.slug, item.position, chosen)
        assert response.status_code == 302
    return attempt


def finish(client, user, briefing: Briefing, right) -> Attempt:
    answer_every(client, user, briefing, right)
    client.submit(f"/briefings/{briefing.slug}/check")
    response = client.submit(
        f"/briefings/{briefing.slug}/reflect",
        {
            **{f"theme_{t.id}": "3" for t in briefing.themes},
            "reflection": "I will see the child on their own.",
        },
    )
    assert "/records/" in response.headers["Location"]
    return latest(user, briefing)


def test_a_social_worker_answers_at_most_two_per_theme_written_for_them(login_as, assigned):
    briefing = assigned.briefing
    client, user = practitioner(login_as, "social_worker")
    begin(client, briefing)
    attempt = latest(user, briefing)
    asked = [item.version for item in attempt.questions]
    assert len(asked) == SEED_DRAWN_COUNT
    per_theme = Counter(v.question.theme_id for v in asked)
    assert set(per_theme.values()) == {DRAWN_PER_THEME}
    for theme in briefing.themes:
        written_for_them = [
            q for q in theme.questions if nearness(q.current_version.role, "social_worker") == EXACT
        ]
        drawn_for_them = [
            v
            for v in asked
            if v.question.theme_id == theme.id and nearness(v.role, "social_worker") == EXACT
        ]
        assert len(drawn_for_them) == min(DRAWN_PER_THEME, len(written_for_them)), theme.text


def test_a_health_visitor_gets_a_different_draw(login_as, assigned):
    briefing = assigned.briefing
    social, social_worker = practitioner(login_as, "social_worker")
    health, health_visitor = practitioner(login_as, "health_visitor")
    begin(social, briefing)
    begin(health, briefing)
    social_draw = {i.version_id for i in latest(social_worker, briefing).questions}
    health_draw = [i.version for i in latest(health_visitor, briefing).questions]
    assert social_draw != {v.id for v in health_draw}
    for theme in briefing.themes:
        has_one = any(q.current_version.role == "Health visitor" for q in theme.questions)
        drawn = [v.role for v in health_draw if v.question.theme_id == theme.id]
        assert ("Health visitor" in drawn) == has_one, theme.text


def test_a_profession_nobody_wrote_for_gets_related_questions_first(login_as, team):
    briefing = small_briefing(
        "nurses",
        {"Seeing the child": ["Police officer", "Midwife", "Teacher", "GP"]},
        team=team,
    )
    client, user = practitioner(login_as, "nurse")
    begin(client, briefing)
    roles = sorted(i.version.role for i in latest(user, briefing).questions)
    assert roles == ["GP", "Midwife"]


def test_the_question_page_asks_the_question_as_its_heading(login_as, assigned):
    briefing = assigned.briefing
    client, user = practitioner(login_as, "social_worker")
    begin(client, briefing)
    item = latest(user, briefing).questions[2]
    page, _, _ = question_page(client, briefing.slug, 3)
    heading = page.find("h1")
    assert heading.find_parent("legend") is not None
    caption = text_of(heading.find(class_="govuk-caption-l"))
    assert f"Question 3 of {SEED_DRAWN_COUNT}" in caption
    assert item.version.role in caption and item.version.question.theme.text in caption
    assert text_of(heading).endswith(item.version.prompt)
    assert page.find("button", string="Read the briefing again") is not None


def test_a_multiple_response_question_says_every_right_option_is_needed(login_as, team):
    briefing = small_briefing("multi", {"Sharing": ["Social worker"]}, team=team, multiple=True)
    client, _ = practitioner(login_as, "social_worker")
    begin(client, briefing)
    page, _, _ = question_page(client, briefing.slug, 1)
    assert "choose every right option and no others" in text_of(page)


def test_reading_the_briefing_again_keeps_the_chosen_answer(login_as, assigned):
    briefing = assigned.briefing
    client, user = practitioner(login_as, "social_worker")
    begin(client, briefing)
    _, version_id, options = question_page(client, briefing.slug, 2)
    response = client.submit(
        f"/briefings/{briefing.slug}/questions/2/read-briefing",
        {"version_id": version_id, "answer": options[1]},
        form_url=f"/briefings/{briefing.slug}/questions/2",
    )
    assert response.status_code == 302
    page = client.page(response.headers["Location"])
    back = page.find("a", string="Go back to your question")
    assert back is not None
    question = client.page(back["href"])
    assert question.find("input", attrs={"name": "answer", "checked": True})["value"] == options[1]
    assert latest(user, briefing).answers == [], "reading the briefing saves no answer"


def test_check_answers_tells_the_rows_apart_and_change_comes_back(login_as, assigned):
    briefing = assigned.briefing
    client, user = practitioner(login_as, "social_worker")
    begin(client, briefing)
    attempt = answer_every(client, user, briefing, right=True)
    check = client.page(f"/briefings/{briefing.slug}/check")
    keys = [text_of(k) for k in check.select(".govuk-summary-list__key")]
    assert len(set(keys)) == len(keys) == SEED_DRAWN_COUNT
    first = attempt.questions[0].version
    assert first.scenario.split()[0] in keys[0]
    change = check.select(".govuk-summary-list__actions a")[0]["href"]
    assert change.endswith("from=check")
    _, version_id, options = question_page(client, briefing.slug, 1)
    response = client.submit(change, {"version_id": version_id, "answer": options[0]})
    assert response.headers["Location"].endswith(f"/briefings/{briefing.slug}/check")


def test_home_page_shows_how_far_the_person_has_got(login_as, assigned):
    briefing = assigned.briefing
    client, user = practitioner(login_as, "social_worker")
    begin(client, briefing)
    for position in (1, 2, 3):
        answer(client, briefing.slug, position)
    home = text_of(client.page("/"))
    left = SEED_DRAWN_COUNT - 3
    assert f"3 of {SEED_DRAWN_COUNT} answered: {left} questions to answer" in home
    for position in range(4, SEED_DRAWN_COUNT + 1):
        answer(client, briefing.slug, position)
    client.submit(f"/briefings/{briefing.slug}/check")
    assert "reflection to write" in text_of(client.page("/"))


def test_a_low_score_gets_a_neutral_result_and_a_retake_of_unseen_questions(login_as, assigned):
    briefing = assigned.briefing
    client, user = practitioner(login_as, "social_worker")
    begin(client, briefing)
    first_theme = briefing.themes[0].id
    # Right on the first theme only: every other theme is below the pass mark.
    first = finish(
        client, user, briefing, lambda item: item.version.question.theme_id == first_theme
    )
    result = client.page(f"/briefings/{briefing.slug}/result")
    assert result.find(class_="govuk-panel") is None
    result_text = text_of(result)
    assert f"You got {DRAWN_PER_THEME} of {SEED_DRAWN_COUNT} questions right" in result_text
    assert result_text.count("Needs another look") == len(briefing.themes) - 1
    assert len(result.select("details.govuk-details")) == SEED_DRAWN_COUNT
    links = [a["href"] for a in result.select("table a")]
    assert links[0].endswith("#theme-1")

    response = client.submit(
        f"/briefings/{briefing.slug}/retake",
        {"themes": "weak"},
        form_url=f"/briefings/{briefing.slug}/result",
    )
    assert response.status_code == 302
    retake = latest(user, briefing)
    assert retake.id != first.id and retake.themes_only
    assert retake.state == AttemptState.IN_PROGRESS
    seen = {i.version.question_id for i in first.questions}
    asked = [i.version.question for i in retake.questions]
    assert {q.theme_id for q in asked} == {t.id for t in briefing.themes[1:]}
    for theme in briefing.themes[1:]:
        unseen = [q for q in theme.questions if q.id not in seen]
        drawn = [q for q in asked if q.theme_id == theme.id]
        assert len(drawn) == DRAWN_PER_THEME
        assert sum(q.id not in seen for q in drawn) == min(DRAWN_PER_THEME, len(unseen))
    # The first completion stays: the completed attempt is kept as it was.
    db.session.refresh(first)
    assert first.state == AttemptState.COMPLETED and first.completed_at is not None


def test_a_retake_of_everything_after_a_full_score(login_as, assigned):
    briefing = assigned.briefing
    client, user = practitioner(login_as, "social_worker")
    begin(client, briefing)
    finish(client, user, briefing, right=True)
    result = text_of(client.page(f"/briefings/{briefing.slug}/result"))
    assert "You reached the pass mark on every theme" in result
    assert "Try the themes that need another look" not in result
    client.submit(
        f"/briefings/{briefing.slug}/retake",
        {"themes": "all"},
        form_url=f"/records/{latest(user, briefing).id}",
    )
    assert len(latest(user, briefing).questions) == SEED_DRAWN_COUNT


def test_a_theme_got_wrong_comes_back_in_the_next_briefing(login_as, team):
    earlier = small_briefing(
        "earlier",
        {"Seeing the child": ["Social worker", "Social worker"], "Records": ["Social worker"]},
        tags={"Seeing the child": ["voice-of-the-child"]},
        team=team,
    )
    # A third briefing's theme shares the library tag: its questions may come back too.
    small_briefing(
        "linked",
        {"The child's day": ["Social worker"]},
        tags={"The child's day": ["voice-of-the-child"]},
    )
    later = small_briefing("later", {"Escalation": ["Social worker", "GP"]}, team=team)
    client, user = practitioner(login_as, "social_worker")
    begin(client, earlier)
    seeing = earlier.themes[0].id
    finish(client, user, earlier, lambda item: item.version.question.theme_id != seeing)

    begin(client, later)
    attempt = latest(user, later)
    refresh = [i for i in attempt.questions if i.from_earlier_briefing]
    assert 1 <= len(refresh) <= 2
    assert all(i.refresh_of_theme_id == seeing for i in refresh)
    linked_themes = {seeing} | {
        t.id
        for t in db.session.scalars(select(Briefing)).all()
        for t in t.themes
        if "voice-of-the-child" in t.library_ids
    }
    assert all(i.version.question.theme_id in linked_themes for i in refresh)
    page = text_of(client.page(f"/briefings/{later.slug}/questions/{refresh[0].position}"))
    assert "From an earlier briefing" in page

    # Scored apart: all of this briefing's right, the refresh wrong, a full score here.
    later_own = {i.version_id for i in attempt.questions if not i.from_earlier_briefing}
    answer_every(client, user, later, lambda item: item.version_id in later_own)
    client.submit(f"/briefings/{later.slug}/check")
    attempt = latest(user, later)
    assert (attempt.score, attempt.max_score) == (len(later_own), len(later_own))
    result = text_of(client.page(f"/briefings/{later.slug}/result"))
    assert "From earlier briefings" in result and f"0 of {len(refresh)} right" in result


def test_a_refresh_answered_right_puts_the_theme_to_rest(login_as, team):
    earlier = small_briefing("first", {"Seeing the child": ["Social worker"] * 3}, team=team)
    second = small_briefing("second", {"Escalation": ["Social worker"]}, team=team)
    third = small_briefing("third", {"Supervision": ["Social worker"]}, team=team)
    client, user = practitioner(login_as, "social_worker")
    begin(client, earlier)
    finish(client, user, earlier, right=False)
    begin(client, second)
    assert any(i.from_earlier_briefing for i in latest(user, second).questions)
    finish(client, user, second, right=True)
    begin(client, third)
    assert not any(i.from_earlier_briefing for i in latest(user, third).questions)


@pytest.mark.parametrize(("per_theme", "expected"), [(1, 4), (3, 12)])
def test_a_trainer_sets_questions_per_theme_and_the_pass_mark(
    login_as, assigned, per_theme, expected
):
    briefing = assigned.briefing
    trainer, _ = login_as("trainer")
    url = f"/authoring/briefings/{briefing.slug}/quiz-settings"
    page = f"/authoring/briefings/{briefing.slug}"
    response = trainer.submit(
        url, {"questions_per_theme": "0", "pass_mark_percent": "50"}, form_url=page
    )
    assert "Ask from 1 to 20 questions on each theme" in text_of(html(response))
    response = trainer.submit(
        url, {"questions_per_theme": str(per_theme), "pass_mark_percent": "75"}, form_url=page
    )
    assert response.status_code == 302
    db.session.refresh(briefing)
    assert (briefing.questions_per_theme, briefing.pass_mark_percent) == (per_theme, 75)
    client, user = practitioner(login_as, "social_worker")
    begin(client, briefing)
    assert len(latest(user, briefing).questions) == expected


def test_trying_again_needs_a_completed_attempt_and_a_theme_to_retake(login_as, assigned):
    briefing = assigned.briefing
    client, user = practitioner(login_as, "social_worker")
    retake = f"/briefings/{briefing.slug}/retake"
    page = f"/briefings/{briefing.slug}"
    response = client.submit(retake, {"themes": "all"}, form_url=page)
    assert response.headers["Location"].endswith(page)
    assert "Start the self-assessment first" in text_of(client.page(page))
    begin(client, briefing)
    opened = latest(user, briefing)
    # An attempt under way is resumed, not replaced.
    client.submit(retake, {"themes": "all"}, form_url=page)
    assert latest(user, briefing).id == opened.id
    finish(client, user, briefing, right=True)
    client.submit(retake, {"themes": "weak"}, form_url=page)
    assert "Every theme reached the pass mark last time" in text_of(client.page(page))
    assert latest(user, briefing).state == AttemptState.COMPLETED
