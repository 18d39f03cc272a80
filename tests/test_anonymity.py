"""Anonymous posts hide their author from everyone, everywhere."""
import re

import pytest

from tests.helpers import PASSWORD, Forum, Members, put_back_afterwards, submit

HANDLE = "hidden-alice"


def _scenario(app):
    """hidden-alice posts only anonymously: a topic, replies, an edit, an htmx reply.

    The others hear back about her posts: open-bob follows his topic, where
    she replies, and so does the moderator; both save one of her posts, and
    bob reads his inbox in a private feed that carries the words.
    """
    app.test_cli_runner().invoke(args=["forum", "create-user", "watchful-mod", "--role", "moderator", "--password-stdin"],
                                 input="moderator password here\n")
    moderator = app.test_client()
    Members(moderator).login("watchful-mod", "moderator password here")
    alice = app.test_client()
    Members(alice).join(HANDLE)
    alice_forum = Forum(alice)
    own_topic = alice_forum.start_topic(board="opioids", title="I relapsed last night", body="Nobody at work knows.",
                                        anonymous=True, support_now=True)
    alice_forum.reply(own_topic, "Adding more context.", anonymous=True)

    bob = app.test_client()
    Members(bob).join("open-bob")
    bob_forum = Forum(bob)
    bobs_topic = bob_forum.start_topic(board="families", title="My brother is using again")
    assert submit(moderator, f"/t/{bobs_topic}/follow", {}).status_code == 302
    bob_forum.reply(own_topic, "Sending strength.")
    alices_post = alice_forum.post_ids(own_topic)[0]
    submit(bob, f"/p/{alices_post}/report", {"reason": "crisis", "details": "worried about them"})

    alice_forum.reply(bobs_topic, "My sister went through this.", anonymous=True)
    fragment = alice_forum.reply(bobs_topic, "Sent from my phone.", anonymous=True, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    edited = alice_forum.post_ids(own_topic)[1]
    submit(alice, f"/p/{edited}/edit", {"body": "Adding more context, edited."})

    assert submit(bob, f"/p/{alices_post}/save", {}).status_code == 302
    assert submit(moderator, f"/p/{alice_forum.post_ids(bobs_topic)[1]}/save", {}).status_code == 302
    assert submit(bob, "/account/hearing-back", {"follow_on_post": "y", "feed_includes_words": "y"}).status_code == 302
    made = submit(bob, "/account/feed", {"password": PASSWORD})
    bobs_feed = re.search(r"/inbox/feed/[\w-]+\.atom", bob.get(made.location).get_data(as_text=True)).group(0)
    return {
        "alice": alice, "readers": {"visitor": app.test_client(), "member": bob, "moderator": moderator},
        "fragments": [fragment.get_data(as_text=True)],
        "topics": [own_topic, bobs_topic], "private_feeds": [bobs_feed],
    }


@pytest.fixture
def scenario(app):
    return _scenario(app)


# Searches that find hidden-alice's anonymous posts by their words.
SEARCHES = ["/search?q=relapsed", "/search?q=sister+went", "/search?q=context+edited", "/search?q=phone&sort=new"]


def _every_page(client, topics, staff=False, member=False, private_feeds=()):
    urls = ["/", "/b/opioids", "/b/alcohol", "/b/families", "/u/open-bob", "/u/watchful-mod", "/help", "/mod/log",
            "/feed.atom", "/b/opioids/feed.atom", "/b/families/feed.atom", *private_feeds,
            *SEARCHES]
    if member:
        # open-bob's and the moderator's hold hidden-alice's anonymous replies in bob's topic, and a post of hers each saved.
        urls += ["/inbox", "/saved", "/account"]
    if staff:
        urls += ["/mod/reports", "/mod/reports?status=resolved", "/mod/reports?reason=crisis",
                 "/search?q=relapsed&held=1"]
    for topic_id in topics:
        urls += [f"/t/{topic_id}", f"/t/{topic_id}?page=1", f"/t/{topic_id}/feed.atom", f"/t/{topic_id}/new"]
    pages = {url: client.get(url, follow_redirects=url.endswith("/new")) for url in urls}
    for url, response in pages.items():
        assert response.status_code == 200, url
    return {url: response.get_data(as_text=True) for url, response in pages.items()}


def _pages_of(scenario, reader):
    return _every_page(scenario["readers"][reader], scenario["topics"], staff=reader == "moderator",
                       member=reader != "visitor", private_feeds=scenario["private_feeds"] if reader == "member" else ())


def test_anonymous_author_handle_appears_on_no_page_for_anyone(scenario):
    for reader in scenario["readers"]:
        for url, page in _pages_of(scenario, reader).items():
            assert HANDLE not in page.lower(), f"{reader} sees the handle on {url}"
    # Even the author's own htmx fragments carry no handle.
    for fragment in scenario["fragments"]:
        assert HANDLE not in fragment.lower()
        assert "Sent from my phone." in fragment


def test_her_words_are_found_and_her_handle_finds_none_of_her_posts(scenario):
    alices_posts = {post_id for topic_id in scenario["topics"] for post_id in Forum(scenario["alice"]).post_ids(topic_id)
                    if f'id="p{post_id}"' in scenario["alice"].get(f"/t/{topic_id}").get_data(as_text=True)}
    for reader, client in scenario["readers"].items():
        found = {int(post_id) for url in SEARCHES
                 for post_id in re.findall(r'<bdi><a href="/p/(\d+)">', client.get(url).get_data(as_text=True))}
        assert found and found <= alices_posts | set(Forum(client).post_ids(scenario["topics"][1])), reader
        for query in ("hidden-alice", "hidden alice", "alice", "hidden"):
            for args in ({}, {"sort": "new"}, {"held": "1"}):
                page = client.get("/search", query_string={"q": query, **args}).get_data(as_text=True)
                assert not re.findall(r'<bdi><a href="/p/(\d+)">', page), (reader, query, args)


def test_those_who_hear_back_about_anonymous_posts_are_never_told_whose_they_are(scenario):
    """Bob's and the moderator's inboxes and saved posts, and bob's private feed,
    carry her anonymous posts, shown as the topic shows them."""
    bob, moderator = scenario["readers"]["member"], scenario["readers"]["moderator"]
    for client in (bob, moderator):
        for where in ("/inbox", "/saved"):
            page = client.get(where).get_data(as_text=True)
            assert 'Anonymous <span class="tag">#' in page, where
            assert HANDLE not in page.lower(), where
        fragment = submit(client, "/inbox/read", {}, headers={"HX-Request": "true"}).get_data(as_text=True)
        assert "Sent from my phone." in fragment and HANDLE not in fragment.lower()
    feed = bob.get(scenario["private_feeds"][0]).get_data(as_text=True)
    assert "Sent from my phone." in feed and "Anonymous #" in feed and HANDLE not in feed.lower()


def test_nobody_can_tell_that_the_anonymous_author_follows_her_topic(scenario):
    """Following is private: others' pages, fragments and feeds read the same whether she follows or not."""
    own_topic = scenario["topics"][0]
    for reader in scenario["readers"]:
        _pages_of(scenario, reader)  # reading the topics marks their inbox entries read: that is not what is watched
    looks = [{reader: _pages_of(scenario, reader) for reader in scenario["readers"]}]
    for step in ("unfollow", "follow"):
        assert submit(scenario["alice"], f"/t/{own_topic}/{step}", {}).status_code == 302
        looks.append({reader: _pages_of(scenario, reader) for reader in scenario["readers"]})
    for reader, pages in looks[0].items():
        for url in pages:
            assert len({_normalised(look[reader][url]) for look in looks}) == 1, f"{reader}: {url} changed"


def test_anonymous_posts_still_show_their_words(scenario):
    page = scenario["readers"]["visitor"].get(f"/t/{scenario['topics'][0]}").get_data(as_text=True)
    assert "Nobody at work knows." in page and "Adding more context, edited." in page
    assert page.count("Anonymous <span class=\"tag\">") == 2


def test_anonymous_tag_is_stable_in_a_topic_and_differs_across_topics(scenario):
    visitor = scenario["readers"]["visitor"]
    own_topic, bobs_topic = scenario["topics"]
    tags_here = re.findall(r'Anonymous <span class="tag">#(\w+)</span>', visitor.get(f"/t/{own_topic}").get_data(as_text=True))
    tags_there = re.findall(r'Anonymous <span class="tag">#(\w+)</span>', visitor.get(f"/t/{bobs_topic}").get_data(as_text=True))
    assert len(tags_here) == 2 and len(set(tags_here)) == 1
    assert len(tags_there) == 2 and len(set(tags_there)) == 1
    assert tags_here[0] != tags_there[0]


def test_anonymous_posts_are_missing_from_the_authors_profile(scenario):
    profile = scenario["readers"]["member"].get(f"/u/{HANDLE}").get_data(as_text=True)
    assert "0 posts" in profile
    assert "No posts under this name yet." in profile
    assert "I relapsed last night" not in profile and "My brother is using again" not in profile


def test_the_author_still_sees_and_manages_their_anonymous_posts(scenario):
    alice = scenario["alice"]
    page = alice.get(f"/t/{scenario['topics'][0]}").get_data(as_text=True)
    assert "(you)" in page
    assert page.count("/edit\">Edit</a>") == 2
    assert scenario["readers"]["member"].get(f"/t/{scenario['topics'][0]}").get_data(as_text=True).count("(you)") == 0


def test_named_and_anonymous_posts_by_one_member_are_not_linked(app, client, members, forum):
    members.join("two-sided")
    topic_id = forum.start_topic(title="Open question", body="Asked under my name.")
    forum.reply(topic_id, "Said anonymously.", anonymous=True)
    page = app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)
    anonymous_article = page.split('<article class="post"')[2]
    assert "Said anonymously." in anonymous_article
    assert "two-sided" not in anonymous_article and "/u/" not in anonymous_article


def test_reply_form_stays_anonymous_for_an_anonymous_poster(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(anonymous=True)
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    assert '<input checked id="anonymous"' in page
    fragment = forum.reply(topic_id, "Still anonymous.", anonymous=True, headers={"HX-Request": "true"})
    assert '<input checked id="anonymous"' in fragment.get_data(as_text=True)


def test_anonymous_opener_is_marked_in_their_own_topic(app, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(anonymous=True)
    forum.reply(topic_id, "Following up on my own topic.", anonymous=True)
    page = app.test_client().get(f"/t/{topic_id}").get_data(as_text=True)
    assert page.count("· started this topic") == 2


def test_pages_of_a_logged_in_member_are_not_kept_by_the_browser(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(anonymous=True)
    assert client.get(f"/t/{topic_id}").headers["Cache-Control"] == "private, no-store"
    members.logout()
    assert "no-store" not in client.get(f"/t/{topic_id}").headers.get("Cache-Control", "")


# --- The guessing moderator -------------------------------------------------
# A moderator suspects that hidden-alice wrote an anonymous post. Whatever
# they do to her named posts or her account (or to her anonymous posts in
# other topics), nothing staff see about the anonymous post's author may
# change in answer: a change would confirm the guess.

# Every action staff can take through a post today, as its form sends it.
# New actions go here (and in DONE_FIRST when they undo another): each test
# below takes every one.
STAFF_ACTIONS = {
    "keep": {"action": "dismiss"},
    "hide": {"action": "hide"},
    "restore": {"action": "restore"},
    "remove": {"action": "delete"},
    "lock": {"action": "lock"},
    "unlock": {"action": "unlock"},
    "pin": {"action": "pin"},
    "unpin": {"action": "unpin"},
    "warn": {"action": "warn", "note": "Please keep it kind here."},
    "suspend": {"action": "suspend", "days": "3", "note": "A few days away."},
    "suspend, shutting out": {"action": "suspend", "days": "3", "note": "A few days away.", "shut_out": "y"},
    "ban": {"action": "ban", "note": "Enough.", "confirm": "yes"},
    "ban, shutting out": {"action": "ban", "note": "Enough.", "confirm": "yes", "shut_out": "y"},
    "lift": {"action": "lift", "note": "Appeal heard."},
    "staff report": {"url": "/p/{post_id}/report", "reason": "harassment", "details": "Reported by staff."},
}
# Actions that only mean something after another: that one is done first, unwatched.
DONE_FIRST = {"restore": ["hide"], "unlock": ["lock"], "unpin": ["pin"], "lift": ["suspend"]}
# Oracles still open elsewhere: what each may change until it is closed.
# Each entry must go once the fix lands: the tests say so.
NOT_YET_CLOSED = {}


def _act(moderator, action, post_id):
    form = dict(STAFF_ACTIONS[action])
    url = form.pop("url", "/mod/reports/{post_id}").format(post_id=post_id)
    response = submit(moderator, url, {**form, "next": "/mod/reports"})
    assert response.status_code == 302, (action, response.get_data(as_text=True))
    moderator.get("/help")  # reads any flashed thanks, so that no watched page shows it


def _normalised(html: str) -> str:
    """What may differ between two looks at an unchanged page: form tokens, a form's
    one-time key and "5 minutes ago"."""
    html = re.sub(r'(name="(?:csrf_token|submission)"[^>]*value=")[^"]*"', r'\1…"', html)
    html = re.sub(r'("X-CSRFToken": ")[^"]*"', r'\1…"', html)
    return re.sub(r"just now|\d+ (?:minute|hour|day)s? ago", "a while ago", html)


def _main(page: str) -> str:
    return page.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def _log_entries(moderator) -> list[str]:
    return re.findall(r"<li>\n<time .*?</li>", moderator.get("/mod/log").get_data(as_text=True), re.S)


def _what_staff_see(moderator, post_ids, topic_ids, boards, pages=()):
    """Everything the moderator is shown about these posts, by where it is shown."""
    seen = {}
    for status in ("open", "resolved"):
        queue = moderator.get(f"/mod/reports?status={status}").get_data(as_text=True)
        for post_id in post_ids:
            item = re.search(rf'<article class="queue-item[^"]*" id="item-{post_id}">.*?</article>', queue, re.S)
            seen[f"queue ({status}): item {post_id}"] = item and item.group(0)
    for post_id in post_ids:
        seen[f"/mod/reports/{post_id}"] = _main(moderator.get(f"/mod/reports/{post_id}").get_data(as_text=True))
        seen[f"/mod/reports/{post_id} (htmx)"] = moderator.get(
            f"/mod/reports/{post_id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    seen["/mod/log: their lines"] = [
        entry for entry in _log_entries(moderator) if any(f'href="/p/{post_id}"' in entry for post_id in post_ids)
    ]
    for url in [*SEARCHES, *(f"{search}&held=1" for search in SEARCHES)]:
        results = re.findall(r"<li><bdi>.*?</li>", moderator.get(url).get_data(as_text=True), re.S)
        seen[f"{url}: their results"] = [
            result for result in results if any(f'href="/p/{post_id}"' in result for post_id in post_ids)
        ]
    for url in [*(f"/t/{topic_id}" for topic_id in topic_ids), *(f"/b/{slug}" for slug in boards), *pages]:
        seen[url] = _main(moderator.get(url).get_data(as_text=True))
    support = re.search(r'<section aria-labelledby="support-now">.*?</section>', moderator.get("/").get_data(as_text=True),
                        re.S)
    seen["/: need support now, these topics"] = [
        entry for entry, topic_id in re.findall(r'(<li>\n<a href="/t/(\d+)">.*?</li>\n)', support.group(0) if support else "",
                                                re.S)
        if int(topic_id) in topic_ids
    ]
    return {where: _normalised(what if isinstance(what, str) else "".join(what or ())) for where, what in seen.items()}


def _suspect(scenario):
    """hidden-alice also writes under her name, and open-bob reports some of her posts."""
    alice, bob = scenario["alice"], scenario["readers"]["member"]
    own_topic, bobs_topic = scenario["topics"]
    named_topic = Forum(alice).start_topic(board="alcohol", title="Ninety days today", body="Under my own name.")
    named_post = Forum(alice).post_ids(named_topic)[0]
    anonymous_here = Forum(alice).post_ids(own_topic)[:2]
    anonymous_elsewhere = Forum(alice).post_ids(bobs_topic)[1:]
    for post_id, reason in ((named_post, "spam"), (anonymous_elsewhere[0], "harassment")):
        assert submit(bob, f"/p/{post_id}/report", {"reason": reason}).status_code == 302
    # The author history is on the pages watched: the tests would see it move.
    moderator = scenario["readers"]["moderator"]
    assert "earlier suspensions" in moderator.get(f"/mod/reports/{anonymous_here[0]}").get_data(as_text=True)
    assert "earlier suspensions" in moderator.get(f"/mod/reports/{named_post}").get_data(as_text=True)
    return {
        "moderator": scenario["readers"]["moderator"], "named_post": named_post, "named_topic": named_topic,
        "own_topic": own_topic, "bobs_topic": bobs_topic,
        # The opening post (reported by bob as crisis) and her edited reply; her two replies in bob's topic.
        "anonymous_here": anonymous_here, "anonymous_elsewhere": anonymous_elsewhere,
        "clients": [alice, *scenario["readers"].values()],
    }


@pytest.fixture(scope="module")
def built_suspect(module_app):
    return _suspect(_scenario(module_app))


@pytest.fixture
def suspect(module_app, built_suspect):
    """The suspect's scene, built once for the module; what each staff action changes is put back after it."""
    with put_back_afterwards(module_app, built_suspect["clients"]):
        yield built_suspect


def _check_nothing_changed(moderator, action, target, watch, not_yet_closed=NOT_YET_CLOSED):
    for first in DONE_FIRST.get(action, []):
        _act(moderator, first, target)
    before = _what_staff_see(moderator, **watch)
    log_length = len(_log_entries(moderator))
    _act(moderator, action, target)
    assert len(_log_entries(moderator)) > log_length, f"{action} did nothing"
    after = _what_staff_see(moderator, **watch)
    changed = sorted(where for where in before if before[where] != after[where])
    if action in not_yet_closed:
        allowed, why = not_yet_closed[action]
        assert changed, f"{action}: this oracle is closed now; take it out of NOT_YET_CLOSED"
        if all(allowed.sub("", before[where]) == allowed.sub("", after[where]) for where in changed):
            pytest.xfail(why)
    assert not changed, f"after {action}, staff see something new in: {changed}"


@pytest.mark.parametrize("action", STAFF_ACTIONS)
def test_a_guessing_moderator_learns_nothing_from_acting_on_the_suspects_name(suspect, action):
    """Acting on hidden-alice's named post and account changes nothing staff see about her anonymous posts."""
    _check_nothing_changed(suspect["moderator"], action, suspect["named_post"], watch={
        "post_ids": suspect["anonymous_here"] + suspect["anonymous_elsewhere"],
        "topic_ids": [suspect["own_topic"], suspect["bobs_topic"]], "boards": ["opioids", "families"],
    })


@pytest.mark.parametrize("action", STAFF_ACTIONS)
def test_acting_on_the_suspects_anonymous_post_elsewhere_changes_nothing_here(suspect, action):
    """Her anonymous posts in another topic carry another tag: acting there moves nothing in her own topic."""
    _check_nothing_changed(suspect["moderator"], action, suspect["anonymous_elsewhere"][0], watch={
        "post_ids": suspect["anonymous_here"], "topic_ids": [suspect["own_topic"]], "boards": ["opioids"],
    })


@pytest.mark.parametrize("action", STAFF_ACTIONS)
def test_acting_on_an_anonymous_post_changes_nothing_about_its_authors_name(suspect, action):
    """The other way round: acting on her anonymous post moves nothing staff see about her named post or profile."""
    _check_nothing_changed(suspect["moderator"], action, suspect["anonymous_here"][0], watch={
        "post_ids": [suspect["named_post"]], "topic_ids": [suspect["named_topic"]], "boards": ["alcohol"],
        "pages": [f"/u/{HANDLE}"],
    }, not_yet_closed={})


def test_the_staff_log_reads_the_same_after_an_anonymous_author_leaves(app, sign_in_as):
    """A log line that changed when an account went would tie that account to its anonymous posts."""
    author = app.test_client()
    Members(author).join("leaving-soon")
    topic_id = Forum(author).start_topic(title="Nobody can know", body="Spam, spam.", anonymous=True)
    post_id = Forum(author).post_ids(topic_id)[0]
    moderator = sign_in_as("watchful-mod", "moderator")
    assert submit(moderator, f"/mod/reports/{post_id}", {"action": "warn", "note": "Please stop."}).status_code == 302
    before = _log_entries(moderator)
    assert "author: anonymous" in before[0]

    deleted = submit(author, "/account/delete", {"posts": "keep", "password": PASSWORD})
    assert deleted.status_code == 302
    assert [_normalised(line) for line in _log_entries(moderator)] == [_normalised(line) for line in before]
