"""Adding, proposing, changing and archiving meetings, and importing a Meeting Guide file.

Shared by the meeting pages and `forum meetings import`. Every change is a
line of the moderation log. Callers check who may do it
(forum.permissions) and commit.
"""
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import select

from forum.extensions import db
from forum.models import Board, Meeting, ModAction, User
from forum.models.base import utcnow
from forum.permissions import can_list_meetings
from forum.vocabulary import MeetingState, ModerationAction, Role

# Words that would be read as another page of /meetings.
RESERVED_SLUGS = frozenset({"new"})


def slug_for(name: str) -> str:
    """A new meeting's key from its name ("Sunday Serenity" -> "sunday-serenity", then "-2", "-3").

    Kept once made: a calendar's UID and the feed's slug must not move.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:56].strip("-") or "meeting"
    taken = set(db.session.scalars(select(Meeting.slug).where(Meeting.slug.like(f"{base}%"))))
    slug, number = base, 1
    while slug in taken or slug in RESERVED_SLUGS:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _clock(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


# Fields of the form that are the meeting's own columns, as typed.
WORDS = ("conference_url", "conference_url_notes", "conference_phone", "location", "formatted_address", "notes")


def form_fields(meeting: Meeting) -> dict:
    """A meeting as its form's fields (the edit page): _copy the other way."""
    return {
        "name": meeting.name, "fellowship": meeting.fellowship, "mode": meeting.mode, "day": meeting.days,
        "time": meeting.starts.strftime("%H:%M"), "end_time": meeting.ends.strftime("%H:%M") if meeting.ends else "",
        "time_zone": meeting.time_zone, "type": meeting.type_codes.split(),
        **{name: getattr(meeting, name) for name in WORDS},
        "board": meeting.board.slug if meeting.board else "", "link_public": meeting.link_public,
    }


def _copy(meeting: Meeting, form) -> None:
    """The form's fields onto the meeting: one mapping for the pages and the import (form_fields reads it back)."""
    meeting.name = form.name.data
    meeting.fellowship = form.fellowship.data
    meeting.mode = form.mode.data
    meeting.type_codes = " ".join(dict.fromkeys(form.type.data or ()))
    meeting.day_numbers = " ".join(str(day) for day in sorted(set(form.day.data)))
    meeting.starts = _clock(form.time.data)
    meeting.ends = _clock(form.end_time.data)
    meeting.time_zone = form.time_zone.data
    for name in WORDS:
        setattr(meeting, name, getattr(form, name).data or "")
    meeting.board = Board.by_slug(form.board.data) if form.board.data else None
    if "link_public" in form:
        meeting.link_public = form.link_public.data


def _log(actor: User | None, action: ModerationAction, meeting: Meeting, note: str = "") -> None:
    """A line of the moderation log; actor None: an admin at the terminal (an import)."""
    db.session.add(ModAction(
        moderator_id=actor.id if actor else None, moderator_role=actor.role if actor else Role.ADMIN,
        action=action, meeting=meeting, note=note,
    ))


def submit(member: User, form) -> Meeting:
    """A new meeting from the form: listed at once when staff add it, else a proposal that waits for them."""
    meeting = Meeting(slug=slug_for(form.name.data), added_by=member)
    _copy(meeting, form)
    listed = can_list_meetings(member)
    meeting.state = MeetingState.LISTED if listed else MeetingState.PROPOSED
    db.session.add(meeting)
    _log(member, ModerationAction.MEETING_ADD if listed else ModerationAction.MEETING_PROPOSE, meeting)
    db.session.flush()
    return meeting


def change(staff: User, meeting: Meeting, form) -> None:
    """Staff's edit: someone who keeps it has looked at it, so it counts as confirmed too. A suggestion's
    edit (waiting or declined) is a staff-only line of the log, as the suggestion is: members never saw it."""
    _copy(meeting, form)
    meeting.updated_at = meeting.confirmed_at = utcnow()
    shown = MeetingState(meeting.state).shown_to_everyone
    _log(staff, ModerationAction.MEETING_CHANGE if shown else ModerationAction.MEETING_AMEND, meeting)


# What staff may do to a meeting from its page: {action: (the states it may be in, the state after)}.
# A decline can be taken back: the suggestion is listed after all.
STEPS = {
    ModerationAction.MEETING_APPROVE: ((MeetingState.PROPOSED, MeetingState.DECLINED), MeetingState.LISTED),
    ModerationAction.MEETING_DECLINE: ((MeetingState.PROPOSED,), MeetingState.DECLINED),
    ModerationAction.MEETING_CONFIRM: ((MeetingState.LISTED,), MeetingState.LISTED),
    ModerationAction.MEETING_ARCHIVE: ((MeetingState.LISTED,), MeetingState.ARCHIVED),
    ModerationAction.MEETING_RELIST: ((MeetingState.ARCHIVED,), MeetingState.LISTED),
}


def steps_for(meeting: Meeting) -> list[ModerationAction]:
    """The steps open to staff on this meeting now."""
    return [action for action, (before, _after) in STEPS.items() if meeting.state in before]


def take_step(staff: User, meeting: Meeting, action: ModerationAction) -> None:
    """Approve, decline, confirm, archive or list again; the caller checks it is one of steps_for(meeting)."""
    _before, after = STEPS[action]
    now = utcnow()
    if after == MeetingState.LISTED:
        meeting.confirmed_at = now  # someone who keeps it says it runs
    if meeting.state != after:
        meeting.state, meeting.updated_at = after, now
    _log(staff, action, meeting)


@dataclass
class Imported:
    """What an import did, slug by slug, and each row it refused with the reason."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # Imported before, and archived here since: staff's decision stands until they list it again.
    left_archived: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


# The fields an import compares to tell a changed listing from one already as it was.
COMPARED = ("name", "fellowship", "mode", "type_codes", "day_numbers", "starts", "ends", "time_zone",
            "conference_url", "conference_url_notes", "conference_phone", "location", "formatted_address", "notes",
            "board_id", "link_public", "state")


def import_row(form, slug: str, updated: datetime | None, report: Imported) -> str | None:
    """One row, already read into a validated MeetingForm: added, changed or skipped by its slug; the
    reason it is refused, when its slug belongs to a meeting added on this forum (never overwritten).

    Its source published it, so its link is public; it counts as confirmed
    when the source last updated it (or now, when the source does not say).
    A row without a board leaves the board staff chose.
    """
    meeting = Meeting.by_slug(slug)
    if meeting is not None and not meeting.imported:
        return f"slug: {slug} is a meeting added on this forum, which a file never changes"
    if meeting is not None and meeting.state == MeetingState.ARCHIVED:
        report.left_archived.append(slug)
        return None
    if meeting is None:
        meeting = Meeting(slug=slug, imported=True)
        _copy(meeting, form)
        meeting.link_public, meeting.state = True, MeetingState.LISTED
        meeting.confirmed_at = meeting.updated_at = updated or utcnow()
        db.session.add(meeting)
        _log(None, ModerationAction.MEETING_ADD, meeting, note="imported")
        report.added.append(slug)
        return None
    before = {name: getattr(meeting, name) for name in COMPARED}
    board = meeting.board
    _copy(meeting, form)
    if not form.board.data:
        meeting.board = board
    meeting.link_public = True
    db.session.flush()
    if {name: getattr(meeting, name) for name in COMPARED} == before:
        report.skipped.append(slug)
        return None
    meeting.confirmed_at = meeting.updated_at = updated or utcnow()
    _log(None, ModerationAction.MEETING_CHANGE, meeting, note="imported")
    report.changed.append(slug)
    return None
