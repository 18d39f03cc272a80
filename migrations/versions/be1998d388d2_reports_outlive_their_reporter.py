"""Reports outlive their reporter; the log forgets who reported.

A report used to be deleted with its reporter's account, and with it the
post's only place in the queue: a post a facilitator's report had hidden
stayed hidden with nobody asked to look. Now the report stays, without who
made it (reporter_id becomes NULL).

Repairs what the old rule left behind: a post still pending review with no
open report gets one back, without a reporter, so it is in the queue again.
And the log's automatic hides stop pointing at the reporter who caused them
(they named a facilitator whose report hid a post at once).

Revision ID: be1998d388d2
Revises: a9e9f7bc5c87
Create Date: 2026-12-02 10:00:00.000000

"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'be1998d388d2'
down_revision = 'a9e9f7bc5c87'
branch_labels = None
depends_on = None

reports = sa.table(
    'reports', sa.column('id', sa.Integer), sa.column('post_id', sa.Integer), sa.column('reporter_id', sa.Integer),
    sa.column('reason', sa.String), sa.column('details', sa.Text), sa.column('weight', sa.Float),
    sa.column('from_staff', sa.Boolean), sa.column('created_at', sa.DateTime), sa.column('resolved_at', sa.DateTime),
)
posts = sa.table('posts', sa.column('id', sa.Integer), sa.column('moderation', sa.String))
mod_actions = sa.table(
    'mod_actions', sa.column('id', sa.Integer), sa.column('post_id', sa.Integer), sa.column('action', sa.String),
    sa.column('reason', sa.String), sa.column('created_at', sa.DateTime), sa.column('moderator_id', sa.Integer),
    sa.column('moderator_role', sa.String),
)


def upgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.alter_column('reporter_id', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint('fk_reports_reporter_id_users', type_='foreignkey')
        batch_op.create_foreign_key('fk_reports_reporter_id_users', 'users', ['reporter_id'], ['id'],
                                    ondelete='SET NULL')

    connection = op.get_bind()
    open_report = sa.exists().where(reports.c.post_id == posts.c.id, reports.c.resolved_at.is_(None))
    orphans = connection.execute(
        sa.select(posts.c.id).where(posts.c.moderation == 'pending', ~open_report)
    ).scalars().all()
    for post_id in orphans:
        hidden = connection.execute(
            sa.select(mod_actions.c.reason, mod_actions.c.created_at)
            .where(mod_actions.c.post_id == post_id, mod_actions.c.action == 'auto-hide')
            .order_by(mod_actions.c.id.desc()).limit(1)
        ).first()
        connection.execute(reports.insert().values(
            post_id=post_id, reporter_id=None, reason=(hidden and hidden.reason) or 'other', details='',
            weight=1.0, from_staff=False,
            created_at=hidden.created_at if hidden else datetime.now(timezone.utc).replace(tzinfo=None),
        ))

    connection.execute(
        mod_actions.update().where(mod_actions.c.action == 'auto-hide')
        .values(moderator_id=None, moderator_role='community')
    )


def downgrade():
    # The old schema cannot hold a report without a reporter: they go, as
    # they would have gone with the account. (Who reported, scrubbed from
    # the log, does not come back.)
    op.execute(reports.delete().where(reports.c.reporter_id.is_(None)))
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_constraint('fk_reports_reporter_id_users', type_='foreignkey')
        batch_op.create_foreign_key('fk_reports_reporter_id_users', 'users', ['reporter_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.alter_column('reporter_id', existing_type=sa.Integer(), nullable=False)
