"""Registering members, their passwords and recovery codes."""
import secrets
from importlib import resources

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.forms import has_bidi_controls
from forum.models import RecoveryCode, User
from forum.models.accounts import HANDLE_PATTERN, ROLES
from forum.models.base import utcnow

MIN_PASSWORD_LENGTH = 10
RECOVERY_CODE_COUNT = 8
# Handles that would let someone pass as the forum itself or as staff.
RESERVED_HANDLES = frozenset({
    "anonymous", "admin", "administrator", "moderator", "mod", "facilitator",
    "staff", "porchlight", "system", "former-member", "deleted",
})

_common_passwords: frozenset[str] | None = None


class AccountError(ValueError):
    """A rule about handles or passwords was not met; the message is for the member."""


def _is_common(password: str) -> bool:
    global _common_passwords
    if _common_passwords is None:
        text = resources.files("forum.services").joinpath("common_passwords.txt").read_text()
        _common_passwords = frozenset(line.strip().lower() for line in text.splitlines() if line.strip())
    return password.lower() in _common_passwords


def handle_problem(handle: str) -> str | None:
    """Why this handle cannot be used, or None when it can."""
    if has_bidi_controls(handle):
        # Said plainly: these marks are invisible, so "letters, digits, _ or -" would puzzle.
        return "That handle has invisible direction marks in it (often pasted along with it). Please type it again."
    if not HANDLE_PATTERN.fullmatch(handle):
        return "Use 3 to 24 letters, digits, _ or -."
    key = User.key_for(handle)
    if key in RESERVED_HANDLES:
        return "That handle is reserved. Please choose another."
    if User.by_handle(handle):
        return "That handle is taken. Please choose another."
    return None


def password_problem(password: str, handle: str = "") -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if _is_common(password) or (handle and handle.lower() in password.lower()):
        return "That password is too easy to guess. A few random words work well."
    return None


def set_password(user: User, password: str) -> None:
    user.set_password(password, current_app.config["PASSWORD_HASH_METHOD"])


def register(handle: str, password: str, role: str = "member") -> tuple[User, list[str]]:
    """Create an account and return it with its recovery codes, shown only once."""
    problem = handle_problem(handle) or password_problem(password, handle)
    if problem:
        raise AccountError(problem)
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.")
    # A random start: SQLite may give a deleted account's id to a new one,
    # and a cookie left on the old owner's phone ("id:generation") must not
    # then open the new account.
    user = User(handle=handle, handle_key=User.key_for(handle), role=role,
                session_generation=secrets.randbelow(2**31))
    set_password(user, password)
    db.session.add(user)
    codes = issue_recovery_codes(user)
    try:
        db.session.commit()
    except IntegrityError:  # someone took the handle a moment ago
        db.session.rollback()
        raise AccountError("That handle is taken. Please choose another.") from None
    return user, codes


def _new_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def issue_recovery_codes(user: User) -> list[str]:
    """Replace the member's recovery codes with a fresh set and return them."""
    user.recovery_codes.clear()
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_codes.extend(RecoveryCode(code_digest=RecoveryCode.digest(c)) for c in codes)
    return codes


def authenticate(handle: str, password: str) -> User | None:
    user = User.by_handle(handle)
    if user and user.check_password(password):
        return user
    return None


def reset_password_with_code(handle: str, code: str, new_password: str) -> User | None:
    """Spend one recovery code to set a new password; None if handle or code is wrong.

    Every existing session of the account ends: whoever held it before the
    reset is signed out.
    """
    problem = password_problem(new_password, handle)
    if problem:
        raise AccountError(problem)
    user = User.by_handle(handle)
    if user is None:
        return None
    recovery = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_digest == RecoveryCode.digest(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is None:
        return None
    recovery.used_at = utcnow()
    set_password(user, new_password)
    user.session_generation += 1
    db.session.commit()
    return user


def set_role(user: User, role: str, boards=()) -> None:
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.")
    user.role = role
    user.facilitated_boards = list(boards) if role == "facilitator" else []
    db.session.commit()
