"""What "Your briefings" says is left before a briefing counts as completed."""

from quiz.models import AttemptState
from quiz.services.progress import Progress


def test_what_is_left_in_a_few_words():
    assert Progress(5, 8, AttemptState.IN_PROGRESS).left == "3 questions to answer"
    assert Progress(7, 8, AttemptState.IN_PROGRESS).left == "1 question to answer"
    assert Progress(8, 8, AttemptState.IN_PROGRESS).left == "answers to submit"
    assert Progress(8, 8, AttemptState.SUBMITTED).left == "reflection to write"
    assert Progress(8, 8, AttemptState.COMPLETED).left == ""
