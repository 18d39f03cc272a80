"""Members reporting posts, and the community's automatic hide."""
from flask import current_app
from sqlalchemy import select

from forum.extensions import db
from forum.models import ModAction, Post, Report, User
from forum.models.base import utcnow
from forum.models.moderation import REPORT_REASONS
from forum.permissions import can_moderate_post


class ReportError(ValueError):
    """The report is not allowed; the message is for the member."""


def _weight(reporter: User, post: Post, threshold: float) -> float:
    """How much one report counts towards hiding a post at once.

    Staff who look after the board hide it outright. A member's account
    younger than a day counts half, so that one person cannot make a few
    fresh accounts and hide someone's post; every account counts once at
    most, because a member's second report replaces their first.
    """
    if can_moderate_post(reporter, post):
        return threshold
    return 0.5 if reporter.is_new() else 1.0


def report_post(post: Post, reporter: User, reason: str, details: str) -> Report:
    if post.is_written_by(reporter):
        raise ReportError("You can't report your own post. You can edit or delete it instead.")
    if reason not in REPORT_REASONS:
        raise ReportError("Please choose a reason.")
    threshold = current_app.config["FORUM_AUTOHIDE_THRESHOLD"]
    report = Report.by(reporter, post) or Report(post_id=post.id, reporter_id=reporter.id)
    report.reason = reason
    report.details = details.strip()
    report.weight = _weight(reporter, post, threshold)
    report.created_at = utcnow()
    report.resolved_at = None
    report.outcome = None
    db.session.add(report)
    db.session.flush()
    _hide_if_reported_enough(post, threshold)
    db.session.commit()
    return report


def _hide_if_reported_enough(post: Post, threshold: float) -> None:
    if post.moderation != "visible":
        return
    open_reports = db.session.scalars(
        select(Report).where(Report.post_id == post.id, Report.resolved_at.is_(None))
    ).all()
    if sum(r.weight for r in open_reports) >= threshold:
        post.moderation = "pending"
        top = max(open_reports, key=lambda r: REPORT_REASONS[r.reason][1]).reason
        db.session.add(ModAction(
            moderator_id=None, moderator_role="community", action="auto-hide",
            post_id=post.id, topic_id=post.topic_id, target_was_anonymous=post.anonymous,
            reason=top,
        ))
