"""Pseudonymous accounts: a handle, a password, and recovery codes instead of email."""
import hashlib
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import expression
from werkzeug.security import check_password_hash, generate_password_hash

from forum.extensions import db
from forum.models.base import utcnow
from forum.vocabulary import Role

HANDLE_PATTERN = re.compile(r"[A-Za-z0-9_-]{3,24}")  # used with fullmatch
USABLE_HASHES = ("scrypt", "pbkdf2")
_stand_in_hashes: dict[str, str] = {}


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Check a password against a stored hash, or against a stand-in when
    there is none (no such handle, or an account with no usable password).

    Either way one hash of the same kind is computed, so the answer takes as
    long for a handle that does not exist as for one that does: a stranger
    timing the login form learns nothing about who is a member.
    """
    if stored_hash is None or not stored_hash.startswith(USABLE_HASHES):
        check_password_hash(_stand_in_hash(), password)
        return False
    return check_password_hash(stored_hash, password)


def _stand_in_hash() -> str:
    """A hash of a random password with the configured method, made once per process."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _stand_in_hashes:
        _stand_in_hashes[method] = generate_password_hash(secrets.token_urlsafe(16), method=method)
    return _stand_in_hashes[method]

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
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER)  # a Role
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Moderation: a suspended or banned member can read but not post.
    suspended_until: Mapped[datetime | None]
    banned_at: Mapped[datetime | None]
    # Hearing back (forum.services.inbox): starting a topic or replying follows it, unless turned off.
    follows_what_they_post: Mapped[bool] = mapped_column(default=True, server_default=expression.true())
    # The private inbox feed: only a digest of its token is kept, as for login keys.
    inbox_feed_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Whether that feed carries the replies' words (it leaves them out by default:
    # feed readers in the cloud fetch it).
    inbox_feed_words: Mapped[bool] = mapped_column(default=False, server_default=expression.false())
    # Where they are and what they read, as chosen at /settings (forum.preferences); None: not chosen.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(2))
    language: Mapped[str | None] = mapped_column(String(8))

    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    facilitated_boards = relationship("Board", secondary=board_facilitators)
    # The key of the login this request came with (see LoginSession); not stored.
    login_key = ""

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
        # Accounts made by demo-data have no usable password: nothing matches it.
        return password_matches(self.password_hash, password)

    def get_id(self) -> str:
        # What the session cookie names: this account, and which of its logins.
        return f"{self.id}:{self.login_key}"

    @property
    def staff_badge(self) -> str | None:
        """"Moderator", or "Facilitator · Alcohol" with the boards they look after."""
        badge = Role(self.role).badge
        if badge is None:
            return None
        if self.role == Role.FACILITATOR and self.facilitated_boards:
            return str(badge) + " · " + ", ".join(board.shown_name for board in self.facilitated_boards)
        return str(badge)

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


class LoginSession(db.Model):
    """One login on one device. Logging out deletes it, so a copy of the
    cookie taken before opens nothing; a password change deletes them all.

    The cookie carries a random key; only its SHA-256 digest is stored (a
    long random key needs no slow hash), so a copy of the database opens no
    session. last_seen_at moves at most once a day (see
    forum.services.accounts.resume_login): it says roughly when a device was
    last used, and lets idle logins be swept away.
    """

    __tablename__ = "login_sessions"

    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class HeldHandle(db.Model):
    """The handle of a deleted account, held from others for a while.

    Only a keyed hash of the handle's key is kept, with the time the hold
    ends (see forum.services.accounts.hold_handle): the forum keeps no list
    of who left.
    """

    __tablename__ = "held_handles"

    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    released_at: Mapped[datetime] = mapped_column(index=True)
