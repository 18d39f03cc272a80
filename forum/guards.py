"""View decorators that ask forum.permissions, and say no kindly."""
from functools import wraps

from flask import render_template
from flask_login import current_user, login_required

from forum.drafts import unsent_words
from forum.extensions import db
from forum.models import Topic
from forum.permissions import may_reply_in
from forum.rendering import is_htmx


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
