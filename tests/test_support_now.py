"""A member who needs support now says so, and the home page shows them first."""
import re
from datetime import timedelta

from forum.extensions import db
from forum.models import Topic
from forum.models.base import utcnow
from tests.helpers import PASSWORD, Forum, Members, submit, without_time_tags


def _asking(page: str) -> list[str]:
    """The titles in the home page's "Need support now" list, in order."""
    section = re.search(r'<section aria-labelledby="support-now">(.*?)</section>', page, re.S)
    return re.findall(r'<a href="/t/\d+">([^<]+)</a>', section.group(1)) if section else []


def _reader(app):
    return app.test_client()


def test_a_call_for_support_comes_first_on_the_home_page(app, client, members, forum):
    members.join("night-owl")
    new_topic = client.get("/b/opioids/new").get_data(as_text=True)
    assert 'name="support_now"' in new_topic and 'href="/help"' in new_topic
    asking = forum.start_topic(board="opioids", title="Can't sleep, thinking about using", support_now=True)
    forum.start_topic(board="alcohol", title="Sober for a month")

    home = _reader(app).get("/").get_data(as_text=True)
    assert _asking(home) == ["Can&#39;t sleep, thinking about using"]
    assert home.index("Need support now") < home.index('href="/b/opioids"')
    assert "Opioids · asked just now · no replies yet" in without_time_tags(home)
    assert "needs support now" in _reader(app).get("/b/opioids").get_data(as_text=True)
    assert "Asked for support now" in _reader(app).get(f"/t/{asking}").get_data(as_text=True)


def test_the_asker_takes_it_off_the_list_when_steadier(app, client, members, forum):
    members.join("night-owl")
    topic_id = forum.start_topic(title="Rough night", support_now=True)
    friend = _asker(app, "steady-friend")
    assert "I'm OK now" not in friend.client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert submit(friend.client, f"/t/{topic_id}/support/withdraw").status_code == 403
    assert _asking(_reader(app).get("/").get_data(as_text=True)) == ["Rough night"]

    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert f'action="/t/{topic_id}/support/withdraw"' in page and "I'm OK now" in page
    after = submit(client, f"/t/{topic_id}/support/withdraw", follow_redirects=True).get_data(as_text=True)
    assert "off the home page&#39;s list" in after and "I'm OK now" not in after
    assert _asking(_reader(app).get("/").get_data(as_text=True)) == []
    assert friend.reply(topic_id, "Glad to hear it.").status_code == 302  # the topic stays open
    forum.start_topic(title="Another night", support_now=True)  # and a new request can be made
    assert _asking(_reader(app).get("/").get_data(as_text=True)) == ["Another night"]


def test_a_quiet_night_shows_no_empty_list(app, members, forum):
    members.join("night-owl")
    forum.start_topic(title="Just checking in")
    home = _reader(app).get("/").get_data(as_text=True)
    assert "Need support now" not in home and 'href="/b/alcohol"' in home


def _asker(app, handle) -> Forum:
    client = app.test_client()
    Members(client).join(handle)
    return Forum(client)


def test_the_unanswered_come_first_then_the_longest_waiting(app):
    first_asker = _asker(app, "first-asker")
    first = first_asker.start_topic(title="First to ask", support_now=True)
    second = _asker(app, "second-asker")
    second_topic = second.start_topic(title="Second to ask", support_now=True)
    _asker(app, "third-asker").start_topic(title="Third to ask", support_now=True)
    _asker(app, "steady-friend").reply(first, "I'm here. What's going on tonight?")
    second.reply(second_topic, "Still here, still awake.")  # the asker's own words answer nobody

    home = _reader(app).get("/").get_data(as_text=True)
    assert _asking(home) == ["Second to ask", "Third to ask", "First to ask"]
    # Order tells who waits longest; the words only count replies, the asker's
    # own included: "no replies yet" beside one would say who wrote it.
    assert home.count("no replies yet") == 1 and home.count("1 reply") == 2


def test_one_call_for_support_at_a_time(app, client, members, forum):
    members.join("night-owl")
    forum.start_topic(title="Can't sleep", support_now=True)
    response = submit(client, "/b/alcohol/new", {"title": "Still can't", "body": "Hours now.", "support_now": "y"},
                      follow_redirects=True)
    assert "Still can&#39;t" in response.get_data(as_text=True)  # posted all the same
    assert "You already asked for support in the last day" in response.get_data(as_text=True)
    assert _asking(_reader(app).get("/").get_data(as_text=True)) == ["Can&#39;t sleep"]


def test_suspended_banned_or_departed_authors_leave_the_list(app, client, members, forum, sign_in_as):
    spammer = _asker(app, "pill-seller")
    spam = spammer.start_topic(title="BUY PILLS", support_now=True)
    leaver = _asker(app, "moving-on")
    leaver.start_topic(title="Last night here", support_now=True)
    members.join("night-owl")
    forum.start_topic(title="A real request", support_now=True)
    moderator = sign_in_as("night-moderator", role="moderator")
    # Shut out of their calls for support too: by default a banned member could still reply there.
    submit(moderator, f"/mod/reports/{spammer.post_ids(spam)[0]}",
           {"action": "ban", "note": "dealing", "confirm": "yes", "shut_out": "y"})
    submit(leaver.client, "/account/delete", {"posts": "keep", "password": PASSWORD})
    assert _asking(_reader(app).get("/").get_data(as_text=True)) == ["A real request"]


def test_a_call_for_support_fades_after_a_day(app, members, forum):
    members.join("night-owl")
    topic_id = forum.start_topic(title="Rough evening", support_now=True)
    with app.app_context():
        db.session.get(Topic, topic_id).support_requested_at = utcnow() - timedelta(hours=25)
        db.session.commit()
    assert _asking(_reader(app).get("/").get_data(as_text=True)) == []
    assert "Asked for support now" not in _reader(app).get(f"/t/{topic_id}").get_data(as_text=True)


def test_an_anonymous_call_for_support_names_nobody(app, members, forum):
    members.join("night-owl")
    forum.start_topic(title="Relapsed tonight", anonymous=True, support_now=True)
    home = _reader(app).get("/").get_data(as_text=True)
    assert _asking(home) == ["Relapsed tonight"] and "night-owl" not in home


def test_removed_locked_or_hidden_topics_leave_the_list(app, client, members, forum, sign_in_as):
    members.join("night-owl")
    removed = forum.start_topic(title="Removed by me", support_now=True)
    locked = forum.start_topic(title="Locked by a moderator", support_now=True)
    hidden = forum.start_topic(title="Hidden by a moderator", support_now=True)
    opening = {topic: forum.post_ids(topic)[0] for topic in (removed, locked, hidden)}
    assert submit(client, f"/p/{opening[removed]}/delete").status_code == 302

    moderator = sign_in_as("night-moderator", role="moderator")
    for topic, action in ((locked, "lock"), (hidden, "hide")):
        response = submit(moderator, f"/mod/reports/{opening[topic]}", {"action": action, "note": "checked"})
        assert response.status_code in (302, 303), response.get_data(as_text=True)
    assert _asking(_reader(app).get("/").get_data(as_text=True)) == []


def test_the_request_is_kept_when_the_session_ended_before_sending(app, client, members, forum):
    members.join("night-owl")
    members.logout()
    words = "I have pills in front of me and I don't want to be alone."
    kept = submit(client, "/b/opioids/new", {"title": "Please", "body": words, "support_now": "y"})
    assert kept.status_code == 401 and 'name="draft_support_now" value="y"' in kept.get_data(as_text=True)
    resumed = submit(client, "/login", {
        "handle": "night-owl", "password": PASSWORD, "draft_action": "/b/opioids/new",
        "draft_title": "Please", "draft_body": words, "draft_support_now": "y",
    })
    assert '<input checked id="support_now" name="support_now" type="checkbox" value="y">' in resumed.get_data(as_text=True)


def test_an_edit_kept_through_login_offers_no_support_box(app, client, members, forum):
    members.join("night-owl")
    topic_id = forum.start_topic(title="Day one")
    post_id = forum.post_ids(topic_id)[0]
    resumed = submit(client, "/login", {
        "handle": "night-owl", "password": PASSWORD, "draft_action": f"/p/{post_id}/edit",
        "draft_title": "Day one, edited", "draft_body": "Better now.",
    })
    page = resumed.get_data(as_text=True)
    assert "Day one, edited" in page and 'name="support_now"' not in page


def test_the_home_page_does_not_tell_which_reply_is_the_askers(app):
    """An anonymous asker who replies under their name must not be linked to their topic by the list."""
    asker = _asker(app, "open-handle")
    own = asker.start_topic(title="Anonymous and scared", support_now=True, anonymous=True)
    asker.reply(own, "Update: I made it to the morning.")  # under their name, by mistake
    other = _asker(app, "other-asker")
    theirs = other.start_topic(title="Another long night", support_now=True, anonymous=True)
    _asker(app, "kind-stranger").reply(theirs, "I'm here.")

    home = _reader(app).get("/").get_data(as_text=True)
    assert "no replies yet" not in home
    assert home.count("1 reply") == 2
