"""The forum's words for roles, post states, report reasons and moderation actions.

Each is a StrEnum whose values are the strings stored in the database, with
the words people read about it beside it: a badge, a notice, a line of the
log, a button. Adding a role, a reason or an action starts here, and pages,
forms and the log pick it up. Templates see these classes by name (see
init_app) and never spell the strings or the words themselves.

The words are lazy_gettext strings: each reads in the language of the
request that prints it, and compares and prints as its English otherwise.
"""
from dataclasses import dataclass
from enum import StrEnum

from forum.i18n import lazy_gettext


class _Worded(StrEnum):
    """Stored as its value, with the words about it beside it: NAME = "value", words... (see each __init__)."""

    def __new__(cls, value, *_words):
        member = str.__new__(cls, value)
        member._value_ = value
        return member


class Role(_Worded):
    """Who someone is on the forum; later in the list outranks earlier (see forum.permissions)."""

    # value, the badge on their named posts and profile, the role in a
    # parenthesis ("set by someone of higher rank (moderator)"), and someone
    # of it, as the export says who acted ("a moderator")
    MEMBER = "member", None, lazy_gettext("member"), lazy_gettext("a member")
    FACILITATOR = "facilitator", lazy_gettext("Facilitator"), lazy_gettext("facilitator"), lazy_gettext("a facilitator")
    MODERATOR = "moderator", lazy_gettext("Moderator"), lazy_gettext("moderator"), lazy_gettext("a moderator")
    ADMIN = "admin", lazy_gettext("Admin"), lazy_gettext("admin"), lazy_gettext("an admin")

    def __init__(self, _value, badge, word, someone):
        self.badge, self.word, self.someone = badge, word, someone

    @property
    def to_members(self) -> "Role":
        """The role members are told acted: an admin acts there as one of the moderators."""
        return Role.MODERATOR if self is Role.ADMIN else self

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    @property
    def is_staff(self) -> bool:
        return self is not Role.MEMBER


class PostState(_Worded):
    """Where moderation has left a post (Post.moderation)."""

    # value, what members see in its place, what the queue says of it
    VISIBLE = "visible", None, None
    PENDING = "pending", lazy_gettext("Hidden while moderators review it."), lazy_gettext("Hidden from members until someone decides.")
    HIDDEN = "hidden", lazy_gettext("Hidden by a moderator."), lazy_gettext("Hidden by a moderator.")
    REMOVED = "removed", lazy_gettext("Removed by a moderator."), lazy_gettext("Removed by a moderator.")

    def __init__(self, _value, notice, in_queue):
        self.notice, self.in_queue = notice, in_queue

    @property
    def is_moderators_decision(self) -> bool:
        """Hidden or removed by staff: what counts against an author's history."""
        return self in (PostState.HIDDEN, PostState.REMOVED)

    @property
    def may_be_reported(self) -> bool:
        """Still open to reports: moderators have not dealt with it yet."""
        return self in (PostState.VISIBLE, PostState.PENDING)


class ReportReason(_Worded):
    """Why a member reports a post (Report.reason, ModAction.reason)."""

    # value, what the reporter picks, its priority in the queue
    CRISIS = "crisis", lazy_gettext("Someone may be at risk"), 3
    DEALING = "dealing", lazy_gettext("Selling or sourcing drugs"), 2
    PRIVACY = "privacy", lazy_gettext("Personal information about someone"), 2
    HARASSMENT = "harassment", lazy_gettext("Harassment or bullying"), 1
    SPAM = "spam", lazy_gettext("Spam or advertising"), 1
    MISINFORMATION = "misinformation", lazy_gettext("Harmful misinformation"), 1
    OTHER = "other", lazy_gettext("Something else"), 1

    def __init__(self, _value, label, priority):
        self.label, self.priority = label, priority

    @classmethod
    def most_urgent(cls, reasons) -> "ReportReason | None":
        """The reason that puts a post highest in the queue."""
        return max((cls(reason) for reason in reasons), key=lambda reason: reason.priority, default=None)


@dataclass(frozen=True)
class Does:
    """What a moderation action does, and the words for it."""

    # The log's words, after who did it: "A moderator hid the post".
    log: str
    # What the moderator who did it is told: "Done: you hid the post."
    done: str | None = None
    # Its button in the queue.
    button: str | None = None
    # The post's state afterwards (None: unchanged).
    state: PostState | None = None
    # Closes the post's open reports, and tells the reporters this.
    told_reporter: str | None = None
    # Done to the post's author through the post.
    on_author: bool = False
    # Keeps the author from posting until lifted.
    sanction: bool = False
    # Only the author and staff see it in the log.
    private: bool = False
    # Asked twice: the first request shows what it does and asks for a note.
    confirmed: bool = False
    # Sets this attribute of the post's topic to this value.
    topic_switch: tuple[str, bool] | None = None
    # The action this one undoes, whose rank it must match.
    undoes: str | None = None
    # False for the community's own automatic hide, which no one chooses.
    by_staff: bool = True
    # Done to a meeting listing (forum.services.meetings), not through the report queue.
    on_meeting: bool = False


# What a reporter is told: when moderators kept the post, and while their report is open.
KEPT = lazy_gettext("a moderator looked and kept the post")
WAITING_FOR_MODERATOR = lazy_gettext("waiting for a moderator")


class ModerationAction(_Worded):
    """A line of the moderation log (ModAction.action, Report.outcome)."""

    DISMISS = "dismiss", Does(lazy_gettext("kept the post"), lazy_gettext("Done: you kept the post."),
                              lazy_gettext("Keep post"), PostState.VISIBLE, KEPT)
    HIDE = "hide", Does(lazy_gettext("hid the post"), lazy_gettext("Done: you hid the post."), lazy_gettext("Hide"),
                        PostState.HIDDEN, lazy_gettext("a moderator hid the post you reported"))
    RESTORE = "restore", Does(lazy_gettext("restored the post"), lazy_gettext("Done: you restored the post."),
                              lazy_gettext("Restore"), PostState.VISIBLE, KEPT)
    DELETE = "delete", Does(lazy_gettext("removed the post"), lazy_gettext("Done: you removed the post."),
                            lazy_gettext("Remove"), PostState.REMOVED, lazy_gettext("a moderator removed the post you reported"))
    LOCK = "lock", Does(lazy_gettext("locked the topic"), lazy_gettext("Done: you locked the topic."),
                        lazy_gettext("Lock topic"), topic_switch=("locked", True))
    UNLOCK = "unlock", Does(lazy_gettext("unlocked the topic"), lazy_gettext("Done: you unlocked the topic."),
                            lazy_gettext("Unlock topic"), topic_switch=("locked", False), undoes="lock")
    PIN = "pin", Does(lazy_gettext("pinned the topic"), lazy_gettext("Done: you pinned the topic."),
                      lazy_gettext("Pin topic"), topic_switch=("pinned", True))
    UNPIN = "unpin", Does(lazy_gettext("unpinned the topic"), lazy_gettext("Done: you unpinned the topic."),
                          lazy_gettext("Unpin topic"), topic_switch=("pinned", False), undoes="pin")
    WARN = "warn", Does(lazy_gettext("warned the author"), lazy_gettext("Done: you warned the author."),
                        lazy_gettext("Warn (note is sent)"), on_author=True, private=True)
    SUSPEND = "suspend", Does(lazy_gettext("suspended the author"), lazy_gettext("Done: you suspended the author."),
                              lazy_gettext("Suspend"), on_author=True, sanction=True)
    BAN = "ban", Does(lazy_gettext("banned the author"), lazy_gettext("Done: you banned the author."),
                      lazy_gettext("Ban"), on_author=True, sanction=True, confirmed=True)
    # No button words of its own: the queue names what is lifted, the ban or the suspension, in a whole sentence.
    LIFT = "lift", Does(lazy_gettext("lifted a suspension or ban"), lazy_gettext("Done: you lifted a suspension or ban."),
                        on_author=True, private=True)
    # A sentence of its own, with nobody as its subject: who reported is
    # never shown, by name or by rank.
    AUTO_HIDE = "auto-hide", Does(lazy_gettext("Hidden pending review after a report"), state=PostState.PENDING,
                                  by_staff=False)

    # Meeting listings: who keeps them is in forum.permissions; a proposal and its decline are
    # staff-only lines, since the meeting was never shown to members.
    MEETING_PROPOSE = "meeting-propose", Does(lazy_gettext("suggested a meeting"), private=True, on_meeting=True)
    MEETING_ADD = "meeting-add", Does(lazy_gettext("added a meeting"), on_meeting=True)
    MEETING_APPROVE = "meeting-approve", Does(lazy_gettext("listed a meeting a member suggested"),
                                              lazy_gettext("Done: the meeting is listed."),
                                              lazy_gettext("List it"), on_meeting=True)
    MEETING_DECLINE = "meeting-decline", Does(lazy_gettext("declined a suggested meeting"),
                                              lazy_gettext("Done: the suggestion is declined, and not listed."),
                                              lazy_gettext("Decline"), private=True, on_meeting=True)
    MEETING_CHANGE = "meeting-change", Does(lazy_gettext("changed a meeting"), on_meeting=True)
    MEETING_AMEND = "meeting-amend", Does(lazy_gettext("changed a suggested meeting"), private=True, on_meeting=True)
    MEETING_CONFIRM = "meeting-confirm", Does(lazy_gettext("confirmed a meeting still runs"),
                                              lazy_gettext("Done: the meeting is confirmed as still running."),
                                              lazy_gettext("It still runs"), on_meeting=True)
    MEETING_ARCHIVE = "meeting-archive", Does(lazy_gettext("archived a meeting"),
                                              lazy_gettext("Done: the meeting is archived, and no longer listed."),
                                              lazy_gettext("Archive"), on_meeting=True)
    MEETING_RELIST = "meeting-relist", Does(lazy_gettext("listed an archived meeting again"),
                                            lazy_gettext("Done: the meeting is listed again."),
                                            lazy_gettext("List it again"), on_meeting=True)

    def __init__(self, _value, does: Does):
        # What it does, as the action's own attributes: action.log, action.on_author.
        vars(self).update(vars(does))

    @classmethod
    def chosen_by_staff(cls) -> list["ModerationAction"]:
        """The actions of the report queue."""
        return [action for action in cls if action.by_staff and not action.on_meeting]

    @classmethod
    def where(cls, flag: str) -> frozenset["ModerationAction"]:
        """The actions with this flag set: ModerationAction.where("sanction")."""
        return frozenset(action for action in cls if getattr(action, flag))


# The moderator_role logged for the community's automatic hide: no one's role.
COMMUNITY = "community"


class InboxKind(_Worded):
    """Why an entry is in a member's inbox (InboxEntry.kind)."""

    # value, what the entry says, and what the private feed says when it leaves the words out: the
    # same for a reply and an answer, so that a leaked feed address does not tell which posts are the
    # member's own (an anonymous one included).
    REPLY = "reply", lazy_gettext("replied in a topic you follow"), lazy_gettext("A new reply for you.")
    ANSWER = "answer", lazy_gettext("answered your post"), lazy_gettext("A new reply for you.")
    NOTICE = "notice", lazy_gettext("A message from the moderators"), lazy_gettext("A message from the moderators.")

    def __init__(self, _value, says, in_feed):
        self.says = says
        self.in_feed = in_feed


class MeetingMode(_Worded):
    """Where a meeting happens (Meeting.mode, the `mode` filter)."""

    IN_PERSON = "in_person", lazy_gettext("In person")
    ONLINE = "online", lazy_gettext("Online")
    HYBRID = "hybrid", lazy_gettext("In person and online")

    def __init__(self, _value, label):
        self.label = label

    @property
    def in_a_room(self) -> bool:
        return self is not MeetingMode.ONLINE

    @property
    def on_a_screen(self) -> bool:
        return self is not MeetingMode.IN_PERSON

    def reaches(self, asked: "MeetingMode") -> bool:
        """Whether a meeting held this way is one for someone asking for `asked`: a hybrid meeting is
        online and in person both."""
        return self is asked or self is MeetingMode.HYBRID


class Fellowship(_Worded):
    """Whose meeting it is (Meeting.fellowship): fellowships' own names, in the language the fellowship
    itself uses where it has a name in it ("Alcohólicos Anónimos"), else as it is known everywhere."""

    AA = "aa", lazy_gettext("Alcoholics Anonymous (AA)")
    NA = "na", lazy_gettext("Narcotics Anonymous (NA)")
    SMART = "smart", "SMART Recovery"
    LIFERING = "lifering", "LifeRing"
    SOS = "sos", "Secular Organizations for Sobriety (SOS)"
    CELEBRATE_RECOVERY = "celebrate-recovery", lazy_gettext("Celebrate Recovery")
    RECOVERY_DHARMA = "recovery-dharma", "Recovery Dharma"
    WOMEN_FOR_SOBRIETY = "wfs", "Women for Sobriety"
    AL_ANON = "al-anon", "Al-Anon"
    NAR_ANON = "nar-anon", "Nar-Anon"
    OTHER = "other", lazy_gettext("Another group")

    def __init__(self, _value, label):
        self.label = label


class MeetingState(_Worded):
    """Where a listing stands (Meeting.state): a member's suggestion waits for staff before anyone sees it."""

    PROPOSED = "proposed", lazy_gettext("Waiting for a facilitator or moderator to look at it.")
    DECLINED = "declined", lazy_gettext("Declined: it is not listed.")
    LISTED = "listed", None
    ARCHIVED = "archived", lazy_gettext("No longer listed: this meeting may have stopped or moved.")

    def __init__(self, _value, notice):
        self.notice = notice

    @property
    def shown_to_everyone(self) -> bool:
        """Listed, or listed once and archived (a bookmark then says so); a suggestion never is."""
        return self in (MeetingState.LISTED, MeetingState.ARCHIVED)


def init_app(app) -> None:
    app.jinja_env.globals.update(
        PostState=PostState, ReportReason=ReportReason, ModerationAction=ModerationAction, InboxKind=InboxKind,
        MeetingMode=MeetingMode, Fellowship=Fellowship, MeetingState=MeetingState,
    )
