"""Weekly meetings: the way out of the forum and into a room (or a call).

A meeting is listed in its own time zone, as its group announces it
("Mondays at 19:00 in New York"); forum.meetings.schedule turns that into
moments in the reader's zone. The fields follow the Meeting Guide format
(github.com/code4recovery/spec), so that a listing can go out to other apps
and come in from an intergroup's file.
"""
import re
import uuid
from datetime import datetime, time, timedelta

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload
from sqlalchemy.sql import expression

from forum.extensions import db
from forum.meetings.types import ONLINE
from forum.models.accounts import User
from forum.models.base import utcnow
from forum.models.boards import Board
from forum.vocabulary import MeetingMode, MeetingState

# The spec's "URL-safe, no spaces", and no dot: ".ics" follows a slug in an address. Used with fullmatch.
SLUG = re.compile(r"[A-Za-z0-9_-]{1,64}")
# A listing nobody has confirmed for this long may have stopped running.
CONFIRM_EVERY = timedelta(days=90)
# The spec's rule: a meeting without an end lasts an hour.
USUAL_LENGTH = timedelta(hours=1)


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The Meeting Guide key: kept once made, so that feeds and bookmarks keep pointing here.
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    # Its calendar event's UID: the same in every file, whatever address the file was fetched at.
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    name: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(16), default=MeetingState.LISTED, index=True)
    fellowship: Mapped[str] = mapped_column(String(24))
    mode: Mapped[str] = mapped_column(String(16))
    # Meeting Guide type codes, space-separated ("O S X"); online-ness is the mode's, not a stored code.
    type_codes: Mapped[str] = mapped_column(String(255), default="")
    # Weekdays as the spec counts them, 0 = Sunday, space-separated ("1 3").
    day_numbers: Mapped[str] = mapped_column(String(16))
    starts: Mapped[time]
    ends: Mapped[time | None]
    time_zone: Mapped[str] = mapped_column(String(64))
    conference_url: Mapped[str] = mapped_column(String(500), default="")
    # A meeting password or how to join: shown with the link, to the same people.
    conference_url_notes: Mapped[str] = mapped_column(String(500), default="")
    conference_phone: Mapped[str] = mapped_column(String(64), default="")
    # Staff's choice (and an import's, whose source published them): the link and phone for visitors too.
    link_public: Mapped[bool] = mapped_column(default=False, server_default=expression.false())
    # A place's public name and address, never a person's.
    location: Mapped[str] = mapped_column(String(255), default="")
    formatted_address: Mapped[str] = mapped_column(String(255), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Listed from a Meeting Guide file (forum meetings import), which keeps it in step with its source;
    # a meeting added here is never overwritten by a file.
    imported: Mapped[bool] = mapped_column(default=False, server_default=expression.false())
    board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id", ondelete="SET NULL"), index=True)
    # Who added or proposed it: shown to staff only, and forgotten when they delete their account.
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)

    board: Mapped[Board | None] = relationship()
    added_by: Mapped[User | None] = relationship()

    @property
    def types(self) -> list[str]:
        """Its type codes as the Meeting Guide format gives them: an online meeting's include ONL."""
        codes = self.type_codes.split()
        return [*codes, ONLINE] if MeetingMode(self.mode).on_a_screen else codes

    @property
    def days(self) -> list[int]:
        return [int(day) for day in self.day_numbers.split()]

    @property
    def length(self) -> timedelta:
        if self.ends is None:
            return USUAL_LENGTH
        length = datetime.combine(datetime.min, self.ends) - datetime.combine(datetime.min, self.starts)
        return length if length > timedelta(0) else length + timedelta(days=1)  # past midnight

    @property
    def confirmed_recently(self) -> bool:
        return utcnow() - self.confirmed_at < CONFIRM_EVERY

    @classmethod
    def by_slug(cls, slug: str) -> "Meeting | None":
        # Only a slug the forum could have made is looked up: PostgreSQL refuses a NUL in a query.
        return db.session.scalar(select(cls).where(cls.slug == slug)) if SLUG.fullmatch(slug) else None

    @classmethod
    def in_states(cls, *states: MeetingState, with_who_added: bool = False) -> list["Meeting"]:
        """Every meeting in these states, with its board (and, for staff's lists, who added it), in a fixed
        number of statements whatever their number."""
        loads = [selectinload(cls.board), *([selectinload(cls.added_by)] if with_who_added else [])]
        return list(db.session.scalars(
            select(cls).where(cls.state.in_(states)).options(*loads).order_by(cls.name, cls.id)
        ))
