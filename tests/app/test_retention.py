"""UK GDPR retention: people who left long ago are pseudonymised and their own words removed,
while every figure the partnership reports stays exactly as it was."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import (
    Answer,
    Attempt,
    AuditEvent,
    ConfidenceRating,
    ConfidenceStage,
    LoginSession,
    RecoveryCode,
    Reflection,
    User,
)
from quiz.models.people import utcnow
from quiz.services import attempts, two_factor
from quiz.services import partnership as partnership_summary
from quiz.services.accounts import authenticate, start_session
from quiz.services.analysis import analyse_briefing
from quiz.services.people import deactivate, reactivate
from quiz.services.retention import (
    REMOVED_REFLECTION,
    apply_retention,
    former_name,
    placeholder_email,
)
from quiz.services.supervision import team_report
from quiz.services.theme_picture import theme_picture
from tests.seed import PASSWORD

DAYS = 730
REFLECTION = "I will ring the school nurse myself next time rather than wait."


def finish_briefing(person: User, briefing) -> Attempt:
    """A whole attempt through the services: ratings, every answer, submit, reflection."""
    attempt = attempts.start_or_resume(person, briefing)
    ratings = {t.id: 2 for t in briefing.themes}
    attempts.record_confidence(attempt, ConfidenceStage.BEFORE, ratings)
    for item in attempt.questions:
        option = item.version.options[person.id % len(item.version.options)]
        attempts.record_answer(attempt, item.position, item.version_id, [option.id])
    attempts.submit(attempt)
    attempts.complete(attempt, {t.id: 4 for t in briefing.themes}, REFLECTION + f" ({person.name})")
    db.session.commit()
    return attempt


@pytest.fixture
def partnership(assigned, team, make_user):
    """Four practitioners who finished the briefing; two of them left, one long ago."""
    people = [make_user("practitioner", team=team, name=f"Person {n}") for n in range(4)]
    for person in people:
        finish_briefing(person, assigned.briefing)
    leaver, recent_leaver = people[0], people[1]
    leaver.totp_secret = two_factor.new_secret()
    db.session.add(RecoveryCode(user_id=leaver.id, code_hash="x" * 64))
    start_session(leaver, "192.0.2.7", "Firefox on Windows")
    for person in (leaver, recent_leaver):
        deactivate(person, None)
    leaver.deactivated_at = utcnow() - timedelta(days=DAYS + 1)
    recent_leaver.deactivated_at = utcnow() - timedelta(days=DAYS - 1)
    db.session.commit()
    return {"leaver": leaver, "recent_leaver": recent_leaver, "stayers": people[2:]}


def figures(assigned, team) -> dict:
    """Everything the partnership counts: reports, item analysis and the raw tallies."""
    db.session.expire_all()
    briefing = assigned.briefing
    today = date.today()
    report = team_report(team, today)
    analysis = analyse_briefing(briefing.id, minimum=1)
    return {
        "team": [
            (r.name, r.progress, r.latest_score, r.best_score, r.completed_at) for r in report.rows
        ],
        "briefings": report.briefings,
        "themes": theme_picture(team, today).rows,
        "partnership": partnership_summary.summary(partnership_summary.Filters(), today),
        "items": analysis,
        "attempts": db.session.execute(
            select(
                Attempt.user_id,
                Attempt.state,
                Attempt.score,
                Attempt.max_score,
                Attempt.started_at,
                Attempt.submitted_at,
                Attempt.completed_at,
            ).order_by(Attempt.id)
        ).all(),
        "answers": db.session.execute(
            select(Answer.attempt_id, Answer.version_id, Answer.is_correct).order_by(Answer.id)
        ).all(),
        "confidence": db.session.execute(
            select(
                ConfidenceRating.attempt_id, ConfidenceRating.stage, ConfidenceRating.rating
            ).order_by(ConfidenceRating.id)
        ).all(),
        "reflections": db.session.scalar(select(func.count(Reflection.id))),
    }


def reflection_of(person: User) -> str:
    return db.session.scalar(
        select(Reflection.text).join(Attempt).where(Attempt.user_id == person.id)
    )


def test_a_leaver_past_the_period_is_pseudonymised_and_their_words_removed(partnership):
    leaver = partnership["leaver"]
    old_email = leaver.email
    run = apply_retention(DAYS)
    db.session.commit()
    db.session.expire_all()
    assert run.people == [leaver.id] and run.reflections == 1
    assert leaver.name == former_name(leaver.id) == f"Former member of staff {leaver.id}"
    assert leaver.email == placeholder_email(leaver.id) and leaver.email.endswith(".invalid")
    assert leaver.password_hash is None and leaver.totp_secret is None and not leaver.has_two_factor
    assert leaver.anonymised_at is not None and not leaver.active
    assert reflection_of(leaver) == REMOVED_REFLECTION
    assert db.session.scalar(select(func.count()).select_from(RecoveryCode)) == 0
    [login] = db.session.scalars(select(LoginSession).where(LoginSession.user_id == leaver.id))
    assert (login.address, login.browser) == ("", "") and login.ended_at is not None
    assert authenticate(old_email, PASSWORD) is None
    # Nobody else is touched: not the one who left recently, not those who stayed.
    for person in (partnership["recent_leaver"], *partnership["stayers"]):
        assert reflection_of(person).startswith(REFLECTION)
        assert person.name.startswith("Person") and person.anonymised_at is None


def test_the_partnership_figures_do_not_change(partnership, assigned, team):
    before = figures(assigned, team)
    apply_retention(DAYS)
    db.session.commit()
    after = figures(assigned, team)
    assert after == before


def test_running_it_again_changes_nothing(partnership):
    apply_retention(DAYS)
    db.session.commit()
    leaver = partnership["leaver"]
    first = (leaver.name, leaver.email, leaver.anonymised_at, reflection_of(leaver))
    again = apply_retention(DAYS)
    db.session.commit()
    db.session.expire_all()
    assert again.people == [] and again.reflections == 0
    assert (leaver.name, leaver.email, leaver.anonymised_at, reflection_of(leaver)) == first


def test_a_dry_run_changes_nothing_and_writes_no_event(partnership, assigned, team):
    leaver = partnership["leaver"]
    before = figures(assigned, team)
    events = db.session.scalar(select(func.count(AuditEvent.id)))
    run = apply_retention(DAYS, dry_run=True)
    db.session.rollback()
    db.session.expire_all()
    assert run.people == [leaver.id] and run.dry_run and "would be" in run.summary()
    assert figures(assigned, team) == before
    assert leaver.name == "Person 0" and reflection_of(leaver).startswith(REFLECTION)
    assert db.session.scalar(select(func.count(AuditEvent.id))) == events


def test_each_run_is_in_the_audit_log(partnership):
    apply_retention(DAYS)
    db.session.commit()
    [run] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention.apply"))
    assert run.actor_id is None and "1 people" in run.detail and "730 days" in run.detail
    [anonymised] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.anonymise")
    )
    assert anonymised.subject == f"user:{partnership['leaver'].id}"
    assert "Person 0" not in anonymised.detail


def test_the_clock_starts_at_deactivation_and_stops_at_reactivation(app, make_user):
    person = make_user("practitioner")
    assert person.deactivated_at is None
    deactivate(person, None)
    assert abs(person.deactivated_at - utcnow()) < timedelta(seconds=5)
    reactivate(person, None)
    assert person.deactivated_at is None
    db.session.commit()
    assert apply_retention(0, now=utcnow() + timedelta(days=1)).people == []


def test_the_command_dry_run_then_apply(partnership, app):
    runner = app.test_cli_runner()
    leaver = partnership["leaver"]
    dry = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Dry run: 1 people who left before" in dry.output and f"user {leaver.id}" in dry.output
    db.session.expire_all()
    assert leaver.anonymised_at is None
    done = runner.invoke(args=["retention", "apply"])
    assert done.exit_code == 0 and "were anonymised" in done.output
    db.session.expire_all()
    assert leaver.anonymised_at is not None
