"""Count each topic's visible posts, so that a topic with none left (a husk) leaves its board's list.

Revision ID: 3c1d5e7a9b20
Revises: 8b2f4d6e0a1c
Create Date: 2026-12-01 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3c1d5e7a9b20'
down_revision = '8b2f4d6e0a1c'
branch_labels = None
depends_on = None

# The latest listed topic of each board, for its "latest" on the home page.
LATEST = (
    "SELECT {column} FROM topics WHERE topics.board_id = boards.id AND topics.visible_post_count > 0 "
    "ORDER BY topics.last_activity_at DESC, topics.id DESC LIMIT 1"
)


def upgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visible_post_count', sa.Integer(), server_default='0', nullable=False))
    op.execute(
        "UPDATE topics SET visible_post_count = (SELECT count(*) FROM posts WHERE posts.topic_id = topics.id "
        "AND posts.moderation = 'visible' AND posts.deleted_at IS NULL)"
    )
    op.execute(
        "UPDATE boards SET topic_count = (SELECT count(*) FROM topics WHERE topics.board_id = boards.id "
        "AND topics.visible_post_count > 0), "
        f"last_topic_id = ({LATEST.format(column='id')}), "
        f"last_activity_at = ({LATEST.format(column='last_activity_at')})"
    )


def downgrade():
    op.execute("UPDATE boards SET topic_count = (SELECT count(*) FROM topics WHERE topics.board_id = boards.id)")
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.drop_column('visible_post_count')
