"""What every request shares: sign-in, URL rules, template helpers, error pages."""
from functools import wraps

from flask import Flask, abort, flash, render_template, request
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, ValidationError

from forum.dates import when
from forum.extensions import db, login_manager
from forum.forms import clean_text, token_refusal
from forum.links import post_link, post_url, profile_link
from forum.models import ModAction, Notice, Topic, User
from forum.models.moderation import open_report_count
from forum.permissions import can_act_on_post, can_see_hidden_titles, is_staff, may_reply_in, moderated_boards_clause
from forum.services.accounts import resume_login
from forum.text import stored_html

MAX_PAGE = 100_000
MAX_ID = 2**31 - 1

# Everything comes from the forum itself; no inline script or style, no
# frames, no plugins, forms post only here. htmx lives with it through its
# meta-tag config (no inline indicator styles, no eval, self requests only).
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # An outbound link must not tell another site which topic a member was reading.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                          "interest-cohort=(), browsing-topics=()",
}


class IdConverter(BaseConverter):
    """Database ids: digits only, within PostgreSQL's INTEGER range (a larger
    number there is an error, not a miss), so anything else is a plain 404."""

    regex = r"\d{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        return str(value)


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def page_arg() -> int:
    """The ?page= number, forgiving of anything a person could type."""
    page = request.args.get("page", 1, type=int)
    return min(max(page, 1), MAX_PAGE)


def page_or_404(pagination):
    """A page past the last is a 404; page 1 of an empty list is an empty state."""
    if pagination.page > 1 and not pagination.items:
        abort(404)
    return pagination


def render_form(template: str, form, **context):
    """A form page: 200 when first shown, 422 when a submission needs another look."""
    status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


# What a member may be sending: a post's title and body, a report's details,
# a moderator's note. Given back whenever the forum refuses the request.
UNSENT_FIELDS = ("title", "body", "details", "note")


def unsent_words() -> dict[str, str]:
    """The words in this request's form, to give back when it is refused."""
    if request.method != "POST":
        return {}
    return {name: clean_text(request.form.get(name)) for name in UNSENT_FIELDS}


def words_arrived() -> None:
    """Tell the page this form's redirect leads to that its words arrived.

    static/forum.js keeps unsent words in the tab's sessionStorage so that a
    reload brings them back; this is how it learns, after a plain form send,
    to forget them (as "sent" flashes, read out in base.html). htmx answers
    need not say it: the script sees those itself.
    """
    flash(request.path, "sent")


def refusal_page(reason: str, status: int = 422):
    """Words the forum cannot take for a reason the member could not see coming
    (the topic was locked while they wrote): the reason, and the words to keep."""
    return render_template(
        "errors/error.html", code=status, heading="Your words weren't posted", message=reason, draft=unsent_words(),
    ), status


def _posting_guard(may_post):
    """Log in to post; a member who may not post here is told why.

    Their words, if they had written some, come back on that page so that
    nothing they wrote is lost.
    """

    def decorate(view):
        @wraps(view)
        @login_required
        def checked(*args, **kwargs):
            if may_post(**kwargs):
                return view(*args, **kwargs)
            return _cannot_post()

        return checked

    return decorate


def _may_reply(topic_id: int, **_) -> bool:
    """A suspended or banned member may still reply where they asked for support (may_reply_in)."""
    topic = db.session.get(Topic, topic_id)
    return may_reply_in(current_user, topic) if topic else current_user.can_post


member_can_post = _posting_guard(lambda **_: current_user.can_post)
member_can_reply = _posting_guard(_may_reply)


def _cannot_post():
    template = "_partials/cannot_post.html" if is_htmx() else "account/cannot_post.html"
    return render_template(template, draft=unsent_words()), 403


def safe_next(target: str | None, fallback: str) -> str:
    """Only local paths: a login link must not bounce a member to another site."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 32 or ord(c) == 127 for c in target)  # no header splitting
    ):
        return fallback
    return target


ERROR_MESSAGES = {
    400: ("Something went wrong with that request", "Please go back and try again."),
    403: ("That isn't open to you", "This page or action belongs to someone else or to the forum's moderators."),
    404: ("We couldn't find that page", "It may have been moved or removed. The boards are still here for you."),
    405: ("That didn't work from here", "Please go back and use the page's own buttons."),
    410: ("That post can no longer be changed", "It was removed, by its author or by the moderators."),
    413: ("That was too large", "Please shorten it and try again."),
    422: ("Please check the form", "Something in it needs another look."),
    429: ("Please slow down a little", "Wait a moment and try again."),
    500: ("Something broke on our side", "It isn't your fault. Please try again in a moment."),
}


HIDDEN_TITLE = "Topic hidden by moderators"


def topic_title(topic) -> str:
    """A topic's title, unless moderators have hidden it from members."""
    if topic.title_hidden and not can_see_hidden_titles(current_user):
        return HIDDEN_TITLE
    return topic.title


def error_page(error: HTTPException):
    code = error.code or 500
    if code >= 500:
        db.session.rollback()  # leave no half-done write behind the error page
    heading, message = ERROR_MESSAGES.get(code, (error.name, error.description))
    if is_htmx():
        # Shown in the page's notice area, leaving the form and its text alone.
        headers = {"HX-Retarget": "#notices", "HX-Reswap": "innerHTML"}
        return render_template("_partials/error.html", heading=heading, message=message), code, headers
    # A refused form gives its words back (an unreadable, too-large one has none to give).
    draft = unsent_words() if code != 413 else {}
    return render_template("errors/error.html", code=code, heading=heading, message=message, draft=draft), code


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    # The id names the account and one of its logins: logging out, or a
    # password change, deletes the login, and the cookie opens nothing.
    user_key, _, login_key = user_id.partition(":")
    if not user_key.isdigit() or int(user_key) > MAX_ID or not login_key:
        return None
    return resume_login(int(user_key), login_key)


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    # Off: "basic" keeps a hash of the client's address and browser in the
    # session cookie. Sessions end instead on the server (logging out, a
    # password change or recovery: see LoginSession) and by the idle timeout.
    login_manager.session_protection = None

    # Less whitespace in every page: bytes are paid for by members on metered plans.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["when"] = when
    app.jinja_env.globals.update(
        csrf_token=generate_csrf, post_url=post_url, post_link=post_link, profile_link=profile_link,
        topic_title=topic_title, post_html=stored_html,
        can_act_on_post=can_act_on_post, may_reply_in=may_reply_in, token_refusal=token_refusal,
    )

    app.register_error_handler(HTTPException, error_page)

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

        return {"unseen_notices": unseen_notices, "is_staff": is_staff(current_user),
                "open_reports": open_reports, "sanction_note": sanction_note}

    @app.after_request
    def response_headers(response):
        response.headers.update(SECURITY_HEADERS)
        if app.config["FORUM_HTTPS"]:
            response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        # The same URL answers with a fragment or a full page.
        response.vary.add("HX-Request")
        if "Cache-Control" in response.headers:
            return response
        if current_user.is_authenticated:
            # A member's pages say which anonymous posts are theirs: on a
            # shared phone, nothing of them may stay in the browser after
            # logging out. (They pay for it with a full page on each visit.)
            response.headers["Cache-Control"] = "private, no-store"
        elif request.method == "GET" and response.status_code == 200 and response.mimetype == "text/html":
            # Everyone else revalidates: an unchanged page costs a 304.
            # Private, because a page may carry a session's form token.
            response.headers["Cache-Control"] = "private, no-cache"
            response.add_etag()
            response.make_conditional(request)
        return response
