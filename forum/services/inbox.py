"""Hearing back without email or JavaScript: following topics, the inbox,
how far a member has read, saved posts and the private inbox feed.

Everything here is about one member and shown to that member only. Which
posts they may read in a list, and how each author is shown, is asked of
forum.visibility, like every other way of reading the forum.
"""
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, literal, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import selectinload

from forum.extensions import db, upsert
from forum.models import InboxEntry, Notice, Post, SavedPost, Topic, TopicFollow, TopicRead, User
from forum.models.base import utcnow
from forum.models.boards import load_badges
from forum.models.inbox import feed_token_digest
from forum.visibility import in_lists
from forum.vocabulary import InboxKind

# The header says "Inbox 99+" past this: counting further would cost a
# member with a full inbox more on every page, and tells them nothing more.
UNREAD_CAP = 99


@dataclass
class Window:
    """One page of a list that is never counted in full: Newer and Older, no page numbers.

    A member with ten thousand entries must get their inbox as fast as one
    with ten, so the list asks for one row more than it shows instead of
    counting them all.
    """

    items: list
    page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def _window(query, page: int, per_page: int) -> Window:
    rows = list(db.session.scalars(query.offset((page - 1) * per_page).limit(per_page + 1)))
    return Window(items=rows[:per_page], page=page, has_next=len(rows) > per_page)


# --- Following -------------------------------------------------------------

def follows(member: User, topic: Topic) -> bool:
    return db.session.get(TopicFollow, (member.id, topic.id)) is not None


def follow(member: User, topic: Topic) -> None:
    """Follow a topic; following it again changes nothing (two taps, two tabs)."""
    db.session.execute(upsert(TopicFollow).values(user_id=member.id, topic_id=topic.id, created_at=utcnow())
                       .on_conflict_do_nothing())


def unfollow(member: User, topic: Topic) -> None:
    db.session.execute(delete(TopicFollow).where(TopicFollow.user_id == member.id, TopicFollow.topic_id == topic.id))


# --- Telling members -------------------------------------------------------

def post_added(post: Post) -> None:
    """A new topic or reply: its author follows it (unless they chose not to)
    and has read it; everyone following the topic, and the author of the post
    it answers, is told. One statement for all the followers, however many."""
    author, topic = post.author, post.topic
    if author.follows_what_they_post:
        follow(author, topic)
    _read_own_post(author, topic, post)
    now = utcnow()
    db.session.execute(insert(InboxEntry).from_select(
        ["user_id", "kind", "post_id", "topic_id", "created_at"],
        select(TopicFollow.user_id, literal(InboxKind.REPLY.value), literal(post.id), literal(topic.id), literal(now))
        .where(TopicFollow.topic_id == topic.id, TopicFollow.user_id != author.id),
    ))
    answered = post.reply_to
    if (answered is not None and answered.author_id not in (None, author.id)
            and not db.session.get(TopicFollow, (answered.author_id, topic.id))):
        db.session.add(InboxEntry(user_id=answered.author_id, kind=InboxKind.ANSWER, post_id=post.id,
                                  topic_id=topic.id, created_at=now))


def _read_own_post(author: User, topic: Topic, post: Post) -> None:
    """Their own post is no news to them; replies that came in while they were
    writing still are, so the mark moves only if they had read all before it
    (or had never opened the topic as a member: then they read it to reply)."""
    others_before = db.session.scalar(
        select(func.max(Post.id)).where(Post.topic_id == topic.id, Post.id < post.id, _not_by(author))
    )
    read = db.session.get(TopicRead, (author.id, topic.id))
    if others_before is None or read is None or read.last_read_post_id >= others_before:
        mark_read(author, topic, post.id)


def _not_by(member: User):
    """Posts by anyone but this member: their own are never new to them (a former member's have no author)."""
    return or_(Post.author_id.is_(None), Post.author_id != member.id)


def notice_sent(notice: Notice) -> None:
    """A moderators' notice shows in the inbox too (and still at the top of every page until read)."""
    db.session.add(InboxEntry(user_id=notice.user_id, kind=InboxKind.NOTICE, notice=notice,
                              created_at=notice.created_at))


# --- The inbox ---------------------------------------------------------------

def _entries_for(member: User):
    """The entries this member may read, by the rule every list follows."""
    return (
        select(InboxEntry)
        .outerjoin(Post, Post.id == InboxEntry.post_id)
        .where(InboxEntry.user_id == member.id, or_(InboxEntry.post_id.is_(None), in_lists()))
    )


def inbox_page(member: User, page: int, per_page: int) -> Window:
    """Newest first, with everything an entry shows loaded in a fixed number of statements."""
    query = _entries_for(member).order_by(InboxEntry.id.desc()).options(
        selectinload(InboxEntry.post).selectinload(Post.author),
        selectinload(InboxEntry.topic).selectinload(Topic.board),
        selectinload(InboxEntry.notice),
    )
    window = _window(query, page, per_page)
    load_badges(entry.post for entry in window.items if entry.post)
    return window


def unread_count(member: User) -> int:
    """The header's "Inbox 3": one indexed statement, counting no further than UNREAD_CAP + 1."""
    unread = _entries_for(member).where(InboxEntry.read_at.is_(None)).with_only_columns(InboxEntry.id)
    return db.session.scalar(select(func.count()).select_from(unread.limit(UNREAD_CAP + 1).subquery()))


def mark_all_read(member: User) -> None:
    now = utcnow()
    _mark_notices_seen(member, select(InboxEntry.notice_id).where(
        InboxEntry.user_id == member.id, InboxEntry.read_at.is_(None), InboxEntry.notice_id.is_not(None)))
    db.session.execute(update(InboxEntry).where(InboxEntry.user_id == member.id, InboxEntry.read_at.is_(None))
                       .values(read_at=now))


def notice_read(notice: Notice) -> None:
    """The member read a moderators' notice (at the top of a page, or in the inbox)."""
    now = utcnow()
    notice.seen_at = notice.seen_at or now
    db.session.execute(update(InboxEntry).where(InboxEntry.notice_id == notice.id, InboxEntry.read_at.is_(None))
                       .values(read_at=now))


def _mark_notices_seen(member: User, notice_ids) -> None:
    db.session.execute(update(Notice).where(Notice.user_id == member.id, Notice.id.in_(notice_ids),
                                            Notice.seen_at.is_(None)).values(seen_at=utcnow()))


# --- How far a member has read ---------------------------------------------

def mark_read(member: User, topic: Topic, up_to_post_id: int) -> None:
    """The member has seen the topic's posts up to this one: its "new" count
    and its inbox entries go down. Never moves back (an older page opened
    later), and two tabs at once cannot fail it."""
    for statement in _read_marks(member, topic, up_to_post_id):
        db.session.execute(statement)


def mark_read_now(member: User, topic: Topic, up_to_post_id: int) -> None:
    """mark_read for a page being read, in a short transaction of its own, committed at once.

    A page that held the write lock while it rendered would keep every
    member posting at that moment waiting; and the rest of the page (its
    header's count) already reads the marks. If the database stays busy,
    the page is still shown: the next look marks it read.
    """
    try:
        with db.engine.begin() as connection:
            for statement in _read_marks(member, topic, up_to_post_id):
                connection.execute(statement)
    except OperationalError:
        pass


def _read_marks(member: User, topic: Topic, up_to_post_id: int) -> list:
    mark = upsert(TopicRead).values(user_id=member.id, topic_id=topic.id, last_read_post_id=up_to_post_id)
    return [
        mark.on_conflict_do_update(
            index_elements=[TopicRead.user_id, TopicRead.topic_id],
            set_={"last_read_post_id": mark.excluded.last_read_post_id},
            where=TopicRead.last_read_post_id < mark.excluded.last_read_post_id,
        ),
        update(InboxEntry).where(InboxEntry.user_id == member.id, InboxEntry.topic_id == topic.id,
                                 InboxEntry.post_id <= up_to_post_id, InboxEntry.read_at.is_(None))
        .values(read_at=utcnow()),
    ]


def new_post_counts(member: User, topic_ids) -> dict[int, int]:
    """{topic id: posts this member has not read} for the topics they have
    opened before, in one statement (a board page's "4 new")."""
    topic_ids = list(topic_ids)
    if not topic_ids:
        return {}
    return dict(db.session.execute(
        select(Post.topic_id, func.count(Post.id))
        .join(TopicRead, (TopicRead.topic_id == Post.topic_id) & (TopicRead.user_id == member.id))
        .where(Post.topic_id.in_(topic_ids), Post.id > TopicRead.last_read_post_id, _not_by(member), in_lists())
        .group_by(Post.topic_id)
    ).all())


def first_unread_post_id(member: User, topic: Topic) -> int | None:
    """The first post after where this member stopped reading; None when they are up to date.

    A member who never opened the topic starts at its beginning. Posts
    hidden or removed since do not count, as in new_post_counts: "1 new"
    must not open on a post nobody may read.
    """
    read = db.session.get(TopicRead, (member.id, topic.id))
    return db.session.scalar(
        select(func.min(Post.id)).where(Post.topic_id == topic.id, Post.id > (read.last_read_post_id if read else 0),
                                        _not_by(member), in_lists())
    )


# --- Saved posts -------------------------------------------------------------

def save(member: User, post: Post) -> None:
    """Save a post; saving it again (another tab) changes nothing."""
    db.session.execute(upsert(SavedPost).values(user_id=member.id, post_id=post.id, created_at=utcnow())
                       .on_conflict_do_nothing())


def unsave(member: User, post: Post) -> None:
    db.session.execute(delete(SavedPost).where(SavedPost.user_id == member.id, SavedPost.post_id == post.id))


def saved_ids(member: User, post_ids) -> set[int]:
    """Which of these posts (a page of a topic) the member saved: one statement."""
    post_ids = list(post_ids)
    if not post_ids:
        return set()
    return set(db.session.scalars(
        select(SavedPost.post_id).where(SavedPost.user_id == member.id, SavedPost.post_id.in_(post_ids))
    ))


def saved_page(member: User, page: int, per_page: int) -> Window:
    """Saved posts the member may still read, last saved first."""
    query = (
        select(SavedPost).join(Post, Post.id == SavedPost.post_id)
        .where(SavedPost.user_id == member.id, in_lists())
        .order_by(SavedPost.created_at.desc(), SavedPost.post_id.desc())
        .options(selectinload(SavedPost.post).selectinload(Post.author),
                 selectinload(SavedPost.post).selectinload(Post.topic).selectinload(Topic.board))
    )
    window = _window(query, page, per_page)
    load_badges(saved.post for saved in window.items)
    return window


# --- The private inbox feed ------------------------------------------------

def new_feed_token(member: User) -> str:
    """A new secret address for the member's inbox feed; the old one stops working.

    Returned once to be shown; only its digest is kept.
    """
    token = secrets.token_urlsafe(32)
    member.inbox_feed_digest = feed_token_digest(token)
    return token


def revoke_feed_token(member: User) -> None:
    member.inbox_feed_digest = None


def member_for_feed_token(token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(User).where(User.inbox_feed_digest == feed_token_digest(token)))
