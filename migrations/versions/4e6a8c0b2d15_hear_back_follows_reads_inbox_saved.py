"""Hearing back: followed topics, how far each member has read, the inbox,
saved posts, answers to a post, and the private inbox feed's token.

A forum that already has members starts as if it always had this: each
member follows the topics they started or replied in, has read each up to
their own latest post there (so replies since show as new), and finds the
moderators' notices they were sent in their inbox, read if they had read
them. Replies from before the upgrade do not fill anyone's inbox.

Revision ID: 4e6a8c0b2d15
Revises: 3c1d5e7a9b20
Create Date: 2026-12-01 15:21:32.802646

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4e6a8c0b2d15'
down_revision = '3c1d5e7a9b20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('topic_follows',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_topic_follows_topic_id_topics'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_topic_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'topic_id', name=op.f('pk_topic_follows'))
    )
    with op.batch_alter_table('topic_follows', schema=None) as batch_op:
        batch_op.create_index('ix_topic_follows_topic_id', ['topic_id'], unique=False)

    op.create_table('topic_reads',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('last_read_post_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_topic_reads_topic_id_topics'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_topic_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'topic_id', name=op.f('pk_topic_reads'))
    )
    op.create_table('inbox_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_inbox_entries_notice_id_notices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_inbox_entries_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_inbox_entries_topic_id_topics'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inbox_entries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox_entries'))
    )
    with op.batch_alter_table('inbox_entries', schema=None) as batch_op:
        batch_op.create_index('ix_inbox_entries_notice_id', ['notice_id'], unique=False)
        batch_op.create_index('ix_inbox_entries_post_id', ['post_id'], unique=False)
        batch_op.create_index('ix_inbox_entries_user_id_id', ['user_id', 'id'], unique=False)
        batch_op.create_index('ix_inbox_entries_user_id_read_at_id', ['user_id', 'read_at', 'id'], unique=False)
        batch_op.create_index('ix_inbox_entries_user_id_topic_id', ['user_id', 'topic_id'], unique=False)

    op.create_table('saved_posts',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_saved_posts_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_posts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'post_id', name=op.f('pk_saved_posts'))
    )
    with op.batch_alter_table('saved_posts', schema=None) as batch_op:
        batch_op.create_index('ix_saved_posts_user_id_created_at', ['user_id', 'created_at'], unique=False)

    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_posts_reply_to_id_posts'), 'posts', ['reply_to_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follows_what_they_post', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('inbox_feed_digest', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('inbox_feed_words', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_users_inbox_feed_digest'), ['inbox_feed_digest'])

    op.execute(
        "INSERT INTO topic_follows (user_id, topic_id, created_at) "
        "SELECT author_id, topic_id, MIN(created_at) FROM posts WHERE author_id IS NOT NULL GROUP BY author_id, topic_id"
    )
    op.execute(
        "INSERT INTO topic_reads (user_id, topic_id, last_read_post_id) "
        "SELECT author_id, topic_id, MAX(id) FROM posts WHERE author_id IS NOT NULL GROUP BY author_id, topic_id"
    )
    op.execute(
        "INSERT INTO inbox_entries (user_id, kind, notice_id, created_at, read_at) "
        "SELECT user_id, 'notice', id, created_at, seen_at FROM notices"
    )



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_inbox_feed_digest'), type_='unique')
        batch_op.drop_column('inbox_feed_words')
        batch_op.drop_column('inbox_feed_digest')
        batch_op.drop_column('follows_what_they_post')

    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_posts_reply_to_id_posts'), type_='foreignkey')
        batch_op.drop_column('reply_to_id')

    with op.batch_alter_table('saved_posts', schema=None) as batch_op:
        batch_op.drop_index('ix_saved_posts_user_id_created_at')

    op.drop_table('saved_posts')
    with op.batch_alter_table('inbox_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_inbox_entries_user_id_topic_id')
        batch_op.drop_index('ix_inbox_entries_user_id_read_at_id')
        batch_op.drop_index('ix_inbox_entries_user_id_id')
        batch_op.drop_index('ix_inbox_entries_post_id')
        batch_op.drop_index('ix_inbox_entries_notice_id')

    op.drop_table('inbox_entries')
    op.drop_table('topic_reads')
    with op.batch_alter_table('topic_follows', schema=None) as batch_op:
        batch_op.drop_index('ix_topic_follows_topic_id')

    op.drop_table('topic_follows')
