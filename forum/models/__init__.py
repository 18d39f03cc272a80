"""The forum's models, one module per domain."""
from forum.models.accounts import (
    HeldHandle,
    LoginSession,
    RecoveryCode,
    UnsavedRecoveryCodes,
    User,
    board_facilitators,
)
from forum.models.boards import Board, Topic
from forum.models.moderation import ModAction, Notice, Report
from forum.models.posts import Post

__all__ = [
    "Board", "HeldHandle", "LoginSession", "ModAction", "Notice", "Post", "RecoveryCode", "Report", "Topic",
    "UnsavedRecoveryCodes", "User",
    "board_facilitators",
]
