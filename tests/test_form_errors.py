"""A form that fails comes back with a kind message and the member's words in it."""
from tests.conftest import submit


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
    assert "for your safety it wasn't sent" in page
    assert 'value="Still here"' in page and "Words I must not lose.</textarea>" in page
