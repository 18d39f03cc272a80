"""Reading and writing on the boards: the home page, boards, topics, replies, following and "new"."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from forum.boards.forms import FollowForm, ReplyForm, TopicForm, WithdrawSupportForm
from forum.drafts import keeps_drafts, refusal_page, words_arrived
from forum.extensions import db
from forum.forms import nothing_changed
from forum.guards import member_can_post, member_can_reply
from forum.limits import posting_limit
from forum.links import post_url, topic_url_at
from forum.models import Board, Post, Topic
from forum.permissions import can_withdraw_support
from forum.rendering import is_htmx, one_tap, render_form
from forum.routing import id_or_none, page_arg, page_or_404
from forum.services import inbox, posting
from forum.visibility import listed

bp = Blueprint("boards", __name__)


def _board_or_404(slug: str) -> Board:
    return Board.by_slug(slug) or abort(404)


@bp.get("/")
def index():
    asking_for_support = Topic.asking_for_support()
    return render_template(
        "boards/index.html", boards=Board.all_in_order(), asking_for_support=asking_for_support,
        new_counts=_new_counts(asking_for_support),
    )


@bp.get("/b/<slug>")
def board(slug: str):
    board = _board_or_404(slug)
    topics = page_or_404(board.topics_page(page_arg(), current_app.config["TOPICS_PER_PAGE"]))
    return render_template("boards/board.html", board=board, topics=topics, new_counts=_new_counts(topics.items))


def _new_counts(topics) -> dict[int, int]:
    """The member's own "4 new" beside each topic they opened before; nothing for visitors (and no query)."""
    if not current_user.is_authenticated:
        return {}
    return inbox.new_post_counts(current_user, (topic.id for topic in topics))


@bp.route("/b/<slug>/new", methods=["GET", "POST"])
@posting_limit
@member_can_post
@keeps_drafts(TopicForm)
def new_topic(slug: str):
    board = _board_or_404(slug)
    form = TopicForm()
    if form.validate_on_submit():
        post = posting.create_topic(
            board, current_user, form.title.data, form.body.data, form.anonymous.data, form.support_now.data,
            submission_key=form.submission.data,
        )
        db.session.commit()
        if form.support_now.data and post.topic.support_requested_at is None:
            flash(gettext("Your topic is posted. You already asked for support in the last day, so that topic stays "
                          "first on the home page: one at a time keeps the list useful for everyone."))
        words_arrived()
        return redirect(url_for(".topic", topic_id=post.topic_id))
    return render_form("boards/new_topic.html", form, board=board)


def _answerable(topic: Topic, post_id: int | None) -> Post | None:
    """The post a reply may answer ("Reply to this"): a public one in this topic.
    Anything else (another topic's post, a hidden one, a made-up id) is ignored quietly."""
    post = db.session.get(Post, post_id) if post_id else None
    return post if post is not None and post.topic_id == topic.id and listed(post) else None


def _fresh_reply_form(topic: Topic) -> ReplyForm | None:
    """An empty reply form, anonymous if the member's last post here was:
    one forgotten tick must not sign a reply in their own anonymous thread.

    None for visitors, who are asked to log in instead: building a form
    would give every reader a session cookie for its token.
    """
    if not current_user.is_authenticated:
        return None
    return ReplyForm(formdata=None, anonymous=topic.posted_anonymously_last(current_user))


def _render_topic(topic: Topic, page: int, form: ReplyForm | None, status: int = 200, answering: Post | None = None):
    posts = page_or_404(topic.posts_page(page, current_app.config["POSTS_PER_PAGE"]))
    following, saved_ids = None, set()
    if current_user.is_authenticated:
        following = inbox.follows(current_user, topic)
        saved_ids = inbox.saved_ids(current_user, (post.id for post in posts.items))
        if posts.items and _looked_at():
            # Before rendering, so that this page's header already counts these replies read.
            inbox.mark_read_now(current_user, topic, posts.items[-1].id)
    return render_template(
        "boards/topic.html", topic=topic, posts=posts, form=form, answering=answering, following=following,
        saved_ids=saved_ids,
    ), status


def _looked_at() -> bool:
    """A member opening the page: not a HEAD request, not a browser fetching a
    <link rel="next"> ahead of time, and not a refused reply shown again
    (its request may hold the write lock the mark would wait for)."""
    return request.method == "GET" and "prefetch" not in (
        request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    )


@bp.get("/t/<id:topic_id>")
def topic(topic_id: int):
    topic = db.get_or_404(Topic, topic_id, options=[joinedload(Topic.board)])
    answering = _answerable(topic, id_or_none(request.args.get("reply_to")))
    page = page_arg()
    if answering and "page" not in request.args:
        # A "Reply to this" link carries no page: the form comes below the post it answers.
        page = topic.page_of(answering.position(), current_app.config["POSTS_PER_PAGE"])
    return _render_topic(topic, page, _fresh_reply_form(topic), answering=answering)


@bp.get("/t/<id:topic_id>/latest")
def latest(topic_id: int):
    """The topic's newest post, on its last page: on 2G, nine pages fewer to reach the newest reply."""
    return redirect(_latest_url(db.get_or_404(Topic, topic_id)))


def _latest_url(topic: Topic) -> str:
    last_post_id = topic.last_post_id()
    if last_post_id is None:
        return url_for(".topic", topic_id=topic.id)
    return topic_url_at(topic.id, topic.last_page(current_app.config["POSTS_PER_PAGE"]), last_post_id)


@bp.get("/t/<id:topic_id>/new")
def first_new(topic_id: int):
    """Where this member stopped reading: the first post since, on its page, in one hop.

    Up to date, the newest post; never opened, the first. Visitors have no
    read state, and start at the beginning.
    """
    topic = db.get_or_404(Topic, topic_id)
    if not current_user.is_authenticated:
        return redirect(url_for(".topic", topic_id=topic.id))
    post_id = inbox.first_unread_post_id(current_user, topic)
    if post_id is None:
        return redirect(_latest_url(topic))
    return redirect(post_url(db.session.get(Post, post_id)))


@bp.post("/t/<id:topic_id>/follow")
@login_required
def follow(topic_id: int):
    return _change_following(topic_id, inbox.follow,
                             gettext("You're following this topic: new replies come to your inbox."))


@bp.post("/t/<id:topic_id>/unfollow")
@login_required
def unfollow(topic_id: int):
    return _change_following(topic_id, inbox.unfollow, gettext("You've stopped following this topic."))


def _change_following(topic_id: int, change, done: str):
    """Follow or stop following, then back to the page of the topic the member was on (or, for htmx, the button)."""
    topic = db.get_or_404(Topic, topic_id)
    page = page_arg()
    return one_tap(
        FollowForm(), lambda: change(current_user, topic), done,
        fragment=lambda refused: render_template(
            "_partials/follow_button.html", topic=topic, page=page, following=inbox.follows(current_user, topic),
            refused=refused,
        ),
        back=lambda: url_for(".topic", topic_id=topic.id, page=page if page > 1 else None),
    )


@bp.post("/t/<id:topic_id>/support/withdraw")
@login_required
def withdraw_support(topic_id: int):
    """The asker is steadier now: the topic leaves the home page's list and stays open for replies."""
    topic = db.get_or_404(Topic, topic_id)
    if not can_withdraw_support(current_user, topic):
        abort(403)
    if WithdrawSupportForm().validate_on_submit():
        posting.withdraw_support(topic)
        db.session.commit()
        flash(gettext("Your topic is off the home page's list. It stays open, and replies still come in."))
    else:
        flash(nothing_changed())
    return redirect(url_for(".topic", topic_id=topic.id))


@bp.post("/t/<id:topic_id>/reply")
@posting_limit
@member_can_reply
@keeps_drafts(ReplyForm)
def reply(topic_id: int):
    topic = db.get_or_404(Topic, topic_id)
    per_page = current_app.config["POSTS_PER_PAGE"]
    form = ReplyForm()
    answering = _answerable(topic, form.reply_to.data)
    if form.validate_on_submit():
        try:
            post = posting.create_reply(
                topic, current_user, form.body.data, form.anonymous.data, submission_key=form.submission.data,
                reply_to=answering,
            )
        except posting.PostingError as refusal:
            if not is_htmx():  # htmx keeps the form in the page, words and all
                return refusal_page(str(refusal))
            form.body.errors.append(str(refusal))
        else:
            db.session.commit()
            if not is_htmx():
                words_arrived()
                return redirect(post_url(post))
            position = post.position()
            if topic.page_of(position, per_page) != topic.page_of(position - 1, per_page):
                # The reply opens a new page: go there rather than add it to this one.
                return "", 200, {"HX-Redirect": post_url(post)}
            return render_template(
                "_partials/reply_created.html", topic=topic, post=post,
                form=_fresh_reply_form(topic), htmx=True,
                # Replying follows the topic: the page's follow form must say so.
                following=inbox.follows(current_user, topic), page=topic.page_of(position, per_page),
            )
    if is_htmx():
        return render_template("_partials/reply_form.html", topic=topic, form=form, answering=answering, htmx=True), 422
    return _render_topic(topic, topic.last_page(per_page), form, status=422, answering=answering)
