"""Reports, the moderation log and the notices moderators send members.

The queue's queries live here with the models they read. Every query runs
a fixed number of statements, whatever the number of reports: the queue is
worked from phones, at the worst moments.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, case, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload
from sqlalchemy.sql import expression

from forum.extensions import db
from forum.i18n import lazy_gettext
from forum.models.accounts import User
from forum.models.base import utcnow
from forum.models.boards import Topic
from forum.models.meetings import Meeting
from forum.models.posts import Post
from forum.vocabulary import WAITING_FOR_MODERATOR, ModerationAction, PostState, ReportReason


class Report(db.Model):
    """One member's report of one post; reporting again updates it.

    A report outlives its reporter: when they delete their account it stays,
    without who made it, so the post stays in front of the moderators.
    (Reports of members who left all have no reporter, and SQLite and
    PostgreSQL alike let NULLs repeat under the unique constraint.)
    """

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("post_id", "reporter_id", name="uq_reports_post_id_reporter_id"),
        Index("ix_reports_open", "resolved_at", "post_id"),
        Index("ix_reports_reporter_id_id", "reporter_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(16))
    details: Mapped[str] = mapped_column(Text, default="")
    # How much this report counts towards hiding the post at once (see
    # forum.services.reporting); a report by the board's staff hides it.
    weight: Mapped[float] = mapped_column(default=1.0)
    from_staff: Mapped[bool] = mapped_column(default=False, server_default=expression.false())
    # The post's body_html (made by forum.text.render) as it was when this
    # report was made or made again: an author's later edit or delete must
    # not take the evidence away from staff. Staff-only: members never see it,
    # and it is not in anyone's export (it is someone else's words).
    # None for reports made before it was kept.
    body_html_when_reported: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    # The action that closed it, told back to the reporter.
    outcome: Mapped[str | None] = mapped_column(String(16))

    post: Mapped[Post] = relationship()

    @property
    def outcome_words(self) -> str:
        """What the reporter is told came of it."""
        return str(ModerationAction(self.outcome).told_reporter if self.outcome else WAITING_FOR_MODERATOR)

    @classmethod
    def by(cls, reporter: User, post: Post) -> "Report | None":
        return db.session.scalar(select(cls).where(cls.reporter_id == reporter.id, cls.post_id == post.id))

    @classmethod
    def recent_by(cls, reporter: User, limit: int = 20) -> list["Report"]:
        return list(db.session.scalars(
            select(cls).where(cls.reporter_id == reporter.id)
            .options(selectinload(cls.post).selectinload(Post.topic))
            .order_by(cls.id.desc()).limit(limit)
        ))


class ModAction(db.Model):
    """A line of the moderation log: who did what, to which post, and why."""

    __tablename__ = "mod_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # None for the community's own automatic hide.
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    moderator_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    # The post's author, for warn/suspend/ban. Never shown when the post was
    # anonymous: staff act on "the author of this post", not on a name.
    target_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    target_was_anonymous: Mapped[bool] = mapped_column(default=False)
    # The main reason members gave when reporting, shown in the public log.
    reason: Mapped[str | None] = mapped_column(String(16))
    # Staff-only: it may hold details about people.
    note: Mapped[str] = mapped_column(Text, default="")
    until: Mapped[datetime | None]

    moderator: Mapped[User | None] = relationship(foreign_keys=[moderator_id])
    target_user: Mapped[User | None] = relationship(foreign_keys=[target_user_id])
    post: Mapped[Post | None] = relationship()
    topic: Mapped[Topic | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()

    @classmethod
    def log_page(cls, page: int, per_page: int, leave_out=()):
        query = (
            select(cls)
            .where(cls.action.not_in(leave_out))
            .options(selectinload(cls.moderator), selectinload(cls.target_user), selectinload(cls.topic),
                     selectinload(cls.meeting))
            .order_by(cls.id.desc())
        )
        return db.paginate(query, page=page, per_page=per_page, error_out=False)

    @classmethod
    def sanction_note_for(cls, member: User) -> str:
        """The note of the latest ban (or, if not banned, suspension) of this member: told to them only."""
        action = ModerationAction.BAN if member.is_banned else ModerationAction.SUSPEND
        return db.session.scalar(
            select(cls.note).where(cls.target_user_id == member.id, cls.action == action)
            .order_by(cls.id.desc()).limit(1)
        ) or ""


@dataclass
class FromHere:
    """What was done to a post's author through this post, and only this post.

    Staff pages about a post show this, never the author's account (its
    suspended_until or banned_at): those change when staff act on the same
    person through another post, so on an anonymous post's item they would
    say "this is the member you just suspended". Rows with this post_id do
    not change in answer to anything done elsewhere.
    """

    warned_at: datetime | None = None
    # Suspensions and bans made through this post and not lifted through it since.
    standing: list["ModAction"] = field(default_factory=list)

    @property
    def banned(self) -> bool:
        return any(action.action == ModerationAction.BAN for action in self.standing)

    @property
    def suspended_until(self) -> datetime | None:
        return max((action.until for action in self.standing
                    if action.action == ModerationAction.SUSPEND), default=None)

    @property
    def can_lift(self) -> bool:
        until = self.suspended_until
        return self.banned or (until is not None and until > utcnow())

    def add(self, action: "ModAction") -> None:
        if action.action == ModerationAction.WARN:
            self.warned_at = action.created_at
        elif action.action == ModerationAction.LIFT:
            self.standing = []
        else:
            self.standing.append(action)

    @classmethod
    def for_posts(cls, post_ids) -> dict[int, "FromHere"]:
        """One statement for any number of posts."""
        found = {post_id: cls() for post_id in post_ids}
        if found:
            for action in db.session.scalars(
                select(ModAction).where(ModAction.post_id.in_(found), ModAction.action.in_(ModerationAction.where("on_author")))
                .order_by(ModAction.id)
            ):
                found[action.post_id].add(action)
        return found


class Notice(db.Model):
    """A private message from the moderators, shown to a member on their next visit."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime | None]

    @classmethod
    def unseen_for(cls, user: User) -> list["Notice"]:
        return list(db.session.scalars(
            select(cls).where(cls.user_id == user.id, cls.seen_at.is_(None)).order_by(cls.id)
        ))


@dataclass
class QueueItem:
    """One reported post, with everything a moderator needs to decide."""

    post: Post
    reasons: dict[str, int] = field(default_factory=dict)
    reporters: int = 0
    oldest_report_at: datetime | None = None
    details: list[str] = field(default_factory=list)
    # The post's words as reports found them, where they differ from its
    # words now (its author edited or deleted it since): oldest first.
    reported_versions: list["Report"] = field(default_factory=list)
    # The author's history (see _add_author_history): None when there is none
    # to show, else "account" (a named post) or "tag" (an anonymous post:
    # only what its tag in its topic already shows).
    author_history: str | None = None
    # Broad on purpose, and for named posts only: an exact date would match
    # posts to a profile.
    author_account_age: str | None = None
    author_prior_removed: int = 0
    author_prior_suspensions: int = 0
    from_here: FromHere = field(default_factory=FromHere)


@dataclass
class QueueFilter:
    status: str = "open"  # or "resolved"
    board_id: int | None = None
    reason: str | None = None
    # None: every board (moderators); otherwise a facilitator's boards.
    board_ids: set[int] | None = None


def _priority():
    weights = case(
        *((Report.reason == reason, reason.priority) for reason in ReportReason),
        else_=1,
    )
    return func.max(weights)


def _in_state(status: str):
    return Report.resolved_at.is_(None) if status == "open" else Report.resolved_at.is_not(None)


# How old an account is, as the queue says it ("account less than a week old"), up to so many days.
ACCOUNT_AGES = ((1, lazy_gettext("less than a day")), (7, lazy_gettext("less than a week")),
                (31, lazy_gettext("less than a month")), (365, lazy_gettext("less than a year")))
OLDEST_ACCOUNT_AGE = lazy_gettext("over a year")


def account_age(created_at: datetime) -> str:
    age = utcnow() - created_at
    for limit, words in ACCOUNT_AGES:
        if age < timedelta(days=limit):
            return str(words)
    return str(OLDEST_ACCOUNT_AGE)


def report_queue(filters: QueueFilter, page: int, per_page: int):
    """A page of reported posts, most urgent first: a Pagination of QueueItems.

    The same statements whatever the queue's size: the page of post ids
    (and the count), then the posts, their reports and their authors'
    history for just those posts.
    """
    is_open = filters.status == "open"
    grouped = (
        select(Report.post_id)
        .join(Post, Post.id == Report.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .where(_in_state(filters.status))
        .group_by(Report.post_id)
    )
    if filters.board_ids is not None:
        grouped = grouped.where(Topic.board_id.in_(filters.board_ids or {-1}))
    if filters.board_id is not None:
        grouped = grouped.where(Topic.board_id == filters.board_id)
    if filters.reason:
        grouped = grouped.having(func.sum(case((Report.reason == filters.reason, 1), else_=0)) > 0)
    if is_open:
        grouped = grouped.order_by(
            # One report per reporter: counting reports counts reporters,
            # those who have since left (no reporter_id) included.
            _priority().desc(), func.count(Report.id).desc(),
            func.min(Report.created_at), Report.post_id,
        )
    else:
        grouped = grouped.order_by(func.max(Report.resolved_at).desc(), Report.post_id.desc())
    pagination = db.paginate(grouped, page=page, per_page=per_page, error_out=False, count=True)
    pagination.items = queue_items(list(pagination.items), filters.status)
    return pagination


def open_report_count(board_ids=None) -> int:
    """How many posts wait in the open queue (the header's "Reports 3"), in one statement.

    The posts report_queue lists as open. board_ids: None for every board,
    else anything Topic.board_id.in_() takes: a set, or a subquery, which
    keeps a facilitator's count to one statement.
    """
    count = select(func.count(func.distinct(Report.post_id))).where(_in_state("open"))
    if board_ids is not None:
        count = (count.join(Post, Post.id == Report.post_id).join(Topic, Topic.id == Post.topic_id)
                 .where(Topic.board_id.in_(board_ids)))
    return db.session.scalar(count)


def queue_items(post_ids: list[int], status: str = "open") -> list[QueueItem]:
    """QueueItems for these posts, in this order."""
    if not post_ids:
        return []
    posts = {
        post.id: post
        for post in db.session.scalars(
            select(Post).where(Post.id.in_(post_ids))
            .options(selectinload(Post.topic).selectinload(Topic.board), selectinload(Post.author))
        )
    }
    items = {post_id: QueueItem(post=posts[post_id]) for post_id in post_ids}
    for report in db.session.scalars(
        select(Report).where(Report.post_id.in_(post_ids), _in_state(status)).order_by(Report.created_at)
    ):
        item = items[report.post_id]
        item.reasons[report.reason] = item.reasons.get(report.reason, 0) + 1
        item.reporters += 1
        item.oldest_report_at = item.oldest_report_at or report.created_at
        if report.details:
            item.details.append(report.details)
        _add_reported_version(item, report)
    _add_author_history(items.values())
    for post_id, from_here in FromHere.for_posts(post_ids).items():
        items[post_id].from_here = from_here
    return list(items.values())


def _add_reported_version(item: QueueItem, report: Report) -> None:
    """Keep the words this report was about, if the post no longer says them."""
    reported = report.body_html_when_reported
    now = "" if item.post.is_deleted else item.post.body_html
    if reported is None or reported == now:
        return
    if all(reported != earlier.body_html_when_reported for earlier in item.reported_versions):
        item.reported_versions.append(report)


HIDDEN_OR_REMOVED = [state for state in PostState if state.is_moderators_decision]
SANCTIONS = ModerationAction.where("sanction")


def _add_author_history(items) -> None:
    """Earlier posts hidden or removed and earlier suspensions: context, never a name.

    A guessing moderator suspects handle X wrote anonymous post P. If
    anything on P's item changed when they hid, restored or removed X's
    named posts, or warned, suspended or banned X through one (or locked
    X's topic, or acted on X's anonymous posts in other topics), two clicks
    would link X to P. So each kind of post counts only what staff could
    already read from it, and nothing any other kind of post can move:

    - a named post: the account's age band, and its earlier NAMED posts
      hidden or removed and suspensions or bans made through NAMED posts.
      Nothing done to anonymous posts counts, or acting on P and watching
      X's named item would link them the other way round.
    - an anonymous post: only what its tag already shows in its topic:
      other posts with the same tag in the same topic hidden or removed,
      and suspensions or bans made through posts with that tag there.
      No account age, no account-wide count.

    Why not take the history once, when the post is reported? A snapshot
    alone does not close the oracle: report anonymous post A, hide X's named
    post, then report A's sibling B (same tag, same topic), and B's snapshot
    differs from A's. Scoping closes it, so no snapshot is kept.

    Always the same four statements, whatever the posts are, so the queue's
    query count never depends on what is in it.
    """
    named = [item for item in items if not item.post.anonymous and item.post.author is not None]
    anonymous = [item for item in items if item.post.anonymous and item.post.author_tag]
    author_ids = {item.post.author_id for item in named}
    topic_ids = {item.post.topic_id for item in anonymous}
    tags = {item.post.author_tag for item in anonymous}

    removed_by_author = dict(db.session.execute(
        select(Post.author_id, func.count(Post.id))
        .where(Post.author_id.in_(author_ids), Post.anonymous.is_(False), Post.moderation.in_(HIDDEN_OR_REMOVED))
        .group_by(Post.author_id)
    ).all())
    sanctions_by_author = dict(db.session.execute(
        select(ModAction.target_user_id, func.count(ModAction.id))
        .where(ModAction.target_user_id.in_(author_ids), ModAction.target_was_anonymous.is_(False),
               ModAction.action.in_(SANCTIONS))
        .group_by(ModAction.target_user_id)
    ).all())
    # Wider than needed (every pair of these topics and tags); picked apart below.
    same_tag = (Post.anonymous.is_(True), Post.topic_id.in_(topic_ids), Post.author_tag.in_(tags))
    removed_by_tag = {(topic_id, tag): count for topic_id, tag, count in db.session.execute(
        select(Post.topic_id, Post.author_tag, func.count(Post.id))
        .where(*same_tag, Post.moderation.in_(HIDDEN_OR_REMOVED))
        .group_by(Post.topic_id, Post.author_tag)
    )}
    sanctions_by_tag = {(topic_id, tag): count for topic_id, tag, count in db.session.execute(
        select(Post.topic_id, Post.author_tag, func.count(ModAction.id))
        .select_from(ModAction).join(Post, Post.id == ModAction.post_id)
        .where(*same_tag, ModAction.action.in_(SANCTIONS))
        .group_by(Post.topic_id, Post.author_tag)
    )}

    for item in named:
        post = item.post
        item.author_history = "account"
        item.author_account_age = account_age(post.author.created_at)
        item.author_prior_removed = removed_by_author.get(post.author_id, 0) - _counts_itself(post)
        item.author_prior_suspensions = sanctions_by_author.get(post.author_id, 0)
    for item in anonymous:
        post = item.post
        key = (post.topic_id, post.author_tag)
        item.author_history = "tag"
        item.author_prior_removed = removed_by_tag.get(key, 0) - _counts_itself(post)
        item.author_prior_suspensions = sanctions_by_tag.get(key, 0)


def _counts_itself(post: Post) -> int:
    return 1 if PostState(post.moderation).is_moderators_decision else 0
