"""A saved question version never changes; answers keep meaning what they meant."""

import pytest

from quiz.extensions import db
from quiz.models.content import ImmutableVersion


def test_a_saved_version_cannot_be_edited(bank):
    version = bank.themes[0].questions[0].current_version
    version.scenario = "Rewritten after people answered it."
    with pytest.raises(ImmutableVersion):
        db.session.flush()
    db.session.rollback()


def test_a_saved_option_cannot_be_edited(bank):
    option = bank.themes[0].questions[0].current_version.options[0]
    option.is_correct = not option.is_correct
    with pytest.raises(ImmutableVersion):
        db.session.flush()
    db.session.rollback()
