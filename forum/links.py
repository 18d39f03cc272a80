"""Where a post lives: its topic, at the right page, scrolled to it."""
from flask import current_app, url_for

from forum.models import Post


def post_url(post: Post) -> str:
    per_page = current_app.config["POSTS_PER_PAGE"]
    page = post.topic.page_of(post.position(), per_page)
    args = {"page": page} if page > 1 else {}
    return url_for("boards.topic", topic_id=post.topic_id, **args) + f"#p{post.id}"
