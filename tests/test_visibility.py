"""Who may read what (forum.visibility) and who may use the staff pages (forum.guards)."""
from flask import Blueprint
from sqlalchemy import select

from forum.extensions import db
from forum.guards import staff_only
from forum.models import Post, User
from forum.services import posting, reporting
from forum.visibility import in_lists, listed
from tests.helpers import submit


def test_a_profile_leaves_out_posts_waiting_for_review_or_removed_by_their_author(app, client, members, forum,
                                                                                    sign_in_as):
    sign_in_as("watchful-mod", "moderator")
    members.join("quiet-river")
    forum.start_topic(title="A good week", body="Ninety days today.")
    reported = forum.start_topic(title="Reported and waiting", body="Under review.")
    removed = forum.start_topic(title="Taken back", body="I said too much.")
    reported_id, removed_id = (forum.post_ids(topic_id)[0] for topic_id in (reported, removed))
    with app.app_context():
        # A report by staff hides the post at once, pending review.
        reporting.report_post(db.session.get(Post, reported_id), User.by_handle("watchful-mod"), "spam", "")
        posting.delete_post(db.session.get(Post, removed_id))
        db.session.commit()  # services flush; their caller commits
    members.logout()
    profile = client.get("/u/quiet-river").get_data(as_text=True)
    assert "1 post<" in profile
    assert "A good week" in profile
    assert "Reported and waiting" not in profile and "Taken back" not in profile
    assert "Topic removed by its author" not in profile


def test_a_staff_only_blueprint_guards_every_route_but_its_public_ones(app, client, members, sign_in_as):
    """A route added to a staff area later is guarded without a decorator of its own."""
    probe = Blueprint("probe", __name__, url_prefix="/probe")
    probe.before_request(staff_only(public={"probe.open"}))
    probe.add_url_rule("/new-tool", "tool", lambda: "staff tool")
    probe.add_url_rule("/open", "open", lambda: "for everyone")
    app.register_blueprint(probe)

    moderator = sign_in_as("watchful-mod", "moderator")
    assert moderator.get("/probe/new-tool").status_code == 200
    assert client.get("/probe/new-tool").status_code == 302  # a visitor is asked to log in
    assert client.get("/probe/open").status_code == 200
    members.join("quiet-river")
    assert client.get("/probe/new-tool").status_code == 403
    assert client.get("/probe/open").status_code == 200


def test_a_post_in_hand_is_listed_exactly_when_the_lists_sql_would_show_it(app, members, forum, sign_in_as):
    """listed() and in_lists() are one rule, in Python and in SQL: every state a post can be in."""
    members.join("quiet-river")
    topic = forum.start_topic(title="Every state", body="The opening stays.")
    for words in ("waits for review", "hidden", "removed by a moderator", "taken back by its author", "kept"):
        forum.reply(topic, words)
    _, pending, hidden, removed, taken_back, _ = forum.post_ids(topic)
    moderator = sign_in_as("watchful-mod", "moderator")
    submit(moderator, f"/p/{pending}/report", {"reason": "spam"})  # a report by staff holds it for review
    submit(moderator, f"/mod/reports/{hidden}", {"action": "hide"})
    submit(moderator, f"/mod/reports/{removed}", {"action": "delete"})
    submit(members.client, f"/p/{taken_back}/delete")
    with app.app_context():
        posts = db.session.scalars(select(Post).order_by(Post.id)).all()
        in_sql = set(db.session.scalars(select(Post.id).where(in_lists())))
        assert {post.id for post in posts if listed(post)} == in_sql
        assert pending not in in_sql and hidden not in in_sql and removed not in in_sql and taken_back not in in_sql
        assert len(in_sql) == 2
