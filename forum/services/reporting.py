"""Members reporting posts, and the community's automatic hide."""
from flask import current_app
from flask_babel import gettext
from sqlalchemy import exists, select

from forum.extensions import db
from forum.models import ModAction, Post, Report, User
from forum.models.base import utcnow
from forum.permissions import can_act_on_post, can_be_reported, is_author
from forum.services.moderation import set_post_state
from forum.visibility import held_by_moderators
from forum.vocabulary import COMMUNITY, ModerationAction, ReportReason

# Together, any number of day-old accounts count as one member at most:
# one person making fresh accounts cannot hide a post on their own.
NEW_ACCOUNTS_CAP = 1.0


class ReportError(ValueError):
    """The report is not allowed; the message is for the member."""


def _weight(reporter: User) -> float:
    if not reporter.can_post:
        return 0.0  # a suspended or banned member is heard, but hides nothing
    return 0.5 if reporter.is_new() else 1.0


def report_post(post: Post, reporter: User, reason: str, details: str) -> Report:
    if is_author(reporter, post):
        raise ReportError(gettext("You can't report your own post. You can edit or delete it instead."))
    if not can_be_reported(post):
        raise ReportError(gettext("Moderators have already dealt with this post. Thank you for looking out."))
    if reason not in tuple(ReportReason):
        raise ReportError(gettext("Please choose a reason."))
    report = Report.by(reporter, post)
    if report is None or report.resolved_at is not None:
        # A first report, or a new one after moderators closed the last:
        # its age in the queue starts now, and it keeps the words as they are
        # now. Updating an open one keeps its place and the words it was about.
        report = report or Report(post_id=post.id, reporter_id=reporter.id)
        report.created_at = utcnow()
        report.body_html_when_reported = post.body_html
    report.reason = reason
    report.details = details.strip()
    report.weight = _weight(reporter)
    report.from_staff = can_act_on_post(reporter, post)  # the rank rule: a report hides at once only from above
    report.resolved_at = None
    report.outcome = None
    db.session.add(report)
    db.session.flush()
    _hide_if_reported_enough(post)
    return report


def _kept_by_moderators(post: Post) -> bool:
    return db.session.scalar(select(exists().where(
        ModAction.post_id == post.id, ModAction.action.in_((ModerationAction.DISMISS, ModerationAction.RESTORE))
    )))


def _hide_if_reported_enough(post: Post) -> None:
    """Hide the post pending review when reports reach the threshold.

    Reports by distinct members count once each, day-old accounts half (and
    together at most NEW_ACCOUNTS_CAP); a report by the board's staff hides
    at once. Once a moderator has looked and kept a post, only a moderator
    hides it again.
    """
    if held_by_moderators(post) or _kept_by_moderators(post):
        return
    open_reports = db.session.scalars(
        select(Report).where(Report.post_id == post.id, Report.resolved_at.is_(None))
    ).all()
    established = sum(r.weight for r in open_reports if r.weight >= 1)
    new_accounts = min(sum(r.weight for r in open_reports if r.weight < 1), NEW_ACCOUNTS_CAP)
    by_staff = any(r.from_staff for r in open_reports)
    if not by_staff and established + new_accounts < current_app.config["FORUM_AUTOHIDE_THRESHOLD"]:
        return
    set_post_state(post, ModerationAction.AUTO_HIDE.state)
    # Logged the same way whoever's report it was: naming or ranking the
    # reporter ("A facilitator hid...") would name them on a board with one
    # facilitator. Who reported is kept only on the report itself.
    db.session.add(ModAction(
        moderator_id=None, moderator_role=COMMUNITY,
        action=ModerationAction.AUTO_HIDE, post_id=post.id, topic_id=post.topic_id, target_was_anonymous=post.anonymous,
        reason=ReportReason.most_urgent(r.reason for r in open_reports),
    ))
