"""Pinned topics: facilitators keep a topic at the top of its board.

Revision ID: a9e9f7bc5c87
Revises: 5fa1e51248ae
Create Date: 2026-11-28 04:23:36.062850

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a9e9f7bc5c87'
down_revision = '5fa1e51248ae'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pinned', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_index(batch_op.f('ix_topics_board_activity'))
        batch_op.create_index('ix_topics_board_pinned_activity', ['board_id', 'pinned', 'last_activity_at'], unique=False)


def downgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.drop_index('ix_topics_board_pinned_activity')
        batch_op.create_index(batch_op.f('ix_topics_board_activity'), ['board_id', 'last_activity_at'], unique=False)
        batch_op.drop_column('pinned')
