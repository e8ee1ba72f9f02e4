"""Records: when people left and were anonymised, sealed authenticator keys, an append-only
audit log indexed by person

Revision ID: b7e4c2d91a05
Revises: 5d2e7c1a9f30
Create Date: 2026-11-30 01:40:00.000000

The trigger SQL is written out here rather than imported, so this migration keeps doing
what it did whatever quiz/models/append_only.py becomes.
"""
from alembic import op
import sqlalchemy as sa
from flask import current_app


# revision identifiers, used by Alembic.
revision = 'b7e4c2d91a05'
down_revision = "c4e19b7d2a58"
branch_labels = None
depends_on = None

REFUSAL = "audit_events is append-only: its rows cannot be changed or deleted"

SQLITE_TRIGGERS = [
    f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    for verb in ("UPDATE", "DELETE")
]
POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$",
    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()",
]


def _key():
    from quiz.sealed import sealing_key

    return sealing_key(current_app.config)


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deactivated_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(), nullable=True))
        batch_op.alter_column(
            'totp_secret', existing_type=sa.String(length=64), type_=sa.String(length=255)
        )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_subject'), ['subject'], unique=False)

    connection = op.get_bind()
    # When people already deactivated left: their latest deactivation in the audit log;
    # without one, now, so the retention period never starts earlier than it should.
    connection.execute(sa.text(
        "UPDATE users SET deactivated_at = COALESCE(("
        " SELECT MAX(a.at) FROM audit_events a"
        " WHERE a.action = 'user.deactivate' AND a.subject = 'user:' || users.id"
        "), CURRENT_TIMESTAMP) WHERE active = :no"
    ), {"no": False})

    # Authenticator keys saved in the clear are sealed now.
    rows = connection.execute(sa.text(
        "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL"
    )).all()
    if rows:
        from quiz.sealed import is_sealed, seal

        key = _key()
        for user_id, stored in rows:
            if not is_sealed(stored):
                connection.execute(
                    sa.text("UPDATE users SET totp_secret = :sealed WHERE id = :id"),
                    {"sealed": seal(stored, key), "id": user_id},
                )

    for statement in SQLITE_TRIGGERS if connection.dialect.name == "sqlite" else POSTGRESQL_TRIGGERS:
        op.execute(statement)


def downgrade():
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    else:
        op.execute("DROP FUNCTION IF EXISTS audit_events_refuse_change() CASCADE")

    rows = connection.execute(sa.text(
        "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL"
    )).all()
    if rows:
        from quiz.sealed import is_sealed, open_sealed

        key = _key()
        for user_id, stored in rows:
            if is_sealed(stored):
                connection.execute(
                    sa.text("UPDATE users SET totp_secret = :plain WHERE id = :id"),
                    {"plain": open_sealed(stored, key), "id": user_id},
                )

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_subject'))
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_id'))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column(
            'totp_secret', existing_type=sa.String(length=255), type_=sa.String(length=64)
        )
        batch_op.drop_column('anonymised_at')
        batch_op.drop_column('deactivated_at')
