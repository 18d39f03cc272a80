from wtforms import HiddenField

from forum.forms import (
    Form,
    anonymous_field,
    body_field,
    lazy_gettext,
    submission_field,
    support_now_field,
    title_field,
)
from forum.routing import id_or_none


class TopicForm(Form):
    title = title_field()
    body = body_field()
    anonymous = anonymous_field()
    support_now = support_now_field()
    submission = submission_field()


class WithdrawSupportForm(Form):
    """Only a CSRF token: the asker says they no longer need the topic listed."""


class FollowForm(Form):
    """Only a CSRF token: the member follows a topic, or stops following it."""


class ReplyForm(Form):
    body = body_field(lazy_gettext("Your reply"))
    anonymous = anonymous_field()
    submission = submission_field()
    # "Reply to this": the post this reply answers, whose author hears of it (forum.services.inbox).
    reply_to = HiddenField(filters=[id_or_none])
