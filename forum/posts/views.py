"""A single post: its permalink, reporting it, its author's edit and delete, and members saving it."""
from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from forum.drafts import keeps_drafts, words_arrived
from forum.extensions import db
from forum.guards import member_can_post
from forum.limits import posting_limit, reporting_limit
from forum.links import post_url
from forum.models import Post, Report
from forum.permissions import can_delete_post, can_edit_post, is_author
from forum.posts.forms import DeletePostForm, EditPostForm, ReportForm, SavePostForm
from forum.rendering import is_htmx, one_tap, render_form
from forum.routing import page_arg, page_or_404, safe_next
from forum.services import inbox, posting, reporting
from forum.visibility import listed
from forum.vocabulary import ReportReason

bp = Blueprint("posts", __name__)


def _own_post(post_id: int, may_change) -> Post:
    """The member's own post (else 403), if they may still change it this way
    (else 410: forum.permissions.can_edit_post, can_delete_post)."""
    post = db.get_or_404(Post, post_id)
    if not is_author(current_user, post):
        abort(403)
    if not may_change(current_user, post):
        abort(410)
    return post


@bp.get("/p/<id:post_id>")
def show(post_id: int):
    """A post's lasting address: it moves to later pages, this link does not."""
    return redirect(post_url(db.get_or_404(Post, post_id)))


@bp.route("/p/<id:post_id>/report", methods=["GET", "POST"])
@reporting_limit
@login_required
@keeps_drafts(ReportForm)
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
            db.session.commit()
            if is_htmx():
                return render_template("_partials/reported.html", post=post, report=made)
            words_arrived()
            if made.reason == ReportReason.CRISIS:
                # Whoever reports someone at risk may need help themselves.
                return redirect(url_for("pages.help_page", reported=ReportReason.CRISIS.value))
            flash(gettext("Thank you for reporting it. Moderators will look at it soon."))
            return redirect(post_url(post))
    template = "_partials/report_form.html" if is_htmx() else "posts/report.html"
    return render_form(template, form, post=post, own_post=is_author(current_user, post))


@bp.route("/p/<id:post_id>/edit", methods=["GET", "POST"])
@posting_limit
@member_can_post
@keeps_drafts(EditPostForm)
def edit(post_id: int):
    post = _own_post(post_id, can_edit_post)
    form = EditPostForm(obj=post, title=post.topic.title)
    if not post.is_opening():
        del form.title
    if form.validate_on_submit():
        posting.edit_post(post, form.body.data, form.title.data if "title" in form else None)
        db.session.commit()
        flash(gettext("Your post was updated."))
        words_arrived()
        return redirect(post_url(post))
    return render_form("posts/edit.html", form, post=post)


@bp.route("/p/<id:post_id>/delete", methods=["GET", "POST"])
@login_required
def delete(post_id: int):
    post = _own_post(post_id, can_delete_post)
    form = DeletePostForm()
    if form.validate_on_submit():
        posting.delete_post(post)
        db.session.commit()
        flash(gettext("Your post was removed."))
        return redirect(post_url(post))
    return render_form("posts/delete.html", form, post=post)


def _listed_post(post_id: int) -> Post:
    """A post anyone may read in a list: the only kind a member may save (else 404)."""
    post = db.get_or_404(Post, post_id)
    if not listed(post):
        abort(404)
    return post


def _is_saved(post: Post) -> bool:
    return post.id in inbox.saved_ids(current_user, [post.id])


@bp.get("/p/<id:post_id>/save")
@login_required
def confirm_save(post_id: int):
    """Where a post's plain "Save" link leads without JavaScript: one button,
    so that a topic page carries a link per post rather than a form and a token."""
    post = _listed_post(post_id)
    return render_template("posts/save.html", post=post, saved=_is_saved(post))


@bp.post("/p/<id:post_id>/save")
@login_required
def save(post_id: int):
    return _change_saved(_listed_post(post_id), inbox.save,
                         gettext("Saved. You'll find it in your saved posts, linked from your account page."))


@bp.post("/p/<id:post_id>/unsave")
@login_required
def unsave(post_id: int):
    # Any post, even one hidden since: letting a bookmark go shows nothing.
    return _change_saved(db.get_or_404(Post, post_id), inbox.unsave,
                         gettext("That post is no longer in your saved posts."))


def _change_saved(post: Post, change, done: str):
    """Save or unsave, then back where the member was (or, for htmx, the link in place)."""
    form = SavePostForm()
    return one_tap(
        form, lambda: change(current_user, post), done,
        fragment=lambda refused: render_template(
            "_partials/save_link.html", post=post, saved=_is_saved(post), refused=refused,
        ),
        back=lambda: _still_there(safe_next(form.next.data, post_url(post))),
    )


def _still_there(target: str) -> str:
    """Where to go back to: a page of the saved list that has posts left on it.

    Unsaving the one post on the last page leaves that page past the end,
    a 404 (as it is when typed in): the member lands on the page before.
    """
    url = urlsplit(target)
    page = page_arg(MultiDict(parse_qsl(url.query)))
    if url.path != url_for("posts.saved") or page == 1 or _saved_window(page).items:
        return target
    return url_for("posts.saved", page=page - 1 if page > 2 else None)


def _saved_window(page: int):
    return inbox.saved_page(current_user, page, current_app.config["SAVED_PER_PAGE"])


@bp.get("/saved")
@login_required
def saved():
    """The member's saved posts, last saved first; only those anyone may still read."""
    return render_template("posts/saved.html", saved=page_or_404(_saved_window(page_arg())))
