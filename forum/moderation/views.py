"""The report queue and the moderation log."""
from functools import wraps

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum.extensions import db
from forum.models import Board, ModAction, Post
from forum.models.moderation import REPORT_REASONS, QueueFilter, queue_items, report_queue
from forum.moderation.forms import ModerationForm
from forum.permissions import can_moderate_post, is_staff, moderated_board_ids
from forum.services import moderation
from forum.web import is_htmx, page_arg, page_or_404, safe_next

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


def _render_queue(failed: dict | None = None, status: int = 200):
    board_ids = moderated_board_ids(current_user)
    filters = _queue_filter(board_ids)
    items = page_or_404(report_queue(filters, page_arg(), current_app.config["REPORTS_PER_PAGE"]))
    boards = [b for b in Board.all_in_order() if board_ids is None or b.id in board_ids]
    return render_template(
        "moderation/reports.html", items=items, filters=filters, boards=boards,
        reasons=REPORT_REASONS, actions=moderation.ACTIONS, failed=failed or {},
        blank_form=lambda: ModerationForm(formdata=None),
    ), status


@bp.get("/reports")
@staff_required
def reports():
    return _render_queue()


@bp.post("/reports/<id:post_id>")
@staff_required
def act(post_id: int):
    post = db.get_or_404(Post, post_id)
    if not can_moderate_post(current_user, post):
        abort(403)
    form = ModerationForm()
    if form.validate_on_submit():
        try:
            moderation.act(current_user, post, form.action.data, form.note.data, form.days.data)
        except moderation.ModerationError as problem:
            form.action.errors.append(str(problem))
        else:
            if is_htmx():
                return _item_fragment(post, ModerationForm(formdata=None), done=form.action.data)
            return redirect(safe_next(form.next.data, url_for(".reports")))
    if is_htmx():
        return _item_fragment(post, form, status=422)
    return _render_queue(failed={post.id: form}, status=422)


def _item_fragment(post: Post, form: ModerationForm, done: str | None = None, status: int = 200):
    open_items = queue_items([post.id], "open")
    item = open_items[0] if open_items[0].reporters else queue_items([post.id], "resolved")[0]
    return render_template(
        "_partials/queue_item.html", item=item, form=form, done=done, reasons=REPORT_REASONS,
        actions=moderation.ACTIONS, back=request.form.get("next", ""),
    ), status


@bp.get("/log")
def log():
    entries = page_or_404(ModAction.log_page(page_arg(), current_app.config["LOG_ENTRIES_PER_PAGE"]))
    return render_template(
        "moderation/log.html", entries=entries, staff=is_staff(current_user), words=moderation.LOG_WORDS,
        reasons=REPORT_REASONS,
    )
