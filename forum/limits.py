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
from flask_limiter import Limiter, RateLimitExceeded
from flask_login import current_user

from forum.web import is_htmx


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


# Declared on routes. Only POSTs count: reading is never limited. Shared
# limits count across their routes: logging in and recovering draw on one
# allowance, as do new topics, replies and edits.
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
joining_limit = limiter.limit("5 per hour", key_func=by_client, methods=["POST"])
# Posts and reports count once written, so a form sent back to fix costs
# nothing. Such a limit is only checked before a request and counted after
# it, so a burst sent all at once would slip past: a looser ceiling on every
# attempt, counted up front, stops that.
posting_limit = limited(
    limiter.shared_limit("6 per minute; 60 per hour", "posting", key_func=by_member, methods=["POST"],
                         deduct_when=written),
    limiter.shared_limit("12 per minute", "posting-attempts", key_func=by_member, methods=["POST"]),
)
reporting_limit = limited(
    limiter.shared_limit("20 per hour", "reporting", key_func=by_member, methods=["POST"], deduct_when=written),
    limiter.shared_limit("40 per hour", "reporting-attempts", key_func=by_member, methods=["POST"]),
)


def seconds_to_wait() -> int:
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, math.ceil(current.reset_at - time.time()))


def too_many_requests(error: RateLimitExceeded):
    """Slow down, kindly, and give back whatever the member was sending."""
    draft = {name: request.form.get(name, "") for name in ("title", "body", "details")}
    template = "_partials/slow_down.html" if is_htmx() else "errors/slow_down.html"
    wait = seconds_to_wait()
    return render_template(
        template, draft=draft, action=request.path, wait=wait, minutes=math.ceil(wait / 60),
    ), 429, {"Retry-After": str(wait)}


def init_app(app) -> None:
    app.config.setdefault("RATELIMIT_ENABLED", app.config["FORUM_RATELIMIT_ENABLED"])
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["FORUM_RATELIMIT_STORAGE_URL"])
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, too_many_requests)
