"""A member's own data: everything we hold about them, and leaving for good."""
from collections.abc import Callable

from flask_babel import gettext
from sqlalchemy import func, select

from forum import visibility
from forum.extensions import db
from forum.models import (
    InboxEntry,
    LoginSession,
    Meeting,
    ModAction,
    Notice,
    Post,
    RecoveryCode,
    Report,
    SavedPost,
    Topic,
    TopicFollow,
    TopicRead,
    UnsavedRecoveryCodes,
    User,
    board_facilitators,
)
from forum.search import engines as search_engines
from forum.services import accounts, posting
from forum.vocabulary import ModerationAction
from forum.wording import iso


def _when(moment) -> str | None:
    return iso(moment) if moment else None


def _all(query) -> list:
    return db.session.scalars(query).all()


# Each part of the export, with the columns naming a member that it covers.
# tests/test_privacy.py walks the models' foreign keys to users and fails on
# a column no part covers: a new table about members must say what of it
# the member gets.
SECTIONS: dict[str, tuple[tuple, Callable[[User], object]]] = {}


def _section(name: str, *covers):
    def register(describe):
        SECTIONS[name] = (covers, describe)
        return describe
    return register


def covered_columns() -> set[tuple[str, str]]:
    """("table", "column") for every column naming a member that the export covers."""
    return {(column.table.name, column.name) for covers, _ in SECTIONS.values() for column in covers}


def export(member: User) -> dict:
    """Everything the forum holds about a member, as theirs to keep.

    Never anything that would tell them who another anonymous author is,
    or which member of staff did what when the forum does not say it.
    """
    return {name: describe(member) for name, (_, describe) in SECTIONS.items()}


@_section("about_this_file")
def _about(_member) -> str:
    return gettext("Everything Porchlight holds about you, anonymous posts included: they are yours. Passwords, "
                   "recovery codes and login keys are kept only as one-way hashes, so they are described here, "
                   "not copied.")


@_section("account", board_facilitators.c.user_id)
def _account(member: User) -> dict:
    return {
        "handle": member.handle, "role": member.role, "joined": _when(member.created_at),
        "suspended_until": _when(member.suspended_until), "banned": member.is_banned,
        "boards_you_look_after": [board.slug for board in member.facilitated_boards],
        "follow_topics_you_post_in": member.follows_what_they_post,
        # What they chose at /settings; null where they chose nothing.
        "settings": {"time_zone": member.time_zone, "country": member.country, "language": member.language},
        # The address itself is kept only as a one-way hash.
        "private_inbox_feed": {"made": member.inbox_feed_digest is not None,
                               "carries_the_words": member.inbox_feed_words},
    }


@_section("topics_started", Topic.author_id)
def _topics(member: User) -> list:
    return [
        {"id": t.id, "title": t.title, "board": t.board.slug, "anonymous": t.anonymous,
         "created": _when(t.created_at), "asked_for_support": _when(t.support_requested_at)}
        for t in visibility.own_topics(member)
    ]


@_section("posts", Post.author_id)
def _posts(member: User) -> list:
    return [
        {"id": p.id, "topic_id": p.topic_id, "anonymous": p.anonymous, "body": p.body,
         "created": _when(p.created_at), "edited": _when(p.edited_at), "deleted": _when(p.deleted_at),
         "moderation": p.moderation}
        for p in visibility.own_posts(member)
    ]


@_section("open_logins", LoginSession.user_id)
def _logins(member: User) -> list:
    return [{"last_used": _when(seen)} for seen in _all(
        select(LoginSession.last_seen_at).where(LoginSession.user_id == member.id).order_by(LoginSession.last_seen_at)
    )]


@_section("recovery_codes", RecoveryCode.user_id, UnsavedRecoveryCodes.user_id)
def _recovery_codes(member: User) -> dict:
    waiting = db.session.scalar(
        select(func.max(UnsavedRecoveryCodes.expires_at)).where(UnsavedRecoveryCodes.user_id == member.id)
    )
    used = sum(1 for code in member.recovery_codes if code.used_at)
    return {"unused": len(member.recovery_codes) - used, "used": used, "new_codes_shown_to_you_until": _when(waiting)}


@_section("reports_made", Report.reporter_id)
def _reports(member: User) -> list:
    return [
        {"post_id": r.post_id, "reason": r.reason, "details": r.details, "created": _when(r.created_at),
         "outcome": r.outcome}
        for r in _all(select(Report).where(Report.reporter_id == member.id).order_by(Report.id))
    ]


@_section("notices_from_moderators", Notice.user_id)
def _notices(member: User) -> list:
    return [
        {"text": n.text, "sent": _when(n.created_at), "seen": _when(n.seen_at)}
        for n in _all(select(Notice).where(Notice.user_id == member.id).order_by(Notice.id))
    ]


@_section("topics_you_follow", TopicFollow.user_id)
def _follows(member: User) -> list:
    return [{"topic_id": topic_id, "since": _when(since)} for topic_id, since in db.session.execute(
        select(TopicFollow.topic_id, TopicFollow.created_at).where(TopicFollow.user_id == member.id)
        .order_by(TopicFollow.topic_id)
    )]


@_section("how_far_you_read", TopicRead.user_id)
def _reads(member: User) -> list:
    return [{"topic_id": topic_id, "read_up_to_post_id": post_id} for topic_id, post_id in db.session.execute(
        select(TopicRead.topic_id, TopicRead.last_read_post_id).where(TopicRead.user_id == member.id)
        .order_by(TopicRead.topic_id)
    )]


@_section("inbox", InboxEntry.user_id)
def _inbox(member: User) -> list:
    """What the member was told, by reference: the replies are other people's words."""
    return [
        {"kind": e.kind, "post_id": e.post_id, "topic_id": e.topic_id, "notice_sent": _when(e.notice and e.notice.created_at),
         "created": _when(e.created_at), "read": _when(e.read_at)}
        for e in _all(select(InboxEntry).where(InboxEntry.user_id == member.id).order_by(InboxEntry.id))
    ]


@_section("saved_posts", SavedPost.user_id)
def _saved(member: User) -> list:
    return [{"post_id": post_id, "saved": _when(saved)} for post_id, saved in db.session.execute(
        select(SavedPost.post_id, SavedPost.created_at).where(SavedPost.user_id == member.id)
        .order_by(SavedPost.created_at)
    )]


@_section("meetings_you_added_or_suggested", Meeting.added_by_id)
def _meetings(member: User) -> list:
    """Listings of places, which stay listed when the account goes (without who added them)."""
    return [
        {"slug": m.slug, "name": m.name, "state": m.state, "added": _when(m.created_at)}
        for m in _all(select(Meeting).where(Meeting.added_by_id == member.id).order_by(Meeting.id))
    ]


# Actions whose note the author is given to read (a warning's is its notice).
NOTES_FOR_THE_AUTHOR = (ModerationAction.WARN, ModerationAction.SUSPEND, ModerationAction.BAN)


def _acted(entry) -> str:
    role = visibility.role_members_see(entry)
    return str(role.someone) if role else gettext("the community's reports")


@_section("moderation_about_you", ModAction.target_user_id)
def _moderation_about(member: User) -> list:
    """Who acted is said as the public log says it: "a moderator", never a handle."""
    return [
        {"action": a.action, "by": _acted(a), "when": _when(a.created_at), "until": _when(a.until),
         "post_id": a.post_id, "topic_id": a.topic_id, "reason": a.reason,
         "note": a.note if a.action in NOTES_FOR_THE_AUTHOR else ""}
        for a in _all(select(ModAction).where(ModAction.target_user_id == member.id).order_by(ModAction.id))
    ]


@_section("moderation_you_did", ModAction.moderator_id)
def _moderation_done(member: User) -> list:
    """A member of staff's own actions and notes, without whose post it was:
    staff act on "the author of this post", never on a name."""
    return [
        {"action": a.action, "when": _when(a.created_at), "until": _when(a.until), "post_id": a.post_id,
         "topic_id": a.topic_id, "reason": a.reason, "note": a.note}
        for a in _all(select(ModAction).where(ModAction.moderator_id == member.id).order_by(ModAction.id))
    ]


def delete_account(member: User, keep_posts: bool) -> None:
    """Close the account for good.

    Kept posts stay for others to read, by "a former member" (anonymous ones
    stay anonymous); otherwise each is removed as its author would remove it.
    Recovery codes, notices, follows, read marks, the inbox and saved posts
    go with the account (the database cascades them); the handle is held from
    others for a while. Reports the member made stay, without who made them
    (the database sets their reporter to NULL): a post someone was worried
    about stays in front of the moderators. Meetings they added or suggested
    stay, without who did (a listing is a place, not their words).
    """
    if not keep_posts:
        for post in visibility.own_posts(member):
            if not post.is_deleted:
                posting.delete_post(post)
        db.session.flush()
        # Their words must not linger in the search index's tables either.
        search_engines.engine().forget_removed_words()
    Topic.withdraw_support_requests(member.id)
    accounts.end_all_logins(member)
    accounts.hold_handle(member)
    db.session.delete(member)


def change_password(member: User, new_password: str) -> None:
    """A new password ends every session of the account; the caller opens a new one for this device."""
    accounts.set_password(member, new_password)
    accounts.end_all_logins(member)
