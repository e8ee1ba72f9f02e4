"""Theme totals: one row per attempt and theme, what the theme reports read

Revision ID: e5b2d8f41c7a
Revises: e5b8d1f3a7c2
Create Date: 2026-11-30 05:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b2d8f41c7a'
down_revision = "e5b8d1f3a7c2"
branch_labels = None
depends_on = None


# Each attempt's answers per question theme (submitted attempts only, voided versions
# counting nothing) and its ratings per theme, as quiz.services.theme_totals counts them.
# Written in SQL both SQLite and PostgreSQL run, so upgrading needs no application code.
BACKFILL = """
INSERT INTO theme_totals (
    attempt_id, theme_id, answered, correct, confidence_before, confidence_after
)
SELECT attempt_id, theme_id, sum(answered), sum(correct),
       max(confidence_before), max(confidence_after)
FROM (
    SELECT answers.attempt_id AS attempt_id, questions.theme_id AS theme_id,
           CASE WHEN voided_versions.version_id IS NULL THEN 1 ELSE 0 END AS answered,
           CASE WHEN voided_versions.version_id IS NULL AND answers.is_correct
                THEN 1 ELSE 0 END AS correct,
           NULL AS confidence_before, NULL AS confidence_after
    FROM answers
    JOIN attempts ON attempts.id = answers.attempt_id
    JOIN question_versions ON question_versions.id = answers.version_id
    JOIN questions ON questions.id = question_versions.question_id
    LEFT JOIN voided_versions ON voided_versions.version_id = answers.version_id
    WHERE attempts.state <> 'in_progress'
    UNION ALL
    SELECT attempt_id, theme_id, 0, 0,
           CASE WHEN stage = 'before' THEN rating END,
           CASE WHEN stage = 'after' THEN rating END
    FROM confidence_ratings
) AS found
GROUP BY attempt_id, theme_id
"""


def upgrade():
    op.create_table('theme_totals',
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.Column('confidence_before', sa.Integer(), nullable=True),
    sa.Column('confidence_after', sa.Integer(), nullable=True),
    sa.CheckConstraint('correct BETWEEN 0 AND answered', name=op.f('ck_theme_totals_correct_of_answered')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_theme_totals_attempt_id_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_theme_totals_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attempt_id', 'theme_id', name=op.f('pk_theme_totals')),
    sqlite_with_rowid=False,
    )
    op.execute(BACKFILL)


def downgrade():
    op.drop_table('theme_totals')
