"""Creating boards, shared by `forum init` and `forum add-board`."""
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Board
from forum.models.boards import DEFAULT_BOARD_TRANSLATIONS, DEFAULT_BOARDS, SLUG_PATTERN
from forum.preferences import LANGUAGES


class BoardError(ValueError):
    pass


def add_board(slug: str, name: str, description: str) -> Board:
    if not SLUG_PATTERN.fullmatch(slug):
        raise BoardError("A slug is 2 to 40 lower-case letters, digits or -.")
    if Board.by_slug(slug):
        raise BoardError(f"A board called {slug!r} already exists.")
    position = (db.session.scalar(select(func.max(Board.position))) or 0) + 1
    board = Board(slug=slug, name=name, description=description, position=position, translations={})
    db.session.add(board)
    return board


def translate_board(board: Board, language: str, name: str, description: str) -> None:
    """Give a board its name and description in another of the forum's languages."""
    if language not in LANGUAGES or language == "en":
        raise BoardError(f"A board's own name is its English one; translations are for: "
                         f"{', '.join(code for code in LANGUAGES if code != 'en')}.")
    if not name.strip():
        raise BoardError("A translated name cannot be empty.")
    # A new dict, so that SQLAlchemy sees the JSON column change.
    board.translations = {**board.translations, language: {"name": name.strip(), "description": description.strip()}}


def seed_default_boards() -> list[str]:
    """Create any default board that is missing, in every language; returns the slugs created."""
    created = []
    for slug, name, description in DEFAULT_BOARDS:
        if not Board.by_slug(slug):
            board = add_board(slug, name, description)
            for language, (local_name, local_description) in DEFAULT_BOARD_TRANSLATIONS[slug].items():
                translate_board(board, language, local_name, local_description)
            created.append(slug)
    return created
