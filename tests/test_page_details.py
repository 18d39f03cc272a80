"""Small things members see: what the privacy page says about the cookie,
emergency numbers that dial, and breadcrumbs that end where they should."""
import re

import pytest


def _every_get_url(app, ids) -> list[str]:
    """Every GET route of the forum, its placeholders filled in."""
    fill = {"<id:topic_id>": ids["topic"], "<id:post_id>": ids["post"], "<id:notice_id>": "1",
            "<slug>": "alcohol", "<handle>": "quiet-river", "<token>": "not-a-token"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.rule.startswith("/static"):
            url = rule.rule
            for placeholder, value in fill.items():
                url = url.replace(placeholder, str(value))
            assert "<" not in url, f"a new kind of placeholder in {rule.rule}: fill it in above"
            urls.append(url)
    return urls


def test_the_privacy_page_names_every_page_that_sets_a_cookie(app, members, forum):
    """Logged out, a GET sets the cookie only on the pages with a form, or on the way to logging in."""
    members.join("quiet-river")
    topic_id = forum.start_topic()
    ids = {"topic": topic_id, "post": forum.post_ids(topic_id)[0]}
    form_pages, to_log_in, readers = [], [], []
    for url in _every_get_url(app, ids):
        response = app.test_client().get(url)
        if "Set-Cookie" not in response.headers:
            readers.append(url)
        elif response.status_code == 200:
            form_pages.append(url)
        else:
            assert response.status_code == 302 and response.location.startswith("/login"), url
            to_log_in.append(url)

    assert sorted(form_pages) == ["/login", "/recover", "/register", "/settings"]
    assert {"/account", "/b/alcohol/new", "/mod/reports"} <= set(to_log_in)
    assert {"/", "/b/alcohol", f"/t/{topic_id}", "/help", "/privacy", "/mod/log", "/u/quiet-river"} <= set(readers)

    privacy = app.test_client().get("/privacy").get_data(as_text=True)
    cookies = re.search(r"<h2>Cookies</h2>\n<p>(.*?)</p>", privacy, re.S).group(1)
    for url in form_pages:
        assert f'href="{url}"' in cookies, url
    assert "a page that asks you to log in first" in cookies
    assert "only once you log in or fill in a form" not in privacy  # what it said, untrue for /login itself


def test_every_number_on_the_help_page_can_be_dialled(client):
    page = client.get("/help").get_data(as_text=True)
    for number in ("911", "999", "112", "988"):
        assert f'<a href="tel:{number}">{number}</a>' in page, number
    lines = re.search(r'<ul class="lines">(.*?)</ul>', page, re.S).group(1)
    undialled = re.sub(r'<a href="tel:[^"]+">.*?</a>', "", lines)
    assert not re.search(r"\d{3}", re.sub(r"<[^>]+>", "", undialled)), undialled


@pytest.fixture
def topic_id(client, members, forum):
    members.join("quiet-river")
    return forum.start_topic(title="Week two")


@pytest.mark.parametrize("path, trail", [
    ("/b/alcohol", [("/", "Boards")]),
    ("/b/alcohol/new", [("/", "Boards"), ("/b/alcohol", "Alcohol")]),
    ("/t/{topic_id}", [("/", "Boards"), ("/b/alcohol", "Alcohol")]),
])
def test_breadcrumbs_list_the_way_up_with_nothing_dangling(client, topic_id, path, trail):
    page = client.get(path.format(topic_id=topic_id)).get_data(as_text=True)
    crumbs = re.search(r'<nav class="crumbs" aria-label="Breadcrumb">(.*?)</nav>', page, re.S)
    assert crumbs, "no breadcrumbs"
    assert "›" not in crumbs.group(1)  # drawn between items by the stylesheet, so never after the last
    items = re.findall(r"<li>(.*?)</li>", crumbs.group(1))
    assert items == [f'<a href="{url}">{label}</a>' for url, label in trail]


def test_the_account_page_has_a_plain_title(client, members):
    """Its <title> held a copy of the "Your data" section, shown as markup in the browser's tab."""
    members.join("quiet-river")
    page = client.get("/account").get_data(as_text=True)
    assert "<title>Your account · Porchlight</title>" in page
