"""Professions, a drawn quiz with a pass mark, retakes of weak themes, refresh questions

Revision ID: b3f1c9d2e8a4
Revises: 5d2e7c1a9f30
Create Date: 2026-11-30 01:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b3f1c9d2e8a4"
down_revision = "b7e4c2d91a05"
branch_labels = None
depends_on = None

PROFESSIONS = (
    "social_worker",
    "health_visitor",
    "midwife",
    "gp",
    "nurse",
    "police_officer",
    "teacher_or_dsl",
    "early_help",
    "housing",
    "adult_social_care",
    "other",
)


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profession", sa.String(length=40), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_users_profession_known"),
            "profession IN (" + ", ".join(f"'{p}'" for p in PROFESSIONS) + ")",
        )
    with op.batch_alter_table("briefings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("questions_per_theme", sa.Integer(), server_default="2", nullable=False)
        )
        batch_op.add_column(
            sa.Column("pass_mark_percent", sa.Integer(), server_default="50", nullable=False)
        )
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("themes_only", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
    with op.batch_alter_table("attempt_questions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "from_earlier_briefing",
                sa.Boolean(),
                server_default=sa.text("false"),
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("refresh_of_theme_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_attempt_questions_refresh_of_theme_id_themes"),
            "themes",
            ["refresh_of_theme_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("attempt_questions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_attempt_questions_refresh_of_theme_id_themes"), type_="foreignkey"
        )
        batch_op.drop_column("refresh_of_theme_id")
        batch_op.drop_column("from_earlier_briefing")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_column("themes_only")
    with op.batch_alter_table("briefings", schema=None) as batch_op:
        batch_op.drop_column("pass_mark_percent")
        batch_op.drop_column("questions_per_theme")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_profession_known"), type_="check")
        batch_op.drop_column("profession")
