"""Hide the titles of topics whose opening post is hidden; mark reports by staff.

Revision ID: 0ee235ba0cc2
Revises: 6c97e07027fe
Create Date: 2026-11-28 01:55:17.082744

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0ee235ba0cc2'
down_revision = '6c97e07027fe'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_staff', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_hidden', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.drop_column('title_hidden')

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('from_staff')

