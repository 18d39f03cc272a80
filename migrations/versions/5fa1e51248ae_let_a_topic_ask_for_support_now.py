"""Let a topic ask for support now: the home page lists such topics first for a day.

Revision ID: 5fa1e51248ae
Revises: 0ee235ba0cc2
Create Date: 2026-11-28 04:01:39.711775

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5fa1e51248ae'
down_revision = '0ee235ba0cc2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('support_requested_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('first_answered_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_topics_support_requested_at', ['support_requested_at'], unique=False)


def downgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.drop_index('ix_topics_support_requested_at')
        batch_op.drop_column('first_answered_at')
        batch_op.drop_column('support_requested_at')
