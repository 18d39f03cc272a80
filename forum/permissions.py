"""Who may do what: the one place these rules live.

Members change their own posts and topics; facilitators look after their
own boards; moderators and admins look after every board, and nobody acts
above their rank. Views, services and templates ask here (templates through
the globals forum.rendering registers); they never compare roles or ids
themselves. Who may read what is forum.visibility's.
"""
from sqlalchemy import select

from forum.models import board_facilitators
from forum.vocabulary import PostState, Role

STAFF_ROLES = frozenset(role for role in Role if role.is_staff)
RANK = {role: role.rank for role in Role}


def is_staff_role(role: str) -> bool:
    return role in STAFF_ROLES


def is_staff(user) -> bool:
    """Staff who may moderate now: a suspended or banned one may not."""
    return bool(user and user.is_authenticated and is_staff_role(user.role) and user.can_post)


def _looks_after_every_board(user) -> bool:
    return user.role in (Role.MODERATOR, Role.ADMIN)


def looks_after_boards_of_their_own(role: str) -> bool:
    """A facilitator is given boards to look after; other roles have none (or all)."""
    return role == Role.FACILITATOR


def moderated_board_ids(user) -> set[int] | None:
    """The boards this member moderates: None means every board.

    Read through the account's facilitated_boards, which the session keeps
    until the next commit: a page asking once per post costs one query.
    """
    if not is_staff(user):
        return set()
    if _looks_after_every_board(user):
        return None
    return {board.id for board in user.facilitated_boards}


def moderated_boards_clause(user):
    """moderated_board_ids as SQL, for counting in one statement: None means every board."""
    if _looks_after_every_board(user):
        return None
    return select(board_facilitators.c.board_id).where(board_facilitators.c.user_id == user.id)


def can_moderate_board(user, board_id: int) -> bool:
    boards = moderated_board_ids(user)
    return boards is None or board_id in boards


def is_author(user, writing) -> bool:
    """Whether this member wrote the post, or started the topic, anonymously or not."""
    return bool(user and user.is_authenticated and writing.author_id == user.id)


def can_edit_post(user, post) -> bool:
    """Its author, while members can read it: a post moderators hold back stays as they found it."""
    return is_author(user, post) and post.is_public


def can_delete_post(user, post) -> bool:
    """Its author, whatever moderators did, until it is gone."""
    return is_author(user, post) and not post.is_deleted


def can_be_reported(post) -> bool:
    """A post still up, or waiting for review; one moderators hid or removed is dealt with."""
    return not post.is_deleted and PostState(post.moderation).may_be_reported


def can_be_removed(post) -> bool:
    """Moderators remove a post once; after that only Restore undoes it."""
    return post.moderation != PostState.REMOVED


def can_withdraw_support(user, topic) -> bool:
    """Only the member who asked for support says they are steadier now."""
    return is_author(user, topic)


def is_addressed_to(user, notice) -> bool:
    """A moderators' notice is for the member it was sent to, and nobody else."""
    return bool(user and user.is_authenticated and notice.user_id == user.id)


def can_moderate_post(user, post) -> bool:
    """Staff of the post's board, and not its author: nobody judges their own post."""
    return is_staff(user) and can_moderate_board(user, post.topic.board_id) and not is_author(user, post)


def can_switch_topic(user, topic) -> bool:
    """Nobody pins, locks or unlocks their own topic."""
    return not is_author(user, topic)


def can_undo(user, set_by_role: str | None) -> bool:
    """Nobody undoes a lock or pin set by someone of higher rank (set_by_role: None when nobody set one)."""
    return RANK.get(set_by_role, 0) <= RANK[user.role]


def roles_above(post) -> list[Role]:
    """The roles that may act on this post (see post_rank): for telling staff whom to ask."""
    return [role for role in Role if role.rank > post_rank(post)]


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
        return Role.MEMBER.rank
    return RANK.get(post.author.role, Role.MEMBER.rank)


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
    return user.can_post or (is_author(user, topic) and topic.asks_for_support)


def can_reply_now(user, topic) -> bool:
    """Whether a reply form, or a "Reply to this" link, is offered to them here now."""
    return not topic.locked and may_reply_in(user, topic)


def can_see_hidden_titles(user) -> bool:
    return is_staff(user)


def can_keep_meetings_of(user, board_id: int | None) -> bool:
    """Who adds, edits and archives meetings: facilitators those of their boards, moderators and admins
    every one (a meeting on no board included)."""
    boards = moderated_board_ids(user)
    return boards is None or (board_id is not None and board_id in boards)


def can_keep_meeting(user, meeting) -> bool:
    return can_keep_meetings_of(user, meeting.board_id)


def can_list_meetings(user) -> bool:
    """Whether what this member sends through the meeting form is listed at once, or waits as a suggestion."""
    return is_staff(user)


def meeting_boards(user, boards: list) -> tuple[list, bool]:
    """The boards this member may put a meeting on, and whether on none in particular: a facilitator's
    own boards only; every board, or none, for moderators and for members (whose suggestions staff review)."""
    own = moderated_board_ids(user) if can_list_meetings(user) else None
    if own is None:
        return boards, True
    return [board for board in boards if board.id in own], False
