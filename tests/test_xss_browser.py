"""XSS in a real browser: every payload, through the real forms, rendered by the
real pages in headless Chromium with JavaScript on.

A page fails if a dialog opens, a request leaves the forum's origin, the
Content-Security-Policy has to block anything, or its DOM holds anything
that could run (an on* attribute, a javascript:, data: or vbscript: URL, a
script or frame the forum did not put there). Handles are typed into the
join form too: the handle rules refuse them all, and the page that says so
shows each one back, which is what is checked there.
"""
from pathlib import Path

import pytest

from tests.helpers import BROWSER_FLAGS, CHROMIUM, PASSWORD, STAFF_PASSWORD, Members, needs_browser, submit

pytestmark = pytest.mark.browser

needs_browser()
from playwright.sync_api import sync_playwright  # noqa: E402  (after the check, which may skip)

PAYLOADS = [
    line.replace("\\n", "\n")
    for line in (Path(__file__).parent / "data" / "xss_payloads.txt").read_text().splitlines()
    if line and not line.startswith("#")
]
# Run in the page after it loads: anything that could run script, or reach another site.
FIND_LIVE_CONTENT = """() => {
  const found = [];
  const bad = /^\\s*(javascript|data|vbscript):/i;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'background', 'ping'].includes(name)
          && (bad.test(attr.value) || name === 'srcdoc' || (/^\\s*\\/\\//.test(attr.value)))) {
        found.push(`${el.tagName} ${name}=${attr.value}`);
      }
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FRAME', 'FRAMESET', 'STYLE', 'LINK', 'META'].includes(el.tagName)
        && !(el.tagName === 'LINK' && el.rel === 'stylesheet' && el.getAttribute('href').startsWith('/static/'))
        && !(el.tagName === 'LINK' && ['next', 'prev'].includes(el.rel))
        && !(el.tagName === 'META' && !el.httpEquiv)) {
      found.push(el.outerHTML.slice(0, 80));
    }
    if (el.tagName === 'SCRIPT' && !(el.getAttribute('src') || '').startsWith('/static/')) {
      found.push(el.outerHTML.slice(0, 80));
    }
  }
  return found;
}"""


@pytest.fixture
def payload_pages(app, client, members, forum, sign_in_as):
    """Every payload as a post body, a topic title, report details and a moderator's note."""
    members.join("writer")
    pages = {"/", "/b/alcohol", "/mod/log"}
    body_posts = []
    for start in range(0, len(PAYLOADS), 20):
        topic_id = forum.start_topic(title=f"Bodies {start}", body=PAYLOADS[start])
        for payload in PAYLOADS[start + 1:start + 20]:
            assert forum.reply(topic_id, payload).status_code == 302, payload
        pages.add(f"/t/{topic_id}")
        body_posts += forum.post_ids(topic_id)
    for payload in PAYLOADS:
        title = payload.replace("\n", " ").strip()[:120].ljust(3, "x")
        pages.add(f"/t/{forum.start_topic(title=title, body='about the title')}")
    pages |= {f"/b/alcohol?page={n}" for n in range(2, len(PAYLOADS) // 30 + 3)}

    reporter = app.test_client()
    Members(reporter).join("reporter")
    for post_id, payload in zip(body_posts, PAYLOADS):
        assert submit(reporter, f"/p/{post_id}/report", {"reason": "other", "details": payload[:2000]}).status_code == 302
    moderator = sign_in_as("night-moderator", "moderator")
    for post_id, payload in zip(body_posts, PAYLOADS):
        assert submit(moderator, f"/mod/reports/{post_id}", {"action": "warn", "note": payload}).status_code == 302
    staff_pages = {f"/mod/reports?page={n}" for n in range(1, len(PAYLOADS) // 20 + 2)}
    staff_pages |= {f"/mod/log?page={n}" for n in range(1, len(PAYLOADS) // 50 + 2)}
    staff_pages.add(f"/mod/reports/{body_posts[0]}")
    return sorted(pages), sorted(staff_pages)


class Watch:
    """What a page did that it must not: dialogs, foreign requests, live content."""

    def __init__(self, page, origin):
        self.page, self.origin, self.problems = page, origin, []
        page.on("dialog", self._dialog)
        page.on("request", self._request)
        # Anything the Content-Security-Policy had to stop was something that tried to run.
        page.add_init_script(
            "window.__violations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
        )

    def _dialog(self, dialog):
        self.problems.append(f"dialog on {self.page.url}: {dialog.message}")
        dialog.dismiss()

    def _request(self, request):
        if not request.url.startswith(self.origin):
            self.problems.append(f"request from {self.page.url} to {request.url}")

    def visit(self, path):
        self.page.goto(self.origin + path)
        self.check()

    def check(self):
        self.page.wait_for_load_state("load")
        for thing in self.page.evaluate(FIND_LIVE_CONTENT):
            self.problems.append(f"live content on {self.page.url}: {thing}")
        for violation in self.page.evaluate("window.__violations || []"):
            self.problems.append(f"blocked by the policy on {self.page.url}: {violation}")


def _log_in(page, origin, handle, password):
    page.goto(origin + "/login")
    page.fill("#handle", handle)
    page.fill("#password", password)
    page.click("form button:has-text('Log in')")


def test_no_payload_runs_anywhere(live_forum, payload_pages):
    pages, staff_pages = payload_pages
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_FLAGS)
        try:
            visitor = Watch(browser.new_page(), live_forum)
            for path in pages:
                visitor.visit(path)

            # The author sees every moderator's note as a notice on each page.
            author = Watch(browser.new_page(), live_forum)
            _log_in(author.page, live_forum, "writer", PASSWORD)
            author.visit("/")
            author.visit("/account")

            staff = Watch(browser.new_page(), live_forum)
            _log_in(staff.page, live_forum, "night-moderator", STAFF_PASSWORD)
            for path in staff_pages:
                staff.visit(path)

            # Handles: each payload typed into the join form, and the page that answers.
            joiner = Watch(browser.new_page(), live_forum)
            for payload in PAYLOADS:
                joiner.page.goto(live_forum + "/register")
                joiner.page.fill("#handle", payload[:64])
                joiner.page.fill("#password", "a long enough passphrase")
                joiner.page.fill("#password_confirm", "a long enough passphrase")
                joiner.page.click("form button:has-text('Join')")
                joiner.check()
        finally:
            browser.close()
    problems = visitor.problems + author.problems + staff.problems + joiner.problems
    print(f"{len(PAYLOADS)} payloads, {len(pages) + 2 + len(staff_pages) + len(PAYLOADS)} pages rendered, "
          f"{len(problems)} problems")
    assert problems == []
