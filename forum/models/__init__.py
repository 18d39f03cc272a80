"""The forum's models, one module per domain."""
from forum.models.accounts import RecoveryCode, User, board_facilitators
from forum.models.boards import Board, Topic
from forum.models.posts import Post

__all__ = ["Board", "Post", "RecoveryCode", "Topic", "User", "board_facilitators"]
