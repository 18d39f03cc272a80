"""Creating boards, shared by `forum init` and `forum add-board`."""
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Board
from forum.models.boards import DEFAULT_BOARDS, SLUG_PATTERN


class BoardError(ValueError):
    pass


def add_board(slug: str, name: str, description: str) -> Board:
    if not SLUG_PATTERN.fullmatch(slug):
        raise BoardError("A slug is 2 to 40 lower-case letters, digits or -.")
    if Board.by_slug(slug):
        raise BoardError(f"A board called {slug!r} already exists.")
    position = (db.session.scalar(select(func.max(Board.position))) or 0) + 1
    board = Board(slug=slug, name=name, description=description, position=position)
    db.session.add(board)
    return board


def seed_default_boards() -> list[str]:
    """Create any default board that is missing; returns the slugs created."""
    created = []
    for slug, name, description in DEFAULT_BOARDS:
        if not Board.by_slug(slug):
            add_board(slug, name, description)
            created.append(slug)
    return created
