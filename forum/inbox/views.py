"""A member's inbox: replies in topics they follow, answers to their posts, and notices from the moderators."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from forum.extensions import db
from forum.forms import nothing_changed
from forum.inbox.forms import MarkAllReadForm
from forum.rendering import is_htmx
from forum.routing import page_arg, page_or_404
from forum.services import inbox

bp = Blueprint("inbox", __name__)


def _render_inbox(form: MarkAllReadForm, status: int = 200, oob_count: bool = False):
    """The page, or for htmx the list alone (and, once marked read, the header's count out of band)."""
    entries = page_or_404(inbox.inbox_page(current_user, page_arg(), current_app.config["INBOX_PER_PAGE"]))
    if not is_htmx():
        return render_template("inbox/index.html", entries=entries, form=form), status
    fragment = render_template("_partials/inbox_entries.html", entries=entries, form=form)
    if oob_count:
        fragment += render_template("_partials/inbox_count.html", oob=True)
    return fragment, status


@bp.get("/inbox")
@login_required
def index():
    return _render_inbox(MarkAllReadForm(formdata=None))


@bp.post("/inbox/read")
@login_required
def read_all():
    form = MarkAllReadForm()
    if form.validate_on_submit():
        inbox.mark_all_read(current_user)
        db.session.commit()
        if is_htmx():
            return _render_inbox(MarkAllReadForm(formdata=None), oob_count=True)
        flash(gettext("Everything in your inbox is marked as read."))
    elif is_htmx():
        return _render_inbox(form, status=422)  # the list stays, saying why nothing changed
    else:
        flash(nothing_changed())
    page = page_arg()
    return redirect(url_for(".index", page=page if page > 1 else None))
