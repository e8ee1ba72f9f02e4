"""Where a draft question came from: the library's seeds or a language model

Revision ID: c4e19b7d2a58
Revises: 5d2e7c1a9f30
Create Date: 2026-11-30 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e19b7d2a58'
down_revision = "d473d874973d"
branch_labels = None
depends_on = None


def upgrade():
    # NULL: written by a person (in the app or the questions/ folder).
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_source', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('draft_source')
