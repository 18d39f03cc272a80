"""Registering members, their passwords and recovery codes."""
import secrets
from datetime import timedelta
from importlib import resources

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import LoginSession, RecoveryCode, User
from forum.models.accounts import HANDLE_PATTERN, ROLES, password_matches
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
    user = User(handle=handle, handle_key=User.key_for(handle), role=role)
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
    # An unknown handle costs the same hash as a known one (see password_matches).
    if password_matches(user.password_hash if user else None, password):
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
    if not HANDLE_PATTERN.fullmatch(handle.strip()):
        return None  # no such handle can exist
    # One query whether or not the handle exists: a wrong code for an
    # unknown handle must take as long as for a known one.
    recovery = db.session.scalar(
        select(RecoveryCode).join(RecoveryCode.user).where(
            User.handle_key == User.key_for(handle),
            RecoveryCode.code_digest == RecoveryCode.digest(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is None:
        return None
    user = recovery.user
    recovery.used_at = utcnow()
    set_password(user, new_password)
    end_all_logins(user)
    db.session.commit()
    return user


# How often a login's last_seen_at moves on: a write once a day per device
# rather than one per request.
LAST_SEEN_STEP = timedelta(days=1)


def _idle_cutoff():
    """Logins unused since before this are over. The cookie itself expires
    after PERMANENT_SESSION_LIFETIME without a visit; the server allows one
    step more, as last_seen_at may lag a visit by up to LAST_SEEN_STEP."""
    return utcnow() - current_app.permanent_session_lifetime - LAST_SEEN_STEP


def open_login(user: User) -> None:
    """Start a login for this device: a new random key, its digest stored.

    Also sweeps away every login left idle too long, anyone's, so the table
    holds only live sessions without a scheduled job.
    """
    db.session.execute(delete(LoginSession).where(LoginSession.last_seen_at < _idle_cutoff()))
    user.login_key = secrets.token_urlsafe(32)
    db.session.add(LoginSession(key_digest=LoginSession.digest(user.login_key), user_id=user.id))
    db.session.commit()


def resume_login(user_id: int, key: str) -> User | None:
    """The member whose open login this key names, or None.

    One query for the account and its login together, as loading the
    account alone used to cost.
    """
    digest = LoginSession.digest(key)
    found = db.session.execute(
        select(User, LoginSession.last_seen_at)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.key_digest == digest, User.id == user_id, LoginSession.last_seen_at >= _idle_cutoff())
    ).one_or_none()
    if found is None:
        return None
    user, last_seen = found
    now = utcnow()
    if now - last_seen > LAST_SEEN_STEP:
        # Its own short transaction: whatever the request goes on to do is
        # committed (or not) by the request, never here.
        with db.engine.begin() as connection:
            connection.execute(
                update(LoginSession).where(LoginSession.key_digest == digest).values(last_seen_at=now)
            )
    user.login_key = key
    return user


def end_login(user: User) -> None:
    """Log this device out on the server: its key opens nothing any more."""
    db.session.execute(delete(LoginSession).where(LoginSession.key_digest == LoginSession.digest(user.login_key)))
    db.session.commit()


def end_all_logins(user: User) -> None:
    """Every device of this member is logged out (the caller commits)."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def end_every_login() -> None:
    """Everyone is logged out, everywhere: after a backup is put back."""
    db.session.execute(delete(LoginSession))
    db.session.commit()


def set_role(user: User, role: str, boards=()) -> None:
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.")
    user.role = role
    user.facilitated_boards = list(boards) if role == "facilitator" else []
    db.session.commit()
