"""A member's data: what is kept, exporting it, changing the password, leaving for good."""
import json

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import InboxEntry, Post, Report, SavedPost, TopicFollow, TopicRead, User
from tests.helpers import PASSWORD, Forum, Members, submit


def test_the_privacy_page_says_what_is_kept(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "What we never keep" in page and "No IP address" in page
    assert 'href="/privacy">Privacy</a>' in client.get("/").get_data(as_text=True)


def test_export_holds_everything_a_member_wrote_anonymous_posts_too(app, client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(title="Named topic", body="under my name", support_now=True)
    forum.reply(topic_id, "said anonymously", anonymous=True)
    other = app.test_client()
    Members(other).join("steady-oak")
    other_topic = Forum(other).start_topic(title="Their topic")
    submit(client, f"/p/{Forum(other).post_ids(other_topic)[0]}/report", {"reason": "spam", "details": "ads"})
    response = client.get("/account/export")
    assert response.headers["Content-Disposition"] == 'attachment; filename="porchlight-quiet-river.json"'
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    assert data["account"]["handle"] == "quiet-river"
    assert [t["title"] for t in data["topics_started"]] == ["Named topic"]
    assert data["topics_started"][0]["asked_for_support"].endswith("Z")
    assert [(p["body"], p["anonymous"]) for p in data["posts"]] == [("under my name", False), ("said anonymously", True)]
    assert data["reports_made"][0]["reason"] == "spam" and data["reports_made"][0]["details"] == "ads"
    assert "password" not in response.get_data(as_text=True).lower().replace("passwords", "")
    assert "steady-oak" not in response.get_data(as_text=True)


def test_the_export_covers_every_column_that_names_a_member(app):
    from forum.services.privacy import covered_columns

    naming_a_member = {
        (column.table.name, column.name)
        for table in db.metadata.tables.values() for fk in table.foreign_keys if fk.column.table.name == "users"
        for column in [fk.parent]
    }
    assert naming_a_member >= {("notices", "user_id"), ("mod_actions", "target_user_id"), ("login_sessions", "user_id")}
    assert naming_a_member - covered_columns() == set()


def _reported_by_a_passer_by(app, post_id):
    reporter = app.test_client()
    Members(reporter).join(f"reporter-{post_id}")
    assert submit(reporter, f"/p/{post_id}/report", {"reason": "harassment"}).status_code == 302


def test_export_holds_what_moderators_did_about_the_member_without_saying_who(app, client, members, forum,
                                                                               sign_in_as):
    members.join("quiet-river")
    named = forum.post_ids(forum.start_topic(title="Named", body="under my name"))[0]
    anonymous = forum.post_ids(forum.start_topic(title="Unnamed", body="no name here", anonymous=True))[0]
    for post_id in (named, anonymous):
        _reported_by_a_passer_by(app, post_id)
    moderator = sign_in_as("night-moderator", "moderator")
    assert submit(moderator, f"/mod/reports/{named}", {"action": "warn", "note": "Please be kind."}).status_code == 302
    assert submit(moderator, f"/mod/reports/{anonymous}",
                  {"action": "suspend", "days": "2", "note": "Two days off, then welcome back."}).status_code == 302
    assert submit(moderator, f"/mod/reports/{anonymous}",
                  {"action": "hide", "note": "staff only: looks like the spam last week"}).status_code == 302

    response = client.get("/account/export")
    text = response.get_data(as_text=True)
    data = json.loads(text)
    assert [n["text"] for n in data["notices_from_moderators"]] == ["Please be kind."]
    about = data["moderation_about_you"]
    assert [(a["action"], a["post_id"], a["by"]) for a in about] == [
        ("warn", named, "a moderator"), ("suspend", anonymous, "a moderator"),
    ]
    assert about[1]["until"].endswith("Z") and about[1]["note"] == "Two days off, then welcome back."
    assert data["account"]["suspended_until"] == about[1]["until"]
    assert len(data["open_logins"]) == 1
    codes = data["recovery_codes"]
    assert (codes["unused"], codes["used"]) == (8, 0) and codes["new_codes_shown_to_you_until"].endswith("Z")
    assert data["moderation_you_did"] == []
    # Who acted stays with the staff log; a note staff keep for themselves stays there too.
    assert "night-moderator" not in text and "staff only" not in text
    assert "pbkdf2" not in text and "reporter-" not in text

    staff_side = json.loads(moderator.get("/account/export").get_data(as_text=True))
    assert [(a["action"], a["post_id"]) for a in staff_side["moderation_you_did"]] == [
        ("warn", named), ("suspend", anonymous), ("hide", anonymous),
    ]
    assert "quiet-river" not in json.dumps(staff_side)  # staff act on "the author of this post", never a name
    assert staff_side["notices_from_moderators"] == [] and staff_side["moderation_about_you"] == []


def test_export_needs_an_account(client):
    assert client.get("/account/export").location.startswith("/login")


def test_changing_the_password_ends_other_sessions(app, client, members):
    members.join("quiet-river")
    phone = app.test_client()
    Members(phone).login("quiet-river")
    wrong = submit(client, "/account/password", {"current_password": "not it at all", "password": "a new passphrase",
                                                 "password_confirm": "a new passphrase"})
    assert wrong.status_code == 422 and "That isn&#39;t your current password." in wrong.get_data(as_text=True)
    response = submit(client, "/account/password", {"current_password": PASSWORD, "password": "a new passphrase",
                                                    "password_confirm": "a new passphrase"})
    assert response.location == "/account"
    assert client.get("/account").status_code == 200  # this device carries on
    assert phone.get("/account").status_code == 302  # the other is logged out
    members.logout()
    assert members.login("quiet-river", "a new passphrase").status_code == 302


def _leaving_member(app, client, members, forum):
    members.join("leaving-soon")
    topic_id = forum.start_topic(title="My story, with details", body="my opening words")
    forum.reply(topic_id, "an anonymous thought", anonymous=True)
    other = app.test_client()
    Members(other).join("staying-on")
    Forum(other).reply(topic_id, "a reply that stays")
    submit(client, f"/p/{Forum(other).post_ids(topic_id)[2]}/report", {"reason": "other"})
    return topic_id


def test_deleting_an_account_can_remove_every_post(app, client, members, forum):
    topic_id = _leaving_member(app, client, members, forum)
    assert "This can't be undone." in client.get("/account/delete").get_data(as_text=True)
    response = submit(client, "/account/delete", {"posts": "remove", "password": PASSWORD})
    assert response.location == "/"
    page = app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)
    assert "my opening words" not in page and "an anonymous thought" not in page
    assert "My story, with details" not in page and page.count("Post removed by its author.") == 2
    assert "a reply that stays" in page
    with app.app_context():
        assert User.by_handle("leaving-soon") is None
        # The report they made stays for the moderators, without who made it.
        assert db.session.scalars(select(Report.reporter_id)).all() == [None]
    assert client.get("/account").status_code == 302
    assert app.test_client().get("/u/leaving-soon").status_code == 404


def test_deleting_an_account_can_keep_the_posts_as_a_former_member(app, client, members, forum):
    topic_id = _leaving_member(app, client, members, forum)
    submit(client, "/account/delete", {"posts": "keep", "password": PASSWORD})
    page = app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)
    assert "my opening words" in page and "an anonymous thought" in page
    assert "A former member" in page and "leaving-soon" not in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Post.id)).where(Post.author_id.is_(None))) == 2


def test_deleting_needs_the_password_and_a_choice(app, client, members, forum):
    _leaving_member(app, client, members, forum)
    wrong = submit(client, "/account/delete", {"posts": "remove", "password": "not my password"})
    assert wrong.status_code == 422 and "That isn&#39;t your current password." in wrong.get_data(as_text=True)
    no_choice = submit(client, "/account/delete", {"password": PASSWORD})
    assert no_choice.status_code == 422 and "Please choose what happens to your posts." in no_choice.get_data(as_text=True)
    with app.app_context():
        assert User.by_handle("leaving-soon") is not None


def test_deleting_an_account_that_fails_half_way_changes_nothing(app, client, members, forum, monkeypatch):
    from forum.services import posting

    topic_id = _leaving_member(app, client, members, forum)
    real_delete_post, wiped = posting.delete_post, []

    def wipe_one_then_fail(post):
        if wiped:
            raise RuntimeError("the disk filled up")
        real_delete_post(post)
        wiped.append(post.id)

    monkeypatch.setattr(posting, "delete_post", wipe_one_then_fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # the member gets the error page, as in production
    response = submit(client, "/account/delete", {"posts": "remove", "password": PASSWORD})
    assert response.status_code == 500 and "Something broke on our side" in response.get_data(as_text=True)
    assert wiped, "the failure came after a post was wiped"

    page = app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)
    assert "My story, with details" in page and "my opening words" in page and "an anonymous thought" in page
    assert "Post removed by its author." not in page
    with app.app_context():
        member = User.by_handle("leaving-soon")
        assert member is not None
        assert db.session.scalars(select(Report.reporter_id)).all() == [member.id]
        assert db.session.scalar(select(db.func.count(Post.id)).where(Post.deleted_at.is_not(None))) == 0
    assert members.login("leaving-soon").status_code == 302
    assert client.get("/account").status_code == 200


def test_a_deleted_accounts_old_sessions_open_nothing(app, client, members):
    members.join("leaving-soon")
    phone = app.test_client()
    Members(phone).login("leaving-soon")
    submit(client, "/account/delete", {"posts": "remove", "password": PASSWORD})
    newcomer = app.test_client()
    Members(newcomer).join("brand-new")  # SQLite may give them the freed id
    assert phone.get("/account").status_code == 302
    assert "brand-new" not in phone.get("/").get_data(as_text=True)


def test_the_session_cookie_holds_nothing_about_the_device(app, client, members):
    members.join("quiet-river")
    serializer = app.session_interface.get_signing_serializer(app)
    data = serializer.loads(client.get_cookie("session").value)
    assert "_user_id" in data and "_id" not in data  # no hash of the address and browser


def test_hearing_back_is_in_the_export_and_goes_with_the_account(app, client, members, forum):
    """What a member follows, how far they read, their inbox and their saved posts: theirs to take, and to take away."""
    members.join("quiet-river")
    topic_id = forum.start_topic(anonymous=True)
    other = app.test_client()
    Members(other).join("steady-oak")
    Forum(other).reply(topic_id, "Here for you.")
    reply = Forum(other).post_ids(topic_id)[1]
    assert submit(client, f"/p/{reply}/save", {}).status_code == 302

    export = client.get("/account/export").get_json()
    assert [follow["topic_id"] for follow in export["topics_you_follow"]] == [topic_id]
    assert [read["topic_id"] for read in export["how_far_you_read"]] == [topic_id]
    assert [(entry["kind"], entry["post_id"]) for entry in export["inbox"]] == [("reply", reply)]
    assert [saved["post_id"] for saved in export["saved_posts"]] == [reply]
    assert "Here for you." not in str(export)  # someone else's words are referred to, not copied

    with app.app_context():
        member_id = User.by_handle("quiet-river").id
    assert submit(client, "/account/delete", {"posts": "keep", "password": PASSWORD}).status_code == 302
    with app.app_context():
        for table in (TopicFollow, TopicRead, InboxEntry, SavedPost):
            assert db.session.scalar(select(func.count()).select_from(table).where(table.user_id == member_id)) == 0
