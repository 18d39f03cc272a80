"""Who may moderate what: the one place these rules live.

Facilitators look after their own boards; moderators and admins look after
every board. Views ask here; they never compare roles themselves.
"""
from sqlalchemy import select

from forum.extensions import db
from forum.models import User, board_facilitators

STAFF_ROLES = frozenset({"facilitator", "moderator", "admin"})
RANK = {"member": 0, "facilitator": 1, "moderator": 2, "admin": 3}


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


def can_moderate_board(user, board_id: int) -> bool:
    boards = moderated_board_ids(user)
    return boards is None or board_id in boards


def can_moderate_post(user, post) -> bool:
    """Staff of the post's board, and not its author: nobody judges their own post."""
    return is_staff(user) and can_moderate_board(user, post.topic.board_id) and not post.is_written_by(user)


def can_act_on_author(user, author: User) -> bool:
    """Warn, suspend or ban only those of lower rank; staff answer to an admin."""
    return RANK[author.role] < RANK[user.role]


def can_see_hidden_titles(user) -> bool:
    return is_staff(user)
