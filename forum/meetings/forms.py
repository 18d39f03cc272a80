"""The meeting form (staff add and edit, members propose, `forum meetings import` reads rows through it)
and the GET form of /meetings' filters."""
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from wtforms import BooleanField, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from forum import preferences
from forum.forms import (
    Form,
    ServerSideLength,
    Visible,
    blank_if_invisible,
    clean_text,
    strip,
    strip_bidi_controls,
    too_long,
)
from forum.i18n import lazy_gettext
from forum.meetings import types
from forum.vocabulary import Fellowship, MeetingMode
from forum.wording import weekday_names

CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")  # HH:MM, as the spec and <input type="time"> write it
# Digits, and what dials them: + abroad, and , * # for one-tap codes (the spec's rule); spaces and
# dashes as people write numbers.
PHONE = re.compile(r"\+?[0-9][0-9 ().,*#-]{2,63}")
MAX_NOTES = 2000
DAY_NUMBERS = range(7)  # 0 = Sunday, as the spec counts


class AtLeastOne:
    """At least one box ticked, checked on the server only: `required` on a checkbox means that box
    must be ticked, so a browser would ask for every day."""

    field_flags = {}

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise StopValidation(self.message)


class Checkboxes(SelectMultipleField):
    """Several choices, each its own checkbox: a list of days or types reads better on a phone than a <select>."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_data(self, value):
        # A kept draft gives back one choice as itself, not as a list of one (forum.drafts).
        super().process_data([value] if isinstance(value, str | int) else value)


def _text(label, limit, **kwargs):
    return StringField(label, filters=[clean_text, strip_bidi_controls, strip, blank_if_invisible],
                       validators=[Optional(), ServerSideLength(max=limit, message=too_long(limit))], **kwargs)


def web_address(value: str) -> bool:
    """An http or https address with a host: nothing else (javascript:, data:, a path) is a link to a meeting."""
    if any(character.isspace() or ord(character) < 32 for character in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


class MeetingForm(Form):
    name = StringField(
        lazy_gettext("Meeting name"),
        filters=[clean_text, strip_bidi_controls, strip],
        validators=[InputRequired(message=lazy_gettext("Please give the meeting a name.")),
                    Visible(message=lazy_gettext("Please give the meeting a name.")),
                    Length(max=255, message=lazy_gettext("Please keep the name under 255 characters."))],
    )
    fellowship = SelectField(lazy_gettext("Fellowship or group"),
                             choices=[SelectChoice(fellowship, fellowship.label) for fellowship in Fellowship])
    mode = RadioField(lazy_gettext("Where it meets"), default=MeetingMode.IN_PERSON,
                      choices=[SelectChoice(mode, mode.label) for mode in MeetingMode])
    day = Checkboxes(lazy_gettext("Every week on"), coerce=int,
                     validators=[AtLeastOne(message=lazy_gettext("Please choose at least one day."))])
    time = StringField(lazy_gettext("Starts at"), filters=[strip], render_kw={"type": "time"},
                       validators=[InputRequired(message=lazy_gettext("Please give the time it starts."))])
    end_time = StringField(lazy_gettext("Ends at (if you know)"), filters=[strip], render_kw={"type": "time"})
    time_zone = SelectField(lazy_gettext("In the time zone of"), validate_choice=False)
    type = Checkboxes(lazy_gettext("What kind of meeting"))
    conference_url = _text(lazy_gettext("Link to join (online meetings)"), 500, render_kw={"type": "url"})
    conference_url_notes = _text(lazy_gettext("Meeting password or how to join"), 500)
    conference_phone = _text(lazy_gettext("Dial-in number"), 64, render_kw={"type": "tel"})
    location = _text(lazy_gettext("Place (in-person meetings)"), 255)
    formatted_address = _text(lazy_gettext("Public address of the place"), 255)
    notes = TextAreaField(lazy_gettext("Notes"), filters=[clean_text, strip, blank_if_invisible],
                          validators=[ServerSideLength(max=MAX_NOTES, message=too_long(MAX_NOTES))])
    board = SelectField(lazy_gettext("Board"), filters=[lambda slug: slug or ""])  # left out: none in particular
    link_public = BooleanField(lazy_gettext("Show the link and dial-in to visitors too (the group publishes them)"))

    def __init__(self, *args, boards=(), no_board: bool = True, staff: bool = False, meeting=None,
                 importing: bool = False, **kwargs):
        """boards: the ones it may be put on, and no_board: on none in particular too (permissions.meeting_boards);
        staff: whoever lists it at once, and may make its link public;
        meeting: the one being edited, whose type codes stay offered whatever they are; importing: a row of
        a file, never shown, which may carry every code the spec knows."""
        super().__init__(*args, **kwargs)
        self.day.choices = weekday_names()
        if not importing:  # the list is for people to choose from; a row's zone is checked all the same
            self.time_zone.choices = preferences.zone_choices()
        codes = types.every_code() if importing else (*types.OFFERED, *(meeting.type_codes.split() if meeting else ()))
        offered = dict.fromkeys(codes)
        self.type.choices = [(code, types.name(code)) for code in offered]
        self.board.choices = [*([SelectChoice("", lazy_gettext("None in particular"))] if no_board else []),
                              *(SelectChoice(board.slug, board.shown_name) for board in boards)]
        if not staff:
            del self.link_public

    def validate_time(self, field):
        if not CLOCK.fullmatch(field.data or ""):
            raise ValidationError(lazy_gettext("Please give a time as hours and minutes, such as 19:00."))

    def validate_end_time(self, field):
        if field.data and not CLOCK.fullmatch(field.data):
            raise ValidationError(lazy_gettext("Please give a time as hours and minutes, such as 20:30."))
        if field.data and field.data == self.time.data:
            raise ValidationError(lazy_gettext("Please give an end after the start."))

    def validate_time_zone(self, field):
        if not preferences.valid("time_zone", field.data):
            raise ValidationError(lazy_gettext("Please choose the meeting's time zone from the list."))

    def validate_conference_url(self, field):
        if field.data and not web_address(field.data):
            raise ValidationError(lazy_gettext("Please give a web address that starts with https:// or http://."))

    def validate_conference_phone(self, field):
        if field.data and not PHONE.fullmatch(field.data):
            raise ValidationError(lazy_gettext("Please give a phone number in digits (with + for abroad)."))

    def validate_mode(self, field):
        mode = MeetingMode(field.data) if field.data in tuple(MeetingMode) else None
        if mode and mode.on_a_screen and not (self.conference_url.data or self.conference_phone.data):
            raise ValidationError(lazy_gettext("An online meeting needs a link to join or a dial-in number."))
        if mode and mode.in_a_room and not (self.location.data or self.formatted_address.data):
            raise ValidationError(lazy_gettext("A meeting in person needs its place or address."))


@dataclass(frozen=True)
class MeetingFilter:
    """What /meetings was asked to show (its query string), read forgivingly: a value no form offers is ignored."""

    day: int | None = None
    type: str = ""
    fellowship: str = ""
    mode: str = ""
    board: str = ""
    soon: bool = False

    @classmethod
    def from_args(cls, args) -> "MeetingFilter":
        day = args.get("day", "")
        return cls(
            day=int(day) if day in {str(number) for number in DAY_NUMBERS} else None,
            type=code if types.known(code := args.get("type", "")) else "",
            fellowship=fellowship if (fellowship := args.get("fellowship", "")) in tuple(Fellowship) else "",
            mode=mode if (mode := args.get("mode", "")) in tuple(MeetingMode) else "",
            board=args.get("board", "").strip(),
            soon=args.get("soon") == "1",
        )

    def keeps(self, meeting) -> bool:
        """Whether a meeting passes the filters other than day and soon, which depend on when it is read."""
        return ((not self.type or self.type in meeting.types)
                and (not self.fellowship or meeting.fellowship == self.fellowship)
                and (not self.mode or MeetingMode(meeting.mode).reaches(MeetingMode(self.mode)))
                and (not self.board or (meeting.board is not None and meeting.board.slug == self.board)))

    def args(self, **changes) -> dict:
        """This filter as a query string (for links that change one part), empty parts left out."""
        asked = {"day": "" if self.day is None else str(self.day), "type": self.type, "fellowship": self.fellowship,
                 "mode": self.mode, "board": self.board, "soon": "1" if self.soon else "", **changes}
        return {name: value for name, value in asked.items() if value}

    @property
    def anything(self) -> bool:
        return bool(self.args())


def refusal(form: MeetingForm) -> str:
    """One line for each field a form refused (what an import says of a bad row)."""
    return "; ".join(f"{name}: {' '.join(str(error) for error in errors)}" for name, errors in form.errors.items())
