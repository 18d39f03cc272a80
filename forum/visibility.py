"""What a visitor may read, and how it is shown to them."""
from flask_login import current_user

from forum.permissions import can_see_hidden_titles

HIDDEN_TITLE = "Topic hidden by moderators"


def topic_title(topic) -> str:
    """A topic's title, unless moderators have hidden it from members."""
    if topic.title_hidden and not can_see_hidden_titles(current_user):
        return HIDDEN_TITLE
    return topic.title
