"""Who may moderate what: the one place these rules live.

Facilitators look after their own boards; moderators and admins look after
every board. Views ask here; they never compare roles themselves.
"""
from sqlalchemy import select

from forum.extensions import db
from forum.models import User, board_facilitators

STAFF_ROLES = frozenset({"facilitator", "moderator", "admin"})


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.role in STAFF_ROLES)


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
    return is_staff(user) and can_moderate_board(user, post.topic.board_id)


def staff_title(user: User | None) -> str:
    """How a moderator is named to members: by role, never by handle."""
    if user is None:
        return "the community"
    return "a facilitator" if user.role == "facilitator" else "a moderator"
