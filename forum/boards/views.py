"""Reading and writing on the boards: the home page, boards, topics, replies."""
from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum.boards.forms import ReplyForm, TopicForm
from forum.extensions import db
from forum.models import Board, Topic
from forum.services import posting
from forum.web import is_htmx, page_arg, post_url

bp = Blueprint("boards", __name__)


def _board_or_404(slug: str) -> Board:
    return Board.by_slug(slug) or abort(404)


@bp.get("/")
def index():
    return render_template("boards/index.html", boards=Board.all_in_order())


@bp.get("/b/<slug>")
def board(slug: str):
    board = _board_or_404(slug)
    page = page_arg()
    topics = board.topics_page(page, current_app.config["TOPICS_PER_PAGE"])
    if page > 1 and not topics.items:
        abort(404)
    return render_template("boards/board.html", board=board, topics=topics)


@bp.route("/b/<slug>/new", methods=["GET", "POST"])
@login_required
def new_topic(slug: str):
    board = _board_or_404(slug)
    form = TopicForm()
    if form.validate_on_submit():
        post = posting.create_topic(
            board, current_user, form.title.data, form.body.data, form.anonymous.data
        )
        return redirect(url_for(".topic", topic_id=post.topic_id))
    status = 422 if form.is_submitted() else 200
    return render_template("boards/new_topic.html", board=board, form=form), status


def _render_topic(topic: Topic, page: int, form: ReplyForm, status: int = 200):
    posts = topic.posts_page(page, current_app.config["POSTS_PER_PAGE"])
    if page > 1 and not posts.items:
        abort(404)
    return render_template("boards/topic.html", topic=topic, posts=posts, form=form), status


@bp.get("/t/<id:topic_id>")
def topic(topic_id: int):
    return _render_topic(db.get_or_404(Topic, topic_id), page_arg(), ReplyForm(formdata=None))


@bp.post("/t/<id:topic_id>/reply")
@login_required
def reply(topic_id: int):
    topic = db.get_or_404(Topic, topic_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            post = posting.create_reply(topic, current_user, form.body.data, form.anonymous.data)
        except posting.PostingError as refusal:
            form.body.errors.append(str(refusal))
        else:
            if is_htmx():
                return render_template(
                    "_partials/reply_created.html", topic=topic, post=post,
                    form=ReplyForm(formdata=None), htmx=True,
                )
            return redirect(post_url(post))
    if is_htmx():
        return render_template("_partials/reply_form.html", topic=topic, form=form, htmx=True), 422
    last_page = (topic.post_count - 1) // current_app.config["POSTS_PER_PAGE"] + 1
    return _render_topic(topic, last_page, form, status=422)
