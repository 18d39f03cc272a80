"""Pseudonymous accounts: a handle, a password, and recovery codes instead of email."""
import hashlib
import re
from datetime import datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, Integer, String, Table, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from forum.extensions import db
from forum.models.base import utcnow

HANDLE_PATTERN = re.compile(r"[A-Za-z0-9_-]{3,24}")  # used with fullmatch
ROLES = ("member", "facilitator", "moderator", "admin")

board_facilitators = Table(
    "board_facilitators",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("board_id", ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(24))
    # Lower-cased handle: "River" and "river" are the same member.
    handle_key: Mapped[str] = mapped_column(String(24), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default="member")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of the session's user id: raising it signs out every session.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)
    # Moderation: a suspended or banned member can read but not post.
    suspended_until: Mapped[datetime | None]
    banned_at: Mapped[datetime | None]

    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    facilitated_boards = relationship("Board", secondary=board_facilitators)

    @staticmethod
    def key_for(handle: str) -> str:
        return handle.strip().lower()

    @classmethod
    def by_handle(cls, handle: str) -> "User | None":
        if not HANDLE_PATTERN.fullmatch(handle.strip()):
            return None  # no such handle can exist; and PostgreSQL refuses NUL bytes
        return db.session.scalar(select(cls).where(cls.handle_key == cls.key_for(handle)))

    def set_password(self, password: str, method: str) -> None:
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        # Accounts made by demo-data have no usable password.
        if not self.password_hash.startswith(("scrypt", "pbkdf2")):
            return False
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > utcnow()

    @property
    def can_post(self) -> bool:
        return not (self.is_banned or self.is_suspended)

    def is_new(self) -> bool:
        """Younger than a day: such accounts weigh half when reporting."""
        return utcnow() - self.created_at < timedelta(days=1)

    def unused_recovery_codes(self) -> int:
        return db.session.scalar(
            select(func.count(RecoveryCode.id)).where(
                RecoveryCode.user_id == self.id, RecoveryCode.used_at.is_(None)
            )
        )


class UnsavedRecoveryCodes(db.Model):
    """New recovery codes, viewable for a short while until the member has saved them.

    Sealed: the codes XORed with a random pad as long as they are, and the
    pad lives only in the session cookie of the browser that made them (see
    forum.services.unsaved_codes). Neither half alone says anything.
    """

    __tablename__ = "unsaved_recovery_codes"

    # Random, not a counter: a deleted row's number must never name a new one.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[str] = mapped_column(String(512))
    expires_at: Mapped[datetime] = mapped_column(index=True)


class RecoveryCode(db.Model):
    """A one-time code: the only way back into an account without email.

    Stored as a SHA-256 digest: the codes are long random strings, so a
    slow password hash would add cost without adding safety.
    """

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_digest: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="recovery_codes")

    @staticmethod
    def digest(code: str) -> str:
        normalized = "".join(code.split()).replace("-", "").lower()
        return hashlib.sha256(normalized.encode()).hexdigest()
