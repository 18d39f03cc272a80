"""An author's own post: edit and delete."""
from flask import Blueprint, abort, flash, redirect, render_template
from flask_login import current_user, login_required

from forum.extensions import db
from forum.models import Post
from forum.posts.forms import DeletePostForm, EditPostForm
from forum.services import posting
from forum.web import post_url

bp = Blueprint("posts", __name__)


def _own_post_or_403(post_id: int) -> Post:
    post = db.get_or_404(Post, post_id)
    if not post.can_be_changed_by(current_user):
        abort(403)
    return post


@bp.route("/p/<id:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = _own_post_or_403(post_id)
    form = EditPostForm(obj=post)
    if form.validate_on_submit():
        posting.edit_post(post, form.body.data)
        flash("Your post was updated.")
        return redirect(post_url(post))
    status = 422 if form.is_submitted() else 200
    return render_template("posts/edit.html", post=post, form=form), status


@bp.route("/p/<id:post_id>/delete", methods=["GET", "POST"])
@login_required
def delete(post_id: int):
    post = _own_post_or_403(post_id)
    form = DeletePostForm()
    if form.validate_on_submit():
        posting.delete_post(post)
        flash("Your post was removed.")
        return redirect(post_url(post))
    status = 422 if form.is_submitted() else 200
    return render_template("posts/delete.html", post=post, form=form), status
