"""Meetings: weekly listings in their own time zone, in the Meeting Guide
format, and the moderation log's lines about them.

Revision ID: 7c9e1a3b5d46
Revises: 6b8d0f2a4c35
Create Date: 2026-12-01 23:27:45.506086

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7c9e1a3b5d46'
down_revision = '6b8d0f2a4c35'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('fellowship', sa.String(length=24), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('type_codes', sa.String(length=255), nullable=False),
    sa.Column('day_numbers', sa.String(length=16), nullable=False),
    sa.Column('starts', sa.Time(), nullable=False),
    sa.Column('ends', sa.Time(), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('conference_url', sa.String(length=500), nullable=False),
    sa.Column('conference_url_notes', sa.String(length=500), nullable=False),
    sa.Column('conference_phone', sa.String(length=64), nullable=False),
    sa.Column('link_public', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('location', sa.String(length=255), nullable=False),
    sa.Column('formatted_address', sa.String(length=255), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('imported', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_meetings_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_meetings_board_id_boards'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('slug', name=op.f('uq_meetings_slug')),
    sa.UniqueConstraint('uid', name=op.f('uq_meetings_uid'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_board_id'), ['board_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_state'), ['state'], unique=False)

    with op.batch_alter_table('mod_actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_mod_actions_meeting_id_meetings'), 'meetings', ['meeting_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('mod_actions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_mod_actions_meeting_id_meetings'), type_='foreignkey')
        batch_op.drop_column('meeting_id')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_state'))
        batch_op.drop_index(batch_op.f('ix_meetings_board_id'))

    op.drop_table('meetings')
