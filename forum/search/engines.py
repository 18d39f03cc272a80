"""The index on each database, behind one small interface (design.md, principle 6).

Both engines are kept in step with posts and titles by the database itself
(the triggers of the migration "search"), so no code that writes a post can
forget the index. Here each engine says how its index matches Terms and
scores a match; forum.search.finding says what a viewer may find.

SQLite: FTS5 (post_search). PostgreSQL: posts.search_vector, a tsvector.
Both fold case and accents themselves (the words they are given are as
typed) and stem nothing, so that English and Spanish are matched alike; both
cut words at punctuation. A word of three letters or more also finds the
longer words it starts ("recaida" finds "recaídas", "relapse" finds "relapsed").
"""
from dataclasses import dataclass

from sqlalchemy import Float, column, func, literal_column, table, text

from forum.extensions import db
from forum.models import Post
from forum.search.terms import Phrase, Terms

# A match in a topic's title counts this many times one in a post's body.
TITLE_WEIGHT = 3.0


@dataclass(frozen=True)
class Match:
    """How one engine finds Terms: the table to join posts to, the condition,
    the score of a match (higher is better) and the newest-first order."""

    source: object
    condition: object
    score: object
    newest: object


class SQLite:
    index = table("post_search", column("rowid"))

    @staticmethod
    def _phrase(phrase: Phrase, prefix: bool) -> str:
        # Every word is quoted: FTS5 reads a quoted string as words, never as syntax.
        quoted = '"' + " ".join(phrase.words) + '"'
        return quoted + "*" if prefix and phrase.as_prefix else quoted

    def query(self, terms: Terms) -> str:
        found = " AND ".join(self._phrase(phrase, prefix=True) for phrase in terms.wanted)
        if terms.excluded:
            found = f"({found}) NOT ({' OR '.join(self._phrase(phrase, prefix=False) for phrase in terms.excluded)})"
        return found

    def match(self, terms: Terms) -> Match:
        rowid = self.index.c.rowid
        return Match(
            source=self.index.join(Post, Post.id == rowid),
            condition=text("post_search MATCH :search_query").bindparams(search_query=self.query(terms)),
            # bm25 is lower for a better match.
            score=-func.bm25(literal_column("post_search"), TITLE_WEIGHT, 1.0, type_=Float),
            newest=rowid.desc(),
        )

    def forget_removed_words(self) -> None:
        """FTS5 keeps removed words in its segments until they are merged:
        this merges them all now (seconds for a million posts)."""
        db.session.execute(text("INSERT INTO post_search(post_search) VALUES ('optimize')"))

    def clear_freed_pages(self) -> None:
        """After the commit that removed words: the write-ahead log still holds
        the pages as they were until a checkpoint copies it into the database
        (where secure_delete overwrote them) and empties it."""
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


class PostgreSQL:
    vector = literal_column("posts.search_vector")

    @staticmethod
    def _phrase(phrase: Phrase, prefix: bool) -> str:
        # Words are letters and digits only: none of tsquery's operators or quotes.
        if prefix and phrase.as_prefix:
            return phrase.words[0] + ":*"
        return "(" + " <-> ".join(phrase.words) + ")"

    def query(self, terms: Terms) -> str:
        wanted = [self._phrase(phrase, prefix=True) for phrase in terms.wanted]
        return " & ".join(wanted + ["!" + self._phrase(phrase, prefix=False) for phrase in terms.excluded])

    def match(self, terms: Terms) -> Match:
        query = func.to_tsquery(literal_column("'porchlight'::regconfig"), self.query(terms))
        return Match(
            source=Post.__table__,
            condition=self.vector.op("@@")(query),
            # Weights of D, C, B (a body) and A (a title).
            score=func.ts_rank(literal_column(f"'{{0.1, 0.2, {1 / TITLE_WEIGHT:.4f}, 1.0}}'::float4[]"), self.vector,
                               query, type_=Float),
            newest=Post.id.desc(),
        )

    def forget_removed_words(self) -> None:
        """Nothing to do in a transaction: a removed post's old row, words
        and all, is dropped by PostgreSQL's next (auto)vacuum of posts."""

    def clear_freed_pages(self) -> None:
        """As forget_removed_words: (auto)vacuum's work."""


def engine():
    return PostgreSQL() if db.session.get_bind().dialect.name == "postgresql" else SQLite()


def leaves_index_alone(_object, name, kind, _reflected, _compare_to) -> bool:
    """Alembic's include_object, for comparing the models with a database: what
    the migration "search" made outside the models (the FTS5 table and its
    shadow tables, the tsvector column and its index) is left out."""
    return not ((kind == "table" and name.startswith("post_search"))
                or (kind, name) in {("column", "search_vector"), ("index", "ix_posts_search_vector")})
