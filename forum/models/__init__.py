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
from forum.models.inbox import InboxEntry, SavedPost, TopicFollow, TopicRead
from forum.models.meetings import Meeting
from forum.models.moderation import ModAction, Notice, Report
from forum.models.posts import Post

__all__ = [
    "Board", "HeldHandle", "InboxEntry", "LoginSession", "Meeting", "ModAction", "Notice", "Post", "RecoveryCode", "Report",
    "SavedPost", "Topic", "TopicFollow", "TopicRead", "UnsavedRecoveryCodes", "User",
    "board_facilitators",
]
