"""Weekly meetings: the way out of the forum and into a room (or a call).

A meeting is listed in its own time zone, as its group announces it
("Mondays at 19:00 in New York"); forum.meetings.schedule turns that into
moments in the reader's zone. The fields follow the Meeting Guide format
(github.com/code4recovery/spec), so a listing goes out and comes back whole.
"""
from datetime import datetime, time, timedelta

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload
from sqlalchemy.sql import expression

from forum.extensions import db
from forum.models.accounts import User
from forum.models.base import utcnow
from forum.models.boards import Board
from forum.vocabulary import MeetingMode, MeetingState

# A listing nobody has confirmed for this long may have stopped running.
CONFIRM_EVERY = timedelta(days=90)
# The spec's rule: a meeting without an end lasts an hour.
USUAL_LENGTH = timedelta(hours=1)


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The Meeting Guide key: kept once made, so that feeds, calendars (their UID) and bookmarks keep pointing here.
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
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
        return [*codes, "ONL"] if MeetingMode(self.mode).on_a_screen else codes

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
        return db.session.scalar(select(cls).where(cls.slug == slug))

    @classmethod
    def in_state(cls, state: MeetingState) -> list["Meeting"]:
        """Every meeting in one state, with its board, in one statement, whatever their number."""
        return list(db.session.scalars(
            select(cls).where(cls.state == state).options(selectinload(cls.board), selectinload(cls.added_by))
            .order_by(cls.name, cls.id)
        ))
