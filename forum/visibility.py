"""Who may read what, and how an author is shown to them: the one place these rules live.

Pages, fragments, profiles, the counts members see and the export ask here
(design.md, principle 8); templates through the globals forum.rendering
registers. A new way of reading the forum is a new caller of these
functions, never a new copy of a rule. Lists members see start from
in_lists(), so one that forgets a rule shows less, never more.

The anonymity promise is absolute: nothing here tells anyone, staff
included, who wrote an anonymous post; only its author learns it is theirs.
"""
from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from forum.extensions import db
from forum.i18n import lazy_gettext
from forum.models import Meeting, ModAction, Post, Topic
from forum.models.boards import load_badges
from forum.permissions import (
    can_keep_meeting,
    can_moderate_board,
    can_see_hidden_titles,
    is_author,
    is_staff,
    moderated_boards_clause,
)
from forum.vocabulary import COMMUNITY, MeetingState, ModerationAction, PostState, Role

HIDDEN_TITLE = lazy_gettext("Topic hidden by moderators")
REMOVED_BY_AUTHOR = lazy_gettext("Post removed by its author.")
# What a topic's title becomes, stored, when its author removes the opening
# post (forum.services.posting.delete_post): no title, which no member can
# write, shown in the reader's language.
REMOVED_TITLE = ""
REMOVED_TITLE_WORDS = lazy_gettext("Topic removed by its author")


# --- Which posts and topics a viewer may read -------------------------------

def is_public(post) -> bool:
    """Anyone may read it: neither removed by its author nor held back by moderators."""
    return post.is_public


def in_lists():
    """The SQL rule for every list of posts gathered from across the forum
    (the inbox, saved posts, feeds, "4 new"): what anyone may read. Staff
    judge held posts on their topic and in the queue, never from a list."""
    return Post.is_public


def listed(post) -> bool:
    """The same rule as in_lists(), for a post in hand: what anyone may read in
    a list, and so the only kind of post a member may save or answer."""
    return post.is_public


def searchable(viewer=current_user, held: bool = False):
    """The SQL rule for what a search finds, over posts and their topics: what
    anyone may read (in_lists()). With held, staff look instead among the posts
    moderators hold back on the boards they moderate, as they read them there."""
    if not (held and is_staff(viewer)):
        return [in_lists()]
    rule = [~Post.is_deleted, Post.held_by_moderators]
    boards = moderated_boards_clause(viewer)
    return rule if boards is None else [*rule, Topic.board_id.in_(boards)]


def may_read(post, viewer=current_user) -> bool:
    """Anyone reads a public post; staff of its board also read one moderators
    hold back, to judge it. A post its author removed has no words left."""
    return post.is_public or (not post.is_deleted and can_moderate_board(viewer, post.topic.board_id))


def held_by_moderators(post) -> bool:
    return post.held_by_moderators


def awaits_review(post) -> bool:
    """Hidden from members until staff decide (a report hid it at once)."""
    return post.moderation == PostState.PENDING


def notice_for(post) -> str | None:
    """What members read in place of a post they may not read; None for a public post."""
    if post.is_deleted:
        return str(REMOVED_BY_AUTHOR)
    notice = PostState(post.moderation).notice
    return str(notice) if notice else None


def topic_title(topic, viewer=current_user) -> str:
    """A topic's title, unless moderators have hidden it from members."""
    if topic.title_hidden and not can_see_hidden_titles(viewer):
        return str(HIDDEN_TITLE)
    if topic.title == REMOVED_TITLE:
        return str(REMOVED_TITLE_WORDS)
    return topic.title


def _public_by(member):
    """Posts under a member's name that anyone may read.

    Anonymous posts never count, nor those its author or moderators took
    away: a member who only posts anonymously has the profile of one who
    never posted.
    """
    return Post.author_id == member.id, Post.anonymous.is_(False), in_lists()


def public_posts_by(member, limit: int = 20) -> list[Post]:
    """A profile's recent posts, newest first."""
    return list(db.session.scalars(
        select(Post).where(*_public_by(member)).options(selectinload(Post.topic)).order_by(Post.id.desc()).limit(limit)
    ))


def public_post_count_by(member) -> int:
    """The number a profile shows: the same posts public_posts_by lists."""
    return db.session.scalar(select(func.count(Post.id)).where(*_public_by(member)))


def public_topics(limit: int, board_id: int | None = None) -> list[tuple[Topic, Post]]:
    """The newest topics anyone may read, each with its opening post, newest
    first (the feeds). A topic whose title moderators hid, or whose opening
    post is not public, is left out: a list has no place for its notice."""
    query = (
        select(Topic, Post).join(Post, Post.id == Topic.first_post_id_query(Topic.id).scalar_subquery())
        .where(Topic.title_hidden.is_(False), in_lists())
        .options(joinedload(Post.author))
        .order_by(Topic.id.desc()).limit(limit)
    )
    if board_id is not None:
        query = query.where(Topic.board_id == board_id)
    rows = [tuple(row) for row in db.session.execute(query)]
    load_badges(post for _, post in rows)
    return rows


def public_posts_in(topic, limit: int) -> list[Post]:
    """A topic's newest posts that anyone may read, newest first (its feed)."""
    posts = list(db.session.scalars(
        select(Post).where(Post.topic_id == topic.id, in_lists())
        .options(joinedload(Post.author)).order_by(Post.id.desc()).limit(limit)
    ))
    load_badges(posts)
    return posts


def own_posts(member) -> list[Post]:
    """Everything a member wrote, anonymous or taken away included: theirs to read (the export)."""
    return list(db.session.scalars(select(Post).where(Post.author_id == member.id).order_by(Post.id)))


def own_topics(member) -> list[Topic]:
    """Every topic a member started, anonymous ones included (the export)."""
    return list(db.session.scalars(select(Topic).where(Topic.author_id == member.id).order_by(Topic.id)))


def log_page(page: int, per_page: int, viewer=current_user):
    """A page of the moderation log: members do not read the private lines (warnings, lifts)."""
    return ModAction.log_page(page, per_page, leave_out=() if is_staff(viewer) else ModerationAction.where("private"))


# --- Which meetings, and how to join them -------------------------------------

def listed_meetings() -> list:
    """What /meetings, its calendar and its feed list: the meetings staff listed, for everyone."""
    return Meeting.in_states(MeetingState.LISTED)


def may_see_meeting(meeting, viewer=current_user) -> bool:
    """A listed meeting, or one listed once and archived, for anyone; a suggestion (waiting or declined)
    for the staff who keep it and for whoever suggested it."""
    return (MeetingState(meeting.state).shown_to_everyone or can_keep_meeting(viewer, meeting)
            or bool(viewer and viewer.is_authenticated and meeting.added_by_id == viewer.id))


def on_calendars(meeting) -> bool:
    """Only a listed meeting is in a calendar file: one archived or still a suggestion happens nowhere."""
    return meeting.state == MeetingState.LISTED


def sees_how_to_join(meeting, viewer=current_user) -> bool:
    """The conference link, its password and the dial-in: logged-in members only (against meeting-bombing),
    unless staff marked them public, as a source that published them did."""
    return meeting.link_public or bool(viewer and viewer.is_authenticated)


# --- How an author is shown --------------------------------------------------

@dataclass(frozen=True)
class Byline:
    """Who wrote a post (or acted, in the log), as one viewer may know it.

    What the one byline macro (templates/_partials/byline.html) shows:
    removed, else anonymous (with the tag the topic shows), else a handle
    (with a staff role or badge), else a role alone, else a former member.
    """

    removed: bool = False
    anonymous: bool = False
    tag: str | None = None
    started_topic: bool = False
    by_viewer: bool = False
    handle: str | None = None
    role: str | None = None
    badge: str | None = None


def post_byline(post, viewer=current_user) -> Byline:
    """A post's author in its topic. An anonymous post shows its tag, and
    only to its author that it is theirs; never a name or a staff badge,
    to anyone: there a badge would point to its author."""
    if post.is_deleted:
        return Byline(removed=True)
    if post.anonymous:
        return Byline(anonymous=True, tag=post.author_tag, started_topic=post.started_topic,
                      by_viewer=is_author(viewer, post))
    if post.author is None:
        return Byline()
    return Byline(handle=post.author.handle, badge=post.author.staff_badge)


def author_for_staff(post) -> Byline:
    """A reported post's author, as staff know them: by name only when the post
    carries one, even after its author removed it (it is the evidence)."""
    if post.anonymous:
        return Byline(anonymous=True)
    return Byline(handle=post.author.handle) if post.author else Byline()


def log_author(entry, viewer=current_user) -> Byline | None:
    """The author a log line is about, for staff only; None when there is none to show.

    An anonymous author's line stays the same when their account goes: its
    change would say whose it was.
    """
    about_an_author = entry.target_user_id or (entry.target_was_anonymous and ModerationAction(entry.action).on_author)
    if not (is_staff(viewer) and about_an_author):
        return None
    if entry.target_was_anonymous:
        return Byline(anonymous=True)
    return Byline(handle=entry.target_user.handle) if entry.target_user else Byline()


def role_members_see(entry) -> Role | None:
    """Who acted, as members are told (the log, the export): a role, never a
    handle, and an admin acts as a moderator. None for the community's own hide."""
    if entry.moderator_role == COMMUNITY:
        return None
    return Role(entry.moderator_role).to_members


def log_actor(entry, viewer=current_user) -> Byline:
    """Who acted: staff see the name and role; members see what role_members_see tells."""
    if is_staff(viewer) and entry.moderator:
        return Byline(handle=entry.moderator.handle, role=entry.moderator_role)
    return Byline(role=role_members_see(entry))

