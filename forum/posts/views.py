"""An author's own post: a permalink, edit and delete."""
from flask import Blueprint, abort, flash, redirect
from flask_login import current_user, login_required

from forum.extensions import db
from forum.models import Post
from forum.posts.forms import DeletePostForm, EditPostForm
from forum.services import posting
from forum.web import post_url, render_form

bp = Blueprint("posts", __name__)


def _own_post(post_id: int) -> Post:
    post = db.get_or_404(Post, post_id)
    if not post.is_written_by(current_user):
        abort(403)
    if post.is_deleted:
        abort(410)
    return post


@bp.get("/p/<id:post_id>")
def show(post_id: int):
    """A post's lasting address: it moves to later pages, this link does not."""
    return redirect(post_url(db.get_or_404(Post, post_id)))


@bp.route("/p/<id:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = _own_post(post_id)
    form = EditPostForm(obj=post, title=post.topic.title)
    if not post.is_opening():
        del form.title
    if form.validate_on_submit():
        posting.edit_post(post, form.body.data, form.title.data if "title" in form else None)
        flash("Your post was updated.")
        return redirect(post_url(post))
    return render_form("posts/edit.html", form, post=post)


@bp.route("/p/<id:post_id>/delete", methods=["GET", "POST"])
@login_required
def delete(post_id: int):
    post = _own_post(post_id)
    form = DeletePostForm()
    if form.validate_on_submit():
        posting.delete_post(post)
        flash("Your post was removed.")
        return redirect(post_url(post))
    return render_form("posts/delete.html", form, post=post)
