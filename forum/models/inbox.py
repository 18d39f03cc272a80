"""Hearing back: topics a member follows, how far they have read, their inbox and their saved posts.

All four are private to the member: nothing here is ever shown to anyone
else, staff included. A member following their own anonymous topic is a
row like any other, and no page counts or lists a topic's followers: a
count that moved when a member followed would point at its author.
"""
import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import utcnow
from forum.models.boards import Topic
from forum.models.moderation import Notice
from forum.models.posts import Post
from forum.vocabulary import InboxKind


class TopicFollow(db.Model):
    """A member wants to hear about new replies in a topic."""

    __tablename__ = "topic_follows"
    __table_args__ = (Index("ix_topic_follows_topic_id", "topic_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TopicRead(db.Model):
    """How far a member has read a topic: the newest post id of the pages they opened.

    Only ever moves forward (see forum.services.inbox.mark_read).
    """

    __tablename__ = "topic_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True)
    last_read_post_id: Mapped[int] = mapped_column(default=0)


class InboxEntry(db.Model):
    """One thing a member is told: a reply in a topic they follow, an answer
    to their post, or a notice from the moderators.

    Written when the reply or notice is made (forum.services.inbox), and
    read through forum.visibility like every other list: a reply hidden or
    removed since drops out of every inbox and feed, and comes back with
    its post.
    """

    __tablename__ = "inbox_entries"
    __table_args__ = (
        # The inbox page and the header's unread count.
        Index("ix_inbox_entries_user_id_read_at_id", "user_id", "read_at", "id"),
        Index("ix_inbox_entries_user_id_id", "user_id", "id"),
        # Reading a topic marks its entries read.
        Index("ix_inbox_entries_user_id_topic_id", "user_id", "topic_id"),
        Index("ix_inbox_entries_post_id", "post_id"),
        Index("ix_inbox_entries_notice_id", "notice_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))  # an InboxKind
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    post: Mapped[Post | None] = relationship()
    topic: Mapped[Topic | None] = relationship()
    notice: Mapped[Notice | None] = relationship()

    @property
    def is_notice(self) -> bool:
        return self.kind == InboxKind.NOTICE


class SavedPost(db.Model):
    """A member's private bookmark of a post."""

    __tablename__ = "saved_posts"
    __table_args__ = (Index("ix_saved_posts_user_id_created_at", "user_id", "created_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    post: Mapped[Post] = relationship()


def feed_token_digest(token: str) -> str:
    """The private inbox feed's token is long and random: SHA-256 is enough, as for login keys."""
    return hashlib.sha256(token.encode()).hexdigest()
