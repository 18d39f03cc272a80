"""Keep a reported post's text as it was when it was reported.

An author could edit a reported post ("Sending hugs!") and staff saw only
the new words. Each report now keeps a copy of the post's sanitized HTML
from the moment it was made; reports made before stay without one.

Revision ID: d76ad10c3d67
Revises: be1998d388d2
Create Date: 2026-12-02 10:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd76ad10c3d67'
down_revision = 'be1998d388d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_html_when_reported', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('body_html_when_reported')
