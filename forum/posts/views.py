"""A single post: its permalink, reporting it, and its author's edit and delete."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum.drafts import words_arrived
from forum.extensions import db
from forum.guards import member_can_post
from forum.limits import posting_limit, reporting_limit
from forum.links import post_url
from forum.models import Post, Report
from forum.posts.forms import DeletePostForm, EditPostForm, ReportForm
from forum.rendering import is_htmx, render_form
from forum.services import posting, reporting

bp = Blueprint("posts", __name__)


def _own_post(post_id: int, *, editing: bool = False) -> Post:
    """The member's own post; to edit it, it must still be up (not removed or
    hidden by moderators). Deleting stays open to the author regardless."""
    post = db.get_or_404(Post, post_id)
    if not post.is_written_by(current_user):
        abort(403)
    if post.is_deleted or (editing and not post.is_visible):
        abort(410)
    return post


@bp.get("/p/<id:post_id>")
def show(post_id: int):
    """A post's lasting address: it moves to later pages, this link does not."""
    return redirect(post_url(db.get_or_404(Post, post_id)))


@bp.route("/p/<id:post_id>/report", methods=["GET", "POST"])
@reporting_limit
@login_required
def report(post_id: int):
    post = db.get_or_404(Post, post_id)
    if post.is_deleted:
        abort(410)
    form = ReportForm(obj=Report.by(current_user, post))
    if form.validate_on_submit():
        try:
            made = reporting.report_post(post, current_user, form.reason.data, form.details.data)
        except reporting.ReportError as refusal:
            form.reason.errors.append(str(refusal))
        else:
            if is_htmx():
                return render_template("_partials/reported.html", post=post, report=made)
            words_arrived()
            if made.reason == "crisis":
                # Whoever reports someone at risk may need help themselves.
                return redirect(url_for("pages.help_page", reported="crisis"))
            flash("Thank you for reporting it. Moderators will look at it soon.")
            return redirect(post_url(post))
    template = "_partials/report_form.html" if is_htmx() else "posts/report.html"
    return render_form(template, form, post=post, own_post=post.is_written_by(current_user))


@bp.route("/p/<id:post_id>/edit", methods=["GET", "POST"])
@posting_limit
@member_can_post
def edit(post_id: int):
    post = _own_post(post_id, editing=True)
    form = EditPostForm(obj=post, title=post.topic.title)
    if not post.is_opening():
        del form.title
    if form.validate_on_submit():
        posting.edit_post(post, form.body.data, form.title.data if "title" in form else None)
        flash("Your post was updated.")
        words_arrived()
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
