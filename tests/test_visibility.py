"""Who may read what (forum.visibility) and who may use the staff pages (forum.guards)."""
from flask import Blueprint

from forum.extensions import db
from forum.guards import staff_only
from forum.models import Post, User
from forum.services import posting, reporting


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
