"""Atom feeds (RFC 4287): new topics, a board's new topics, a topic's posts, and a member's private inbox.

Public feeds show exactly what a logged-out visitor may read, whoever
fetches them. Every feed, the private one too, is rendered for a visitor,
asking forum.visibility like every page does: a feed reader fetches from
its own servers, so a moderator's must not carry a hidden title there,
nor a member's a "(you)" on their anonymous post.
"""
from datetime import datetime

from flask import Blueprint, abort, make_response, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy.orm import joinedload

from forum import i18n, preferences, visibility
from forum.extensions import db, login_manager
from forum.headers import MEMBER_ONLY, revalidated
from forum.models import Board, Topic
from forum.services import inbox
from forum.text import xml_safe

bp = Blueprint("feeds", __name__)

# Entries per feed: a feed reader asks again, and keeps what it saw.
FEED_LENGTH = 30
ATOM = "application/atom+xml; charset=utf-8"
# A feed with no entries yet still needs an <updated>; a fixed one keeps its ETag.
NOTHING_YET = datetime(2000, 1, 1)


def _atom(entries_updated, **context):
    """The feed, as Atom, newest entry first; <updated> is its newest entry's."""
    updated = max(entries_updated, default=NOTHING_YET)
    xml = render_template(
        "feeds/feed.xml", updated=updated, viewer=login_manager.anonymous_user(),
        self_url=url_for(request.endpoint, **request.view_args, _external=True), **context,
    )
    return make_response(xml_safe(xml), {"Content-Type": ATOM})


def _topics_feed(title: str, alternate: str, board_id: int | None = None):
    topics = visibility.public_topics(FEED_LENGTH, board_id)
    return _atom((post.updated_at for _, post in topics), title=title, alternate=alternate, topics=topics)


@bp.get("/feed.atom")
def new_topics():
    return _topics_feed(gettext("New topics on Porchlight"), url_for("boards.index", _external=True))


@bp.get("/b/<slug>/feed.atom")
def board(slug: str):
    board = Board.by_slug(slug) or abort(404)
    return _topics_feed(gettext("New topics in %(board)s · Porchlight", board=board.shown_name),
                        url_for("boards.board", slug=board.slug, _external=True), board.id)


@bp.get("/t/<id:topic_id>/feed.atom")
def topic(topic_id: int):
    topic = db.get_or_404(Topic, topic_id, options=[joinedload(Topic.board)])
    posts = visibility.public_posts_in(topic, FEED_LENGTH)
    title = visibility.topic_title(topic, login_manager.anonymous_user())
    return _atom((post.updated_at for post in posts), title=f"{title} · Porchlight",
                 posts=posts, opening_id=topic.first_post_id(),
                 alternate=url_for("boards.topic", topic_id=topic.id, _external=True))


@bp.get("/inbox/feed/<token>.atom")
def inbox_feed(token: str):
    """A member's inbox, for their feed reader: whoever holds the address reads it, logged in or not.

    Reading it marks nothing read: the member has not seen the replies yet.
    It reads in the member's chosen language, whatever the feed reader asks.
    """
    member = inbox.member_for_feed_token(token) or abort(404)
    entries = inbox.inbox_page(member, 1, FEED_LENGTH).items
    inbox_url = url_for("inbox.index", _external=True)
    updated = (entry.created_at if entry.is_notice else entry.post.updated_at for entry in entries)
    with i18n.speaking(preferences.valid("language", member.language) or preferences.language()):
        response = _atom(updated, title=gettext("Your inbox on Porchlight"), entries=entries,
                         words=member.inbox_feed_words, alternate=inbox_url)
    # Never kept by a cache on the way; a feed reader asking again with its ETag still gets a 304.
    response.headers["Cache-Control"] = MEMBER_ONLY
    return revalidated(response)
