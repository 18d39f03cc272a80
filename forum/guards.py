"""View decorators (and a blueprint's guard) that ask forum.permissions, and say no kindly."""
from functools import wraps

from flask import abort, current_app, render_template, request
from flask_login import current_user, login_required
from flask_login.config import EXEMPT_METHODS

from forum.drafts import Draft
from forum.extensions import db
from forum.models import Post, Topic
from forum.permissions import can_moderate_post, is_staff, may_reply_in
from forum.rendering import is_htmx


def staff_only(public=frozenset()):
    """A before_request hook for a blueprint that only staff may use: a visitor
    is asked to log in, a member is refused. public: endpoints open to everyone."""

    def guard():
        if request.endpoint in public or request.method in EXEMPT_METHODS:  # as login_required does
            return None
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not is_staff(current_user):
            abort(403)
        return None

    return guard


def post_to_moderate(view):
    """Give the view the post, if this member of staff may moderate it: its
    board is theirs, and it is not their own (forum.permissions.can_moderate_post)."""

    @wraps(view)
    def checked(post_id: int, **kwargs):
        post = db.get_or_404(Post, post_id)
        if not can_moderate_post(current_user, post):
            abort(403)
        return view(post=post, **kwargs)

    return checked


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
    return render_template(template, draft=Draft.from_request()), 403
