"""Writing questions in the app: drafts, new versions, publishing. Never edits a saved version."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import (
    Attempt,
    AttemptQuestion,
    AttemptState,
    Briefing,
    BriefingStatus,
    Question,
    QuestionStatus,
    QuestionVersion,
    Theme,
    User,
    VoidedVersion,
)
from quiz.question import QuestionContent, QuestionProblem, problems
from quiz.services import theme_totals
from quiz.services.accounts import audit
from quiz.services.problems import FieldProblem
from quiz.slugs import slugify

# The reason is kept whole with the void and shown to trainers; a paragraph is plenty.
MAX_VOID_REASON = 2000
# The audit log's detail column holds 2,000 characters, the reason's own text included.
AUDITED_REASON = 1500


class ContentError(FieldProblem):
    """A question or briefing cannot be saved as it stands."""

    def __init__(self, field: str, message: str | None = None, problems=()):
        super().__init__(field, message)
        self.problems: list[QuestionProblem] = list(problems)


def check_question(content: QuestionContent, *, feedback_required: bool = True) -> None:
    """Refuse a question practitioners could not answer fairly; the message names the fix."""
    found = problems(content, feedback_required=feedback_required)
    if found:
        first = found[0]
        raise ContentError(first.field, first.message, found)


def _key_for(theme: Theme, role: str) -> str:
    stem = slugify(role, 40, "question")
    taken = set(
        db.session.scalars(select(Question.key).where(Question.briefing_id == theme.briefing_id))
    )
    number = 1
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def create_draft(
    theme: Theme,
    content: QuestionContent,
    actor: User | None,
    key: str | None = None,
    *,
    feedback_required: bool = True,
) -> Question:
    """A new draft question; `key` is kept when given and free (e.g. an imported id).

    `feedback_required=False` takes options without feedback (a GIFT import), to be written
    before publishing.
    """
    check_question(content, feedback_required=feedback_required)
    last = db.session.scalar(
        select(func.max(Question.position)).where(Question.theme_id == theme.id)
    )
    taken = key is not None and (
        db.session.scalar(
            select(Question.id).where(
                Question.briefing_id == theme.briefing_id, Question.key == key
            )
        )
        is not None
    )
    question = Question(
        briefing_id=theme.briefing_id,
        theme=theme,
        key=key if key and not taken else _key_for(theme, content.role),
        position=(last or 0) + 1,
        status=QuestionStatus.DRAFT,
    )
    db.session.add(question)
    db.session.flush()
    question.versions.append(QuestionVersion.build(question, 1, content))
    db.session.flush()
    audit(actor, "question.draft", f"question:{question.id}", question.key)
    return question


def save_edit(question: Question, content: QuestionContent, actor: User) -> bool:
    """Add a version if anything changed; answers already given keep their version."""
    check_question(content)
    current = question.current_version
    digest = content.content_hash(question.key, question.theme.text)
    if current is not None and current.content_hash == digest:
        return False
    number = current.number + 1 if current else 1
    question.versions.append(QuestionVersion.build(question, number, content))
    db.session.flush()
    audit(actor, "question.edit", f"question:{question.id}", f"{question.key} version {number}")
    return True


def retire(question: Question, actor: User) -> None:
    question.status = QuestionStatus.RETIRED
    audit(actor, "question.retire", f"question:{question.id}", question.key)
    db.session.flush()


def publish(question: Question, actor: User) -> None:
    if question.status == QuestionStatus.PUBLISHED:
        return
    if question.current_version is None:
        raise ContentError("This question has nothing to publish yet.")
    question.status = QuestionStatus.PUBLISHED
    audit(actor, "question.publish", f"question:{question.id}", question.key)
    db.session.flush()


@dataclass(frozen=True)
class ThemeCoverage:
    theme: Theme
    published: int
    drafts: int
    minimum: int

    @property
    def missing(self) -> int:
        return max(0, self.minimum - self.published)


def coverage(briefing: Briefing, minimum: int) -> list[ThemeCoverage]:
    """How many published and draft questions each theme has against the minimum."""
    counts = {
        (theme_id, status): count
        for theme_id, status, count in db.session.execute(
            select(Question.theme_id, Question.status, func.count(Question.id))
            .where(Question.briefing_id == briefing.id)
            .group_by(Question.theme_id, Question.status)
        )
    }
    return [
        ThemeCoverage(
            theme,
            counts.get((theme.id, QuestionStatus.PUBLISHED), 0),
            counts.get((theme.id, QuestionStatus.DRAFT), 0),
            minimum,
        )
        for theme in briefing.themes
    ]


def publish_briefing(briefing: Briefing, minimum: int, actor: User) -> None:
    short = [c for c in coverage(briefing, minimum) if c.missing]
    if short:
        names = "; ".join(f"theme {c.theme.position} needs {c.missing} more" for c in short)
        raise ContentError(
            f"Every theme needs at least {minimum} published questions before the briefing "
            f"can be published: {names}."
        )
    briefing.status = BriefingStatus.PUBLISHED
    audit(actor, "briefing.publish", f"briefing:{briefing.id}", briefing.slug)
    db.session.flush()


def void_version(version: QuestionVersion, reason: str, actor: User) -> int:
    """Withdraw a version from scoring and recalculate everyone's results; returns how many."""
    from quiz.services.attempts import result_of

    reason = reason.strip()
    if not reason:
        raise ContentError("reason", "Say why this version is withdrawn from scoring")
    if len(reason) > MAX_VOID_REASON:
        raise ContentError("reason", f"Keep the reason to {MAX_VOID_REASON:,} characters or fewer")
    if version.is_void:
        raise ContentError("reason", "This version is already withdrawn from scoring")
    db.session.add(VoidedVersion(version=version, actor_id=actor.id, reason=reason))
    db.session.flush()
    db.session.refresh(version, ["void"])
    affected = db.session.scalars(
        select(Attempt)
        .join(AttemptQuestion, AttemptQuestion.attempt_id == Attempt.id)
        .where(
            AttemptQuestion.version_id == version.id,
            Attempt.state.in_([AttemptState.SUBMITTED, AttemptState.COMPLETED]),
        )
    ).all()
    for attempt in affected:
        result = result_of(attempt)
        attempt.score, attempt.max_score = result.points, result.max_points
    theme_totals.track([attempt.id for attempt in affected])
    audit(
        actor,
        "version.void",
        f"question_version:{version.id}",
        f"{version.question.key} version {version.number}: {_shortened(reason, AUDITED_REASON)} "
        f"({len(affected)} results recalculated)",
    )
    db.session.flush()
    return len(affected)


MAX_QUESTIONS_PER_THEME = 20


def change_quiz_settings(
    briefing: Briefing, questions_per_theme: int, pass_mark_percent: int, actor: User
) -> bool:
    """How many questions each attempt draws per theme, and each theme's pass mark;
    False when nothing changed. Attempts already started keep the questions they drew."""
    if not 1 <= questions_per_theme <= MAX_QUESTIONS_PER_THEME:
        raise ContentError(
            "questions_per_theme",
            f"Ask from 1 to {MAX_QUESTIONS_PER_THEME} questions on each theme",
        )
    if not 0 <= pass_mark_percent <= 100:
        raise ContentError("pass_mark_percent", "Enter a pass mark from 0 to 100")
    before = (briefing.questions_per_theme, briefing.pass_mark_percent)
    if before == (questions_per_theme, pass_mark_percent):
        return False
    briefing.questions_per_theme = questions_per_theme
    briefing.pass_mark_percent = pass_mark_percent
    audit(
        actor,
        "briefing.quiz-settings",
        f"briefing:{briefing.id}",
        f"questions per theme: {before[0]} → {questions_per_theme}; "
        f"pass mark: {before[1]}% → {pass_mark_percent}%",
    )
    db.session.flush()
    return True


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def briefings_by_title() -> list[Briefing]:
    """Every briefing, drafts included, for the trainer's list."""
    return list(db.session.scalars(select(Briefing).order_by(Briefing.title)))
