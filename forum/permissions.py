"""Who may moderate what: the one place these rules live.

Facilitators look after their own boards; moderators and admins look after
every board. Views ask here; they never compare roles themselves.
"""
from sqlalchemy import select

from forum.extensions import db
from forum.models import board_facilitators
from forum.vocabulary import Role

STAFF_ROLES = frozenset(role for role in Role if role.is_staff)
RANK = {role: role.rank for role in Role}


def is_staff(user) -> bool:
    """Staff who may moderate now: a suspended or banned one may not."""
    return bool(user and user.is_authenticated and user.role in STAFF_ROLES and user.can_post)


def moderated_board_ids(user) -> set[int] | None:
    """The boards this member moderates: None means every board."""
    if not is_staff(user):
        return set()
    if user.role in {"moderator", "admin"}:
        return None
    return set(db.session.scalars(
        select(board_facilitators.c.board_id).where(board_facilitators.c.user_id == user.id)
    ))


def moderated_boards_clause(user):
    """moderated_board_ids as SQL, for counting in one statement: None means every board."""
    if user.role in {"moderator", "admin"}:
        return None
    return select(board_facilitators.c.board_id).where(board_facilitators.c.user_id == user.id)


def can_moderate_board(user, board_id: int) -> bool:
    boards = moderated_board_ids(user)
    return boards is None or board_id in boards


def can_moderate_post(user, post) -> bool:
    """Staff of the post's board, and not its author: nobody judges their own post."""
    return is_staff(user) and can_moderate_board(user, post.topic.board_id) and not post.is_written_by(user)


def post_rank(post) -> int:
    """The rank a post carries into moderation: its named author's.

    An anonymous post carries no rank: it is moderated as a member's post,
    by any staff of its board, for every action (warn, suspend and ban of
    "the author" included). Anything else would tell staff something about
    who wrote it: a refusal, or a button missing, would say "this anonymous
    author outranks you". So for an anonymous post, what staff may do never
    depends on who wrote it.
    """
    if post.anonymous or post.author is None:
        return RANK["member"]
    return RANK.get(post.author.role, RANK["member"])


def can_act_on_post(user, post) -> bool:
    """One rank rule for every action, on the post (keep, hide, remove, restore,
    lock, pin) and on its author through it (warn, suspend, ban, lift): staff of
    the post's board act only on posts of lower rank; staff answer to an admin."""
    return can_moderate_post(user, post) and post_rank(post) < RANK[user.role]


def may_reply_in(user, topic) -> bool:
    """Who may reply in a topic (a lock aside, which stops everyone).

    A suspended or banned member may still reply where they asked for
    support now, while that call stays listed: suspending someone for spam
    elsewhere must not leave them unable to answer the people answering
    them. A moderator can shut them out of those topics too, by withdrawing
    the call (forum.services.moderation).
    """
    if not (user and user.is_authenticated):
        return False
    return user.can_post or (topic.author_id == user.id and topic.asks_for_support)


def can_see_hidden_titles(user) -> bool:
    return is_staff(user)
