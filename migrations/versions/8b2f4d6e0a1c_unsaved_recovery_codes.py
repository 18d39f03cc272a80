"""Unsaved recovery codes: new codes stay viewable for a while, sealed, until the member has saved them.

Revision ID: 8b2f4d6e0a1c
Revises: 3d5e7a9c1b2f
Create Date: 2026-11-29 11:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8b2f4d6e0a1c'
down_revision = '3d5e7a9c1b2f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'unsaved_recovery_codes',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('sealed', sa.String(length=512), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_unsaved_recovery_codes_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unsaved_recovery_codes')),
    )
    with op.batch_alter_table('unsaved_recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unsaved_recovery_codes_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_unsaved_recovery_codes_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('unsaved_recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unsaved_recovery_codes_user_id'))
        batch_op.drop_index(batch_op.f('ix_unsaved_recovery_codes_expires_at'))
    op.drop_table('unsaved_recovery_codes')
