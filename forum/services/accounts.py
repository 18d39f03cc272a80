"""Registering members, their handles, passwords, recovery codes and logins."""
import hashlib
import hmac
import re
import secrets
from datetime import timedelta
from importlib import resources

from flask import after_this_request, current_app
from flask_babel import gettext
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from forum.extensions import db
from forum.forms import has_bidi_controls
from forum.models import HeldHandle, LoginSession, RecoveryCode, User
from forum.models.accounts import HANDLE_PATTERN, password_matches
from forum.models.base import utcnow
from forum.permissions import STAFF_ROLES, is_staff_role, looks_after_boards_of_their_own
from forum.vocabulary import Role

MIN_PASSWORD_LENGTH = 10
RECOVERY_CODE_COUNT = 8
# Words no handle may hold: they would let someone pass for staff, for the
# forum itself, or for a crisis service. Case, _ and - never matter.
# Refused even inside a longer word: no ordinary word hides them (the price
# is the odd refusal, such as "badminton").
# The role words, which staff accounts made by the admin (`forum create-user
# --role moderator`) may carry: their badge says the same.
STAFF_ROLE_WORDS = frozenset(role.value for role in STAFF_ROLES)
RESERVED_ANYWHERE = STAFF_ROLE_WORDS | frozenset({
    "porchlight", "official", "modteam", "supportteam",
    "anonymous", "formermember", "helpline", "hotline", "crisisline", "crisisteam", "crisistext",
})
# Refused as a word of the handle only (split at _ and -, between letters
# and digits, and before a capital; a plural s counts), so that "mod_team",
# "the-mods" and "ModSquad" are refused while "modern", "steam" and
# "Stafford" are not. "crisis" alone is a member's word, not a service's.
RESERVED_WORDS = frozenset({
    "mod", "staff", "team", "sysop", "system", "anon", "deleted", "removed", "988", "911", "999", "112",
})
# Staff may carry the role words, the forum's name and the team's words. How
# the forum names others ("anonymous", "former member") and the crisis
# services stay refused for everyone.
STAFF_MAY_USE = STAFF_ROLE_WORDS | frozenset({"porchlight", "official", "modteam", "supportteam", "mod", "staff", "team"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")

_common_passwords: frozenset[str] | None = None


class AccountError(ValueError):
    """A rule about handles or passwords was not met; the message is for the member."""


def _is_common(password: str) -> bool:
    global _common_passwords
    if _common_passwords is None:
        text = resources.files("forum.services").joinpath("common_passwords.txt").read_text()
        _common_passwords = frozenset(line.strip().lower() for line in text.splitlines() if line.strip())
    return password.lower() in _common_passwords


def reserved_words_in(handle: str, role: str = Role.MEMBER) -> set[str]:
    """The reserved words this handle holds, for an account with this role."""
    run_together = handle.lower().replace("_", "").replace("-", "")
    found = {reserved for reserved in RESERVED_ANYWHERE if reserved in run_together}
    for word in (word.lower() for word in _WORD.findall(handle)):
        found |= {word, word.removesuffix("s")} & RESERVED_WORDS
    return found - STAFF_MAY_USE if is_staff_role(role) else found


def handle_problem(handle: str, role: str = Role.MEMBER) -> str | None:
    """Why this handle cannot be used, or None when it can."""
    if has_bidi_controls(handle):
        # Said plainly: these marks are invisible, so "letters, digits, _ or -" would puzzle.
        return gettext("That handle has invisible direction marks in it (often pasted along with it). Please type it again.")
    if not HANDLE_PATTERN.fullmatch(handle):
        return gettext("Use 3 to 24 letters, digits, _ or -.")
    if not any(character.isalnum() for character in handle):
        return gettext("Please include at least one letter or digit.")
    if reserved_words_in(handle, role):
        return gettext("That handle is reserved. It could be mistaken for the forum's staff, the forum itself or a help "
                       "line. Please choose another.")
    if User.by_handle(handle) or is_held(handle):
        return gettext("That handle is taken. Please choose another.")
    return None


def password_problem(password: str, handle: str = "") -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return gettext("Use at least %(num)s characters.", num=MIN_PASSWORD_LENGTH)
    if _is_common(password) or (handle and handle.lower() in password.lower()):
        return gettext("That password is too easy to guess. A few random words work well.")
    return None


def set_password(user: User, password: str) -> None:
    user.set_password(password, current_app.config["PASSWORD_HASH_METHOD"])


def _check_role(role: str) -> None:
    if role not in tuple(Role):
        raise AccountError(f"Role must be one of: {', '.join(Role)}.")


def register(handle: str, password: str, role: str = Role.MEMBER) -> tuple[User, list[str]]:
    """Create an account and return it with its recovery codes, shown only once."""
    problem = handle_problem(handle, role) or password_problem(password, handle)
    if problem:
        raise AccountError(problem)
    _check_role(role)
    user = User(handle=handle, handle_key=User.key_for(handle), role=role)
    set_password(user, password)
    db.session.add(user)
    codes = issue_recovery_codes(user)
    try:
        db.session.flush()
    except IntegrityError:  # someone took the handle a moment ago
        db.session.rollback()  # a failed flush leaves the transaction unusable
        raise AccountError(gettext("That handle is taken. Please choose another.")) from None
    return user, codes


def _held_digest(handle: str) -> str:
    """A keyed hash of the handle's key: it matches the same handle again,
    but without the forum's secret key the list of held handles cannot be
    read back, nor a guess tested against it."""
    secret = current_app.secret_key
    secret = secret if isinstance(secret, bytes) else secret.encode()
    return hmac.new(secret, b"held handle:" + User.key_for(handle).encode(), hashlib.sha256).hexdigest()


def is_held(handle: str) -> bool:
    return db.session.scalar(
        select(func.count()).select_from(HeldHandle)
        .where(HeldHandle.key_digest == _held_digest(handle), HeldHandle.released_at > utcnow())
    ) > 0


def hold_handle(user: User) -> None:
    """Keep a departing member's handle from anyone else for FORUM_HANDLE_HOLD_DAYS,
    so that nobody can take it at once and pass as them.
    Holds that have run out are swept away here."""
    now = utcnow()
    db.session.execute(delete(HeldHandle).where(HeldHandle.released_at <= now))
    db.session.merge(HeldHandle(
        key_digest=_held_digest(user.handle),
        released_at=now + timedelta(days=current_app.config["FORUM_HANDLE_HOLD_DAYS"]),
    ))


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
    if utcnow() - last_seen > LAST_SEEN_STEP:
        after_this_request(_note_login_seen(digest))
    user.login_key = key
    return user


def _note_login_seen(digest: str):
    """Move a login's last_seen_at on, once the request has done its own work.

    In a short transaction of its own: the request commits (or not) what
    it did, never this; and it runs after the view, so it never waits on
    a write the view has yet to commit.
    """
    def note(response):
        try:
            with db.engine.begin() as connection:
                connection.execute(
                    update(LoginSession).where(LoginSession.key_digest == digest).values(last_seen_at=utcnow())
                )
        except OperationalError:
            pass  # the database was busy: the next visit tries again
        return response

    return note


def end_login(user: User) -> None:
    """Log this device out on the server: its key opens nothing any more."""
    db.session.execute(delete(LoginSession).where(LoginSession.key_digest == LoginSession.digest(user.login_key)))


def end_all_logins(user: User) -> None:
    """Every device of this member is logged out."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def end_every_login() -> None:
    """Everyone is logged out, everywhere: after a backup is put back."""
    db.session.execute(delete(LoginSession))


def set_role(user: User, role: str, boards=()) -> None:
    _check_role(role)
    user.role = role
    user.facilitated_boards = list(boards) if looks_after_boards_of_their_own(role) else []
