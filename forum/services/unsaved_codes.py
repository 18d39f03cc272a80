"""New recovery codes, kept viewable for a short while in the browser that made them.

They used to be shown only in the answer to the form that made them, so a
reload, or a phone dropping the tab while the member copied them, lost
them. Now they stay viewable for UNSAVED_MINUTES, in this session only,
until the member says they have saved them.

Where they wait, and why:
- Not in the session cookie as they are: it is signed, not encrypted, so
  anything that can read the cookie could read them.
- Not in the database as they are: a backup or a leaked copy made in
  those minutes would hand over the account.
- Split in two instead. The database row holds the codes XORed with a
  random pad as long as they are (a one-time pad: on its own the row is
  noise), and the pad sits only in this session's cookie (on its own, also
  noise). Only this browser's session, with the row, gives the codes back;
  another client, even logged in to the same account, has no pad. Saying
  "I have saved them", logging out or making new codes deletes the row;
  after 15 minutes it is refused, and deleted the next time anyone's codes
  are made or put away. Without its row, a pad left in a cookie opens nothing.
  A pad needs only `secrets`: no cryptography library to install.
"""
import base64
import secrets
from datetime import timedelta

from flask import session
from flask_login import user_logged_out
from sqlalchemy import delete

from forum.extensions import db
from forum.models import UnsavedRecoveryCodes, User
from forum.models.base import utcnow

UNSAVED_MINUTES = 15
SESSION_KEY = "unsaved_codes"


def _xor(data: bytes, pad: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, pad, strict=True))


def _forget_expired() -> None:
    db.session.execute(delete(UnsavedRecoveryCodes).where(UnsavedRecoveryCodes.expires_at <= utcnow()))


def keep(member: User, codes: list[str], afterwards: str) -> None:
    """Keep new codes viewable in this session; "I have saved them" then leads to `afterwards`."""
    _forget_expired()
    db.session.execute(delete(UnsavedRecoveryCodes).where(UnsavedRecoveryCodes.user_id == member.id))
    plain = " ".join(codes).encode()
    pad = secrets.token_bytes(len(plain))
    row = UnsavedRecoveryCodes(
        id=secrets.token_hex(16), user_id=member.id,
        sealed=base64.b64encode(_xor(plain, pad)).decode(),
        expires_at=utcnow() + timedelta(minutes=UNSAVED_MINUTES),
    )
    db.session.add(row)
    session[SESSION_KEY] = {"id": row.id, "pad": base64.b64encode(pad).decode(), "afterwards": afterwards}


def waiting(member: User) -> tuple[list[str], UnsavedRecoveryCodes] | None:
    """This session's unsaved codes for this member, and their row; None once saved, expired or elsewhere."""
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict):
        return None
    row = db.session.get(UnsavedRecoveryCodes, str(kept.get("id")))
    if row is None or row.user_id != member.id or row.expires_at <= utcnow():
        forget()
        return None
    codes = _xor(base64.b64decode(row.sealed), base64.b64decode(kept["pad"])).decode()
    return codes.split(" "), row


def afterwards() -> str | None:
    """Where the member goes once they have saved them (the boards after joining, else their account)."""
    kept = session.get(SESSION_KEY)
    return kept.get("afterwards") if isinstance(kept, dict) else None


def forget() -> None:
    """The member has saved them (or they expired): never shown again."""
    kept = session.pop(SESSION_KEY, None)
    if isinstance(kept, dict):
        db.session.execute(delete(UnsavedRecoveryCodes).where(UnsavedRecoveryCodes.id == str(kept.get("id"))))
    _forget_expired()


@user_logged_out.connect
def _forget_on_logout(_app, user=None, **_extra) -> None:
    # Logging out ends this session: the codes go with it.
    if SESSION_KEY in session:
        forget()
