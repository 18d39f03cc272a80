"""Rate limits: how often one person may try to log in, join, post or report.

Limits are declared on the routes (see the decorators below); this module
says how a request is counted. Client addresses are used only here, in
memory, and only as a keyed hash: the storage (memory, or Redis for several
app servers) never holds an address, and nothing writes one anywhere.
"""
import hashlib
import hmac
import math
import time

from flask import current_app, render_template, request
from flask_babel import gettext
from flask_limiter import Limiter, RateLimitExceeded
from flask_login import current_user

from forum.drafts import Draft
from forum.permissions import can_list_meetings
from forum.rendering import is_htmx
from forum.wording import ngettext


def _keyed(kind: str, value: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return kind + ":" + hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:24]


def by_client() -> str:
    return _keyed("client", request.remote_addr or "unknown")


def by_handle() -> str:
    """Login and recovery attempts against one account, from anywhere."""
    return _keyed("handle", (request.form.get("handle") or "").strip().lower())


def by_handle_and_client() -> str:
    return _keyed("handle-client", f"{(request.form.get('handle') or '').strip().lower()}|{request.remote_addr}")


def failed(response) -> bool:
    """Count only attempts that failed: a member who gets in spends nothing."""
    return response.status_code >= 400


def written(response) -> bool:
    """Count only what was written: a post sent back to fix costs nothing."""
    return response.status_code < 400


def by_member() -> str:
    """Posting and reporting per account (the client when logged out)."""
    if current_user.is_authenticated:
        return f"member:{current_user.id}"
    return by_client()


limiter = Limiter(key_func=by_client)


def limited(*limits):
    """Apply several declared limits to one view."""

    def decorate(view):
        for limit in reversed(limits):
            view = limit(view)
        return view

    return decorate


# Declared on routes. Only POSTs count: reading is never limited (searching,
# costly to answer, is: forum/search/views.py). Shared limits count across
# their routes: logging in and recovering draw on one allowance, as do new
# topics, replies and edits.
# Sign-in failures: tight for one handle from one client, looser for one
# handle from anywhere (so a stranger cannot easily lock a member out),
# and a cap per client across handles.
login_attempts = [
    limiter.shared_limit("10 per 15 minutes", "sign-in-handle-client", key_func=by_handle_and_client,
                         methods=["POST"], deduct_when=failed),
    limiter.shared_limit("100 per hour", "sign-in-handle", key_func=by_handle, methods=["POST"], deduct_when=failed),
    limiter.shared_limit("30 per 15 minutes", "sign-in-client", key_func=by_client, methods=["POST"],
                         deduct_when=failed),
]
# Pages that ask a logged-in member for their password: someone holding a
# borrowed phone must not be able to guess it there without end.
password_checks = limiter.shared_limit("10 per 15 minutes", "password-checks", key_func=by_member,
                                       methods=["POST"], deduct_when=failed)


def _join_form_again(limit):
    """Joining is paused: the join form comes back, handle filled in, with the wait above it."""
    from forum.auth.forms import RegisterForm  # the form belongs to auth, which declares this limit

    seconds, wait = honest_wait(limit)
    return current_app.make_response((
        render_template("auth/register.html", form=RegisterForm(), joining_paused=limit.limit.amount, wait=wait),
        429, {"Retry-After": str(seconds)},
    ))


# Only accounts made count: seven typos in the confirmation cost nothing,
# and the eighth try joins. A looser ceiling on every attempt, counted up
# front, stops a burst (see posting below).
joining_limit = limited(
    limiter.limit("5 per hour", key_func=by_client, methods=["POST"], deduct_when=written,
                  on_breach=_join_form_again),
    limiter.limit("30 per hour", key_func=by_client, methods=["POST"], on_breach=_join_form_again),
)
# Posts and reports count once written, so a form sent back to fix costs
# nothing. Such a limit is only checked before a request and counted after
# it, so a burst sent all at once would slip past: a looser ceiling on every
# attempt, counted up front, stops that.
posting_limit = limited(
    limiter.shared_limit("6 per minute; 60 per hour", "posting", key_func=by_member, methods=["POST"],
                         deduct_when=written),
    limiter.shared_limit("12 per minute", "posting-attempts", key_func=by_member, methods=["POST"]),
)
# Suggesting a meeting: a member's suggestions wait for staff, so a few an hour is plenty; staff adding
# a town's meetings one after another are not held back.
def _lists_meetings() -> bool:
    return can_list_meetings(current_user)


suggesting_limit = limited(
    limiter.limit("10 per hour", key_func=by_member, methods=["POST"], deduct_when=written,
                  exempt_when=_lists_meetings),
    limiter.limit("30 per hour", key_func=by_member, methods=["POST"], exempt_when=_lists_meetings),
)
reporting_limit = limited(
    limiter.shared_limit("20 per hour", "reporting", key_func=by_member, methods=["POST"], deduct_when=written),
    limiter.shared_limit("40 per hour", "reporting-attempts", key_func=by_member, methods=["POST"]),
)


def honest_wait(limit) -> tuple[int, str]:
    """How long to wait before trying again: in seconds, and in words that are true.

    With memory storage (the default) each app worker counts on its own, so
    this worker's reset time is not the forum's: the next try may reach a
    worker that lets it through at once, or one still counting. What holds
    on every worker is that its window began less than a window ago, so it
    is over within one window: that is the promise the member is given.
    Shared storage (Redis) counts for the whole forum, and the wait is exact.
    """
    if limit is None:
        return 60, gettext("in a minute at the most")
    if current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        seconds, exact = limit.limit.get_expiry(), False
    else:
        seconds, exact = max(1, math.ceil(limit.reset_at - time.time())), True
    # Whole phrases, each as the reader's language says it ("in about", "at the most" move about).
    if seconds % 3600 == 0:
        hours = seconds // 3600
        wait = (ngettext("in about an hour", "in about %(num)s hours", hours) if exact
                else ngettext("in an hour at the most", "in %(num)s hours at the most", hours))
    elif seconds == 60:
        wait = gettext("in about a minute") if exact else gettext("in a minute at the most")
    elif seconds < 120:
        wait = (ngettext("in about %(num)s second", "in about %(num)s seconds", seconds) if exact
                else ngettext("in %(num)s second at the most", "in %(num)s seconds at the most", seconds))
    else:
        minutes = math.ceil(seconds / 60)
        wait = (ngettext("in about %(num)s minute", "in about %(num)s minutes", minutes) if exact
                else ngettext("in %(num)s minute at the most", "in %(num)s minutes at the most", minutes))
    return seconds, wait


def too_many_requests(error: RateLimitExceeded):
    """Slow down, kindly, and give back whatever the member was sending."""
    if error.response is not None:
        return error.response  # the route's own form, filled in (see _join_form_again)
    template = "_partials/slow_down.html" if is_htmx() else "errors/slow_down.html"
    seconds, wait = honest_wait(limiter.current_limit)
    return render_template(template, draft=Draft.from_request(), wait=wait), 429, {"Retry-After": str(seconds)}


def init_app(app) -> None:
    app.config.setdefault("RATELIMIT_ENABLED", app.config["FORUM_RATELIMIT_ENABLED"])
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["FORUM_RATELIMIT_STORAGE_URL"])
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, too_many_requests)
