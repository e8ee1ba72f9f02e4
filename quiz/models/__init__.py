"""All models, importable from one place."""

from quiz.models.attempts import (
    Answer,
    AnswerChoice,
    Assignment,
    Attempt,
    AttemptQuestion,
    AttemptState,
    ConfidenceRating,
    IllegalTransition,
    Reflection,
)
from quiz.models.content import (
    Briefing,
    Option,
    Question,
    QuestionKind,
    QuestionStatus,
    QuestionVersion,
    Section,
    Theme,
    published_questions,
)
from quiz.models.people import Agency, AuditEvent, LoginSession, Role, Team, User, team_supervisors

__all__ = [
    "Agency",
    "Answer",
    "AnswerChoice",
    "Assignment",
    "Attempt",
    "AttemptQuestion",
    "AttemptState",
    "AuditEvent",
    "Briefing",
    "ConfidenceRating",
    "IllegalTransition",
    "LoginSession",
    "Option",
    "Question",
    "QuestionKind",
    "QuestionStatus",
    "QuestionVersion",
    "Reflection",
    "Role",
    "Section",
    "Team",
    "Theme",
    "User",
    "published_questions",
    "team_supervisors",
]
