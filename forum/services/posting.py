"""Writing to the forum: topics, replies, edits and removals.

Every write keeps the denormalised counters (posts per topic and board,
latest activity) correct, using SQL-side increments so that two members
posting at the same moment cannot lose a count.
"""
import hashlib
import hmac

from flask import current_app
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from forum import text
from forum.extensions import db
from forum.models import Board, Post, Topic, User
from forum.models.base import utcnow
from forum.permissions import is_author
from forum.services import inbox
from forum.visibility import REMOVED_TITLE, is_public


class PostingError(ValueError):
    """The write is not allowed; the message is for the member."""


def anonymous_tag(topic_id: int, user_id: int) -> str:
    """A short tag, the same for one member throughout one topic.

    Keyed by the secret key so that nobody can compute it from a handle, and
    by the topic so that one member's anonymous posts in different topics
    cannot be linked. Eight hex digits make two people in one topic sharing
    a tag vanishingly unlikely.
    """
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"{topic_id}:{user_id}".encode(), hashlib.sha256).hexdigest()
    return digest[:8]


def _add_post(
    topic: Topic, author: User, body: str, anonymous: bool, submission_key: str | None, reply_to: Post | None = None,
) -> Post:
    """Write a post and keep the counts; followers and the author it answers are told (forum.services.inbox)."""
    now = utcnow()
    post = Post(
        topic_id=topic.id,
        author_id=author.id,
        body=body,
        body_html=text.render(body),
        anonymous=anonymous,
        author_tag=anonymous_tag(topic.id, author.id) if anonymous else None,
        created_at=now,
        submission_key=submission_key,
        reply_to=reply_to,
    )
    db.session.add(post)
    if topic.first_answered_at is None and not is_author(author, topic):
        topic.first_answered_at = now
    topic.post_count = Topic.post_count + 1
    topic.last_activity_at = now
    board = db.session.get(Board, topic.board_id)
    board.post_count = Board.post_count + 1
    board.last_activity_at = now
    board.last_topic_id = topic.id
    topic.visible_posts_changed(shown=True)  # lists a new topic on its board, or a husk again
    db.session.flush()
    inbox.post_added(post)
    return post


def _sent_once(author: User, submission_key: str | None, write) -> Post:
    """Write a post (``write`` adds it to the session) and flush, once per form sent.

    A second send of the same form (a double tap, a retry after the answer
    was lost) gets the post the first one made. Two such sends may arrive
    together and both find nothing sent yet: the unique key lets only one
    in, and the other is answered with it.
    """
    if first := Post.sent_with(author, submission_key):
        return first
    try:
        post = write()
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # a failed flush leaves the transaction unusable
        if first := Post.sent_with(author, submission_key):
            return first
        raise
    return post


def create_topic(
    board: Board, author: User, title: str, body: str, anonymous: bool, support_now: bool = False,
    submission_key: str | None = None,
) -> Post:
    """Start a topic; returns its opening post."""

    def write() -> Post:
        now = utcnow()
        topic = Topic(
            board_id=board.id, author_id=author.id, title=title.strip(),
            anonymous=anonymous, created_at=now, last_activity_at=now,
            # One call for support at a time: the first stays listed, and one
            # account cannot fill the home page.
            support_requested_at=now if support_now and not Topic.has_open_support_request(author.id) else None,
        )
        db.session.add(topic)
        db.session.flush()  # the topic's id keys the anonymous tag
        if anonymous:
            topic.author_tag = anonymous_tag(topic.id, author.id)
        # Its first visible post counts it on the board (see Topic.visible_posts_changed).
        return _add_post(topic, author, body, anonymous, submission_key)

    return _sent_once(author, submission_key, write)


def create_reply(
    topic: Topic, author: User, body: str, anonymous: bool, submission_key: str | None = None,
    reply_to: Post | None = None,
) -> Post:
    """Add a reply. A form sent again lands on its first reply, even if the topic was locked since.

    A suspended member replies only in their own call for support (see
    permissions.may_reply_in), so a reply of theirs under their name in an
    anonymous one would say who opened it, to anyone who read the public
    log's suspension: there, their replies stay anonymous like the topic.
    """
    anonymous = anonymous or (topic.anonymous and not author.can_post)

    def write() -> Post:
        if topic.locked:
            raise PostingError(gettext("This topic is locked, so it takes no new replies."))
        return _add_post(topic, author, body, anonymous, submission_key, reply_to)

    return _sent_once(author, submission_key, write)


def edit_post(post: Post, body: str, title: str | None = None) -> None:
    """Change a post's words; the opening post can retitle its topic too."""
    if post.is_deleted:
        raise PostingError(gettext("This post was removed, so it can no longer be edited."))
    post.body = body
    post.body_html = text.render(body)
    post.edited_at = utcnow()
    if title is not None and post.is_opening():
        post.topic.title = title.strip()


def withdraw_support(topic: Topic) -> None:
    topic.support_requested_at = None


def delete_post(post: Post) -> None:
    """Remove a post's words, keeping its place so replies keep their context.

    Removing the opening post removes the title too: it is the author's own
    words, and may say more about them than they now want said.
    """
    if post.is_opening():
        post.topic.title = REMOVED_TITLE
        post.topic.support_requested_at = None  # nobody is left there to answer
    if is_public(post):
        post.topic.visible_posts_changed(shown=False)
    post.body = ""
    post.body_html = ""
    post.deleted_at = utcnow()
