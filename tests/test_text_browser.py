"""The forum in a text browser: lynx reads the board and topic pages sensibly."""
import os
import re
import shutil
import subprocess

import pytest

from tests.helpers import Forum, Members, submit

pytestmark = pytest.mark.browser

LYNX = shutil.which("lynx")
if not LYNX:
    if os.environ.get("FORUM_REQUIRE_BROWSER"):
        raise RuntimeError("FORUM_REQUIRE_BROWSER is set but lynx is missing")
    pytest.skip("needs lynx (apt-get install lynx)", allow_module_level=True)


def dump(url: str | None = None, html: str | None = None) -> list[str]:
    """What lynx shows of a page: fetched from the URL, or a member's page handed over as it was served."""
    source = [url] if url else ["-stdin"]
    result = subprocess.run([LYNX, "-dump", "-nolist", "-width=80", *source], capture_output=True, text=True,
                            timeout=30, check=True, input=html)
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture
def written(app):
    writer = app.test_client()
    Members(writer).join("plain-reader")
    forum = Forum(writer)
    topic_id = forum.start_topic(title="Reading without pictures", body="The **first** post, in words.")
    for n in range(3):
        forum.reply(topic_id, f"Reply number {n}, with a [link](https://example.org).")
    return topic_id


def test_a_topic_reads_in_order_with_navigation_short(live_forum, written):
    lines = dump(f"{live_forum}/t/{written}")
    text = "\n".join(lines)
    title = lines.index("Reading without pictures")
    assert title <= 6, lines[:title]  # only a short header before the content
    first = next(i for i, line in enumerate(lines) if "The first post, in words." in line)
    last = next(i for i, line in enumerate(lines) if "Reply number 2" in line)
    footer = next(i for i, line in enumerate(lines) if line.startswith("Boards · Meetings · Help and crisis lines"))
    assert title < first < last < footer
    assert not re.search(r"</?[a-z]+[ >]", text)  # no raw markup leaks
    assert "Need help now?" in lines[0] or "Need help now?" in " ".join(lines[:4])


def test_a_board_lists_its_topics_before_the_footer(live_forum, written):
    lines = dump(f"{live_forum}/b/alcohol")
    topic = next(i for i, line in enumerate(lines) if "Reading without pictures" in line)
    footer = next(i for i, line in enumerate(lines) if line.startswith("Boards · Meetings · Help and crisis lines"))
    assert topic < footer and topic <= 12
    assert not re.search(r"</?[a-z]+[ >]", "\n".join(lines))


def test_a_members_inbox_and_saved_posts_read_as_lists_before_the_footer(app, written):
    """A member's pages need their login, so lynx is handed the page the forum served them."""
    reader = app.test_client()
    Members(reader).join("text-reader")
    forum = Forum(reader)
    forum.reply(written, "Following along in plain text.")
    answerer = app.test_client()
    Members(answerer).join("text-answerer")
    Forum(answerer).reply(written, "An answer for the text reader.")
    saved_post = forum.post_ids(written)[0]
    assert submit(reader, f"/p/{saved_post}/save", {}).status_code == 302
    for url, words in (("/inbox", "An answer for the text reader."), ("/saved", "The first post, in words.")):
        lines = dump(html=reader.get(url).get_data(as_text=True))
        text = "\n".join(lines)
        entry = next(i for i, line in enumerate(lines) if words in line)
        footer = next(i for i, line in enumerate(lines) if line.startswith("Boards · Meetings · Help and crisis lines"))
        assert entry < footer and entry <= 14, lines[:entry]
        assert "Reading without pictures" in text
        assert "Inbox text-reader" in lines[0]  # the header's links each read as a word of their own
        assert not re.search(r"</?[a-z]+[ >]", text)  # no raw markup leaks
