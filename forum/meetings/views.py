"""/meetings: weekly meetings in the reader's time zone, their pages, calendar files and the Meeting Guide feed."""
from datetime import UTC
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from forum import preferences, visibility
from forum.drafts import keeps_drafts, words_arrived
from forum.extensions import db
from forum.forms import Form, nothing_changed
from forum.guards import member_can_post
from forum.limits import suggesting_limit
from forum.meetings import schedule, types
from forum.meetings.calendar import calendar_file
from forum.meetings.forms import MeetingFilter, MeetingForm
from forum.meetings.guide import feed_entry, in_feed
from forum.models import Board, Meeting
from forum.models.base import utcnow
from forum.permissions import can_keep_meeting, can_list_meetings, meeting_boards
from forum.rendering import is_htmx, render_form
from forum.services import meetings as listing
from forum.vocabulary import ModerationAction

bp = Blueprint("meetings", __name__)


def _now():
    return utcnow().replace(tzinfo=UTC)


def _filters() -> tuple[MeetingFilter, list[Board]]:
    filters = MeetingFilter.from_args(request.args)
    boards = Board.all_in_order()
    if filters.board and filters.board not in {board.slug for board in boards}:
        abort(404)
    return filters, boards


def _listed(filters: MeetingFilter) -> list[Meeting]:
    return [meeting for meeting in visibility.listed_meetings() if filters.keeps(meeting)]


def _week(filters: MeetingFilter, now) -> schedule.Week:
    return schedule.week(_listed(filters), now, preferences.time_zone(), on_day=filters.day, soon_only=filters.soon)


@bp.get("/meetings")
def index():
    filters, boards = _filters()
    zone = preferences.time_zone()
    now = _now()
    week = _week(filters, now)
    template = "_partials/meeting_list.html" if is_htmx() else "meetings/index.html"
    return render_template(template, week=week, filters=filters, boards=boards, zone=zone,
                           today=now.astimezone(ZoneInfo(zone)).date(), offered_types=types.OFFERED)


def _calendar_answer(listed: list[Meeting], filename: str):
    """A calendar file of these meetings; ?discreet=1 names each event just "Meeting"."""
    listings = [(meeting, url_for(".show", slug=meeting.slug, _external=True),
                 visibility.sees_how_to_join(meeting)) for meeting in listed]
    body = calendar_file(listings, _now(), discreet=request.args.get("discreet") == "1")
    return current_app.response_class(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
    })


@bp.get("/meetings.ics")
def calendar():
    """The meetings /meetings lists with the same filters (a day, or now and soon, as the reader's week has them)."""
    filters, _boards = _filters()
    return _calendar_answer(_week(filters, _now()).meetings, "meetings.ics")


@bp.get("/meetings.json")
def feed():
    """The Meeting Guide feed, for apps: listed meetings, with the links staff marked public and no others."""
    listings = [(meeting, visibility.sees_how_to_join(meeting, viewer=None)) for meeting in visibility.listed_meetings()]
    response = jsonify([feed_entry(meeting, url_for(".show", slug=meeting.slug, _external=True), joining)
                        for meeting, joining in listings if in_feed(meeting, joining)])
    # Meeting finders on other sites (TSML UI) read feeds from the browser: the feed is public.
    response.access_control_allow_origin = "*"
    return response


def _meeting_or_404(slug: str) -> Meeting:
    meeting = Meeting.by_slug(slug)
    if meeting is None or not visibility.may_see_meeting(meeting):
        abort(404)
    return meeting


@bp.get("/meetings/<slug>")
def show(slug: str):
    meeting = _meeting_or_404(slug)
    zone = preferences.time_zone()
    return render_template(
        "meetings/show.html", meeting=meeting, zone=zone, upcoming=schedule.next_ones(meeting, _now()),
        joining=visibility.sees_how_to_join(meeting), on_calendars=visibility.on_calendars(meeting),
        keeps=can_keep_meeting(current_user, meeting),
        steps=listing.steps_for(meeting), step_form=Form(formdata=None),
    )


@bp.get("/meetings/<slug>.ics")
def meeting_calendar(slug: str):
    meeting = _meeting_or_404(slug)
    if not visibility.on_calendars(meeting):
        abort(404)
    return _calendar_answer([meeting], f"{meeting.slug}.ics")


def meeting_form(meeting: Meeting | None = None, **kwargs) -> MeetingForm:
    """The meeting form as this member may fill it in (the boards they may choose, the public-link tick
    for staff): for the pages, and for a draft given back (forum.drafts)."""
    boards, no_board = meeting_boards(current_user, Board.all_in_order())
    return MeetingForm(boards=boards, no_board=no_board, staff=can_list_meetings(current_user), meeting=meeting,
                       **kwargs)


@bp.route("/meetings/new", methods=["GET", "POST"])
@suggesting_limit
@member_can_post
@keeps_drafts(meeting_form)
def new():
    form = meeting_form(data={"time_zone": preferences.time_zone()} if request.method == "GET" else None)
    if form.validate_on_submit():
        meeting = listing.submit(current_user, form)
        db.session.commit()
        words_arrived()
        flash(gettext("The meeting is listed.") if can_list_meetings(current_user) else
              gettext("Thank you. Your meeting will be listed once a facilitator or moderator has looked at it."))
        return redirect(url_for(".show", slug=meeting.slug))
    return render_form("meetings/form.html", form, meeting=None)


def _kept_or_403(slug: str) -> Meeting:
    meeting = _meeting_or_404(slug)
    if not can_keep_meeting(current_user, meeting):
        abort(403)
    return meeting


@bp.route("/meetings/<slug>/edit", methods=["GET", "POST"])
@member_can_post
@keeps_drafts(meeting_form)
def edit(slug: str):
    meeting = _kept_or_403(slug)
    form = meeting_form(meeting, data=listing.form_fields(meeting) if request.method == "GET" else None)
    if form.validate_on_submit():
        listing.change(current_user, meeting, form)
        db.session.commit()
        words_arrived()
        flash(gettext("The meeting is changed."))
        return redirect(url_for(".show", slug=meeting.slug))
    return render_form("meetings/form.html", form, meeting=meeting)


@bp.post("/meetings/<slug>/status")
@member_can_post
def take_step(slug: str):
    """Approve or decline a proposal, confirm a listing still runs, archive it or list it again."""
    meeting = _kept_or_403(slug)
    form = Form()
    step = request.form.get("action", "")
    if not form.validate_on_submit():
        flash(nothing_changed())
    elif step not in listing.steps_for(meeting):
        flash(gettext("That can't be done to this meeting now: the page shows where it stands."))
    else:
        listing.take_step(current_user, meeting, ModerationAction(step))
        db.session.commit()
        flash(ModerationAction(step).done)
    return redirect(url_for(".show", slug=meeting.slug))
