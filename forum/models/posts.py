"""Posts: what members write, stored as Markdown and as sanitized HTML."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, and_, func, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import utcnow
from forum.vocabulary import PostState


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_topic_id_id", "topic_id", "id"),
        Index("ix_posts_author_id_id", "author_id", "id"),
        # One post per form sent: a second send of the same form finds the first.
        Index("uq_posts_author_id_submission_key", "author_id", "submission_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    # Rendered and sanitized once, at write time, by forum.text.render.
    body_html: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(default=False)
    author_tag: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    # A PostState: visible, or hidden from members while reported or by a moderator.
    moderation: Mapped[str] = mapped_column(String(12), default=PostState.VISIBLE, server_default=PostState.VISIBLE.value)
    # The one-time key of the form that sent it (see forum.forms.submission_field):
    # random, and says nothing about the author.
    submission_key: Mapped[str | None] = mapped_column(String(43))
    # The post this one answers ("Reply to this"), whose author hears of it.
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))

    topic = relationship("Topic", foreign_keys=[topic_id])
    author = relationship("User", foreign_keys=[author_id])
    reply_to = relationship("Post", remote_side=[id], foreign_keys=[reply_to_id])

    @hybrid_property
    def is_deleted(self) -> bool:
        """Removed by its author: no words left."""
        return self.deleted_at is not None

    @is_deleted.inplace.expression
    @classmethod
    def _is_deleted(cls):
        return cls.deleted_at.is_not(None)

    # Who may read a post, and how its author is shown, is decided in
    # forum.visibility: these are the facts it decides from, in Python and SQL.
    @hybrid_property
    def is_public(self) -> bool:
        """Anyone may read it: neither removed by its author nor held back by moderators."""
        return self.deleted_at is None and self.moderation == PostState.VISIBLE

    @is_public.inplace.expression
    @classmethod
    def _is_public(cls):
        return and_(cls.deleted_at.is_(None), cls.moderation == PostState.VISIBLE)

    @property
    def updated_at(self) -> datetime:
        """When its words last changed: a feed's <updated>."""
        return self.edited_at or self.created_at

    @hybrid_property
    def held_by_moderators(self) -> bool:
        """Pending review, hidden or removed by moderators (whatever its author did)."""
        return self.moderation != PostState.VISIBLE

    def is_opening(self) -> bool:
        return self.topic.first_post_id() == self.id

    @property
    def started_topic(self) -> bool:
        """An anonymous post by the topic's anonymous opener (same tag, same topic)."""
        return self.anonymous and self.author_tag is not None and self.author_tag == self.topic.author_tag

    def position(self) -> int:
        """1-based place of this post in its topic, for finding its page."""
        return db.session.scalar(
            select(func.count(Post.id)).where(Post.topic_id == self.topic_id, Post.id <= self.id)
        )

    @classmethod
    def sent_with(cls, author, submission_key: str | None) -> "Post | None":
        """The post this member already sent from the form with this key, if any."""
        if not submission_key:
            return None
        return db.session.scalar(select(cls).where(cls.author_id == author.id, cls.submission_key == submission_key))
