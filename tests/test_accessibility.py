"""Accessibility: axe-core on the pages people use, in light and dark, in
English and Spanish, with no serious or critical violation; and an old
phone on a slow network."""
import os
import time
from pathlib import Path

import pytest

from tests.helpers import STAFF_PASSWORD, Forum, Members, add_meeting, needs_browser, submit

pytestmark = pytest.mark.browser

needs_browser()

AXE = Path(__file__).resolve().parent.parent / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
if not AXE.exists():
    if os.environ.get("FORUM_REQUIRE_BROWSER"):
        raise RuntimeError("FORUM_REQUIRE_BROWSER is set but axe-core is missing (make browser installs it)")
    pytest.skip("needs axe-core from npm (make browser installs it)", allow_module_level=True)


@pytest.fixture
def site(app, sign_in_as):
    member = app.test_client()
    Members(member).join("a-member")
    topic_id = Forum(member).start_topic(title="An ordinary evening", body="Some **words**, and a [link](https://example.org).",
                                           support_now=True)
    Forum(member).reply(topic_id, "A reply.")
    post_id, reply_id = Forum(member).post_ids(topic_id)
    submit(member, f"/p/{reply_id}/save")
    other = app.test_client()
    Members(other).join("other-member")
    submit(other, f"/p/{post_id}/report", {"reason": "spam"})
    Forum(other).reply(topic_id, "Same here, it helps to say so.")  # something in a-member's inbox
    meeting = add_meeting(sign_in_as("a-moderator", "moderator"))
    proposal = add_meeting(member, name="Suggested by a member")
    return {"topic": topic_id, "post": post_id, "meeting": meeting, "proposal": proposal}


PUBLIC = ["/", "/b/alcohol", "/t/{topic}", "/login", "/register", "/help", "/privacy", "/mod/log", "/settings",
          "/search", "/search?q=ordinary+evening", "/meetings", "/meetings?type=W&fellowship=smart",
          "/meetings/{meeting}"]
MEMBER = ["/b/alcohol/new", "/account", "/p/{post}/report", "/inbox", "/t/{topic}?reply_to={post}", "/t/{topic}",
          "/p/{post}/save", "/saved", "/meetings/new", "/meetings/{proposal}", "/meetings/{meeting}"]
STAFF = ["/mod/reports", "/search?q=ordinary&held=1", "/mod/meetings", "/meetings/{proposal}",
         "/meetings/{meeting}/edit"]


def _violations(page):
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


# The browser's language asks for Spanish, as a phone set to Spanish does.
@pytest.mark.parametrize(("scheme", "locale"), [("light", "en-US"), ("dark", "en-US"), ("light", "es-US")])
def test_no_serious_accessibility_violations(live_forum, site, scheme, locale, browser):
    problems = {}
    for who, paths in (("visitor", PUBLIC), ("a-member", MEMBER), ("a-moderator", STAFF)):
        context = browser.new_context(color_scheme=scheme, locale=locale, bypass_csp=True)  # to inject axe
        page = context.new_page()
        if who != "visitor":
            page.goto(live_forum + "/login")
            page.fill("#handle", who)
            page.fill("#password", STAFF_PASSWORD if who == "a-moderator" else "correct horse battery")
            page.click("main form[action$='/login'] button")
        for path in paths:
            page.goto(live_forum + path.format(**site))
            assert page.locator("html").get_attribute("lang") == locale[:2], path
            if found := _violations(page):
                problems[f"{path} as {who}"] = found
        context.close()
    print(f"axe ({scheme}, {locale}): {len(PUBLIC) + len(MEMBER) + len(STAFF)} pages, {len(problems)} with problems")
    assert problems == {}


def test_an_old_phone_on_a_slow_network(live_forum, site, app, browser):
    """320x568, throttled like 2G: no sideways scrolling, big enough taps; the time
    until the first post shows is printed (a figure, not a pass mark)."""
    context = browser.new_context(viewport={"width": 320, "height": 568}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 300, "downloadThroughput": 50 * 1024, "uploadThroughput": 20 * 1024,
    })
    started = time.perf_counter()
    page.goto(live_forum + f"/t/{site['topic']}", wait_until="commit")
    page.locator("article.post").first.wait_for(state="visible")
    first_post = time.perf_counter() - started
    page.wait_for_load_state("load")
    print(f"old phone on 2G: first post visible after {first_post:.2f} s")
    for path in ("/", "/b/alcohol", f"/t/{site['topic']}", "/register", "/login", "/help"):
        page.goto(live_forum + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        for target in page.locator("header a, header button, main button, a.button").all():
            box = target.bounding_box()
            if box:
                assert box["width"] >= 44 and box["height"] >= 44, f"{path}: {target.inner_text()} is {box}"
