from forum.forms import Form, anonymous_field, body_field, submission_field, support_now_field, title_field


class TopicForm(Form):
    title = title_field()
    body = body_field()
    anonymous = anonymous_field()
    support_now = support_now_field()
    submission = submission_field()


class WithdrawSupportForm(Form):
    """Only a CSRF token: the asker says they no longer need the topic listed."""


class ReplyForm(Form):
    body = body_field("Your reply")
    anonymous = anonymous_field()
    submission = submission_field()
