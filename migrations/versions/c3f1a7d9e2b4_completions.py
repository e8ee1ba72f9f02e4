"""Completions: one row per person and briefing, kept up to date as attempts change

Revision ID: c3f1a7d9e2b4
Revises: 5d2e7c1a9f30
Create Date: 2026-11-30 01:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f1a7d9e2b4'
down_revision = "b3f1c9d2e8a4"
branch_labels = None
depends_on = None


# Each person's latest attempt at each briefing (latest by start, then id), with what the
# other attempts add: how many there were, the first completion, the latest and best score.
# Written in SQL both SQLite and PostgreSQL run, so upgrading needs no application code.
BACKFILL = """
INSERT INTO completions (
    user_id, briefing_id, state, latest_attempt_id, answered, question_count, attempts,
    first_completed_at, latest_score, latest_max_score, best_score, best_max_score,
    last_activity_at
)
SELECT
    a.user_id, a.briefing_id, a.state, a.id,
    (SELECT count(*) FROM answers WHERE answers.attempt_id = a.id),
    (SELECT count(*) FROM attempt_questions WHERE attempt_questions.attempt_id = a.id),
    (SELECT count(*) FROM attempts x
        WHERE x.user_id = a.user_id AND x.briefing_id = a.briefing_id),
    (SELECT min(x.completed_at) FROM attempts x
        WHERE x.user_id = a.user_id AND x.briefing_id = a.briefing_id),
    (SELECT x.score FROM attempts x
        WHERE x.user_id = a.user_id AND x.briefing_id = a.briefing_id AND x.max_score > 0
        ORDER BY x.started_at DESC, x.id DESC LIMIT 1),
    (SELECT x.max_score FROM attempts x
        WHERE x.user_id = a.user_id AND x.briefing_id = a.briefing_id AND x.max_score > 0
        ORDER BY x.started_at DESC, x.id DESC LIMIT 1),
    (SELECT x.score FROM attempts x
        WHERE x.user_id = a.user_id AND x.briefing_id = a.briefing_id AND x.max_score > 0
        ORDER BY x.score * 1.0 / x.max_score DESC, x.id LIMIT 1),
    (SELECT x.max_score FROM attempts x
        WHERE x.user_id = a.user_id AND x.briefing_id = a.briefing_id AND x.max_score > 0
        ORDER BY x.score * 1.0 / x.max_score DESC, x.id LIMIT 1),
    COALESCE(
        a.completed_at,
        a.submitted_at,
        (SELECT max(answers.answered_at) FROM answers WHERE answers.attempt_id = a.id),
        a.started_at
    )
FROM attempts a
WHERE NOT EXISTS (
    SELECT 1 FROM attempts b
    WHERE b.user_id = a.user_id AND b.briefing_id = a.briefing_id
      AND (b.started_at > a.started_at OR (b.started_at = a.started_at AND b.id > a.id))
)
"""


def upgrade():
    op.create_table('completions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('briefing_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('latest_attempt_id', sa.Integer(), nullable=True),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('question_count', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('first_completed_at', sa.DateTime(), nullable=True),
    sa.Column('latest_score', sa.Integer(), nullable=True),
    sa.Column('latest_max_score', sa.Integer(), nullable=True),
    sa.Column('best_score', sa.Integer(), nullable=True),
    sa.Column('best_max_score', sa.Integer(), nullable=True),
    sa.Column('last_activity_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("state IN ('in_progress', 'submitted', 'completed')", name=op.f('ck_completions_state_known')),
    sa.ForeignKeyConstraint(['briefing_id'], ['briefings.id'], name=op.f('fk_completions_briefing_id_briefings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['latest_attempt_id'], ['attempts.id'], name=op.f('fk_completions_latest_attempt_id_attempts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_completions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'briefing_id', name=op.f('pk_completions'))
    )
    with op.batch_alter_table('completions', schema=None) as batch_op:
        batch_op.create_index('ix_completions_briefing_id', ['briefing_id'], unique=False)
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table('completions', schema=None) as batch_op:
        batch_op.drop_index('ix_completions_briefing_id')
    op.drop_table('completions')
