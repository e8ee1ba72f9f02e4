"""Starting, retaking and leaving a question for the briefing make no form: the CSRF token,
their one check, is checked for every post before the view (CSRFProtect)."""

from __future__ import annotations

import pytest

from quiz.extensions import db
from quiz.models import Attempt
from tests.app.journey import rate, start


@pytest.mark.parametrize("step", ["start", "retake", "questions/1/read-briefing"])
def test_a_post_without_its_token_is_refused_and_saves_nothing(login_as, assigned, step):
    client, user = login_as("practitioner")
    slug = assigned.briefing.slug
    if step != "start":
        start(client, slug)
        rate(client, slug, assigned.briefing.themes)
    before = db.session.query(Attempt).filter_by(user_id=user.id).count()
    response = client.post(f"/briefings/{slug}/{step}", data={"themes": "weak"})
    assert response.status_code == 400
    db.session.rollback()
    assert db.session.query(Attempt).filter_by(user_id=user.id).count() == before
