from wtforms import StringField
from wtforms.validators import InputRequired, Length

from forum.forms import Form, anonymous_field, body_field, clean_text, strip


class TopicForm(Form):
    title = StringField(
        "Title",
        filters=[clean_text, strip],
        validators=[
            InputRequired(message="Please give your topic a title."),
            Length(min=3, max=120, message="Please use a title of 3 to 120 characters."),
        ],
    )
    body = body_field()
    anonymous = anonymous_field()


class ReplyForm(Form):
    body = body_field("Your reply")
    anonymous = anonymous_field()
