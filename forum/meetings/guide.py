"""The Meeting Guide JSON format (github.com/code4recovery/spec): the feed out, and rows in for an import.

Out, a meeting is what the spec names, with only the fields that apply
(`fellowship`, which the spec has no field for, is Porchlight's own and
ignored by other apps). In, each row is read into the same MeetingForm
that staff fill in, so an imported meeting passes every rule a typed one
does, and a refused row says why in that form's words.
"""
from datetime import datetime

from werkzeug.datastructures import MultiDict

from forum.meetings import types
from forum.meetings.forms import MeetingForm, refusal
from forum.models import Board
from forum.models.meetings import SLUG
from forum.services.meetings import RESERVED_SLUGS, Imported, import_row
from forum.vocabulary import Fellowship, MeetingMode

UPDATED = "%Y-%m-%d %H:%M:%S"
# Address parts the spec allows instead of formatted_address, in the order they are written.
ADDRESS_PARTS = ("address", "city", "state", "postal_code", "country")


def in_feed(meeting, joining: bool) -> bool:
    """An online-only meeting goes out only with its link or dial-in: without, the spec's apps would
    read it as a meeting at its home town's address, which nobody could join."""
    return joining or MeetingMode(meeting.mode).in_a_room


def feed_entry(meeting, page_url: str, joining: bool) -> dict:
    """One meeting as the spec writes it; joining: whether its link and dial-in go out (public ones only).
    An online-only meeting's address is its home town's: `approximate`, as the spec says."""
    entry = {
        "name": meeting.name,
        "slug": meeting.slug,
        "day": meeting.days[0] if len(meeting.days) == 1 else meeting.days,
        "time": meeting.starts.strftime("%H:%M"),
        "end_time": meeting.ends.strftime("%H:%M") if meeting.ends else None,
        "timezone": meeting.time_zone,
        # Online without its link or dial-in is no way in: the feed then says only where it meets.
        "types": meeting.types if joining else meeting.type_codes.split(),
        "fellowship": meeting.fellowship,
        "location": meeting.location,
        "formatted_address": meeting.formatted_address,
        "notes": meeting.notes,
        "approximate": "yes" if meeting.formatted_address and not MeetingMode(meeting.mode).in_a_room else None,
        "updated": meeting.updated_at.strftime(UPDATED),
        "url": page_url,
    }
    if joining:
        entry.update(conference_url=meeting.conference_url, conference_url_notes=meeting.conference_url_notes,
                     conference_phone=meeting.conference_phone)
    return {name: value for name, value in entry.items() if value not in (None, "", [])}


class BadRow(ValueError):
    """A row that cannot be read as a meeting; its message is the reason."""


def _text(row: dict, name: str) -> str:
    value = row.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadRow(f"{name}: should be text")
    return str(value)


def _days(row: dict) -> list[str]:
    days = row.get("day")
    days = days if isinstance(days, list) else [days]
    if days == [None] or days == []:
        raise BadRow("day: Porchlight lists weekly meetings, with a day and a time")
    if not all(isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 6 for day in days):
        raise BadRow("day: should be 0 (Sunday) to 6 (Saturday), or a list of them")
    return [str(day) for day in days]


def _mode(row: dict, codes: list[str], address: str) -> MeetingMode:
    """The spec has no mode: online with a link or dial-in; in a room with a place that is neither
    approximate (an online meeting's home town) nor temporarily closed (TC); hybrid with both."""
    online = bool(row.get("conference_url") or row.get("conference_phone"))
    in_a_room = bool(address or row.get("location")) and "TC" not in codes and row.get("approximate") != "yes"
    if online:
        return MeetingMode.HYBRID if in_a_room else MeetingMode.ONLINE
    return MeetingMode.IN_PERSON


def read_row(row, time_zone: str, fellowship: str, board: str,
             boards: list) -> tuple[MeetingForm, str, datetime | None]:
    """A row as the meeting form (validated: see its errors), its slug and when its source last updated it.

    time_zone, fellowship and board: for rows that do not say (most Meeting Guide files are one area's);
    boards: the forum's, read once for the whole file.
    """
    if not isinstance(row, dict):
        raise BadRow("not a meeting (an object with name and slug)")
    slug = _text(row, "slug")
    if not SLUG.fullmatch(slug) or slug in RESERVED_SLUGS:
        raise BadRow("slug: should be up to 64 letters, digits, - or _")
    codes = row.get("types") or []
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise BadRow("types: should be a list of type codes")
    address = _text(row, "formatted_address") or ", ".join(
        part for part in (_text(row, name) for name in ADDRESS_PARTS) if part)
    updated = None
    if row.get("updated"):
        try:
            updated = datetime.strptime(_text(row, "updated"), UPDATED)
        except ValueError:
            raise BadRow("updated: should be YYYY-MM-DD HH:MM:SS") from None
    data = MultiDict([
        ("name", _text(row, "name")),
        ("fellowship", row_fellowship if (row_fellowship := _text(row, "fellowship")) in tuple(Fellowship)
         else fellowship),
        ("mode", _mode(row, codes, address)),
        *(("day", day) for day in _days(row)),
        ("time", _text(row, "time")),
        ("end_time", _text(row, "end_time")),
        ("time_zone", _text(row, "timezone") or time_zone),
        *(("type", code) for code in dict.fromkeys(codes) if types.known(code) and code != types.ONLINE),
        ("conference_url", _text(row, "conference_url")),
        ("conference_url_notes", _text(row, "conference_url_notes")),
        ("conference_phone", _text(row, "conference_phone")),
        ("location", _text(row, "location")),
        ("formatted_address", address),
        ("notes", _text(row, "notes")),
        ("board", board),
    ])
    form = MeetingForm(formdata=data, meta={"csrf": False}, boards=boards, staff=True,
                       importing=True)
    form.validate()
    return form, slug, updated



def import_rows(rows: list, time_zone: str, fellowship: str, board: str = "") -> Imported:
    """Every row of a Meeting Guide file: the good ones added, changed or skipped, the bad ones refused (by their
    place, counted from 1, and slug, with the reason), and the rest imported all the same. The caller commits."""
    report = Imported()
    seen = set()
    boards = Board.all_in_order()
    for number, row in enumerate(rows, start=1):
        named = row.get("slug") or row.get("name") if isinstance(row, dict) else None
        label = f"{number} ({named})" if isinstance(named, str | int) else str(number)
        try:
            form, slug, updated = read_row(row, time_zone, fellowship, board, boards)
        except BadRow as problem:
            report.refused.append((label, str(problem)))
            continue
        if slug in seen:
            reason = f"slug: {slug} is already an earlier row's"
        elif form.errors:
            reason = refusal(form)
        else:
            seen.add(slug)
            reason = import_row(form, slug, updated, report)
        if reason:
            report.refused.append((label, reason))
    return report
