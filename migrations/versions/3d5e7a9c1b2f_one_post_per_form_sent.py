"""One post per form sent: each post keeps its form's one-time key, unique per author.

Revision ID: 3d5e7a9c1b2f
Revises: 8b2f4c6d9e31
Create Date: 2026-11-29 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3d5e7a9c1b2f'
down_revision = '8b2f4c6d9e31'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_key', sa.String(length=43), nullable=True))
        batch_op.create_index('uq_posts_author_id_submission_key', ['author_id', 'submission_key'], unique=True)


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('uq_posts_author_id_submission_key')
        batch_op.drop_column('submission_key')
