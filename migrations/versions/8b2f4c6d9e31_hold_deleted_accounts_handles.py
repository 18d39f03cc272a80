"""Hold a deleted account's handle from others for a while, as a keyed hash.

Revision ID: 8b2f4c6d9e31
Revises: 3d5e8f1a7c20
Create Date: 2026-11-29 11:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8b2f4c6d9e31'
down_revision = '3d5e8f1a7c20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('held_handles',
    sa.Column('key_digest', sa.String(length=64), nullable=False),
    sa.Column('released_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key_digest', name=op.f('pk_held_handles'))
    )
    with op.batch_alter_table('held_handles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_held_handles_released_at'), ['released_at'], unique=False)


def downgrade():
    with op.batch_alter_table('held_handles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_held_handles_released_at'))

    op.drop_table('held_handles')
