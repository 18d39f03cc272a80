"""Markdown is rendered and sanitized once, at write time, to a small allow-list."""
import re
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pytest

from forum.text import render

# Payloads a post body might carry; each must come out inert.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "![x](https://tracker.example/pixel.png)",
    '[x](http://a.b "title\\" onmouseover=\\"alert(1)")',
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "```\n<script>alert(1)</script>\n```",
]


class Elements(HTMLParser):
    """Every element and attribute a browser would see in some HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.tags, self.attributes = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_comes_out_inert(payload):
    html = render(payload)
    seen = Elements(html)
    assert set(seen.tags) <= {"p", "a", "pre", "code", "br"}, html
    assert {name for _, name, _ in seen.attributes} <= {"href", "title", "rel"}, html
    for _, name, value in seen.attributes:
        if name == "href":
            assert re.match(r"(https?|mailto):", value), html


def test_raw_html_is_shown_as_text():
    assert render("I <b>really</b> mean it") == "<p>I &lt;b&gt;really&lt;/b&gt; mean it</p>"


def test_markdown_basics_survive():
    html = render("**bold** *soft* `code`\n\n> quoted\n\n- one\n- two\n\n1. first")
    for fragment in ("<strong>bold</strong>", "<em>soft</em>", "<code>code</code>",
                     "<blockquote>", "<ul>", "<li>one</li>", "<ol>"):
        assert fragment in html


def test_links_get_rel_and_only_safe_schemes():
    html = render("[meeting](https://aa.example/meetings) and www.example.org and mailto:help@example.org")
    assert '<a href="https://aa.example/meetings" rel="nofollow ugc noopener noreferrer">meeting</a>' in html
    assert 'href="http://www.example.org" rel="nofollow ugc noopener noreferrer"' in html


def test_headings_sit_below_the_page_heading():
    assert render("# Big\n\n## Smaller") == "<h3>Big</h3>\n<h4>Smaller</h4>"


def test_images_never_load():
    assert "<img" not in render("![a pixel](https://tracker.example/p.png)")


def test_payload_in_a_post_is_inert_on_the_topic_page(client, members, forum):
    members.join("quiet-river")
    topic_id = forum.start_topic(title="<script>alert('title')</script>", body="\n\n".join(PAYLOADS))
    page = client.get(f"/t/{topic_id}").get_data(as_text=True)
    seen = Elements(page)
    scripts = [value for tag, name, value in seen.attributes if tag == "script" and name == "src"]
    assert seen.tags.count("script") == 2
    assert [re.sub(r"\.[0-9a-f]{10}\.", ".", src) for src in scripts] == ["/static/htmx.min.js", "/static/forum.js"]
    assert {"img", "svg", "iframe", "math", "noscript"}.isdisjoint(seen.tags)
    assert not [a for a in seen.attributes if a[1].startswith("on") or a[1] == "style"]
    hrefs = [value.lower() for _, name, value in seen.attributes if name == "href"]
    assert not [h for h in hrefs if h.startswith(("javascript", "data", "vbscript"))]
    assert "<h1>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;</h1>" in page


def test_pathologically_nested_markdown_keeps_the_words():
    html = render("1. " * 600 + "still here")
    assert html.startswith("<p>") and "still here" in html


def test_only_web_addresses_become_links():
    html = render("ftp://files.example.org/x irc://chat.example.org webcal://cal.example.org http://ok.example.org")
    hrefs = [value for _, name, value in Elements(html).attributes if name == "href"]
    assert hrefs and all(h.startswith("http") for h in hrefs), html


def test_a_flood_of_brackets_is_shown_as_typed():
    # Parsed as links this takes Markdown minutes; shown as typed it is instant.
    for flood in ("[" * 19_999, "[\\" * 9_999, "[a](" * 4_999):
        html = render(flood)
        assert "<a" not in html and flood[:40].replace("\\", "") in html.replace("\\", "")


def test_a_few_escaped_brackets_still_read_as_brackets():
    assert render("a \\[note\\] and [a link](https://ok.example.org)") == (
        '<p>a [note] and <a href="https://ok.example.org" rel="nofollow ugc noopener noreferrer">a link</a></p>'
    )


def test_posts_written_at_the_same_moment_each_keep_their_own_words():
    """Threaded workers render many posts at once; bleach's parser keeps state, so each thread needs its own."""
    bodies = [f"member {n} says: *one day* at a time, see https://example.org/{n}\n\n- step {n}" for n in range(400)]
    expected = [render(body) for body in bodies]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(5):
            assert list(pool.map(render, bodies)) == expected
