"""With htmx, the same views answer with fragments; without it, with full pages."""
import re

from tests.helpers import submit

HTMX = {"HX-Request": "true"}


def test_topic_page_offers_inline_reply_on_its_last_page_only(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert f'data-hx-post="/t/{topic_id}/reply" data-hx-target="this" data-hx-swap="outerHTML"' in page
    assert f'method="post" action="/t/{topic_id}/reply"' in page  # still a plain form
    for n in range(20):
        forum.reply(topic_id, f"reply {n}")
    first_page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert 'id="reply"' in first_page and f'data-hx-post="/t/{topic_id}/reply"' not in first_page


def test_htmx_reply_gets_the_new_post_and_a_fresh_form(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    response = forum.reply(topic_id, "You've got this.", headers=HTMX)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and "<header" not in fragment
    assert '<div data-hx-swap-oob="beforeend:#posts">' in fragment
    assert "<p>You've got this.</p>" in fragment
    form = fragment.split('<div data-hx-swap-oob')[0]
    assert '<form id="reply"' in form
    assert re.search(r"<textarea[^>]*>\s*</textarea>", form)  # cleared
    assert f'data-hx-post="/t/{topic_id}/reply"' in form  # the next reply is inline too
    assert len(forum.post_ids(topic_id)) == 2


def test_plain_reply_redirects_to_a_full_page(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    response = forum.reply(topic_id, "Plain form reply.")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert page.startswith("<!doctype html>") and "Plain form reply." in page


def test_htmx_reply_error_returns_the_form_with_the_text(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    long_reply = "I wrote all of this at 3am. " * 800
    response = forum.reply(topic_id, long_reply, headers=HTMX)
    assert response.status_code == 422  # swapped in place: see the htmx-config meta tag
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment
    assert "Please keep it under 20,000 characters." in fragment
    assert long_reply.strip() in fragment
    assert len(forum.post_ids(topic_id)) == 1


def test_htmx_error_pages_are_fragments(client, members):
    members.join("quiet-river")
    response = client.get("/t/424242", headers=HTMX)
    assert response.status_code == 404
    assert response.get_data(as_text=True).startswith('<p class="error" role="alert">')
    assert client.get("/t/424242").get_data(as_text=True).startswith("<!doctype html>")


def test_responses_vary_on_the_htmx_header(client):
    assert "HX-Request" in client.get("/").headers["Vary"]


def test_htmx_config_forbids_eval_and_foreign_requests(client):
    page = client.get("/").get_data(as_text=True)
    assert '"allowEval":false' in page and '"selfRequestsOnly":true' in page
    assert '"allowScriptTags":false' in page and '"includeIndicatorStyles":false' in page


def test_htmx_reply_without_token_keeps_the_text(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    response = client.post(f"/t/{topic_id}/reply", data={"body": "long thoughtful words"}, headers=HTMX)
    assert response.status_code == 422
    fragment = response.get_data(as_text=True)
    assert "long thoughtful words</textarea>" in fragment
    assert "for your safety it wasn&#39;t sent" in fragment
    submit(client, f"/t/{topic_id}/reply", {"body": "sent again"}, headers=HTMX)
    assert len(forum.post_ids(topic_id)) == 2


def test_htmx_reply_that_opens_a_new_page_goes_there(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    for n in range(19):
        forum.reply(topic_id, f"reply {n}")
    response = forum.reply(topic_id, "the twenty-first post", headers=HTMX)
    post_id = forum.post_ids(topic_id, page=2)[0]
    assert response.headers["HX-Redirect"] == f"/t/{topic_id}?page=2#p{post_id}"


def test_htmx_errors_go_to_the_notice_area_and_leave_the_form(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    forum.reply(topic_id, "mine")
    members.logout()
    members.join("someone-else")
    post_id = forum.post_ids(topic_id)[1]
    response = submit(client, f"/p/{post_id}/edit", {"body": "not mine"}, headers=HTMX)
    assert response.status_code == 403
    assert response.headers["HX-Retarget"] == "#notices"
    assert '<div id="notices" aria-live="polite">' in client.get("/").get_data(as_text=True)


def test_htmx_requests_can_carry_the_token_in_a_header(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic()
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    token = re.search(r"""data-hx-headers='\{"X-CSRFToken": "([^"]+)"\}'""", page).group(1)
    response = client.post(f"/t/{topic_id}/reply", data={"body": "token in a header"},
                           headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 200 and "token in a header" in response.get_data(as_text=True)
    forged = client.post(f"/t/{topic_id}/reply", data={"body": "forged"}, headers={**HTMX, "X-CSRFToken": "forged"})
    assert forged.status_code == 422 and "forged</textarea>" in forged.get_data(as_text=True)


def test_a_request_that_never_answers_ends_after_30_seconds(client):
    # htmx's default timeout is 0 (wait for ever): the button stayed disabled for good.
    assert '"timeout":30000' in client.get("/").get_data(as_text=True)


def test_the_page_after_a_plain_send_tells_the_browser_to_forget_those_words(client, members, forum):
    """static/forum.js keeps unsent words in the tab; after the redirect it learns which arrived."""
    members.join("quiet-river")
    topic_id = forum.start_topic()
    landing = forum.reply(topic_id, "Arrived.", follow_redirects=True).get_data(as_text=True)
    assert f'<meta name="porchlight-sent" content="/t/{topic_id}/reply">' in landing
    assert f"/t/{topic_id}/reply</p>" not in landing  # a signal for the script, not a notice for the member
    assert "porchlight-sent" not in client.get(f"/t/{topic_id}").get_data(as_text=True)  # said once
