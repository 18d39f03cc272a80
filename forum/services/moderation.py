"""Moderators' actions on a reported post and on its author.

Every action works on the post's author through the post, so an anonymous
author is acted on without anyone seeing who they are; every action is
written to the moderation log.
"""
from datetime import timedelta

from sqlalchemy import select, update

from forum.extensions import db
from forum.models import ModAction, Notice, Post, Report, Topic, User
from forum.models.base import utcnow
from forum.models.moderation import most_urgent
from forum.permissions import RANK, can_act_on_author

# action: (what the log says, the post's state afterwards or None, closes the reports?)
ACTIONS = {
    "dismiss": ("kept the post", "visible", True),
    "hide": ("hid the post", "hidden", True),
    "restore": ("restored the post", "visible", True),
    "delete": ("removed the post", "removed", True),
    "lock": ("locked the topic", None, False),
    "unlock": ("unlocked the topic", None, False),
    "pin": ("pinned the topic", None, False),
    "unpin": ("unpinned the topic", None, False),
    "warn": ("warned the author", None, False),
    "suspend": ("suspended the author", None, False),
    "ban": ("banned the author", None, False),
}
AUTHOR_ACTIONS = frozenset({"warn", "suspend", "ban"})
# Actions on the post's topic: (its attribute, the value set).
TOPIC_SWITCHES = {
    "lock": ("locked", True), "unlock": ("locked", False),
    "pin": ("pinned", True), "unpin": ("pinned", False),
}
UNDOES = {"unlock": "lock", "unpin": "pin"}
LOG_WORDS = {**{action: words for action, (words, _, _) in ACTIONS.items()},
             "auto-hide": "hid the post pending review",
             "lift": "lifted a suspension or ban"}
# Private to the author and staff: members' log leaves these out.
PRIVATE_ACTIONS = frozenset({"warn", "lift"})
MAX_SUSPENSION_DAYS = 365


class ModerationError(ValueError):
    """The action cannot be done; the message is for the moderator."""


def _open_reports_reason(post: Post) -> str | None:
    return most_urgent(db.session.scalars(
        select(Report.reason).where(Report.post_id == post.id, Report.resolved_at.is_(None))
    ))


def set_post_state(post: Post, state: str) -> None:
    """Show or hide a post; hiding an opening post hides its topic's title too."""
    if not post.is_deleted and post.is_visible != (state == "visible"):
        post.topic.visible_posts_changed(shown=state == "visible")
    post.moderation = state
    if post.is_opening():
        post.topic.title_hidden = state != "visible"


def _check_topic_switch(moderator: User, topic: Topic, action: str) -> None:
    """Nobody pins or unlocks their own topic, and nobody undoes a higher rank's lock or pin."""
    if topic.author_id == moderator.id:
        raise ModerationError("This is your own topic: please ask another member of staff.")
    undoes = UNDOES.get(action)
    if undoes is None:
        return
    last = db.session.scalar(
        select(ModAction.moderator_role)
        .where(ModAction.topic_id == topic.id, ModAction.action == undoes)
        .order_by(ModAction.id.desc()).limit(1)
    )
    if last and RANK.get(last, 0) > RANK[moderator.role]:
        raise ModerationError(f"This topic's {undoes} was set by someone of higher rank ({last}): please ask them.")


def act(moderator: User, post: Post, action: str, note: str | None = "", days: int | None = None) -> ModAction:
    """Carry out one moderation action and log it. Permission is checked by the caller."""
    note = (note or "").strip()
    if action not in ACTIONS:
        raise ModerationError("Please choose an action.")
    author = db.session.get(User, post.author_id) if post.author_id else None
    if action in AUTHOR_ACTIONS and author is None:
        raise ModerationError("This post's author no longer has an account.")
    if action == "warn" and not note:
        raise ModerationError("Please write the warning: the author will see it as the note.")
    if action == "suspend" and not (days and 1 <= days <= MAX_SUSPENSION_DAYS):
        raise ModerationError(f"Please give a suspension of 1 to {MAX_SUSPENSION_DAYS} days.")
    if action in AUTHOR_ACTIONS and not can_act_on_author(moderator, author):
        raise ModerationError("This author is staff: only someone of higher rank (an admin) can act on them.")
    if action in TOPIC_SWITCHES:
        _check_topic_switch(moderator, post.topic, action)

    _, new_state, closes_reports = ACTIONS[action]
    now = utcnow()
    log = ModAction(
        moderator_id=moderator.id, moderator_role=moderator.role, action=action,
        post_id=post.id, topic_id=post.topic_id, target_was_anonymous=post.anonymous,
        reason=_open_reports_reason(post), note=note,
        target_user_id=author.id if action in AUTHOR_ACTIONS else None,
    )
    if action == "dismiss" and post.moderation != "pending":
        new_state = None  # "keep" leaves a hidden or removed post as it is
    if new_state:
        set_post_state(post, new_state)
    if closes_reports:
        db.session.execute(
            update(Report).where(Report.post_id == post.id, Report.resolved_at.is_(None))
            .values(resolved_at=now, outcome=action)
        )
    if action in TOPIC_SWITCHES:
        setattr(post.topic, *TOPIC_SWITCHES[action])
    elif action == "warn":
        db.session.add(Notice(user_id=author.id, text=note))
    elif action == "suspend":
        author.suspended_until = log.until = now + timedelta(days=days)
        Topic.withdraw_support_requests(author.id)
    elif action == "ban":
        author.banned_at = now
        Topic.withdraw_support_requests(author.id)
    db.session.add(log)
    db.session.commit()
    return log


def lift(member: User, note: str = "") -> ModAction:
    """End a member's suspension or ban (an admin's decision, from the command line)."""
    member.suspended_until = None
    member.banned_at = None
    # Logged without a name even for staff: matched by date with an
    # anonymous post's suspension, a name would unmask its author.
    log = ModAction(
        moderator_id=None, moderator_role="admin", action="lift", target_user_id=member.id,
        target_was_anonymous=True, note=note,
    )
    db.session.add(log)
    db.session.commit()
    return log


def mark_notice_seen(notice: Notice) -> None:
    notice.seen_at = utcnow()
    db.session.commit()
