"""Moderators' actions on a reported post and on its author.

Every action works on the post's author through the post, so an anonymous
author is acted on without anyone seeing who they are; every action is
written to the moderation log.
"""
from datetime import timedelta

from flask_babel import gettext
from sqlalchemy import select, update

from forum.extensions import db
from forum.i18n import lazy_gettext
from forum.models import ModAction, Notice, Post, Report, Topic, User
from forum.models.base import utcnow
from forum.models.moderation import FromHere
from forum.permissions import can_act_on_post, can_moderate_post, can_switch_topic, can_undo, is_author, roles_above
from forum.services import inbox
from forum.visibility import awaits_review, is_public
from forum.vocabulary import ModerationAction as Action
from forum.vocabulary import PostState, ReportReason, Role

MAX_SUSPENSION_DAYS = 365


class ModerationError(ValueError):
    """The action cannot be done; the message is for the moderator."""


class ConfirmationNeeded(Exception):
    """The action is allowed, and asks the moderator to confirm it (with a note) first."""


def done_message(action: str) -> str:
    return str(Action(action).done)


# Why the rank rule refuses a named staff post, by its author's role: each names the roles above it
# (forum.permissions.roles_above), whole, as one sentence to translate.
RANK_REFUSALS = {
    Role.FACILITATOR: lazy_gettext("This post's author is a facilitator: only someone of higher rank "
                                   "(a moderator or an admin) can act on them or their posts."),
    Role.MODERATOR: lazy_gettext("This post's author is a moderator: only someone of higher rank "
                                 "(an admin) can act on them or their posts."),
    Role.ADMIN: lazy_gettext("This post's author is an admin: nobody here outranks them, "
                             "so please talk it over with them."),
}


def _refusal(moderator: User, post: Post) -> str:
    """Why the rank rule (forum.permissions.can_act_on_post) refuses: for a named staff post only."""
    if not can_moderate_post(moderator, post):
        return gettext("This post isn't one you can moderate.")
    if not roles_above(post):
        return str(RANK_REFUSALS[Role.ADMIN])
    return str(RANK_REFUSALS[Role(post.author.role)])


def _open_reports_reason(post: Post) -> str | None:
    return ReportReason.most_urgent(db.session.scalars(
        select(Report.reason).where(Report.post_id == post.id, Report.resolved_at.is_(None))
    ))


def set_post_state(post: Post, state: PostState) -> None:
    """Show or hide a post; hiding an opening post hides its topic's title too."""
    was_public = is_public(post)
    post.moderation = state
    if is_public(post) != was_public:
        post.topic.visible_posts_changed(shown=not was_public)
    if post.is_opening():
        post.topic.title_hidden = state != PostState.VISIBLE


def _check_topic_switch(moderator: User, topic: Topic, action: str) -> None:
    """Nobody pins or unlocks their own topic, and nobody undoes a higher rank's lock or pin."""
    if not can_switch_topic(moderator, topic):
        raise ModerationError(gettext("This is your own topic: please ask another member of staff."))
    undoes = action.undoes
    if undoes is None:
        return
    last = db.session.scalar(
        select(ModAction.moderator_role)
        .where(ModAction.topic_id == topic.id, ModAction.action == undoes)
        .order_by(ModAction.id.desc()).limit(1)
    )
    if not can_undo(moderator, last):
        higher = Role(last).word
        raise ModerationError(
            gettext("This topic's lock was set by someone of higher rank (%(role)s): please ask them.", role=higher)
            if undoes == Action.LOCK else
            gettext("This topic's pin was set by someone of higher rank (%(role)s): please ask them.", role=higher)
        )


def _check(moderator: User, post: Post, author: User | None, action: Action, note: str, days: int | None,
           confirmed: bool) -> None:
    if not can_act_on_post(moderator, post):
        raise ModerationError(_refusal(moderator, post))
    if action.on_author and author is None:
        raise ModerationError(gettext("This post's author no longer has an account."))
    if action == Action.LIFT:
        _check_lift(post, author)
    elif action.sanction and FromHere.for_posts([post.id])[post.id].banned:
        raise ModerationError(gettext("The author is banned from this post already. Lift the ban first to change it."))
    if action == Action.WARN and not note:
        raise ModerationError(gettext("Please write the warning: the author will see it as the note."))
    if action == Action.SUSPEND and not (days and 1 <= days <= MAX_SUSPENSION_DAYS):
        raise ModerationError(
            gettext("Please give a suspension of 1 to %(most)s days.", most=MAX_SUSPENSION_DAYS))
    if action.topic_switch:
        _check_topic_switch(moderator, post.topic, action)
    if action.confirmed and not confirmed:
        raise ConfirmationNeeded()
    if action == Action.BAN and not note:
        raise ModerationError(gettext("Please write why: the author will read it, with how to appeal."))


def act(moderator: User, post: Post, action: str, note: str | None = "", days: int | None = None,
        shut_out: bool = False, confirmed: bool = False) -> ModAction:
    """Carry out one moderation action and log it.

    The caller checks that the moderator looks after the post's board; the
    rank rule, and what this post's history allows, are checked here. A ban
    raises ConfirmationNeeded until it is confirmed. shut_out: a suspension
    or ban also ends the author's calls for support linked to this post.
    """
    if action not in Action.chosen_by_staff():
        raise ModerationError(gettext("Please choose an action."))
    action = Action(action)
    note = (note or "").strip()
    author = db.session.get(User, post.author_id) if post.author_id else None
    _check(moderator, post, author, action, note, days, confirmed)
    if action == Action.LIFT:
        return _lift(post, author, moderator.role, note)

    new_state = action.state
    now = utcnow()
    log = ModAction(
        created_at=now, moderator_id=moderator.id, moderator_role=moderator.role, action=action,
        post_id=post.id, topic_id=post.topic_id, target_was_anonymous=post.anonymous,
        reason=_open_reports_reason(post), note=note,
        target_user_id=author.id if action.on_author else None,
    )
    if action == Action.DISMISS and not awaits_review(post):
        new_state = None  # "keep" leaves a hidden or removed post as it is
    if new_state:
        set_post_state(post, new_state)
    if action.told_reporter:
        db.session.execute(
            update(Report).where(Report.post_id == post.id, Report.resolved_at.is_(None))
            .values(resolved_at=now, outcome=action)
        )
    if action.topic_switch:
        setattr(post.topic, *action.topic_switch)
    elif action == Action.WARN:
        notice = Notice(user_id=author.id, text=note, created_at=now)
        db.session.add(notice)
        inbox.notice_sent(notice)
    elif action == Action.SUSPEND:
        log.until = now + timedelta(days=days)
    db.session.add(log)
    if action.sanction:
        db.session.flush()
        _apply_sanctions(author)
    if shut_out and action.sanction:
        _shut_out_of_support(post, author)
    return log


def _apply_sanctions(member: User) -> None:
    """Set the account's suspension and ban from every one still standing.

    Each post's suspensions and bans stand until lifted through that same
    post (or every one at once by `forum lift HANDLE`): lifting through an
    anonymous post must not end a ban made through the same person's named
    post, or the named ban's effect would tell who wrote the anonymous one.
    """
    standing: dict[int | None, list[ModAction]] = {}
    for action in db.session.scalars(
        select(ModAction).where(ModAction.target_user_id == member.id,
                                ModAction.action.in_(Action.where("sanction") | {Action.LIFT}))
        .order_by(ModAction.id)
    ):
        if action.action != Action.LIFT:
            standing.setdefault(action.post_id, []).append(action)
        elif action.post_id is None:
            standing.clear()
        else:
            standing.pop(action.post_id, None)
    in_force = [action for actions in standing.values() for action in actions]
    member.banned_at = min((a.created_at for a in in_force if a.action == Action.BAN), default=None)
    member.suspended_until = max((a.until for a in in_force if a.action == Action.SUSPEND), default=None)


def _shut_out_of_support(post: Post, author: User) -> None:
    """End the author's calls for support, but only those publicly linked to this post.

    Through a named post, their named support topics; through an anonymous
    post, only its own topic, and only if it says it is by the topic's
    opener. Withdrawing anything else (an anonymous call elsewhere) would
    show staff, on the home page, which anonymous topic this author wrote.
    Once withdrawn, the topic no longer lets a suspended author reply
    (forum.permissions.may_reply_in).
    """
    if not post.anonymous:
        Topic.withdraw_support_requests(author.id, named_only=True)
    elif post.started_topic and is_author(author, post.topic):
        post.topic.support_requested_at = None


def _check_lift(post: Post, author: User | None) -> None:
    if author is None:
        raise ModerationError(gettext("This post's author no longer has an account."))
    if not FromHere.for_posts([post.id])[post.id].can_lift:
        raise ModerationError(gettext("There is no suspension or ban from this post to lift."))


def _lift(post: Post, author: User, role: str, note: str) -> ModAction:
    # Without the name of whoever lifted it, as `forum lift HANDLE` logs it.
    log = ModAction(
        moderator_id=None, moderator_role=role, action=Action.LIFT, post_id=post.id, topic_id=post.topic_id,
        target_user_id=author.id, target_was_anonymous=post.anonymous, note=note,
    )
    db.session.add(log)
    db.session.flush()
    _apply_sanctions(author)
    return log


def lift_through(post: Post, note: str = "") -> ModAction:
    """End the suspensions and bans made through this post (`forum lift --post`, an admin's command)."""
    author = db.session.get(User, post.author_id) if post.author_id else None
    _check_lift(post, author)
    return _lift(post, author, Role.ADMIN, note.strip())


def lift(member: User, note: str = "") -> ModAction:
    """End every suspension and ban of a member (an admin's decision, from the command line)."""
    member.suspended_until = None
    member.banned_at = None
    # Logged without a name even for staff: matched by date with an
    # anonymous post's suspension, a name would unmask its author. And with
    # no post: each post's item keeps showing what was done through it, so
    # nothing on an anonymous post's item changes when its author is lifted
    # by handle.
    log = ModAction(
        moderator_id=None, moderator_role=Role.ADMIN, action=Action.LIFT, target_user_id=member.id,
        target_was_anonymous=True, note=note,
    )
    db.session.add(log)
    return log
