"""How pages are rendered: a fragment for htmx or a whole page, and what every template may use."""
from flask import Flask, flash, redirect, render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context

from forum.extensions import db
from forum.forms import nothing_changed, token_refusal
from forum.i18n import catalogue
from forum.links import post_link, post_url, profile_link, reply_to_link
from forum.meetings import types as meeting_types
from forum.models import ModAction, Notice
from forum.models.moderation import open_report_count
from forum.permissions import (
    can_act_on_post,
    can_be_removed,
    can_edit_post,
    can_list_meetings,
    can_moderate_post,
    can_reply_now,
    can_withdraw_support,
    is_staff,
    may_reply_in,
    moderated_boards_clause,
)
from forum.preferences import zone_label
from forum.text import excerpt, marked, search_excerpt, stored_html
from forum.wording import clock, iso, number, time_tag, weekday_and_date, weekday_names, weekday_short, weekdays


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def render_form(template: str, form, **context):
    """A form page: 200 when first shown, 422 when a submission needs another look."""
    status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


def one_tap(form, change, done: str, fragment, back):
    """Answer a one-button form (follow a topic, save a post).

    The change is made and committed if the token holds. htmx gets the button
    in its new state from fragment(refused), with 422 and the reason when the
    token was refused; a plain form goes back() where the member was, with
    done, or the reason, flashed. back is asked only after the change, since
    where to go may depend on it.
    """
    refused = None
    if form.validate_on_submit():
        change()
        db.session.commit()
    else:
        refused = nothing_changed()
    if is_htmx():
        return fragment(refused), 422 if refused else 200
    flash(refused or done)
    return redirect(back())


def init_app(app: Flask) -> None:
    from forum import visibility
    from forum.services import inbox

    # Less whitespace in every page: bytes are paid for by members on metered plans.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(time_tag=time_tag, iso=iso)
    # The catalogue found once per answer (forum.i18n), not once per message.
    app.jinja_env.install_gettext_callables(
        gettext=lambda message: catalogue().ugettext(message),
        ngettext=lambda singular, plural, num: catalogue().ungettext(singular, plural, num),
        pgettext=lambda context, message: catalogue().upgettext(context, message),
        npgettext=lambda context, singular, plural, num: catalogue().unpgettext(context, singular, plural, num),
        newstyle=True,
    )
    # As forum.wording.ngettext: a count reads as the reader's language writes numbers.
    plural_words = app.jinja_env.globals["ngettext"]

    @pass_context
    def ngettext(context, singular, plural, num, **variables):
        return plural_words(context, singular, plural, num, **{"num": number(num), **variables})

    app.jinja_env.globals["ngettext"] = ngettext
    app.jinja_env.globals.update(
        csrf_token=generate_csrf, post_url=post_url, post_link=post_link, profile_link=profile_link,
        reply_to_link=reply_to_link,
        post_html=stored_html, post_excerpt=excerpt, search_excerpt=search_excerpt, marked=marked,
        token_refusal=token_refusal, nothing_changed=nothing_changed,
        # Who may read what, and how authors are shown (forum.visibility) ...
        topic_title=visibility.topic_title, is_public=visibility.is_public, may_read=visibility.may_read,
        notice_for=visibility.notice_for, held_by_moderators=visibility.held_by_moderators,
        post_byline=visibility.post_byline,
        author_for_staff=visibility.author_for_staff, log_actor=visibility.log_actor, log_author=visibility.log_author,
        # ... and who may do what (forum.permissions): templates never compare roles or ids.
        can_edit_post=can_edit_post, can_moderate_post=can_moderate_post, can_be_removed=can_be_removed,
        can_act_on_post=can_act_on_post, can_withdraw_support=can_withdraw_support, may_reply_in=may_reply_in,
        can_reply_now=can_reply_now, can_list_meetings=can_list_meetings,
        # Times of day, weekdays and places, as meetings are told (forum.wording, forum.preferences).
        clock=clock, weekday_and_date=weekday_and_date, weekday_short=weekday_short, weekday_names=weekday_names,
        weekdays=weekdays, zone_label=zone_label, meeting_type_name=meeting_types.name,
        spanish_type=meeting_types.SPANISH,
    )

    @app.context_processor
    def member_context():
        # Called from the template, so pages without a header never query.
        def unseen_notices():
            return Notice.unseen_for(current_user) if current_user.is_authenticated else []

        def open_reports() -> int:
            """The header's "Reports 3": posts waiting in the queue this member of staff sees."""
            return open_report_count(moderated_boards_clause(current_user)) if is_staff(current_user) else 0

        def sanction_note() -> str:
            """The moderator's words to a suspended or banned member, on the page that tells them."""
            return ModAction.sanction_note_for(current_user) if current_user.is_authenticated else ""

        def inbox_unread() -> str:
            """The header's "Inbox 3" ("99+" past the cap, "" for none): one indexed statement, members only."""
            if not current_user.is_authenticated:
                return ""
            count = inbox.unread_count(current_user)
            return f"{inbox.UNREAD_CAP}+" if count > inbox.UNREAD_CAP else str(count or "")

        return {"unseen_notices": unseen_notices, "is_staff": is_staff(current_user),
                "open_reports": open_reports, "sanction_note": sanction_note, "inbox_unread": inbox_unread}
