"""Boards and the topics on them."""
import re
from datetime import datetime, timedelta

from sqlalchemy import JSON, ForeignKey, Index, String, Text, and_, func, inspect, select, update
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, aliased, joinedload, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql import expression

from forum import i18n
from forum.extensions import db
from forum.models.accounts import board_facilitators
from forum.models.base import utcnow
from forum.models.posts import Post
from forum.vocabulary import Role

SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")  # used with fullmatch
DEFAULT_BOARDS = (
    ("opioids", "Opioids", "Recovery from heroin, fentanyl, pills and other opioids."),
    ("alcohol", "Alcohol", "Getting sober and staying sober, one day at a time."),
    ("families", "Families", "For parents, partners, children and friends of someone using."),
)
# The default boards in the forum's other languages: {slug: {language: (name, description)}}.
DEFAULT_BOARD_TRANSLATIONS = {
    "opioids": {"es": ("Opioides", "Recuperarse de la heroína, el fentanilo, las pastillas y otros opioides.")},
    "alcohol": {"es": ("Alcohol", "Dejar de beber y seguir sin beber, un día a la vez.")},
    "families": {"es": ("Familias", "Para madres, padres, parejas, hijos y amigos de alguien que consume.")},
}
# How long a topic that asked for support now stays at the top of the home page.
SUPPORT_WINDOW = timedelta(hours=24)


class Board(db.Model):
    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    # The name and description in the forum's other languages, set by an
    # admin (`flask forum translate-board`): {"es": {"name": ..., "description": ...}}.
    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    position: Mapped[int] = mapped_column(default=0)
    # Denormalised so the home page is one query, kept by services.posting.
    # Topics listed on the board: a husk (see Topic.is_listed) is not counted.
    topic_count: Mapped[int] = mapped_column(default=0)
    post_count: Mapped[int] = mapped_column(default=0)
    last_activity_at: Mapped[datetime | None]
    last_topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topics.id", use_alter=True, ondelete="SET NULL")
    )

    last_topic: Mapped["Topic | None"] = relationship(foreign_keys=[last_topic_id])

    def _in_reader_language(self, field: str) -> str:
        # The language this answer is written in (a private feed is written in its member's).
        locale = i18n.locale()
        return self.translations.get(locale.language if locale else "", {}).get(field) or getattr(self, field)

    @property
    def shown_name(self) -> str:
        """The board's name in the reader's language, where an admin has given one."""
        return self._in_reader_language("name")

    @property
    def shown_description(self) -> str:
        return self._in_reader_language("description")

    @classmethod
    def by_slug(cls, slug: str) -> "Board | None":
        if not SLUG_PATTERN.fullmatch(slug):
            return None
        return db.session.scalar(select(cls).where(cls.slug == slug))

    @classmethod
    def all_in_order(cls) -> list["Board"]:
        return list(db.session.scalars(
            select(cls).options(joinedload(cls.last_topic)).order_by(cls.position, cls.id)
        ))

    def topics_page(self, page: int, per_page: int):
        query = (
            select(Topic)
            .where(Topic.board_id == self.id, Topic.is_listed)
            .order_by(Topic.pinned.desc(), Topic.last_activity_at.desc(), Topic.id.desc())
        )
        # The board keeps its own count: a COUNT(*) would grow with the board.
        pagination = db.paginate(query, page=page, per_page=per_page, error_out=False, count=False)
        pagination.total = self.topic_count
        return pagination

    def find_latest_topic(self) -> None:
        """Point "latest" at the most recently active topic still listed (after one became a husk)."""
        latest = db.session.execute(
            select(Topic.id, Topic.last_activity_at)
            .where(Topic.board_id == self.id, Topic.is_listed)
            .order_by(Topic.last_activity_at.desc(), Topic.id.desc()).limit(1)
        ).first()
        self.last_topic_id, self.last_activity_at = latest or (None, None)


class Topic(db.Model):
    __tablename__ = "topics"
    __table_args__ = (
        # Pinned topics first, then the latest activity: the board page's order.
        Index("ix_topics_board_pinned_activity", "board_id", "pinned", "last_activity_at"),
        Index("ix_topics_support_requested_at", "support_requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    anonymous: Mapped[bool] = mapped_column(default=False)
    # The opener's anonymous tag, so their later posts can say "started this topic".
    author_tag: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Posts in the thread, removed ones included: they keep their place.
    post_count: Mapped[int] = mapped_column(default=0)
    # Posts members can read: neither deleted by their author nor hidden by
    # moderators. Kept by visible_posts_changed; none left makes a husk.
    visible_post_count: Mapped[int] = mapped_column(default=0, server_default="0")
    locked: Mapped[bool] = mapped_column(default=False)
    # Kept at the top of its board by its facilitators (house rules, a weekly check-in).
    pinned: Mapped[bool] = mapped_column(default=False, server_default=expression.false())
    # Set while moderators hide or remove the opening post: a title can carry
    # the very thing that was reported (a dealer's number, someone's name).
    title_hidden: Mapped[bool] = mapped_column(default=False, server_default=expression.false())
    # Set when the opener ticked "I need support now": the home page lists
    # such topics first for a day.
    support_requested_at: Mapped[datetime | None]
    # When someone other than the opener first replied: unanswered calls for support come first.
    first_answered_at: Mapped[datetime | None]

    board: Mapped[Board] = relationship(foreign_keys=[board_id])

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)

    # A topic whose every post was removed, by its author or by moderators,
    # is a husk ("Topic removed by its author · 3 replies", nothing to
    # read): boards and the home page leave it out until a post is back.
    @hybrid_property
    def is_listed(self) -> bool:
        return self.visible_post_count > 0

    def visible_posts_changed(self, shown: bool) -> None:
        """Count a post shown or taken away; list or unlist the topic when that ends or makes a husk.

        Counted in SQL, so that two changes at once lose nothing; the count
        read back after the update says whether this change crossed zero.
        """
        change = 1 if shown else -1
        self.visible_post_count = Topic.visible_post_count + change
        db.session.flush()
        if self.visible_post_count != (1 if shown else 0):
            return
        board = self.board
        board.topic_count = Board.topic_count + change
        if shown and (board.last_activity_at is None or board.last_activity_at <= self.last_activity_at):
            board.last_topic_id, board.last_activity_at = self.id, self.last_activity_at
        elif not shown and board.last_topic_id == self.id:
            board.find_latest_topic()

    # One rule, in Python for a topic in hand and in SQL for the home page's list.
    @hybrid_property
    def asks_for_support(self) -> bool:
        return (
            self.support_requested_at is not None
            and self.support_requested_at > utcnow() - SUPPORT_WINDOW
            and not self.locked and not self.title_hidden
        )

    @asks_for_support.inplace.expression
    @classmethod
    def _asks_for_support(cls):
        return and_(
            cls.support_requested_at > utcnow() - SUPPORT_WINDOW, cls.locked.is_(False), cls.title_hidden.is_(False),
        )

    @classmethod
    def asking_for_support(cls, limit: int = 5) -> list["Topic"]:
        """Recent calls for support: those nobody else has answered first, then the longest waiting."""
        return list(db.session.scalars(
            select(cls)
            .where(cls.asks_for_support)
            .options(joinedload(cls.board))
            .order_by(cls.first_answered_at.is_not(None), cls.support_requested_at, cls.id)
            .limit(limit)
        ))

    @classmethod
    def has_open_support_request(cls, author_id: int) -> bool:
        return db.session.scalar(
            select(func.count(cls.id)).where(cls.author_id == author_id, cls.asks_for_support)
        ) > 0

    @classmethod
    def withdraw_support_requests(cls, author_id: int, named_only: bool = False) -> None:
        """Take a member's calls for support off the home page (gone, or shut out by a moderator).

        named_only: leave their anonymous calls be (see forum.services.moderation).
        """
        query = update(cls).where(cls.author_id == author_id, cls.support_requested_at.is_not(None))
        if named_only:
            query = query.where(cls.anonymous.is_(False))
        db.session.execute(query.values(support_requested_at=None))

    @staticmethod
    def page_of(position: int, per_page: int) -> int:
        """The page that shows the post at this 1-based position."""
        return (max(position, 1) - 1) // per_page + 1

    def last_page(self, per_page: int) -> int:
        return self.page_of(self.post_count, per_page)

    # The opening post is the topic's first: for a topic in hand, and in SQL for a list of topics.
    def first_post_id(self) -> int | None:
        return db.session.scalar(self.first_post_id_query(self.id))

    @staticmethod
    def first_post_id_query(topic_id):
        """The id of a topic's opening post; topic_id a number, or Topic.id for each topic of a list."""
        first = aliased(Post)  # the list may select Post too
        return select(func.min(first.id)).where(first.topic_id == topic_id)

    def last_post_id(self) -> int | None:
        return db.session.scalar(select(func.max(Post.id)).where(Post.topic_id == self.id))

    def posted_anonymously_last(self, user) -> bool:
        """Whether this member's latest post here was anonymous: the reply form starts the same way."""
        return bool(db.session.scalar(
            select(Post.anonymous)
            .where(Post.topic_id == self.id, Post.author_id == user.id)
            .order_by(Post.id.desc()).limit(1)
        ))

    def posts_page(self, page: int, per_page: int):
        query = (
            select(Post)
            .where(Post.topic_id == self.id)
            .options(joinedload(Post.author))
            .order_by(Post.id)
        )
        # The topic keeps its own count: no COUNT(*) over its posts per view.
        pagination = db.paginate(query, page=page, per_page=per_page, error_out=False, count=False)
        pagination.total = self.post_count
        load_badges(pagination.items)
        return pagination


def load_badges(posts) -> None:
    """Give the facilitators who wrote these posts under their name their
    boards, in one query for them all (none when there is no facilitator): a
    page or list of posts shows their badges without a query per post. An
    anonymous post shows no badge, so its author is never looked at."""
    facilitators = {post.author.id: post.author for post in posts
                    if not post.anonymous and post.author and post.author.role == Role.FACILITATOR
                    and "facilitated_boards" not in inspect(post.author).dict}
    if not facilitators:
        return
    boards = {member_id: [] for member_id in facilitators}
    for member_id, board in db.session.execute(
        select(board_facilitators.c.user_id, Board)
        .join(Board, Board.id == board_facilitators.c.board_id)
        .where(board_facilitators.c.user_id.in_(facilitators))
        .order_by(Board.position, Board.id)
    ):
        boards[member_id].append(board)
    for member_id, member in facilitators.items():
        set_committed_value(member, "facilitated_boards", boards[member_id])
