"""The report queue and the moderation log."""
from functools import wraps

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum.extensions import db
from forum.models import Board, ModAction, Post
from forum.models.moderation import REPORT_REASONS, QueueFilter, queue_items, report_queue
from forum.moderation.forms import ModerationForm
from forum.permissions import can_moderate_post, is_staff, moderated_board_ids
from forum.rendering import is_htmx
from forum.routing import page_arg, page_or_404, safe_next
from forum.services import moderation

bp = Blueprint("moderation", __name__, url_prefix="/mod")


def staff_required(view):
    @wraps(view)
    @login_required
    def checked(*args, **kwargs):
        if not is_staff(current_user):
            abort(403)
        return view(*args, **kwargs)

    return checked


def _queue_filter(board_ids) -> QueueFilter:
    status = "resolved" if request.args.get("status") == "resolved" else "open"
    board = Board.by_slug(request.args.get("board", ""))
    reason = request.args.get("reason")
    return QueueFilter(
        status=status,
        board_id=board.id if board else None,
        reason=reason if reason in REPORT_REASONS else None,
        board_ids=board_ids,
    )


@bp.get("/reports")
@staff_required
def reports():
    board_ids = moderated_board_ids(current_user)
    filters = _queue_filter(board_ids)
    page = page_arg()
    items = report_queue(filters, page, current_app.config["REPORTS_PER_PAGE"])
    if page > 1 and not items.items:
        # The last item of the last page was just dealt with: show the page before.
        return redirect(url_for(".reports", **{**request.args, "page": max(items.pages, 1)}))
    boards = [b for b in Board.all_in_order() if board_ids is None or b.id in board_ids]
    return render_template(
        "moderation/reports.html", items=items, filters=filters, boards=boards,
        reasons=REPORT_REASONS, actions=moderation.ACTIONS,
        blank_form=lambda: ModerationForm(formdata=None),
    )


def _moderated_post_or_403(post_id: int) -> Post:
    post = db.get_or_404(Post, post_id)
    if not can_moderate_post(current_user, post):
        abort(403)
    return post


@bp.get("/reports/<id:post_id>")
@staff_required
def item(post_id: int):
    """One reported post on its own page: a link to share, and where a failed action comes back."""
    return _render_item(_moderated_post_or_403(post_id), ModerationForm(formdata=None))


@bp.post("/reports/<id:post_id>")
@staff_required
def act(post_id: int):
    post = _moderated_post_or_403(post_id)
    form = ModerationForm()
    confirming = form.confirm.data == "yes" and form.action.data in moderation.CONFIRMED_ACTIONS
    if form.validate_on_submit():
        try:
            moderation.act(current_user, post, form.action.data, form.note.data, form.days.data,
                           shut_out=form.shut_out.data, confirmed=confirming)
        except moderation.ConfirmationNeeded:
            return _render_confirm(post, form)
        except moderation.ModerationError as problem:
            form.action.errors.append(str(problem))
        else:
            done = moderation.done_message(form.action.data)
            if is_htmx():
                item, status = _render_item(post, ModerationForm(formdata=None), done=done)
                # The header's count of open reports, updated out of band.
                return item + render_template("_partials/open_reports.html", oob=True), status
            flash(done)  # shown on the queue it returns to
            return redirect(safe_next(form.next.data, url_for(".reports")))
    if confirming:
        return _render_confirm(post, form, status=422)
    return _render_item(post, form, status=422)


def _render_confirm(post: Post, form: ModerationForm, status: int = 200):
    """The second step of a ban: what it does, a note for the author, and the support-request choice."""
    template = "_partials/confirm_action.html" if is_htmx() else "moderation/confirm.html"
    return render_template(
        template, post=post, form=form, back=safe_next(form.next.data, url_for(".reports")),
    ), status


def _render_item(post: Post, form: ModerationForm, done: str | None = None, status: int = 200):
    """The queue item: a fragment for htmx, else a page of its own (with the form's errors and note)."""
    item = queue_items([post.id], "open")[0]
    if not item.reporters:
        item = queue_items([post.id], "resolved")[0]
    template = "_partials/queue_item.html" if is_htmx() else "moderation/item.html"
    return render_template(
        template, item=item, form=form, done=done, reasons=REPORT_REASONS, actions=moderation.ACTIONS,
        back=safe_next(request.form.get("next"), url_for(".reports")),
    ), status


@bp.get("/log")
def log():
    staff = is_staff(current_user)
    entries = page_or_404(ModAction.log_page(
        page_arg(), current_app.config["LOG_ENTRIES_PER_PAGE"],
        leave_out=() if staff else moderation.PRIVATE_ACTIONS,
    ))
    return render_template(
        "moderation/log.html", entries=entries, staff=staff, words=moderation.LOG_WORDS, reasons=REPORT_REASONS,
        author_actions=moderation.AUTHOR_ACTIONS,
    )
