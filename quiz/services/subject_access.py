"""A person's own data, all of it, for a subject access request (UK GDPR article 15).

One plain structure (person_data) written out as JSON or as a CSV of section, item, field
and value, so the two files always hold the same facts: the profile, team and roles, the
teams supervised, sign-in sessions, audit events by them or about them, and every attempt
with its answers, confidence ratings, reflection and dates.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from quiz.extensions import db
from quiz.models import (
    Answer,
    AnswerChoice,
    Attempt,
    AuditEvent,
    LoginSession,
    QuestionVersion,
    User,
)
from quiz.services.two_factor import backup_codes_left
from quiz.tabular import safe_text as safe_cell  # one formula guard for every download


def _when(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment else None


def _profile(person: User) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "role": person.role,
        "agency": person.team.agency.name if person.team else None,
        "team": person.team.name if person.team else None,
        "supervises": [t.name for t in person.supervised_teams],
        "active": person.active,
        "added_at": _when(person.created_at),
        "deactivated_at": _when(person.deactivated_at),
        "anonymised_at": _when(person.anonymised_at),
        "has_password": person.password_hash is not None,
        "authenticator_app": person.has_two_factor,
        "backup_codes_left": backup_codes_left(person),
    }


def _sessions(person: User) -> list[dict[str, Any]]:
    found = db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == person.id).order_by(LoginSession.id)
    )
    return [
        {
            "signed_in_at": _when(s.created_at),
            "last_active_at": _when(s.last_seen_at),
            "ended_at": _when(s.ended_at),
            "address": s.address,
            "browser": s.browser,
        }
        for s in found
    ]


def _audit_events(person: User) -> list[dict[str, Any]]:
    found = db.session.scalars(
        select(AuditEvent)
        .where(or_(AuditEvent.actor_id == person.id, AuditEvent.subject == f"user:{person.id}"))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return [
        {
            "at": _when(e.at),
            "by_them": e.actor_id == person.id,
            "action": e.action,
            "subject": e.subject,
            "detail": e.detail,
            "address": e.address,
        }
        for e in found
    ]


def _attempts(person: User) -> list[dict[str, Any]]:
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.user_id == person.id)
        .order_by(Attempt.started_at, Attempt.id)
        .options(
            selectinload(Attempt.briefing),
            selectinload(Attempt.answers)
            .selectinload(Answer.version)
            .selectinload(QuestionVersion.question),
            selectinload(Attempt.answers)
            .selectinload(Answer.choices)
            .selectinload(AnswerChoice.option),
            selectinload(Attempt.confidence),
            selectinload(Attempt.reflection),
        )
    )
    return [
        {
            "briefing": attempt.briefing.title,
            "state": attempt.state,
            "started_at": _when(attempt.started_at),
            "submitted_at": _when(attempt.submitted_at),
            "completed_at": _when(attempt.completed_at),
            "score": attempt.score,
            "out_of": attempt.max_score,
            "answers": [
                {
                    "question": f"{a.version.question.key} version {a.version.number}",
                    "prompt": a.version.prompt,
                    "chosen": [
                        c.option.text for c in sorted(a.choices, key=lambda c: c.option.position)
                    ],
                    "correct": a.is_correct,
                    "answered_at": _when(a.answered_at),
                }
                for a in sorted(attempt.answers, key=lambda a: a.id)
            ],
            "confidence": [
                {"theme": c.theme.text, "stage": c.stage, "rating": c.rating}
                for c in sorted(attempt.confidence, key=lambda c: (c.stage, c.theme_id))
            ],
            "reflection": (
                {
                    "text": attempt.reflection.text,
                    "written_at": _when(attempt.reflection.created_at),
                }
                if attempt.reflection
                else None
            ),
        }
        for attempt in attempts
    ]


def person_data(person: User) -> dict[str, Any]:
    return {
        "profile": _profile(person),
        "sign_in_sessions": _sessions(person),
        "audit_events": _audit_events(person),
        "attempts": _attempts(person),
    }


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


CSV_HEADER = ["Section", "Item", "Field", "Value"]


def _flattened(section: str, item: str, value: Any):
    """(section, item, field, value) rows for one record, lists spelled out by number."""
    if isinstance(value, dict):
        for field, inner in value.items():
            if isinstance(inner, list) and inner and isinstance(inner[0], dict):
                for number, element in enumerate(inner, start=1):
                    yield from _flattened(section, f"{item} {field} {number}".strip(), element)
            elif isinstance(inner, dict):
                yield from _flattened(section, f"{item} {field}".strip(), inner)
            else:
                yield section, item, field, inner
    else:
        yield section, item, "", value


def as_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for section, content in data.items():
        records = content if isinstance(content, list) else [content]
        for number, record in enumerate(records, start=1):
            item = "" if section == "profile" else str(number)
            for row in _flattened(section, item, record):
                *where, value = row
                if isinstance(value, list):
                    value = "; ".join(str(v) for v in value)
                elif value is None:
                    value = ""
                writer.writerow([safe_cell(c) for c in (*where, value)])
    return out.getvalue()
