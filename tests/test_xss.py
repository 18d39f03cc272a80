"""XSS, every payload in every field: each payload goes through the real forms,
and every page that shows it is parsed the way a browser parses it (html5lib
follows the HTML standard's parser) and searched for anything that could run.

A page fails if its tree holds an on* attribute, a javascript:, data: or
vbscript: URL, a link to another site, or a script, frame, style or meta the
forum did not put there. Handles are typed into the join form too: the
handle rules refuse them all, and the page that says so shows each one back.
tests/test_xss_browser.py renders a sample of the payloads in every field in
Chromium with JavaScript on, where a dialog, a request to another site or
anything the Content-Security-Policy blocks fails too.
"""
import re
from pathlib import Path
from urllib.parse import urlencode

import html5lib

from tests.helpers import MEETING, Forum, Members, add_meeting, sign_in_as, submit

PAYLOADS = [
    line.replace("\\n", "\n")
    for line in (Path(__file__).parent / "data" / "xss_payloads.txt").read_text().splitlines()
    if line and not line.startswith("#")
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background", "ping"}
RUNNABLE_URL = re.compile(r"^\s*(javascript|data|vbscript):|^\s*//", re.I)
# Browsers drop tabs and line breaks from URLs, so "java\tscript:" is javascript:.
IGNORED_IN_URLS = str.maketrans("", "", "\t\n\r")
FOREIGN_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "style", "link", "meta", "script"}


def _name(qualified: str) -> str:
    """An element's or attribute's name as the DOM gives it: svg:script is a script, xlink:href keeps its prefix."""
    namespace, _, name = qualified.rpartition("}")
    return f"xlink:{name}" if namespace.endswith("xlink") else name.lower()


def _put_there_by_the_forum(tag: str, attributes: dict) -> bool:
    if tag == "link":
        return (attributes.get("rel") == "stylesheet" and attributes.get("href", "").startswith("/static/")
                or attributes.get("rel") in ("next", "prev")
                or attributes.get("rel") == "alternate"
                and attributes.get("type") in ("application/atom+xml", "application/json")
                and attributes.get("href", "").startswith("/") and not attributes["href"].startswith("//"))
    if tag == "meta":
        return "http-equiv" not in attributes
    if tag == "script":
        return attributes.get("src", "").startswith("/static/")
    return False


def live_content(html: str) -> list[str]:
    """Everything in the page's parsed tree that could run script or reach another site."""
    found = []
    for element in html5lib.parse(html, namespaceHTMLElements=False).iter():
        if not isinstance(element.tag, str):  # a comment
            continue
        tag = _name(element.tag)
        attributes = {_name(name): value for name, value in element.attrib.items()}
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"{tag} {name}")
            if name in URL_ATTRIBUTES and (name == "srcdoc" or RUNNABLE_URL.search(value.translate(IGNORED_IN_URLS))):
                found.append(f"{tag} {name}={value}")
        if tag in FOREIGN_ELEMENTS and not _put_there_by_the_forum(tag, attributes):
            found.append(f"<{tag} {attributes}>"[:80])
    return found


# Words of the payloads, searched for: results hold them in <mark>.
SEARCHED = ["script alert", "onerror", "javascript", "svg onload", "iframe", "style", '"alert 1"', "x"]


def put_payloads_everywhere(app, writer, payloads):
    """Each payload as a post body, a topic title, report details and a moderator's
    note; the writer (logged in on `writer`) is shown each note as a notice.

    Returns the pages anyone may read and the pages staff read, and the moderator's client."""
    Members(writer).join("writer")
    forum = Forum(writer)
    pages = {"/", "/b/alcohol", "/mod/log"}
    body_posts = []
    for start in range(0, len(payloads), 20):
        topic_id = forum.start_topic(title=f"Bodies {start}", body=payloads[start])
        for payload in payloads[start + 1:start + 20]:
            assert forum.reply(topic_id, payload).status_code == 302, payload
        pages.add(f"/t/{topic_id}")
        body_posts += forum.post_ids(topic_id)
    for payload in payloads:
        title = payload.replace("\n", " ").strip()[:120].ljust(3, "x")
        pages.add(f"/t/{forum.start_topic(title=title, body='about the title')}")
    pages |= {f"/b/alcohol?page={n}" for n in range(2, len(payloads) // 30 + 3)}
    # Found by search: their words in excerpts, with <mark> around what was searched.
    pages |= {f"/search?{urlencode({'q': words, 'sort': order})}" for words in SEARCHED for order in ("", "new")}

    reporter = app.test_client()
    Members(reporter).join("reporter")
    for post_id, payload in zip(body_posts, payloads):
        assert submit(reporter, f"/p/{post_id}/report", {"reason": "other", "details": payload[:2000]}).status_code == 302
    moderator = sign_in_as(app, "night-moderator", "moderator")
    for post_id, payload in zip(body_posts, payloads):
        assert submit(moderator, f"/mod/reports/{post_id}", {"action": "warn", "note": payload}).status_code == 302
    staff_pages = {f"/mod/reports?page={n}" for n in range(1, len(payloads) // 20 + 2)}
    staff_pages |= {f"/mod/log?page={n}" for n in range(1, len(payloads) // 50 + 2)}
    staff_pages.add(f"/mod/reports/{body_posts[0]}")
    # Meetings: each payload in every field a meeting shows, listed by a moderator; and as its link,
    # which the form takes only when it is an http(s) address.
    for number, payload in enumerate(payloads):
        one_line = payload.replace("\n", " ").strip() or "x"
        slug = add_meeting(moderator, name=one_line[:120], location=one_line[:255], formatted_address=one_line[:255],
                           notes=payload[:2000], conference_url_notes=one_line[:500], day=str(number % 7))
        pages.add(f"/meetings/{slug}")
        staff_pages |= {f"/meetings/{slug}", f"/meetings/{slug}/edit"}
        linked = submit(moderator, "/meetings/new", {**MEETING, "conference_url": f"https://example.org/{payload}"})
        assert linked.status_code in (302, 422), payload
        if linked.status_code == 302:
            pages.add(linked.location)
    pages |= {"/meetings", "/mod/log"}
    return sorted(pages), sorted(staff_pages), moderator


def as_typed_in_a_handle(payload: str) -> str:
    """What the join form's one-line handle field holds once the payload is typed in."""
    return payload.replace("\r", "").replace("\n", "")[:64]


def test_no_payload_is_live_on_any_page(app, client):
    pages, staff_pages, moderator = put_payloads_everywhere(app, client, PAYLOADS)
    seen = [(visitor, path) for visitor, paths in (
        (app.test_client(), pages), (client, ["/", "/account"]), (moderator, staff_pages),
    ) for path in paths]
    problems = []
    for visitor, path in seen:
        response = visitor.get(path)
        assert response.status_code == 200, path
        problems += [f"{path}: {thing}" for thing in live_content(response.get_data(as_text=True))]
        assert not path.startswith("/search") or "<mark>" in response.get_data(as_text=True), path
    searcher = app.test_client()
    for payload in PAYLOADS:  # each typed into the search box: the page says what was searched
        response = searcher.get("/search", query_string={"q": payload})
        assert response.status_code == 200, payload
        problems += [f"searching {payload!r}: {thing}" for thing in live_content(response.get_data(as_text=True))]
    joiner = app.test_client()
    for payload in PAYLOADS:
        response = submit(joiner, "/register", {"handle": as_typed_in_a_handle(payload),
                                                "password": "a long enough passphrase",
                                                "password_confirm": "a long enough passphrase"})
        assert response.status_code == 422, payload
        problems += [f"joining as {payload!r}: {thing}" for thing in live_content(response.get_data(as_text=True))]
    print(f"{len(PAYLOADS)} payloads, {len(seen) + len(PAYLOADS)} pages parsed, {len(problems)} problems")
    assert problems == []


def test_the_parser_finds_what_a_browser_would_run():
    """The check itself: each of these would run (or leave the site) in a browser."""
    runnable = ['<img src=x onerror=alert(1)>', '<a href="java\tscript:alert(1)">x</a>', '<a href=//evil.example>x</a>',
                '<svg><script>alert(1)</script></svg>', '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
                '<iframe srcdoc="x"></iframe>', '<meta http-equiv="refresh" content="0;url=//evil.example">',
                '<link rel="stylesheet" href="//evil.example/x.css">', '<script>alert(1)</script>',
                '<link rel="alternate" type="application/atom+xml" href="//evil.example/feed">']
    for html in runnable:
        assert live_content(html), html
    forum_own = ('<link rel="stylesheet" href="/static/style.1.css"><meta charset="utf-8">'
                 '<script src="/static/app.1.js"></script><a href="/t/1">a topic</a>'
                 '<link rel="alternate" type="application/atom+xml" title="A topic" href="/t/1/feed.atom">')
    assert live_content(forum_own) == []
