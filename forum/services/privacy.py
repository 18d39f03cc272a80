"""A member's own data: everything we hold about them, and leaving for good."""
from sqlalchemy import select

from forum import visibility
from forum.extensions import db
from forum.models import LoginSession, Report, Topic, User
from forum.services import accounts, posting


def _when(moment) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def export(member: User) -> dict:
    """Everything the forum holds that a member wrote or did, anonymous posts included:
    they are theirs. Passwords and recovery codes are stored only as hashes, so they are not here."""
    posts, topics = visibility.own_posts(member), visibility.own_topics(member)
    reports = db.session.scalars(select(Report).where(Report.reporter_id == member.id).order_by(Report.id)).all()
    logins = db.session.scalars(
        select(LoginSession.last_seen_at).where(LoginSession.user_id == member.id).order_by(LoginSession.last_seen_at)
    ).all()
    return {
        "account": {
            "handle": member.handle, "role": member.role, "joined": _when(member.created_at),
            "suspended_until": _when(member.suspended_until), "banned": member.is_banned,
        },
        "topics_started": [
            {"id": t.id, "title": t.title, "board": t.board.slug, "anonymous": t.anonymous,
             "created": _when(t.created_at), "asked_for_support": _when(t.support_requested_at)} for t in topics
        ],
        "posts": [
            {"id": p.id, "topic_id": p.topic_id, "anonymous": p.anonymous, "body": p.body,
             "created": _when(p.created_at), "edited": _when(p.edited_at), "deleted": _when(p.deleted_at),
             "moderation": p.moderation} for p in posts
        ],
        "open_logins": [{"last_used": _when(seen)} for seen in logins],
        "reports_made": [
            {"post_id": r.post_id, "reason": r.reason, "details": r.details, "created": _when(r.created_at),
             "outcome": r.outcome} for r in reports
        ],
    }


def delete_account(member: User, keep_posts: bool) -> None:
    """Close the account for good.

    Kept posts stay for others to read, by "a former member" (anonymous ones
    stay anonymous); otherwise each is removed as its author would remove it.
    Recovery codes and notices go with the account; the handle is held from
    others for a while. Reports the member made stay, without who made them
    (the database sets their reporter to NULL): a post someone was worried
    about stays in front of the moderators.
    """
    if not keep_posts:
        for post in visibility.own_posts(member):
            if not post.is_deleted:
                posting.delete_post(post)
    Topic.withdraw_support_requests(member.id)
    accounts.end_all_logins(member)
    accounts.hold_handle(member)
    db.session.delete(member)
    db.session.commit()


def change_password(member: User, new_password: str) -> None:
    """A new password ends every session of the account; the caller opens a new one for this device."""
    accounts.set_password(member, new_password)
    accounts.end_all_logins(member)
    db.session.commit()
