"""Members report posts; enough reports hide a post until a moderator looks."""
import json
import re

import pytest

from tests.helpers import PASSWORD, STAFF_PASSWORD, Members, age_account, submit

HTMX = {"HX-Request": "true"}


@pytest.fixture
def reported_post(app, members, forum):
    """A topic on the alcohol board by 'poster'; returns (topic_id, post_id)."""
    members.join("poster")
    topic_id = forum.start_topic(title="Meet up to buy?", body="DM me for pills, cheap")
    return topic_id, forum.post_ids(topic_id)[0]


def reporter(app, handle, days_old=30):
    client = app.test_client()
    Members(client).join(handle)
    age_account(app, handle, days_old)
    return client


def report(client, post_id, reason="dealing", details="", **kwargs):
    return submit(client, f"/p/{post_id}/report", {"reason": reason, "details": details}, **kwargs)


def test_report_form_lists_the_reasons(app, reported_post):
    _, post_id = reported_post
    page = reporter(app, "worried-one").get(f"/p/{post_id}/report").get_data(as_text=True)
    for reason in ("crisis", "dealing", "harassment", "privacy", "spam", "misinformation", "other"):
        assert f'value="{reason}"' in page
    assert 'name="details"' in page


def test_reporting_without_javascript_thanks_and_returns_to_the_post(app, reported_post):
    topic_id, post_id = reported_post
    client = reporter(app, "worried-one")
    response = report(client, post_id, "dealing", "selling pills")
    assert response.location == f"/t/{topic_id}#p{post_id}"
    assert "Thank you for reporting it." in client.get(response.location).get_data(as_text=True)


def test_reporting_with_htmx_says_thank_you_in_place(app, reported_post):
    topic_id, post_id = reported_post
    client = reporter(app, "worried-one")
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert f'data-hx-get="/p/{post_id}/report" data-hx-target="#report-{post_id}"' in page
    form = client.get(f"/p/{post_id}/report", headers=HTMX).get_data(as_text=True)
    assert form.startswith('<form class="report"') and "<html" not in form
    response = report(client, post_id, headers=HTMX)
    assert response.status_code == 200
    assert "Reported, thank you." in response.get_data(as_text=True)


def test_a_crisis_report_shows_the_reporter_where_help_is(app, reported_post):
    _, post_id = reported_post
    client = reporter(app, "worried-one")
    response = report(client, post_id, "crisis")
    assert response.location == "/help?reported=crisis"
    page = client.get(response.location).get_data(as_text=True)
    assert "Moderators see reports about someone at risk first." in page and "988" in page
    fragment = report(reporter(app, "worried-two"), post_id, "crisis", headers=HTMX).get_data(as_text=True)
    assert "988" in fragment and "call emergency services" in fragment


def test_a_member_reports_a_post_once(app, reported_post, sign_in_as):
    _, post_id = reported_post
    client = reporter(app, "worried-one")
    report(client, post_id, "spam")
    report(client, post_id, "dealing", "actually selling")
    moderator = sign_in_as("mod-one", "moderator")
    queue = moderator.get("/mod/reports").get_data(as_text=True)
    assert "· 1 member</p>" in queue and "actually selling" in queue
    assert 'class="reason reason-dealing"' in queue and 'class="reason reason-spam"' not in queue
    # The form shows the member's report as it stands, ready to change.
    form = client.get(f"/p/{post_id}/report").get_data(as_text=True)
    assert re.search(r'<input checked id="reason-\d" name="reason" required type="radio" value="dealing">', form)


def test_members_cannot_report_their_own_post(client, reported_post):
    _, post_id = reported_post
    assert "This is your own post." in client.get(f"/p/{post_id}/report").get_data(as_text=True)
    response = report(client, post_id)
    assert response.status_code == 422
    assert "This is your own post." in response.get_data(as_text=True)


def test_a_report_needs_a_reason_and_keeps_the_details(app, reported_post):
    _, post_id = reported_post
    response = submit(reporter(app, "worried-one"), f"/p/{post_id}/report", {"details": "my careful words"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Please choose a reason." in page and "my careful words</textarea>" in page


def test_three_members_hide_a_post_until_a_moderator_looks(app, reported_post, sign_in_as):
    topic_id, post_id = reported_post
    visitor = app.test_client()
    for n in range(2):
        report(reporter(app, f"established-{n}"), post_id)
    assert "DM me for pills" in visitor.get(f"/t/{topic_id}").get_data(as_text=True)
    report(reporter(app, "established-2"), post_id)
    page = visitor.get(f"/t/{topic_id}").get_data(as_text=True)
    assert "DM me for pills" not in page and "Hidden while moderators review it." in page
    moderator = sign_in_as("mod-one", "moderator")
    assert "Hidden from members until someone decides." in moderator.get("/mod/reports").get_data(as_text=True)
    assert "DM me for pills" in moderator.get(f"/t/{topic_id}").get_data(as_text=True)
    log = visitor.get("/mod/log").get_data(as_text=True)
    assert "Hidden pending review after a report" in log


def test_fresh_accounts_together_count_as_one_member_at_most(app, reported_post):
    topic_id, post_id = reported_post
    visitor = app.test_client()
    for n in range(8):
        report(reporter(app, f"fresh-{n}", days_old=0), post_id)
    assert "DM me for pills" in visitor.get(f"/t/{topic_id}").get_data(as_text=True)
    for n in range(2):
        report(reporter(app, f"established-{n}"), post_id)
    assert "DM me for pills" not in visitor.get(f"/t/{topic_id}").get_data(as_text=True)


def test_updating_a_report_keeps_its_place_in_the_queue(app, reported_post):
    _, post_id = reported_post
    client = reporter(app, "worried-one")
    report(client, post_id, "spam")
    with app.app_context():
        from forum.extensions import db
        from forum.models import Report

        first_at = db.session.scalar(db.select(Report.created_at))
    report(client, post_id, "dealing")
    with app.app_context():
        assert db.session.scalar(db.select(Report.created_at)) == first_at


def test_reporting_again_does_not_count_twice(app, reported_post):
    topic_id, post_id = reported_post
    client = reporter(app, "persistent")
    for reason in ("spam", "dealing", "harassment", "spam"):
        report(client, post_id, reason)
    report(reporter(app, "another"), post_id)
    assert "DM me for pills" in app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)


def test_a_facilitators_report_hides_at_once(app, reported_post, sign_in_as):
    topic_id, post_id = reported_post
    report(sign_in_as("peer-lead", "facilitator", boards=["alcohol"]), post_id)
    assert "Hidden while moderators review it." in app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)


def test_a_facilitator_of_another_board_reports_like_a_member(app, reported_post, sign_in_as):
    topic_id, post_id = reported_post
    report(sign_in_as("other-lead", "facilitator", boards=["families"]), post_id)
    assert "DM me for pills" in app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)


def test_reporters_see_what_came_of_their_reports(app, reported_post, sign_in_as):
    _, post_id = reported_post
    client = reporter(app, "worried-one")
    report(client, post_id)
    assert "waiting for a moderator" in client.get("/account").get_data(as_text=True)
    submit(sign_in_as("mod-one", "moderator"), f"/mod/reports/{post_id}", {"action": "delete"})
    assert "a moderator removed the post you reported" in client.get("/account").get_data(as_text=True)


def test_deleted_posts_cannot_be_reported(app, client, reported_post):
    _, post_id = reported_post
    submit(client, f"/p/{post_id}/delete")
    assert reporter(app, "worried-one").get(f"/p/{post_id}/report").status_code == 410


def test_logged_out_visitors_are_asked_to_log_in_to_report(app, reported_post):
    _, post_id = reported_post
    assert app.test_client().get(f"/p/{post_id}/report").location == f"/login?next=/p/{post_id}/report"


def test_own_posts_show_edit_not_report(client, reported_post, forum):
    topic_id, post_id = reported_post
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert f"/p/{post_id}/edit" in page and f"/p/{post_id}/report" not in page


def _log_lines(client) -> list[str]:
    return re.findall(r"<li>\n<time .*?</li>", client.get("/mod/log").get_data(as_text=True), re.S)


def test_the_log_never_says_who_reported_a_post_by_name_or_by_rank(app, reported_post, forum, sign_in_as):
    """The board's only facilitator reports one post (hidden at once); three members report another."""
    _, post_id = reported_post
    lead = sign_in_as("only-lead", "facilitator", boards=["alcohol"])
    report(lead, post_id, "harassment")
    other_topic = forum.start_topic(title="Another one", body="More of the same")
    other_post = forum.post_ids(other_topic)[0]
    for n in range(3):
        report(reporter(app, f"established-{n}"), other_post, "harassment")
    readers = {"visitor": app.test_client(), "member": reporter(app, "curious-member"), "the facilitator": lead,
               "a moderator": sign_in_as("mod-one", "moderator"), "the admin": sign_in_as("the-admin", "admin")}
    for who, client in readers.items():
        lines = _log_lines(client)
        assert len(lines) == 2, who
        for line in lines:
            assert "Hidden pending review after a report in" in line and "reported as harassment" in line, who
            for tell in ("only-lead", "established-", "facilitator", "Members&#39;", "Members'", "A moderator"):
                assert tell not in line, (who, tell)
        # Both lines read the same, apart from when and where.
        same = [re.sub(r"<time .*?</time>|<a href=.*?</a>", "", line) for line in lines]
        assert same[0] == same[1], who


def _leave(client, password=PASSWORD):
    response = submit(client, "/account/delete", {"posts": "keep", "password": password})
    assert response.location == "/"


def test_reports_stay_in_the_queue_after_their_reporters_leave(app, reported_post, forum, sign_in_as):
    _, post_id = reported_post
    dealt_with = forum.post_ids(forum.start_topic(title="Pills for sale", body="cheap"))[0]
    worried, also_worried = reporter(app, "worried-one"), reporter(app, "worried-two")
    report(worried, post_id, "crisis", "they sound unsafe tonight")
    report(also_worried, post_id, "crisis")
    report(worried, dealt_with, "dealing")
    moderator = sign_in_as("mod-one", "moderator")
    submit(moderator, f"/mod/reports/{dealt_with}", {"action": "hide"})
    for client in (worried, also_worried):
        _leave(client)
    # Both reports stay, without who made them (two NULL reporters share a post).
    open_queue = moderator.get("/mod/reports").get_data(as_text=True)
    assert "Meet up to buy?" in open_queue and "Someone may be at risk ×2" in open_queue
    assert "· 2 members</p>" in open_queue and "they sound unsafe tonight" in open_queue
    assert "Pills for sale" in moderator.get("/mod/reports?status=resolved").get_data(as_text=True)
    for page in (open_queue, moderator.get(f"/mod/reports/{post_id}").get_data(as_text=True)):
        assert "worried-" not in page
    with app.app_context():
        from forum.extensions import db
        from forum.models import Report

        assert db.session.scalars(db.select(Report.reporter_id)).all() == [None, None, None]


def test_a_post_a_facilitators_report_hid_stays_in_the_queue_after_they_leave(app, reported_post, sign_in_as):
    topic_id, post_id = reported_post
    visitor = app.test_client()
    lead = sign_in_as("peer-lead", "facilitator", boards=["alcohol"])
    report(lead, post_id, "harassment")
    assert "Hidden while moderators review it." in visitor.get(f"/t/{topic_id}").get_data(as_text=True)
    _leave(lead, STAFF_PASSWORD)
    moderator = sign_in_as("mod-one", "moderator")
    queue = moderator.get("/mod/reports").get_data(as_text=True)
    assert "Meet up to buy?" in queue and "Hidden from members until someone decides." in queue
    assert submit(moderator, f"/mod/reports/{post_id}", {"action": "restore"}).status_code == 302
    assert "DM me for pills" in visitor.get(f"/t/{topic_id}").get_data(as_text=True)
    assert "Meet up to buy?" in moderator.get("/mod/reports?status=resolved").get_data(as_text=True)


CRUEL = "You are worthless and should relapse."


def _reported_then_edited(app, members, forum, edit_to):
    members.join("unkind-one")
    topic_id = forum.start_topic(title="A thought", body=CRUEL)
    post_id = forum.post_ids(topic_id)[0]
    target = reporter(app, "hurt-one")
    report(target, post_id, "harassment", "aimed at me")
    if edit_to is not None:
        assert submit(forum.client, f"/p/{post_id}/edit", {"title": "A thought", "body": edit_to}).status_code == 302
    return topic_id, post_id, target


def test_staff_see_the_words_as_they_were_reported_beside_the_edit(app, members, forum, sign_in_as):
    topic_id, post_id, target = _reported_then_edited(app, members, forum, "Sending hugs!")
    # Changing the report after the edit keeps the words it was about.
    report(target, post_id, "harassment", "they edited it to hide it")
    moderator = sign_in_as("mod-one", "moderator")
    for page in (moderator.get("/mod/reports").get_data(as_text=True),
                 moderator.get(f"/mod/reports/{post_id}").get_data(as_text=True),
                 moderator.get(f"/mod/reports/{post_id}", headers=HTMX).get_data(as_text=True)):
        reported, now = page.split("edited after it was reported:")
        assert f'<blockquote class="body reported"><p>{CRUEL}</p>' in reported and "Sending hugs!" not in reported
        assert "<p>Sending hugs!</p>" in now and CRUEL not in now
    # Members never see the old words: not on the topic, not in the reporter's account or export.
    for client in (app.test_client(), target, forum.client):
        assert CRUEL not in client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert CRUEL not in target.get("/account").get_data(as_text=True)
    export = target.get("/account/export").get_json()
    assert [r["details"] for r in export["reports_made"]] == ["they edited it to hide it"]
    assert CRUEL not in json.dumps(export)


def test_an_unedited_reported_post_shows_its_words_once(app, members, forum, sign_in_as):
    _, post_id, _ = _reported_then_edited(app, members, forum, edit_to=None)
    item = sign_in_as("mod-one", "moderator").get(f"/mod/reports/{post_id}").get_data(as_text=True)
    assert item.count(CRUEL) == 1 and "after it was reported" not in item and "When it was reported" not in item


def test_staff_still_see_what_was_reported_when_its_author_deletes_it(app, members, forum, sign_in_as):
    _, post_id, _ = _reported_then_edited(app, members, forum, edit_to=None)
    assert submit(forum.client, f"/p/{post_id}/delete").status_code == 302
    item = sign_in_as("mod-one", "moderator").get(f"/mod/reports/{post_id}").get_data(as_text=True)
    assert f'<blockquote class="body reported"><p>{CRUEL}</p>' in item
    assert "Now:</p>" in item and "Removed by its author." in item


def test_the_reported_words_are_shown_as_sanitized_html_only(app, members, forum, sign_in_as):
    members.join("sly-one")
    topic_id = forum.start_topic(title="Look", body="<script>alert(1)</script> **really** <img src=x onerror=alert(2)>")
    post_id = forum.post_ids(topic_id)[0]
    report(reporter(app, "careful-one"), post_id, "other")
    submit(forum.client, f"/p/{post_id}/edit", {"title": "Look", "body": "Gone now."})
    item = sign_in_as("mod-one", "moderator").get(f"/mod/reports/{post_id}").get_data(as_text=True)
    reported = item.split('<blockquote class="body reported">')[1].split("</blockquote>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in reported and "<strong>really</strong>" in reported
    assert "<script>" not in item and "<img" not in item


def test_reports_from_before_the_words_were_kept_show_the_post_as_it_is(app, members, forum, sign_in_as):
    _, post_id, _ = _reported_then_edited(app, members, forum, edit_to="Nothing here now.")
    with app.app_context():
        from forum.extensions import db
        from forum.models import Report

        db.session.scalar(db.select(Report)).body_html_when_reported = None
        db.session.commit()
    item = sign_in_as("mod-one", "moderator").get(f"/mod/reports/{post_id}").get_data(as_text=True)
    assert "When it was reported" not in item and "<p>Nothing here now.</p>" in item
