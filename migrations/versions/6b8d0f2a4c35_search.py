"""Search: an index of every post's words, and of each topic's title with
its opening post, kept in step with them by the database itself.

SQLite: an external-content FTS5 table, post_search(title, body), whose
content is the view post_search_source; the unicode61 tokenizer folds case
and accents ("recaida" finds "Recaída"). Triggers on posts and topics tell
it every change, each with the words it indexed before, as an external
content table needs. PostgreSQL: a tsvector column, posts.search_vector,
with a GIN index, in a text search configuration that folds accents
(unaccent, a trusted extension that a database's owner may create) and
stems nothing, like FTS5 here.

The words of the posts already there are indexed here: some 20 seconds for
1,000,000 posts on SQLite on a small machine.

A later migration that rebuilds the posts or topics table on SQLite
(op.batch_alter_table) drops these triggers with it, and must make them again.

Revision ID: 6b8d0f2a4c35
Revises: 5a7c9e1f3b24
Create Date: 2026-12-01 21:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '6b8d0f2a4c35'
down_revision = '5a7c9e1f3b24'
branch_labels = None
depends_on = None

# A post's title is its topic's when it opens the topic (the topic's first post), else empty.
SQLITE = [
    """CREATE VIEW post_search_source AS
    SELECT posts.id AS id,
           CASE WHEN posts.id = (SELECT min(first.id) FROM posts AS first WHERE first.topic_id = posts.topic_id)
                THEN topics.title ELSE '' END AS title,
           posts.body AS body
    FROM posts JOIN topics ON topics.id = posts.topic_id""",
    """CREATE VIRTUAL TABLE post_search USING fts5(
        title, body, content='post_search_source', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER post_search_insert AFTER INSERT ON posts BEGIN
        INSERT INTO post_search(rowid, title, body) SELECT id, title, body FROM post_search_source WHERE id = new.id;
    END""",
    # The title indexed with the post is its topic's as it stands: a change of
    # title is told by the trigger on topics, whichever of the two runs first.
    """CREATE TRIGGER post_search_update AFTER UPDATE OF body ON posts BEGIN
        INSERT INTO post_search(post_search, rowid, title, body)
            SELECT 'delete', old.id, title, old.body FROM post_search_source WHERE id = old.id;
        INSERT INTO post_search(rowid, title, body) SELECT id, title, body FROM post_search_source WHERE id = new.id;
    END""",
    # When the opening post itself goes, the next post opens the topic and is
    # indexed with its title (none, when the topic went first).
    """CREATE TRIGGER post_search_delete AFTER DELETE ON posts BEGIN
        INSERT INTO post_search(post_search, rowid, title, body) VALUES ('delete', old.id,
            CASE WHEN EXISTS (SELECT 1 FROM posts WHERE topic_id = old.topic_id AND id < old.id) THEN ''
                 ELSE coalesce((SELECT title FROM topics WHERE id = old.topic_id), '') END,
            old.body);
        INSERT INTO post_search(post_search, rowid, title, body)
            SELECT 'delete', id, '', body FROM posts
            WHERE id = (SELECT min(id) FROM posts WHERE topic_id = old.topic_id)
            AND NOT EXISTS (SELECT 1 FROM posts WHERE topic_id = old.topic_id AND id < old.id);
        INSERT INTO post_search(rowid, title, body)
            SELECT id, coalesce((SELECT title FROM topics WHERE id = old.topic_id), ''), body FROM posts
            WHERE id = (SELECT min(id) FROM posts WHERE topic_id = old.topic_id)
            AND NOT EXISTS (SELECT 1 FROM posts WHERE topic_id = old.topic_id AND id < old.id);
    END""",
    # The index follows a post's topic for its title: a post that moved would
    # need both topics' opening posts indexed anew. Posts do not move.
    """CREATE TRIGGER post_search_no_move BEFORE UPDATE OF topic_id ON posts
        WHEN new.topic_id IS NOT old.topic_id BEGIN
        SELECT RAISE(ABORT, 'posts do not move between topics (the search index follows their topic)');
    END""",
    """CREATE TRIGGER post_search_title AFTER UPDATE OF title ON topics BEGIN
        INSERT INTO post_search(post_search, rowid, title, body)
            SELECT 'delete', id, old.title, body FROM posts
            WHERE id = (SELECT min(id) FROM posts WHERE topic_id = new.id);
        INSERT INTO post_search(rowid, title, body)
            SELECT id, new.title, body FROM posts WHERE id = (SELECT min(id) FROM posts WHERE topic_id = new.id);
    END""",
    # A topic's posts go after it (ON DELETE CASCADE), when the title is no
    # longer there to tell: its opening post is indexed without it first.
    """CREATE TRIGGER post_search_topic_delete BEFORE DELETE ON topics BEGIN
        INSERT INTO post_search(post_search, rowid, title, body)
            SELECT 'delete', id, old.title, body FROM posts
            WHERE id = (SELECT min(id) FROM posts WHERE topic_id = old.id);
        INSERT INTO post_search(rowid, title, body)
            SELECT id, '', body FROM posts WHERE id = (SELECT min(id) FROM posts WHERE topic_id = old.id);
    END""",
    "INSERT INTO post_search(post_search) VALUES ('rebuild')",
]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION porchlight (COPY = simple)",
    """ALTER TEXT SEARCH CONFIGURATION porchlight
        ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple""",
    "ALTER TABLE posts ADD COLUMN search_vector tsvector",
    # Composed first (an accent typed apart is one letter with it), and
    # punctuation becomes a space, so that words are cut where FTS5 and the
    # search box cut them: "self-harm" is two words in a row, and
    # "findtreatment.gov" or "3.5mg" are not single words that no search finds.
    # Lower case beyond ASCII needs the database's UTF-8 locale (Debian's default).
    """CREATE FUNCTION post_search_words(words text) RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT to_tsvector('porchlight', regexp_replace(normalize(words, NFC), '[[:punct:]]+', ' ', 'g'))
    $$""",
    """CREATE FUNCTION post_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(post_search_words(coalesce((
                SELECT title FROM topics WHERE id = NEW.topic_id
                AND NOT EXISTS (SELECT 1 FROM posts WHERE topic_id = NEW.topic_id AND id < NEW.id)), '')), 'A')
            || setweight(post_search_words(NEW.body), 'B');
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER post_search_vector BEFORE INSERT OR UPDATE OF body ON posts
        FOR EACH ROW EXECUTE FUNCTION post_search_vector()""",
    """CREATE FUNCTION post_search_no_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'posts do not move between topics (the search index follows their topic)';
    END $$""",
    """CREATE TRIGGER post_search_no_move BEFORE UPDATE OF topic_id ON posts
        FOR EACH ROW WHEN (NEW.topic_id IS DISTINCT FROM OLD.topic_id) EXECUTE FUNCTION post_search_no_move()""",
    # The opening post gone for good, the next one opens the topic and takes its title.
    """CREATE FUNCTION post_search_next_opening() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM posts WHERE topic_id = OLD.topic_id AND id < OLD.id) THEN
            UPDATE posts SET body = body WHERE id = (SELECT min(id) FROM posts WHERE topic_id = OLD.topic_id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER post_search_next_opening AFTER DELETE ON posts
        FOR EACH ROW EXECUTE FUNCTION post_search_next_opening()""",
    # A new title is indexed with the opening post: touching its body makes the trigger above run.
    """CREATE FUNCTION post_search_title() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE posts SET body = body WHERE id = (SELECT min(id) FROM posts WHERE topic_id = NEW.id);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER post_search_title AFTER UPDATE OF title ON topics
        FOR EACH ROW EXECUTE FUNCTION post_search_title()""",
    "UPDATE posts SET body = body",
    "CREATE INDEX ix_posts_search_vector ON posts USING gin (search_vector)",
]


def _statements(upgrading: bool) -> list[str]:
    if op.get_bind().dialect.name == "postgresql":
        return POSTGRESQL if upgrading else [
            "DROP INDEX ix_posts_search_vector",
            "DROP TRIGGER post_search_title ON topics", "DROP FUNCTION post_search_title()",
            "DROP TRIGGER post_search_next_opening ON posts", "DROP FUNCTION post_search_next_opening()",
            "DROP TRIGGER post_search_no_move ON posts", "DROP FUNCTION post_search_no_move()",
            "DROP TRIGGER post_search_vector ON posts", "DROP FUNCTION post_search_vector()",
            "DROP FUNCTION post_search_words(text)",
            "ALTER TABLE posts DROP COLUMN search_vector",
            "DROP TEXT SEARCH CONFIGURATION porchlight",
        ]
    return SQLITE if upgrading else [
        *(f"DROP TRIGGER {name}" for name in ("post_search_insert", "post_search_update", "post_search_delete",
                                               "post_search_no_move", "post_search_title", "post_search_topic_delete")),
        "DROP TABLE post_search", "DROP VIEW post_search_source",
    ]


def upgrade():
    for statement in _statements(upgrading=True):
        op.execute(statement)


def downgrade():
    for statement in _statements(upgrading=False):
        op.execute(statement)
