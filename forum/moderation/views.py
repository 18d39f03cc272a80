"""The report queue and the moderation log."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum import visibility
from forum.extensions import db
from forum.guards import post_to_moderate, staff_only
from forum.models import Board, Meeting, Post
from forum.models.moderation import QueueFilter, queue_items, report_queue
from forum.moderation.forms import ModerationForm
from forum.permissions import can_keep_meeting, can_moderate_board, is_staff, moderated_board_ids
from forum.rendering import is_htmx
from forum.routing import page_arg, page_or_404, safe_next
from forum.services import moderation
from forum.vocabulary import MeetingState, ModerationAction, ReportReason

bp = Blueprint("moderation", __name__, url_prefix="/mod")
# The whole area is for staff, whatever route is added to it; the log alone
# is public: the community sees how it is looked after.
bp.before_request(staff_only(public={"moderation.log"}))


def _queue_filter(board_ids) -> QueueFilter:
    status = "resolved" if request.args.get("status") == "resolved" else "open"
    board = Board.by_slug(request.args.get("board", ""))
    reason = request.args.get("reason")
    return QueueFilter(
        status=status,
        board_id=board.id if board else None,
        reason=reason if reason in tuple(ReportReason) else None,
        board_ids=board_ids,
    )


@bp.get("/reports")
def reports():
    board_ids = moderated_board_ids(current_user)
    filters = _queue_filter(board_ids)
    page = page_arg()
    items = report_queue(filters, page, current_app.config["REPORTS_PER_PAGE"])
    if page > 1 and not items.items:
        # The last item of the last page was just dealt with: show the page before.
        return redirect(url_for(".reports", **{**request.args, "page": max(items.pages, 1)}))
    boards = [board for board in Board.all_in_order() if can_moderate_board(current_user, board.id)]
    return render_template(
        "moderation/reports.html", items=items, filters=filters, boards=boards,
        blank_form=lambda: ModerationForm(formdata=None),
    )


@bp.get("/reports/<id:post_id>")
@post_to_moderate
def item(post: Post):
    """One reported post on its own page: a link to share, and where a failed action comes back."""
    return _render_item(post, ModerationForm(formdata=None))


@bp.post("/reports/<id:post_id>")
@post_to_moderate
def act(post: Post):
    form = ModerationForm()
    confirming = form.confirm.data == "yes" and form.action.data in ModerationAction.where("confirmed")
    if form.validate_on_submit():
        try:
            moderation.act(current_user, post, form.action.data, form.note.data, form.days.data,
                           shut_out=form.shut_out.data, confirmed=confirming)
        except moderation.ConfirmationNeeded:
            return _render_confirm(post, form)
        except moderation.ModerationError as problem:
            form.action.errors.append(str(problem))
        else:
            db.session.commit()
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
        template, item=item, form=form, done=done,
        back=safe_next(request.form.get("next"), url_for(".reports")),
    ), status


@bp.get("/log")
def log():
    entries = page_or_404(visibility.log_page(page_arg(), current_app.config["LOG_ENTRIES_PER_PAGE"]))
    return render_template("moderation/log.html", entries=entries, staff=is_staff(current_user))


@bp.get("/meetings")
def meetings():
    """Meetings members suggested, waiting for the staff who keep them; then the listed ones nobody has
    confirmed for a while, the archived ones and the declined suggestions (a decline can be taken back)."""
    kept = [meeting for meeting in Meeting.in_states(*MeetingState, with_who_added=True)
            if can_keep_meeting(current_user, meeting)]

    def in_state(state):
        return [meeting for meeting in kept if meeting.state == state]

    return render_template(
        "moderation/meetings.html", proposed=in_state(MeetingState.PROPOSED),
        unconfirmed=[meeting for meeting in in_state(MeetingState.LISTED) if not meeting.confirmed_recently],
        archived=in_state(MeetingState.ARCHIVED), declined=in_state(MeetingState.DECLINED),
    )
