"""A form that fails comes back with a kind message and the member's words in it."""
from html import unescape

import pytest

from tests.helpers import PASSWORD, Members, csrf_token, submit


def test_topic_without_title_keeps_the_body(client, members):
    members.join("quiet-river")
    response = submit(client, "/b/alcohol/new", {"title": "", "body": "Everything I wanted to say."})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please give your topic a title." in page
    assert "Everything I wanted to say.</textarea>" in page


def test_topic_with_a_too_long_title_keeps_both(client, members):
    members.join("quiet-river")
    title = "A" * 121
    response = submit(client, "/b/alcohol/new", {"title": title, "body": "My story.", "anonymous": "y"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please use a title of 3 to 120 characters." in page
    assert f'value="{title}"' in page and "My story.</textarea>" in page
    assert '<input checked id="anonymous"' in page  # the anonymous choice is kept too


def test_empty_or_blank_body_is_refused_kindly(client, members, forum):
    members.join("quiet-river")
    response = submit(client, "/b/alcohol/new", {"title": "Just a title", "body": "   \n  "})
    assert response.status_code == 422
    assert "Please write something first." in response.get_data(as_text=True)
    topic_id = forum.start_topic()
    reply = forum.reply(topic_id, "")
    assert reply.status_code == 422
    assert "Please write something first." in reply.get_data(as_text=True)


def test_plain_reply_error_shows_the_topic_with_the_text_kept(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(title="Evening check-in", body="How was today?")
    long_reply = "word " * 4001
    response = forum.reply(topic_id, long_reply)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<h1>Evening check-in</h1>" in page and "How was today?" in page
    assert long_reply.strip() in page
    assert "Please keep it under 20,000 characters." in page


def test_edit_error_keeps_the_new_text(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(body="original")
    post_id = forum.post_ids(topic_id)[0]
    response = submit(client, f"/p/{post_id}/edit", {"body": "x" * 20001})
    assert response.status_code == 422
    assert "x" * 20001 in response.get_data(as_text=True)


def test_expired_token_keeps_the_topic_text(client, members):
    members.join("quiet-river")
    response = client.post("/b/alcohol/new", data={
        "csrf_token": "expired-or-forged", "title": "Still here", "body": "Words I must not lose.",
    })
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "for your safety it wasn&#39;t sent" in page
    assert 'value="Still here"' in page and "Words I must not lose.</textarea>" in page


def _logged_out_mid_reply(app, members, forum):
    """A member opens a topic, and their session ends before they send a reply."""
    members.join("quiet-river")
    topic_id = forum.start_topic()
    members.logout()
    return topic_id


def test_reply_after_the_session_ended_is_kept_through_login(app, client, members, forum):
    topic_id = _logged_out_mid_reply(app, members, forum)
    words = "Three hours of writing, please don't lose this."
    response = forum.reply(topic_id, words, anonymous=True)
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "You were logged out, so your post wasn't sent." in page
    assert "Three hours of writing, please don&#39;t lose this.</textarea>" in page
    # Logging in from that page brings the post back, ready to send.
    resumed = submit(client, "/login", {
        "handle": "quiet-river", "password": PASSWORD, "draft_action": f"/t/{topic_id}/reply",
        "draft_body": words, "draft_anonymous": "y",
    })
    assert resumed.status_code == 200
    form = resumed.get_data(as_text=True)
    assert f'action="/t/{topic_id}/reply"' in form
    assert "please don&#39;t lose this.</textarea>" in form
    assert '<input checked id="anonymous"' in form  # the choice is kept, in the reply form itself
    assert len(forum.post_ids(topic_id)) == 1  # nothing sent until the member says so
    assert forum.reply(topic_id, words, anonymous=True).status_code == 302
    assert "please don't lose this." in client.get(f"/t/{topic_id}").get_data(as_text=True)


def test_htmx_reply_after_the_session_ended_shows_login_in_place(app, client, members, forum):
    topic_id = _logged_out_mid_reply(app, members, forum)
    response = forum.reply(topic_id, "Kept in place.", headers={"HX-Request": "true"})
    assert response.status_code == 401
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and fragment.startswith('<div id="reply"')
    assert "Kept in place.</textarea>" in fragment and 'name="draft_action"' in fragment


def test_a_failed_login_keeps_the_draft(client, members, forum, app):
    topic_id = _logged_out_mid_reply(app, members, forum)
    response = submit(client, "/login", {
        "handle": "quiet-river", "password": "wrong password!", "draft_action": f"/t/{topic_id}/reply",
        "draft_body": "Still mine.",
    })
    assert response.status_code == 422
    assert "Still mine.</textarea>" in response.get_data(as_text=True)


def test_a_draft_cannot_be_sent_to_another_site(client, members, forum, app):
    _logged_out_mid_reply(app, members, forum)
    response = submit(client, "/login", {
        "handle": "quiet-river", "password": PASSWORD, "draft_action": "//evil.example/steal", "draft_body": "x",
    })
    assert response.status_code == 302 and response.location == "/"


def test_logged_out_visit_to_a_form_goes_to_login_and_back(client, members):
    members.join("quiet-river")
    members.logout()
    response = client.get("/b/alcohol/new")
    assert response.location == "/login?next=/b/alcohol/new"
    back = submit(client, response.location, {"handle": "quiet-river", "password": PASSWORD})
    assert back.location == "/b/alcohol/new"


def _login_form_token(client) -> str:
    return csrf_token(client)  # the login page's own form, as the browser was shown it


def test_a_login_from_a_browser_that_blocks_cookies_says_cookies_are_needed(client, members):
    members.join("quiet-river")
    members.logout()
    token = _login_form_token(client)
    for _ in range(2):  # trying again says the same true thing, not a false one
        client.delete_cookie("session")  # the browser keeps no cookie, so it sends none back
        response = client.post("/login", data={"csrf_token": token, "handle": "quiet-river", "password": PASSWORD})
        assert response.status_code == 422
        page = unescape(response.get_data(as_text=True))
        assert "Porchlight needs that one cookie to log you in" in page
        assert "Please allow cookies for this site" in page
        assert "open a long time" not in page and "session had ended" not in page
        assert 'value="quiet-river"' in page


def test_a_form_from_a_session_that_ended_says_the_session_ended(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    token = csrf_token(client)
    # The session ends (logged out in another tab, or it ran out), and the
    # browser starts a new one before this tab's reply is sent.
    client.delete_cookie("session")
    members.login("quiet-river")
    response = client.post(f"/t/{topic_id}/reply", data={"csrf_token": token, "body": "Words from before."})
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    assert "Your session had ended since this page was opened" in page
    assert "for your safety it wasn't sent" in page and "Words from before.</textarea>" in page
    assert "open a long time" not in page and "needs that one cookie" not in page

    withdrawn = client.post(f"/t/{topic_id}/support/withdraw", data={"csrf_token": token}, follow_redirects=True)
    assert "Your session had ended since this page was opened" in withdrawn.get_data(as_text=True)
    assert "Nothing changed" in withdrawn.get_data(as_text=True)


# --- refusals the member could not see coming give the words back ---------------

def _meanwhile(app, change):
    """Something happens to the forum while the member is still writing."""
    from forum.extensions import db

    with app.app_context():
        change(db)
        db.session.commit()


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
def test_a_reply_to_a_topic_locked_meanwhile_gives_the_words_back(app, members, forum, headers):
    from forum.models import Topic

    members.join("quiet-river")
    topic_id = forum.start_topic()
    _meanwhile(app, lambda db: setattr(db.session.get(Topic, topic_id), "locked", True))
    words = "An hour of writing & thinking,\nand it must not vanish."
    response = forum.reply(topic_id, words, anonymous=True, headers=headers)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This topic is locked" in page
    assert "An hour of writing &amp; thinking,\nand it must not vanish.</textarea>" in page
    assert len(forum.post_ids(topic_id)) == 1


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
def test_a_reply_to_a_topic_gone_meanwhile_gives_the_words_back(app, members, forum, headers):
    from forum.models import Topic

    members.join("quiet-river")
    topic_id = forum.start_topic()
    _meanwhile(app, lambda db: db.session.delete(db.session.get(Topic, topic_id)))
    response = forum.reply(topic_id, "Words for a topic that is no more.", headers=headers)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    if headers:  # the notice goes above the page; the form, words and all, stays where it is
        assert response.headers["HX-Retarget"] == "#notices" and "<textarea" not in page
    else:
        assert "Words for a topic that is no more.</textarea>" in page


def test_an_edit_of_a_post_hidden_meanwhile_gives_the_words_back(app, members, forum):
    from forum.models import Post

    members.join("quiet-river")
    topic_id = forum.start_topic(title="My first week")
    post_id = forum.post_ids(topic_id)[0]
    _meanwhile(app, lambda db: setattr(db.session.get(Post, post_id), "moderation", "hidden"))
    response = submit(forum.client, f"/p/{post_id}/edit", {"title": "My first week, edited", "body": "Better words."})
    assert response.status_code == 410
    assert "My first week, edited\n\nBetter words.</textarea>" in response.get_data(as_text=True)


def test_a_report_of_a_post_removed_meanwhile_gives_the_details_back(app, members, forum):
    from forum.models import Post
    from forum.services import posting

    members.join("quiet-river")
    topic_id = forum.start_topic()
    post_id = forum.post_ids(topic_id)[0]
    members.logout()
    members.join("watchful-friend")
    _meanwhile(app, lambda db: posting.delete_post(db.session.get(Post, post_id)))
    response = submit(forum.client, f"/p/{post_id}/report", {"reason": "crisis", "details": "They said goodbye."})
    assert response.status_code == 410
    assert "They said goodbye.</textarea>" in response.get_data(as_text=True)


@pytest.mark.parametrize("change", ["opening post hidden", "opening post removed by its author"])
def test_a_reply_to_a_topic_hidden_or_emptied_meanwhile_is_still_posted(app, members, forum, change):
    from forum.models import Post
    from forum.services import moderation, posting

    members.join("quiet-river")
    topic_id = forum.start_topic()
    post_id = forum.post_ids(topic_id)[0]

    def happen(db):
        post = db.session.get(Post, post_id)
        if change == "opening post hidden":
            moderation.set_post_state(post, "hidden")
        else:
            posting.delete_post(post)

    _meanwhile(app, happen)
    assert forum.reply(topic_id, "Still here for you.").status_code == 302
    assert "Still here for you." in forum.client.get(f"/t/{topic_id}").get_data(as_text=True)


# --- a logged-out send of any form keeps what was written and chosen -----------

def test_a_report_sent_after_the_session_ended_is_kept_through_login(app, client, members, forum):
    members.join("quiet-river")
    post_id = forum.post_ids(forum.start_topic())[0]
    members.logout()
    members.join("watchful-friend")
    members.logout()
    response = submit(client, f"/p/{post_id}/report", {"reason": "crisis", "details": "They said goodbye."})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert '<input type="hidden" name="draft_reason" value="crisis">' in page
    assert 'name="draft_details"' in page and "They said goodbye.</textarea>" in page
    resumed = submit(client, "/login", {
        "handle": "watchful-friend", "password": PASSWORD, "draft_action": f"/p/{post_id}/report",
        "draft_reason": "crisis", "draft_details": "They said goodbye.",
    })
    assert resumed.status_code == 200
    form = resumed.get_data(as_text=True)
    assert f'action="/p/{post_id}/report"' in form
    assert '<input checked id="reason-0" name="reason" required type="radio" value="crisis">' in form
    assert "They said goodbye.</textarea>" in form
    sent = submit(client, f"/p/{post_id}/report", {"reason": "crisis", "details": "They said goodbye."})
    assert sent.status_code == 302 and sent.location.startswith("/help")


def test_a_moderators_note_sent_after_the_session_ended_is_given_back(app, client, members, forum, sign_in_as):
    members.join("quiet-river")
    post_id = forum.post_ids(forum.start_topic())[0]
    moderator = sign_in_as("night-moderator", "moderator")
    Members(moderator).logout()
    note = "Please read the board's guidelines again before you post."
    response = submit(moderator, f"/mod/reports/{post_id}", {"action": "warn", "note": note})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "You were logged out, so this wasn" in page
    assert f'readonly>{note}</textarea>' in unescape(page)
