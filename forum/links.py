"""Where things live: a post's topic page, and the addresses a post carries."""
from flask import current_app, request, url_for

from forum.models import Post


def post_link(post_id: int, action: str = "") -> str:
    """/p/<id>/<action>, the post addresses fixed by the design brief.

    Built directly rather than by url_for: a topic page needs about forty
    of them, and url_for costs some 12 µs each, a fifth of the page's time.
    tests/test_performance.py checks they agree with the routes.
    """
    return f"{request.script_root}/p/{post_id}" + (f"/{action}" if action else "")


def reply_to_link(post: Post) -> str:
    """/t/<id>?reply_to=<post id>#reply: the topic's reply form, answering this post (by hand, as post_link)."""
    return f"{request.script_root}/t/{post.topic_id}?reply_to={post.id}#reply"


def profile_link(handle: str) -> str:
    """/u/<handle>; handles are letters, digits, _ and - only, so need no quoting."""
    return f"{request.script_root}/u/{handle}"


def post_url(post: Post) -> str:
    """The topic page, at the right page, scrolled to the post."""
    per_page = current_app.config["POSTS_PER_PAGE"]
    return topic_url_at(post.topic_id, post.topic.page_of(post.position(), per_page), post.id)


def topic_url_at(topic_id: int, page: int, post_id: int) -> str:
    """/t/<id>?page=N#p<post id>: one page of a topic, scrolled to one of its posts."""
    args = {"page": page} if page > 1 else {}
    return url_for("boards.topic", topic_id=topic_id, **args) + f"#p{post_id}"
