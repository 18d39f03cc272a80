"""Place and language: each member's time zone, country and language, and
boards' names and descriptions in other languages.

The default boards, where an admin has not renamed them, get their Spanish
names and descriptions. A topic whose author removed its opening post loses
the English words stored in place of its title: it is shown in each
reader's language, and a member's own title that reads the same is theirs.

Revision ID: 5a7c9e1f3b24
Revises: 4e6a8c0b2d15
Create Date: 2026-12-01 18:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5a7c9e1f3b24'
down_revision = '4e6a8c0b2d15'
branch_labels = None
depends_on = None

# As forum.models.boards had them when this was written: a migration does not follow later edits.
DEFAULT_BOARDS = {
    "opioids": ("Opioids", "Opioides", "Recuperarse de la heroína, el fentanilo, las pastillas y otros opioides."),
    "alcohol": ("Alcohol", "Alcohol", "Dejar de beber y seguir sin beber, un día a la vez."),
    "families": ("Families", "Familias", "Para madres, padres, parejas, hijos y amigos de alguien que consume."),
}


REMOVED_TITLE = "Topic removed by its author"


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
    with op.batch_alter_table('boards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('translations', sa.JSON(), server_default='{}', nullable=False))

    boards = sa.table('boards', sa.column('slug', sa.String), sa.column('name', sa.String),
                      sa.column('translations', sa.JSON))
    for slug, (name, spanish_name, spanish_description) in DEFAULT_BOARDS.items():
        op.execute(boards.update().where(boards.c.slug == slug, boards.c.name == name).values(
            translations={"es": {"name": spanish_name, "description": spanish_description}}))
    op.execute(sa.text(
        "UPDATE topics SET title = '' WHERE title = :removed AND EXISTS (SELECT 1 FROM posts WHERE "
        "posts.topic_id = topics.id AND posts.deleted_at IS NOT NULL AND posts.id = "
        "(SELECT min(opening.id) FROM posts AS opening WHERE opening.topic_id = topics.id))"
    ).bindparams(removed=REMOVED_TITLE))


def downgrade():
    op.execute(sa.text("UPDATE topics SET title = :removed WHERE title = ''").bindparams(removed=REMOVED_TITLE))
    with op.batch_alter_table('boards', schema=None) as batch_op:
        batch_op.drop_column('translations')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')
        batch_op.drop_column('country')
        batch_op.drop_column('time_zone')
